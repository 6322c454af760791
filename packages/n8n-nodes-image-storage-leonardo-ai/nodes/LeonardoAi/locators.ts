// Generated from nodes/LeonardoAi/locators.ts at the repository's top level by `npm run packages`: edit that file.
import type { IDataObject } from 'n8n-workflow';

import type { IdLocator, ItemCall } from '../shared/contracts';
import { isJsonObject } from '../shared/http/json';
import { pathSegment } from '../shared/input/ids';
import { defineListSearch, oneLine } from '../shared/ui/listSearch';
import { leonardoAi } from './profile';

const SEARCH_PAGE_SIZE = 50;

/**
 * The key's own generations, newest first, named by their prompt. Leonardo's list has no text
 * search: the shared search keeps the matches of each page it reads. The token carries the
 * user ID, so that only the first page asks `/me` whose key this is.
 */
const searchGenerations = defineListSearch(leonardoAi, 'generations', async ({ token, get }) => {
	const [userId, offset] = token ? splitToken(token) : [await ownUserId(get), 0];
	const answer = await get({
		path: `/generations/user/${pathSegment(userId)}`,
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
});

export const listSearch = { searchGenerations };

async function ownUserId(get: (request: { path: string }) => Promise<unknown>): Promise<string> {
	const answer = await get({ path: '/me' });
	const details =
		isJsonObject(answer) && Array.isArray(answer.user_details) ? answer.user_details[0] : undefined;
	const user = isJsonObject(details) ? details.user : undefined;
	return isJsonObject(user) && typeof user.id === 'string' ? user.id : '';
}

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

function firstImageUrl(generation: IDataObject): string | undefined {
	const [first] = Array.isArray(generation.generated_images) ? generation.generated_images : [];
	return isJsonObject(first) && typeof first.url === 'string' ? first.url : undefined;
}

/**
 * A generated image's URL names its generation:
 * `https://cdn.leonardo.ai/users/<user ID>/generations/<generation ID>/<file name>`.
 */
function generationIdFromUrl(call: ItemCall, text: string): string {
	const path = URL.canParse(text) ? new URL(text).pathname : '';
	const match = /^\/users\/[^/]+\/generations\/([^/]+)\//.exec(path);
	if (!match) {
		throw call.badInput(
			'The URL is not a Leonardo AI image URL. Please provide a URL like https://cdn.leonardo.ai/users/<user ID>/generations/<generation ID>/<file name>.',
		);
	}
	return match[1];
}

export const generationLocator: IdLocator = {
	searchMethod: 'searchGenerations',
	idExample: 'a5a7d4d6-4f4b-4c7e-9a3b-9c1f8a6b2e10',
	url: {
		placeholder:
			'e.g. https://cdn.leonardo.ai/users/<user ID>/generations/<generation ID>/image_0.jpg',
		pattern: 'https?://[^/]+/users/[^/]+/generations/[^/]+/.+',
		idFrom: generationIdFromUrl,
	},
};
