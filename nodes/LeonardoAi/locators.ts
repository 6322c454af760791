import type { IDataObject } from 'n8n-workflow';

import { LEONARDO_ME_ROUTE } from '../../credentials/LeonardoAiApi.credentials';
import { decodedPath, type IdLocator, type ItemContext } from '../shared/item';
import { defineListSearch } from '../shared/listSearch';
import { isJsonObject } from '../shared/transport';
import { leonardoAi, ownUserId, userGenerationsRoute, userIdIn } from './profile';

const SEARCH_PAGE_SIZE = 50;

/**
 * The key's own generations, newest first, named by their prompt. Leonardo's list has no text
 * search: the shared search keeps the matches of each page it reads. The token carries the
 * user ID, so that only the first page asks `/me` whose key this is.
 */
const searchGenerations = defineListSearch(
	leonardoAi,
	'generations',
	async ({ token, get, fail }) => {
		const [userId, offset] = token
			? splitToken(token)
			: [userIdIn(await get({ path: LEONARDO_ME_ROUTE })), 0];
		if (!userId)
			throw fail(
				"no user in the answer to GET /me, so the key's generations cannot be listed; type the generation ID (By ID) instead",
			);
		const answer = await get({
			path: userGenerationsRoute(userId),
			qs: { offset, limit: SEARCH_PAGE_SIZE },
		});
		const generations =
			isJsonObject(answer) && Array.isArray(answer.generations)
				? (answer.generations as IDataObject[])
				: [];
		return {
			items: generations.map((generation) => ({
				name: generationName(generation),
				value: String(generation.id),
				url: firstImageUrl(generation),
			})),
			next:
				generations.length === SEARCH_PAGE_SIZE
					? `${offset + SEARCH_PAGE_SIZE} ${userId}`
					: undefined,
		};
	},
);

export const listSearch = { searchGenerations };

function splitToken(token: string): [string, number] {
	const [offset, userId] = token.split(' ');
	return [userId ?? '', Number(offset) || 0];
}

/** The prompt, with the status while it is not finished, e.g. `A red fox (PENDING)`. */
function generationName(generation: IDataObject): string {
	const prompt = typeof generation.prompt === 'string' ? oneLine(generation.prompt) : '';
	const name = prompt || String(generation.id);
	return generation.status === 'COMPLETE' || generation.status === undefined
		? name
		: `${name} (${String(generation.status)})`;
}

/** A list entry's name from a long prompt: one line, at most `max` characters. */
function oneLine(text: string, max = 80): string {
	const line = text.replace(/\s+/g, ' ').trim();
	return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function firstImageUrl(generation: IDataObject): string | undefined {
	const [first] = Array.isArray(generation.generated_images) ? generation.generated_images : [];
	return isJsonObject(first) && typeof first.url === 'string' ? first.url : undefined;
}

/** The host Leonardo AI serves generated images from. */
const IMAGE_HOST = 'cdn.leonardo.ai';

/**
 * A generated image's URL names its generation and its user:
 * `https://cdn.leonardo.ai/users/<user ID>/generations/<generation ID>/<file name>`. Only on
 * Leonardo's own image host: the same path elsewhere is not Leonardo's word. The user must be the
 * key's own: a generation ID of another user's is refused before anything is sent.
 */
async function generationIdFromUrl(item: ItemContext, text: string): Promise<string> {
	const url = URL.canParse(text) ? new URL(text) : undefined;
	const path = url?.hostname === IMAGE_HOST ? url.pathname : '';
	const match = /^\/users\/([^/]+)\/generations\/([^/]+)\//.exec(path);
	const user = match ? decodedPath(match[1]) : undefined;
	const generationId = match ? decodedPath(match[2]) : undefined;
	if (user === undefined || generationId === undefined) {
		throw item.badInput(
			'The URL is not a Leonardo AI image URL. Please provide a URL like https://cdn.leonardo.ai/users/<user ID>/generations/<generation ID>/<file name>.',
		);
	}
	const own = await ownUserId(item);
	if (own === undefined)
		throw item.apiError(
			"no user in the answer to GET /me, so the URL's user cannot be checked; use the generation ID (By ID) instead",
		);
	if (user !== own) {
		throw item.badInput(
			`The URL names a generation of another Leonardo AI user: its user ID is ${user}, this key's is ${own}. Please provide a URL of this key's own generations, or use the key of the user the URL belongs to.`,
		);
	}
	return generationId;
}

export const generationLocator: IdLocator = {
	searchMethod: 'searchGenerations',
	idExample: 'a5a7d4d6-4f4b-4c7e-9a3b-9c1f8a6b2e10',
	url: {
		placeholder:
			'e.g. https://cdn.leonardo.ai/users/<user ID>/generations/<generation ID>/image_0.jpg',
		pattern: 'https?://cdn\\.leonardo\\.ai/users/[^/]+/generations/[^/]+/.+',
		idFrom: generationIdFromUrl,
	},
};
