import type { IDataObject } from 'n8n-workflow';

import type { ItemCall, OperationModule } from '../../../shared/contracts';
import { isJsonObject } from '../../../shared/http/json';
import { readUrl } from '../../../shared/input/urls';
import { optionsCollection } from '../../../shared/ui/options';
import { forOperation } from '../../../shared/ui/properties';

export const option: OperationModule['option'] = {
	name: 'Purge',
	value: 'purge',
	action: 'Purge a URL from the cache',
	description: 'Remove a URL (and its transformations) from the CDN cache',
};

export const description = forOperation('cache', 'purge', [
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://ik.imagekit.io/your_id/image.jpg',
	},
	optionsCollection(),
]);

async function execute(call: ItemCall): Promise<IDataObject> {
	const url = readUrl(call, 'url');
	const answer = await call.requestJson({ method: 'POST', path: '/v1/files/purge', body: { url } });
	return { requestId: isJsonObject(answer) ? answer.requestId : undefined };
}

export const operation: OperationModule['operation'] = { task: 'purge cache', execute };
