import { CLOUDFLARE_STATS_ROUTE } from '../../../../credentials/CloudflareImagesApi.credentials';
import { defineFetchOperation } from '../../../shared/get';
import { isJsonObject } from '../../../shared/transport';

export const { option, description, operation } = defineFetchOperation('account', {
	name: 'Get Stats',
	value: 'getStats',
	action: 'Get image usage stats',
	summary: 'How many images the account stores and may store',
	task: 'get stats',
	request: () => ({ method: 'GET', path: CLOUDFLARE_STATS_ROUTE }),
	pick: (body) => (isJsonObject(body) ? body.result : undefined),
	requires: 'count',
	outputExample: 'count.current, count.allowed',
});
