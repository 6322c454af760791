// Generated from nodes/LeonardoAi/actions/user/get.ts at the repository's top level by `npm run packages`: edit that file.
import type { IDataObject } from 'n8n-workflow';

import { defineOperation } from '../../../shared/properties';
import type { ItemContext } from '../../../shared/router';
import { readUserDetails } from '../../profile';

export const { option, description, operation } = defineOperation('user', {
	name: 'Get',
	value: 'get',
	action: 'Get the user',
	summary: "Get the key's user: name, token balance, API concurrency",
	task: 'get user',
	execute,
});

async function execute(item: ItemContext): Promise<IDataObject> {
	return await readUserDetails(item);
}
