import type { IDataObject } from 'n8n-workflow';

import type { ItemCall, OperationModule } from '../../../shared/contracts';
import { optionsCollection } from '../../../shared/ui/options';
import { forOperation } from '../../../shared/ui/properties';
import { readUserDetails } from '../../api/me';

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

export const operation: OperationModule['operation'] = { task: 'get user', execute };
