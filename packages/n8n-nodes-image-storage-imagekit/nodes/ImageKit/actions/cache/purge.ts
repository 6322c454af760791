// Generated from nodes/ImageKit/actions/cache/purge.ts at the repository's top level by `npm run packages`: edit that file.
import type { IDataObject } from 'n8n-workflow';

import { readUrl } from '../../../shared/input';
import { defineOperation } from '../../../shared/properties';
import type { ItemContext } from '../../../shared/router';
import { isJsonObject, succeeded } from '../../../shared/transport';

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
			placeholder: 'e.g. https://ik.imagekit.io/your_imagekit_id/products/shoe.jpg',
			description: 'The file URL to purge; its transformed versions are purged with it',
		},
	],
	task: 'purge cache',
	execute,
});

async function execute(item: ItemContext): Promise<IDataObject> {
	return { requestId: await purgeUrl(item, readUrl(item, 'url')) };
}

/**
 * Purges a URL from ImageKit's CDN cache: the purge's `requestId`, or the error contract's
 * failure worded as a purge (`Failed to purge cache. …`), also when it follows a delete.
 */
export async function purgeUrl(item: ItemContext, url: string): Promise<string> {
	const response = await item.request({ method: 'POST', path: '/v1/files/purge', body: { url } });
	const requestId =
		succeeded(response, item.provider) && isJsonObject(response.body)
			? response.body.requestId
			: undefined;
	if (typeof requestId === 'string') return requestId;
	throw item.failure(response, {
		task: 'purge cache',
		fallbackDetails: 'no requestId in the answer to the purge',
	});
}
