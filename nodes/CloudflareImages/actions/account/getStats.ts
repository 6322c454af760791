import type { IDataObject } from 'n8n-workflow';

import type { ItemCall, OperationModule } from '../../../shared/contracts';
import { isJsonObject } from '../../../shared/http/json';
import { fetchOne } from '../../../shared/operations/fetchOne';
import { optionsCollection } from '../../../shared/ui/options';
import { forOperation } from '../../../shared/ui/properties';

export const option: OperationModule['option'] = {
	name: 'Get Stats',
	value: 'getStats',
	action: 'Get image usage stats',
	description: 'How many images the account stores and may store',
};

export const description = forOperation('account', 'getStats', [optionsCollection()]);

async function execute(call: ItemCall): Promise<IDataObject> {
	return await fetchOne(
		call,
		{ method: 'GET', path: '/images/v1/stats' },
		(body) => (isJsonObject(body) ? body.result : undefined),
		'Account not found',
	);
}

export const operation: OperationModule['operation'] = { task: 'get stats', execute };
