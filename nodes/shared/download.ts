/**
 * Files that come back: fetched from the provider with the item's key, or from a URL without it
 * (a CDN's, a public file's), and handed to n8n as the item's binary data.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { type IdLocator, type ItemContext, readId } from './item';
import { defineOperation, idField } from './properties';
import type { OperationModule, OutputWithFile } from './router';
import { type ApiRequest, isSuccessStatus } from './transport';

/** A Download: the object's id (with its locator), where to put the file, and how to fetch it. */
export interface DownloadSpec {
	/** The object, as its id field and messages name it: `image`. */
	noun: string;
	/** The id parameter, e.g. `imageId`. */
	parameter: string;
	locator: IdLocator;
	action: string;
	summary: string;
	/** The item's output for the object of `id`: one file, or several. */
	download(item: ItemContext, id: string): Promise<OutputWithFile | OutputWithFile[]>;
}

/** Resource `resource`'s Download: the id field, Put Output File in Field, and `download`. */
export function defineDownloadOperation(resource: string, spec: DownloadSpec): OperationModule {
	const { noun, parameter, locator } = spec;
	return defineOperation(resource, {
		name: 'Download',
		value: 'download',
		action: spec.action,
		summary: spec.summary,
		fields: [idField(noun, parameter, `The ${noun} to download`, locator), binaryOutputField],
		task: `download ${noun}`,
		execute: async (item) =>
			await spec.download(item, await readId(item, parameter, noun, locator)),
	});
}

/** The output's binary field, as n8n's own download operations name it. */
const binaryOutputField: INodeProperties = {
	displayName: 'Put Output File in Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
	hint: 'The name of the output binary field to put the file in',
};

/** A file as it came back. */
export interface FetchedFile {
	data: Buffer;
	/** From the answer's `Content-Type`, without its parameters. */
	mimeType?: string;
	/** The URL's last segment, where the file came from a URL. */
	fileName?: string;
}

/** What the provider's details say of the file, where they say it: what the bytes must match. */
export interface ExpectedFile {
	mimeType?: string;
	size?: number;
}

/**
 * Fetches a file: a request to the provider, sent with the item's key, or a public URL, fetched
 * without it. A refusal fails the item with the error contract's words, and so does an answer
 * that is not the file: empty, a page or an error in JSON (a sign-in wall, a CDN's error), or
 * bytes of another size than the details give. A back-up before a delete must be the file.
 */
export async function fetchFile(
	item: ItemContext,
	from: { request: ApiRequest } | { url: string },
	expected: ExpectedFile = {},
): Promise<FetchedFile> {
	let fileName: string | undefined;
	let response;
	if ('url' in from) {
		let url = new URL(from.url);
		fileName = decodedName(url.pathname.split('/').pop() ?? '');
		// A CDN may move a file: its redirects are followed, a few, and only to public https hosts.
		for (let hops = 0; ; hops++) {
			response = await item.requestWithoutKey({
				method: 'GET',
				baseUrl: url.origin,
				path: `${url.pathname}${url.search}`,
				binary: true,
			});
			const location = response.headers.location;
			if (response.statusCode < 300 || response.statusCode >= 400 || !location) break;
			const next = URL.canParse(location, url.href) ? new URL(location, url) : undefined;
			const refusal = redirectRefusal(next, hops);
			if (refusal !== undefined) {
				const where = next ? `${next.origin}${next.pathname}` : location.split('?')[0];
				throw item.apiError(
					`a redirect (HTTP ${response.statusCode}) to ${where}, not followed: ${refusal}`,
				);
			}
			url = next as URL;
		}
	} else {
		response = await item.request({ ...from.request, binary: true });
	}
	if (!isSuccessStatus(response) || !Buffer.isBuffer(response.body))
		throw item.failure(response, { fallbackDetails: 'no file in the answer' });
	const data = response.body;
	const mimeType =
		response.headers['content-type']?.split(';')[0].trim().toLowerCase() || undefined;
	const notTheFile = (what: string) => item.apiError(`${what} (HTTP ${response.statusCode})`);
	if (data.length === 0) throw notTheFile('an empty answer instead of the file');
	if (mimeType !== undefined && mimeType !== expected.mimeType && isPageOrMessage(mimeType))
		throw notTheFile(`a ${mimeType} answer of ${data.length} bytes instead of the file`);
	if (expected.size !== undefined && data.length !== expected.size)
		throw notTheFile(`${data.length} bytes, where the file has ${expected.size}`);
	return { data, mimeType: mimeType ?? expected.mimeType, fileName };
}

/**
 * A type a host answers with when it has no file to give: a page, text, or a message in JSON or
 * XML (`application/problem+json`, `application/vnd.api+json`…). An image type never is, even
 * `image/svg+xml`.
 */
function isPageOrMessage(mimeType: string): boolean {
	return /^(text\/.+|application\/([^/]+\+)?(json|xml))$/.test(mimeType);
}

/** Redirects followed for one file at most. */
const MAX_REDIRECTS = 5;

/** Why a file's redirect is not followed; undefined when it is. */
function redirectRefusal(next: URL | undefined, hops: number): string | undefined {
	if (hops >= MAX_REDIRECTS) return `more than ${MAX_REDIRECTS} redirects`;
	if (next === undefined) return 'not a URL';
	if (next.protocol !== 'https:') return 'only https is followed';
	if (isLocalOrPrivate(next.hostname)) return 'a local or private address';
	return undefined;
}

/** A host name of this machine or of a private network, as written (names are not resolved). */
function isLocalOrPrivate(hostname: string): boolean {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local')) return true;
	const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host.replace(/^::ffff:/, ''));
	if (v4) {
		const [a, b] = [Number(v4[1]), Number(v4[2])];
		return (
			a === 0 ||
			a === 10 ||
			a === 127 ||
			(a === 100 && b >= 64 && b < 128) ||
			(a === 169 && b === 254) ||
			(a === 172 && b >= 16 && b < 32) ||
			(a === 192 && b === 168)
		);
	}
	// IPv6: loopback, unspecified, unique local (fc00::/7), link-local (fe80::/10).
	return host.includes(':') && /^(::1?|f[cd][0-9a-f]{0,2}:.*|fe[89ab][0-9a-f]?:.*)$/.test(host);
}

/**
 * The item's output with `file` in the binary field the item names (Put Output File in Field):
 * `json` with the file's name, type and size.
 */
export async function fileOutput(
	item: ItemContext,
	file: FetchedFile,
	json: IDataObject,
	fileName: string,
): Promise<OutputWithFile> {
	const field = String(item.param<string>('binaryPropertyName', 'data')).trim() || 'data';
	const mimeType = file.mimeType ?? 'application/octet-stream';
	const binary = await item.fn.helpers.prepareBinaryData(file.data, fileName, mimeType);
	return {
		json: { ...json, fileName, mimeType, size: file.data.length },
		binary: { [field]: binary },
	};
}

function decodedName(segment: string): string | undefined {
	try {
		return decodeURIComponent(segment) || undefined;
	} catch {
		return segment || undefined;
	}
}
