import type { IDataObject } from 'n8n-workflow';

import { forOperation, optionsCollection, type OperationModule } from '../../../shared/descriptions';
import type { ItemCall } from '../../../shared/ItemCall';
import { readUserDetails } from '../../me';

export const option: OperationModule['option'] = {
	name: 'Get',
	value: 'get',
	action: 'Get the user',
	description: "Get the key's user: name, token balance, API concurrency",
};

export const description = forOperation('user', 'get', [optionsCollection()]);

async function execute(call: ItemCall): Promise<IDataObject> {
	return await readUserDetails(call);
}

export const operation: OperationModule['operation'] = { action: 'get user', execute };
