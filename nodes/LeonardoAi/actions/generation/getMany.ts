import type { IDataObject } from 'n8n-workflow';

import { defineListOperation, type Page } from '../../../shared/get';
import type { ItemContext } from '../../../shared/item';
import { isJsonObject } from '../../../shared/transport';
import { ownUserId, userGenerationsRoute } from '../../profile';
import { GENERATION_FIELDS } from './get';

const PAGE_SIZE = 50;

export const { option, description, operation } = defineListOperation('generation', {
	action: 'Get many generations',
	summary: "List a user's generations, newest first",
	options: [
		{
			displayName: 'User ID',
			name: 'userId',
			type: 'string',
			default: '',
			description: "Whose generations; the key's own user when empty",
		},
	],
	simplifyFields: GENERATION_FIELDS,
	outputExample: 'id, status, prompt',
	task: 'list generations',
	pager,
});

async function pager(
	item: ItemContext,
): Promise<(wanted: number, pageIndex: number) => Promise<Page>> {
	const userId = String(item.option('userId', '')).trim() || (await keyUserId(item));
	return async (_wanted, pageIndex) => {
		const answer = await item.requestJson({
			method: 'GET',
			path: userGenerationsRoute(userId),
			qs: { offset: pageIndex * PAGE_SIZE, limit: PAGE_SIZE },
		});
		if (!isJsonObject(answer) || !Array.isArray(answer.generations))
			throw item.apiError('no list of generations in the answer');
		const generations = answer.generations as IDataObject[];
		return { items: generations, more: generations.length === PAGE_SIZE };
	};
}

async function keyUserId(item: ItemContext): Promise<string> {
	const id = await ownUserId(item);
	if (id === undefined)
		throw item.apiError('no user in the answer to GET /me; set the User ID option');
	return id;
}
