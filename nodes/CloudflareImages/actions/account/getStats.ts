import type { IDataObject } from 'n8n-workflow';

import { forOperation, optionsCollection, type OperationModule } from '../../../shared/descriptions';
import { fetchOne } from '../../../shared/fetchOne';
import type { ItemCall } from '../../../shared/ItemCall';
import { isJsonObject } from '../../../shared/json';

export const option: OperationModule['option'] = {
	name: 'Get Stats',
	value: 'getStats',
	action: 'Get image usage stats',
	description: 'How many images the account stores and may store',
};

export const description = forOperation('account', 'getStats', [optionsCollection()]);

async function execute(call: ItemCall): Promise<IDataObject> {
	return await fetchOne(call, { method: 'GET', path: '/images/v1/stats' }, (body) => (isJsonObject(body) ? body.result : undefined), 'Account not found');
}

export const operation: OperationModule['operation'] = { action: 'get stats', execute };
