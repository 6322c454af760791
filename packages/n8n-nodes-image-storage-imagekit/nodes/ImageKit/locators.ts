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
 * A file URL names its file, but holds no file ID: the file is looked up by its name, and the
 * one whose URL (without transformations or query) is this one is taken. On the account's own
 * domain, the one whose path ends the URL's path.
 */
async function fileIdFromUrl(call: ItemCall, text: string): Promise<string> {
	const target = URL.canParse(text) ? withoutTransformations(new URL(text)) : undefined;
	const name = target ? decodedPath(target.pathname.split('/').pop() ?? '') : undefined;
	if (!target || !name) {
		throw call.badInput(
			'The URL is not an ImageKit file URL. Please provide a URL like https://ik.imagekit.io/<your ImageKit ID>/<folder>/<file name>.',
		);
	}
	const files = await call.requestJson({
		method: 'GET',
		path: '/v1/files',
		qs: { type: 'file', searchQuery: `name = ${quoted(name)}`, limit: 1000 },
	});
	const candidates = Array.isArray(files) ? (files as IDataObject[]) : [];
	const targetUrl = target.href;
	const targetPath = decodedPath(target.pathname) ?? '';
	const exact = candidates.filter(
		(file) =>
			typeof file.url === 'string' &&
			URL.canParse(file.url) &&
			withoutTransformations(new URL(file.url)).href === targetUrl,
	);
	const byPath = exact.length
		? exact
		: candidates.filter(
				(file) => typeof file.filePath === 'string' && targetPath.endsWith(file.filePath),
			);
	if (byPath.length === 1) return String(byPath[0].fileId);
	throw call.apiError(
		byPath.length === 0
			? `no file has the URL ${targetUrl}`
			: `${byPath.length} files match the URL ${targetUrl}; use the file ID instead`,
		byPath.length === 0 ? '404' : undefined,
	);
}

/** The URL as it names the file: no query (`?tr=…`, signatures), no `tr:` path segment. */
function withoutTransformations(url: URL): URL {
	const plain = new URL(url.origin);
	plain.pathname = url.pathname
		.split('/')
		.filter((segment) => !segment.startsWith('tr:'))
		.join('/');
	return plain;
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
