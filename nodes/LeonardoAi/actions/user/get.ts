import type { IDataObject } from 'n8n-workflow';

import { LEONARDO_ME_ROUTE } from '../../../../credentials/LeonardoAiApi.credentials';
import { defineOperation } from '../../../shared/properties';
import type { ItemContext } from '../../../shared/item';
import { userDetailsIn } from '../../profile';

export const { option, description, operation } = defineOperation('user', {
	name: 'Get',
	value: 'get',
	action: 'Get the user',
	summary: "Get the key's user: name, token balance, API concurrency",
	task: 'get user',
	execute,
});

/** The key's user details from `GET /me` (`user_details[0]`). */
async function execute(item: ItemContext): Promise<IDataObject> {
	const answer = await item.requestJson({ method: 'GET', path: LEONARDO_ME_ROUTE });
	const details = userDetailsIn(answer);
	if (!details) throw item.apiError('no user details in the answer to GET /me');
	return details;
}
