// Generated from nodes/LeonardoAi/actions/generation/getMany.ts at the repository's top level by `npm run packages`: edit that file.
import type { IDataObject } from 'n8n-workflow';

import type { ItemCall } from '../../../shared/contracts';
import { isJsonObject } from '../../../shared/http/json';
import { pathSegment } from '../../../shared/input/ids';
import type { Page } from '../../../shared/input/paging';
import { defineListOperation } from '../../../shared/operations/list';
import { GENERATION_FIELDS } from '../../api/generations';
import { ownUserId } from '../../api/me';

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
	task: 'list generations',
	pager,
});

async function pager(
	call: ItemCall,
): Promise<(wanted: number, pageIndex: number) => Promise<Page>> {
	const userId = String(call.option('userId', '')).trim() || (await keyUserId(call));
	return async (_wanted, pageIndex) => {
		const answer = await call.requestJson({
			method: 'GET',
			path: `/generations/user/${pathSegment(userId)}`,
			qs: { offset: pageIndex * PAGE_SIZE, limit: PAGE_SIZE },
		});
		if (!isJsonObject(answer) || !Array.isArray(answer.generations))
			throw call.apiError('no list of generations in the answer');
		const generations = answer.generations as IDataObject[];
		return { items: generations, more: generations.length === PAGE_SIZE };
	};
}

async function keyUserId(call: ItemCall): Promise<string> {
	const id = await ownUserId(call);
	if (id === undefined)
		throw call.apiError('no user in the answer to GET /me; set the User ID option');
	return id;
}
