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
		const url = new URL(from.url);
		fileName = decodedName(url.pathname.split('/').pop() ?? '');
		response = await item.requestWithoutKey({
			method: 'GET',
			baseUrl: url.origin,
			path: `${url.pathname}${url.search}`,
			binary: true,
			public: true,
		});
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

/** A type a host answers with when it has no file to give: a page, or a message in JSON or XML. */
function isPageOrMessage(mimeType: string): boolean {
	return /^(text\/(html|plain|xml)|application\/(xhtml\+xml|xml|json|problem\+json))$/.test(
		mimeType,
	);
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
