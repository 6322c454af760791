// Generated from nodes/CloudflareImages/locators.ts at the repository's top level by `npm run packages`: edit that file.
import type { IDataObject } from 'n8n-workflow';

import type { IdLocator, ItemCall } from '../shared/contracts';
import { isJsonObject } from '../shared/http/json';
import { decodedPath } from '../shared/input/urls';
import { defineListSearch } from '../shared/ui/listSearch';
import { cloudflareImages } from './profile';

const SEARCH_PAGE_SIZE = 100;

/**
 * Images newest first, named by their file name. Cloudflare's list has no text search: the
 * shared search keeps the matches of each page it reads.
 */
const searchImages = defineListSearch(cloudflareImages, 'images', async ({ token, get }) => {
	const answer = await get({
		path: '/images/v2',
		qs: {
			per_page: SEARCH_PAGE_SIZE,
			sort_order: 'desc',
			...(token ? { continuation_token: token } : {}),
		},
	});
	const result = isJsonObject(answer) ? answer.result : undefined;
	const images = isJsonObject(result) && Array.isArray(result.images) ? result.images : [];
	const next = isJsonObject(result) ? result.continuation_token : undefined;
	return {
		items: (images as IDataObject[]).map((image) => ({
			name:
				typeof image.filename === 'string' && image.filename ? image.filename : String(image.id),
			value: String(image.id),
			url: Array.isArray(image.variants) ? String(image.variants[0]) : undefined,
		})),
		next: typeof next === 'string' && next !== '' ? next : undefined,
	};
});

export const listSearch = { searchImages };

/**
 * A delivery URL names its image: `https://imagedelivery.net/<account hash>/<image ID>/<variant>`,
 * or on the account's own domain `/cdn-cgi/imagedelivery/<account hash>/<image ID>/<variant>`.
 * A custom ID may hold slashes, so the ID is everything between the hash and the variant.
 */
function imageIdFromUrl(call: ItemCall, text: string): string {
	const url = URL.canParse(text) ? new URL(text) : undefined;
	const path = url?.pathname ?? '';
	const rest =
		url?.hostname === 'imagedelivery.net'
			? path
			: path.startsWith(CUSTOM_DOMAIN_PREFIX)
				? path.slice(CUSTOM_DOMAIN_PREFIX.length - 1)
				: undefined;
	const segments = (rest ?? '').split('/').filter((segment) => segment !== '');
	const id = segments.length >= 3 ? decodedPath(segments.slice(1, -1).join('/')) : undefined;
	if (id === undefined) {
		throw call.badInput(
			'The URL is not a Cloudflare Images delivery URL. Please provide a URL like https://imagedelivery.net/<account hash>/<image ID>/<variant>.',
		);
	}
	return id;
}

const CUSTOM_DOMAIN_PREFIX = '/cdn-cgi/imagedelivery/';

export const imageLocator: IdLocator = {
	searchMethod: 'searchImages',
	idExample: '2cdc28f0-017a-49c4-9ed7-87056c83901b',
	url: {
		placeholder:
			'e.g. https://imagedelivery.net/ZWd9g1K7eljCn_KDTu_MWA/2cdc28f0-017a-49c4-9ed7-87056c83901b/public',
		pattern: 'https?://(imagedelivery\\.net|[^/]+/cdn-cgi/imagedelivery)/[^/]+/.+/.+',
		idFrom: imageIdFromUrl,
	},
};
