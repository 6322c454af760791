import type { IDataObject } from 'n8n-workflow';

import { decodedPath, type IdLocator, type ItemContext } from '../shared/item';
import { defineListSearch } from '../shared/listSearch';
import { isJsonObject, succeeded } from '../shared/transport';
import { cloudflareImages, IMAGE_LIST_ROUTE } from './profile';

const SEARCH_PAGE_SIZE = 100;

/**
 * Images newest first, named by their file name. Cloudflare's list has no text search: the
 * shared search keeps the matches of each page it reads.
 */
const searchImages = defineListSearch(cloudflareImages, 'images', async ({ token, get }) => {
	const answer = await get({
		path: IMAGE_LIST_ROUTE,
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
 * The hash must be this account's: another account may hold an image of the same custom ID.
 */
async function imageIdFromUrl(item: ItemContext, text: string): Promise<string> {
	const named = deliveryUrlParts(text);
	if (!named) {
		throw item.badInput(
			'The URL is not a Cloudflare Images delivery URL. Please provide a URL like https://imagedelivery.net/<account hash>/<image ID>/<variant>.',
		);
	}
	const own = await ownAccountHash(item);
	if (own === undefined) {
		throw item.apiError(
			`Image not found: this account holds no images, so none has the URL ${text}`,
			'404',
		);
	}
	if (named.hash !== own) {
		throw item.badInput(
			`The URL names an image of another Cloudflare account: its account hash is ${named.hash}, this account's is ${own}. Please provide a URL of this account's images, or use the credential of the account the URL belongs to.`,
		);
	}
	return named.id;
}

/** The account hash and image ID a delivery URL holds; a custom ID may hold slashes. */
function deliveryUrlParts(text: string): { hash: string; id: string } | undefined {
	const url = URL.canParse(text) ? new URL(text) : undefined;
	const path = url?.pathname ?? '';
	const rest =
		url?.hostname === 'imagedelivery.net'
			? path
			: path.startsWith(CUSTOM_DOMAIN_PREFIX)
				? path.slice(CUSTOM_DOMAIN_PREFIX.length - 1)
				: undefined;
	const segments = (rest ?? '').split('/').filter((segment) => segment !== '');
	if (segments.length < 3) return undefined;
	const hash = decodedPath(segments[0]);
	const id = decodedPath(segments.slice(1, -1).join('/'));
	return hash === undefined || id === undefined ? undefined : { hash, id };
}

const CUSTOM_DOMAIN_PREFIX = '/cdn-cgi/imagedelivery/';

/**
 * This account's hash, read from the delivery URLs (`variants`) of its newest images: asked once
 * per node run and account, whatever the number of items. Undefined when it holds no images.
 */
async function ownAccountHash(item: ItemContext): Promise<string | undefined> {
	const response = await item.oncePerAccount('account hash', () =>
		item.request({ method: 'GET', path: IMAGE_LIST_ROUTE, qs: { per_page: HASH_PAGE_SIZE } }),
	);
	if (!succeeded(response, item.provider)) throw item.failure(response);
	const result = isJsonObject(response.body) ? response.body.result : undefined;
	const images = isJsonObject(result) && Array.isArray(result.images) ? result.images : undefined;
	if (!images) throw item.apiError('no list of images in the answer');
	if (images.length === 0) return undefined;
	const hash = images
		.flatMap((image) =>
			isJsonObject(image) && Array.isArray(image.variants) ? image.variants : [],
		)
		.map((variant) => (typeof variant === 'string' ? deliveryUrlParts(variant)?.hash : undefined))
		.find((found) => found !== undefined);
	if (hash === undefined)
		throw item.apiError("no delivery URL in the account's images to check the URL's account hash");
	return hash;
}

/** The smallest page Cloudflare serves: one is enough, but any of them may lack variants. */
const HASH_PAGE_SIZE = 10;

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
