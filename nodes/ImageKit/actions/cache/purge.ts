import type { IDataObject } from 'n8n-workflow';

import type { ItemCall } from '../../../shared/contracts';
import { isJsonObject } from '../../../shared/http/json';
import { readUrl } from '../../../shared/input/urls';
import { defineOperation } from '../../../shared/operations/define';

export const { option, description, operation } = defineOperation('cache', {
	name: 'Purge',
	value: 'purge',
	action: 'Purge a URL from the cache',
	summary: 'Remove a URL (and its transformations) from the CDN cache',
	fields: [
		{
			displayName: 'URL',
			name: 'url',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'https://ik.imagekit.io/your_id/image.jpg',
		},
	],
	task: 'purge cache',
	execute,
});

async function execute(call: ItemCall): Promise<IDataObject> {
	const url = readUrl(call, 'url');
	const answer = await call.requestJson({ method: 'POST', path: '/v1/files/purge', body: { url } });
	if (!isJsonObject(answer) || typeof answer.requestId !== 'string')
		throw call.apiError('no requestId in the answer to the purge');
	return { requestId: answer.requestId };
}
