import type { IDataObject } from 'n8n-workflow';

import { deleteOutput, isDryRun, type ItemContext, readId } from '../../../shared/item';
import {
	defineOperation,
	dryRunOption,
	idField,
	ignoreNotFoundOption,
} from '../../../shared/properties';
import { imageLocator } from '../../locators';
import { deleteOutcome, imageRoute, sendImageDelete } from '../../profile';

export const { option, description, operation } = defineOperation('image', {
	name: 'Delete',
	value: 'delete',
	action: 'Delete an image',
	summary: 'Permanently delete an image and all its variants; Cloudflare purges it from its cache',
	fields: [
		idField(
			'image',
			'imageId',
			'ID of the image to delete (a custom ID may contain slashes)',
			imageLocator,
		),
	],
	options: [ignoreNotFoundOption, dryRunOption],
	task: 'delete image',
	execute,
});

async function execute(item: ItemContext): Promise<IDataObject> {
	const id = await readId(item, 'imageId', 'image', imageLocator);
	// A Dry Run looks the image up: Cloudflare answers that as it answers a delete.
	const response = isDryRun(item)
		? await item.request({ method: 'GET', path: imageRoute(id) })
		: await sendImageDelete(item, imageRoute(id));
	return deleteOutput(item, id, response, deleteOutcome(response), 'image');
}
