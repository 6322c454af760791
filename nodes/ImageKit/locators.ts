import { IMAGEKIT_FILES_ROUTE } from '../../credentials/ImageKitApi.credentials';
import { decodedPath, type IdLocator, type ItemContext } from '../shared/item';
import { defineListSearch } from '../shared/listSearch';
import { filesOnly, imageKit } from './profile';

const SEARCH_PAGE_SIZE = 100;

/** Files newest first, named by their path; a search asks ImageKit for names that begin with it. */
const searchFiles = defineListSearch(imageKit, 'files', async ({ filter, token, get }) => {
	const skip = Number(token ?? 0);
	const files = await get({
		path: IMAGEKIT_FILES_ROUTE,
		qs: {
			type: 'file',
			sort: 'DESC_CREATED',
			skip,
			limit: SEARCH_PAGE_SIZE,
			...(filter ? { searchQuery: `name : ${quoted(filter)}` } : {}),
		},
	});
	const list = Array.isArray(files) ? files : [];
	return {
		items: filesOnly(list).map((file) => ({
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
 * whose URL this is, exactly, is taken (query removed). ImageKit's path transformations stand right
 * after the URL endpoint (a file's URL without its path), so `<endpoint>/tr:…/<file path>` is that
 * file too. Never a match by path alone: another account's domain may hold the same path.
 */
async function fileIdFromUrl(item: ItemContext, text: string): Promise<string> {
	const target = URL.canParse(text) ? urlPath(new URL(text)) : undefined;
	const name = target?.segments[target.segments.length - 1];
	if (!target || !name) {
		throw item.badInput(
			'The URL is not an ImageKit file URL. Please provide a URL like https://ik.imagekit.io/<your ImageKit ID>/<folder>/<file name>.',
		);
	}
	const answer = await item.requestJson({
		method: 'GET',
		path: IMAGEKIT_FILES_ROUTE,
		qs: { type: 'file', searchQuery: `name = ${quoted(name)}`, limit: 1000 },
	});
	const files = filesOnly(Array.isArray(answer) ? answer : []).flatMap((file) => {
		const url =
			typeof file.url === 'string' && URL.canParse(file.url)
				? urlPath(new URL(file.url))
				: undefined;
		return url && typeof file.filePath === 'string'
			? [{ fileId: String(file.fileId), url, ...endpointOf(url, file.filePath) }]
			: [];
	});
	const exact = files.filter((file) => isUrlOf(target, file));
	if (exact.length > 0) return onlyOne(item, exact, target);
	const sameHost = files.filter(({ url }) => url.host === target.host);
	if (files.length > 0 && sameHost.length === 0) {
		const hosts = [...new Set(files.map(({ url }) => url.host))].join(', ');
		throw item.badInput(
			`The URL does not match any of this account's file URLs: ${target.href} is on ${target.host}, and this account's files named "${name}" are on ${hosts}. Please provide the file's URL as ImageKit gives it, or pick the file By ID.`,
		);
	}
	const own = sameHost.flatMap(({ endpoint }) => (endpoint ? [endpoint] : []));
	if (
		isImageKitHost(target.hostname) &&
		own.length > 0 &&
		!own.some((endpoint) => startsWith(target.segments, endpoint))
	) {
		throw item.badInput(
			`The URL names a file of another ImageKit account: ${target.href} is not under this account's URL endpoint ${target.origin}/${own[0].join('/')}. Please provide a URL of this account's files, or use the credential of the account the URL belongs to.`,
		);
	}
	return onlyOne(item, [], target);
}

/** A URL's origin and path segments, each percent-decoded (`%2F` stays inside its segment); no query. */
interface UrlPath {
	/** Host in lower case and port unless the scheme's default, as URL parsing gives them. */
	host: string;
	hostname: string;
	origin: string;
	segments: string[];
	/** The URL without query, for messages. */
	href: string;
}

function urlPath(url: URL): UrlPath | undefined {
	const segments = url.pathname.split('/').slice(1).map(decodedPath);
	if (segments.some((segment) => segment === undefined)) return undefined;
	return {
		host: url.host,
		hostname: url.hostname,
		origin: url.origin,
		segments: segments as string[],
		href: `${url.origin}${url.pathname}`,
	};
}

/** The file's path segments, and its URL endpoint's: the URL's segments before the file path. */
function endpointOf(url: UrlPath, filePath: string): { path: string[]; endpoint?: string[] } {
	const path = filePath.split('/').slice(1);
	const cut = url.segments.length - path.length;
	return path.length > 0 && cut >= 0 && sameSegments(url.segments.slice(cut), path)
		? { path, endpoint: url.segments.slice(0, cut) }
		: { path };
}

/** The file's own URL, or its endpoint, one `tr:` segment and its path. */
function isUrlOf(
	target: UrlPath,
	file: { url: UrlPath; path: string[]; endpoint?: string[] },
): boolean {
	if (target.host !== file.url.host) return false;
	if (sameSegments(target.segments, file.url.segments)) return true;
	if (!file.endpoint) return false;
	const transformation = target.segments[file.endpoint.length] ?? '';
	return (
		transformation.startsWith('tr:') &&
		sameSegments(target.segments, [...file.endpoint, transformation, ...file.path])
	);
}

function sameSegments(a: string[], b: string[]): boolean {
	return a.length === b.length && startsWith(a, b);
}

function startsWith(segments: string[], prefix: string[]): boolean {
	return prefix.length <= segments.length && prefix.every((segment, k) => segments[k] === segment);
}

/** ImageKit's own delivery hosts (`ik.imagekit.io`), where the path begins with the account's ID. */
function isImageKitHost(hostname: string): boolean {
	return hostname === 'imagekit.io' || hostname.endsWith('.imagekit.io');
}

/** The one file a URL names; none or several fail the item, and nothing is deleted. */
function onlyOne(item: ItemContext, matches: Array<{ fileId: string }>, target: UrlPath): string {
	if (matches.length === 1) return matches[0].fileId;
	throw item.apiError(
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
