import type { IDataObject } from 'n8n-workflow';

import { forOperation, optionsCollection, type OperationModule } from '../../../shared/descriptions';
import type { ItemCall } from '../../../shared/ItemCall';
import { isJsonObject } from '../../../shared/json';

export const option: OperationModule['option'] = {
	name: 'Get',
	value: 'get',
	action: 'Get the user',
	description: "Get the key's user: name, token balance, API concurrency",
};

export const description = forOperation('user', 'get', [optionsCollection()]);

async function execute(call: ItemCall): Promise<IDataObject> {
	const answer = await call.requestJson({ method: 'GET', path: '/me' });
	const details = isJsonObject(answer) && Array.isArray(answer.user_details) ? answer.user_details[0] : undefined;
	if (!isJsonObject(details)) throw call.failureWith('no user details in the answer to GET /me');
	return details;
}

export const operation: OperationModule['operation'] = { action: 'get user', execute };
