// Generated from nodes/LeonardoAi/actions/user/get.ts at the repository's top level by `npm run packages`: edit that file.
import type { IDataObject } from 'n8n-workflow';

import type { ItemCall } from '../../../shared/contracts';
import { defineOperation } from '../../../shared/operations/define';
import { readUserDetails } from '../../api/me';

export const { option, description, operation } = defineOperation('user', {
	name: 'Get',
	value: 'get',
	action: 'Get the user',
	summary: "Get the key's user: name, token balance, API concurrency",
	task: 'get user',
	execute,
});

async function execute(call: ItemCall): Promise<IDataObject> {
	return await readUserDetails(call);
}
