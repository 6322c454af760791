import type { IDataObject } from 'n8n-workflow';

import { type ItemContext, readUrl } from '../../../shared/item';
import { defineOperation } from '../../../shared/properties';
import { purgeUrl } from '../../profile';

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
