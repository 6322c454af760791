// Generated from nodes/ImageKit/locators.ts at the repository's top level by `npm run packages`: edit that file.
import type { IDataObject } from 'n8n-workflow';

import type { IdLocator, ItemCall } from '../shared/contracts';
import { decodedPath } from '../shared/input/urls';
import { defineListSearch } from '../shared/ui/listSearch';
import { imageKit } from './profile';

const SEARCH_PAGE_SIZE = 100;

/** Files newest first, named by their path; a search asks ImageKit for names that begin with it. */
const searchFiles = defineListSearch(imageKit, 'files', async ({ filter, token, get }) => {
	const skip = Number(token ?? 0);
	const files = await get({
		path: '/v1/files',
		qs: {
			type: 'file',
			sort: 'DESC_CREATED',
			skip,
			limit: SEARCH_PAGE_SIZE,
			...(filter ? { searchQuery: `name : ${quoted(filter)}` } : {}),
		},
	});
	const list = Array.isArray(files) ? (files as IDataObject[]) : [];
	return {
		items: list.map((file) => ({
			name: String(file.filePath ?? file.name ?? file.fileId),
			value: String(file.fileId),
			url: typeof file.url === 'string' ? file.url : undefined,
		})),
		next: list.length === SEARCH_PAGE_SIZE ? String(skip + SEARCH_PAGE_SIZE) : undefined,
		searched: true,
	};
});

export const listSearch = { searchFiles };

/** A string in ImageKit's query language: double quotes, which the text itself cannot end. */
function quoted(text: string): string {
	return `"${text.replace(/["\\]/g, '')}"`;
}

/**
 * A file URL names its file but holds no file ID: the files of that name are listed, and the one
 * whose URL is this URL (transformations and query aside) is taken. The account's URL endpoint is
 * a file's URL without the file's path: a URL on ImageKit's host outside it names another
 * account's file. Only on a custom domain may the URL's path stand for the file's, and exactly.
 */
async function fileIdFromUrl(call: ItemCall, text: string): Promise<string> {
	const target = URL.canParse(text) ? fileLocation(new URL(text)) : undefined;
	const name = target?.path.split('/').pop();
	if (!target || !name) {
		throw call.badInput(
			'The URL is not an ImageKit file URL. Please provide a URL like https://ik.imagekit.io/<your ImageKit ID>/<folder>/<file name>.',
		);
	}
	const answer = await call.requestJson({
		method: 'GET',
		path: '/v1/files',
		qs: { type: 'file', searchQuery: `name = ${quoted(name)}`, limit: 1000 },
	});
	const files = (Array.isArray(answer) ? (answer as IDataObject[]) : []).flatMap((file) => {
		const location =
			typeof file.url === 'string' && URL.canParse(file.url)
				? fileLocation(new URL(file.url))
				: undefined;
		return location && typeof file.filePath === 'string'
			? [{ fileId: String(file.fileId), filePath: file.filePath, location }]
			: [];
	});
	const exact = files.filter(({ location }) => sameLocation(location, target));
	if (exact.length > 0) return onlyOne(call, exact, target);
	const endpoints = files.flatMap(({ location, filePath }) =>
		location.path.endsWith(filePath)
			? [{ ...location, path: location.path.slice(0, -filePath.length) }]
			: [],
	);
	if (isImageKitHost(target.hostname)) {
		const own = endpoints.filter((endpoint) => isImageKitHost(endpoint.hostname));
		if (own.length > 0 && !own.some((endpoint) => isUnder(target, endpoint))) {
			throw call.badInput(
				`The URL names a file of another ImageKit account: ${target.href} is not under this account's URL endpoint ${own[0].origin}${own[0].path}. Please provide a URL of this account's files, or use the credential of the account the URL belongs to.`,
			);
		}
		return onlyOne(call, [], target);
	}
	// A custom domain: its path is the file's path, or the endpoint's path and then the file's.
	const prefixes = new Set(['', ...endpoints.map((endpoint) => endpoint.path)]);
	const byPath = files.filter(({ filePath }) =>
		[...prefixes].some((prefix) => `${prefix}${filePath}` === target.path),
	);
	return onlyOne(call, byPath, target);
}

/** Where a URL points as it names a file: no query (`?tr=…`, signatures), no `tr:` segment. */
interface FileLocation {
	origin: string;
	hostname: string;
	/** The path, percent-decoded, as ImageKit writes `filePath`. */
	path: string;
	/** The URL without query and transformations, for messages. */
	href: string;
}

function fileLocation(url: URL): FileLocation | undefined {
	const plain = new URL(url.origin);
	plain.pathname = url.pathname
		.split('/')
		.filter((segment) => !segment.startsWith('tr:'))
		.join('/');
	const path = decodedPath(plain.pathname);
	if (path === undefined) return undefined;
	return { origin: plain.origin, hostname: plain.hostname, path, href: plain.href };
}

function sameLocation(a: FileLocation, b: FileLocation): boolean {
	return a.origin === b.origin && a.path === b.path;
}

function isUnder(location: FileLocation, endpoint: FileLocation): boolean {
	return location.origin === endpoint.origin && location.path.startsWith(`${endpoint.path}/`);
}

/** ImageKit's own delivery hosts (`ik.imagekit.io`), where the path begins with the account's ID. */
function isImageKitHost(hostname: string): boolean {
	return hostname === 'imagekit.io' || hostname.endsWith('.imagekit.io');
}

/** The one file a URL names; none or several fail the item, and nothing is deleted. */
function onlyOne(call: ItemCall, matches: Array<{ fileId: string }>, target: FileLocation): string {
	if (matches.length === 1) return matches[0].fileId;
	throw call.apiError(
		matches.length === 0
			? `no file has the URL ${target.href}`
			: `${matches.length} files match the URL ${target.href}; use the file ID instead`,
		matches.length === 0 ? '404' : undefined,
	);
}

export const fileLocator: IdLocator = {
	searchMethod: 'searchFiles',
	idExample: '6553ab5d5e2a0b1c4d2b7e3f',
	url: {
		placeholder: 'e.g. https://ik.imagekit.io/your_imagekit_id/products/shoe.jpg',
		pattern: 'https?://[^/]+/.+',
		idFrom: fileIdFromUrl,
	},
};
