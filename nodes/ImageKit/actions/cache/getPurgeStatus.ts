import { defineFetchOperation } from '../../../shared/get';
import { isJsonObject } from '../../../shared/transport';
import { purgeStatusRoute } from '../../profile';

export const { option, description, operation } = defineFetchOperation('cache', {
	name: 'Get Purge Status',
	value: 'getPurgeStatus',
	action: 'Get the status of a purge',
	summary: 'Whether a purge request is Pending or Completed',
	task: 'get purge status',
	id: {
		parameter: 'requestId',
		noun: 'request',
		description: 'The requestId a Purge operation output',
	},
	request: (id) => ({ method: 'GET', path: purgeStatusRoute(id) }),
	pick: (body) => (isJsonObject(body) ? { status: body.status } : body),
	requires: 'status',
	outputExample: 'status',
	notFoundDetails: 'Purge request not found',
});
