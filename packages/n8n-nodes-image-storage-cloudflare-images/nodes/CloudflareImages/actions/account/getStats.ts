// Generated from nodes/CloudflareImages/actions/account/getStats.ts at the repository's top level by `npm run packages`: edit that file.
import { isJsonObject } from '../../../shared/http/json';
import { defineFetchOperation } from '../../../shared/operations/fetchOne';

export const { option, description, operation } = defineFetchOperation('account', {
	name: 'Get Stats',
	value: 'getStats',
	action: 'Get image usage stats',
	summary: 'How many images the account stores and may store',
	task: 'get stats',
	request: () => ({ method: 'GET', path: '/images/v1/stats' }),
	pick: (body) => (isJsonObject(body) ? body.result : undefined),
	requires: 'count',
});
