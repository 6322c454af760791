import type { IDataObject } from 'n8n-workflow';

import type { ItemCall, OperationModule } from '../../../shared/contracts';
import { isJsonObject } from '../../../shared/http/json';
import { pathSegment, readId } from '../../../shared/input/ids';
import { fetchOne } from '../../../shared/operations/fetchOne';
import { optionsCollection } from '../../../shared/ui/options';
import { forOperation } from '../../../shared/ui/properties';

export const option: OperationModule['option'] = {
	name: 'Get Purge Status',
	value: 'getPurgeStatus',
	action: 'Get the status of a purge',
	description: 'Whether a purge request is Pending or Completed',
};

export const description = forOperation('cache', 'getPurgeStatus', [
	{
		displayName: 'Request ID',
		name: 'requestId',
		type: 'string',
		required: true,
		default: '',
		description: 'The requestId a Purge operation output',
	},
	optionsCollection(),
]);

async function execute(call: ItemCall): Promise<IDataObject> {
	const id = readId(call, 'requestId', 'request');
	const answer = await fetchOne(
		call,
		{ method: 'GET', path: `/v1/files/purge/${pathSegment(id)}` },
		(body) => body,
		'Purge request not found',
	);
	return { status: isJsonObject(answer) ? answer.status : undefined };
}

export const operation: OperationModule['operation'] = { task: 'get purge status', execute };
