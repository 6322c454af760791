import type { IDataObject } from 'n8n-workflow';

import { deleteOutput, type ItemContext, readId } from '../../../shared/item';
import { defineOperation, idField, ignoreNotFoundOption } from '../../../shared/properties';
import { deleteOutcome, initImageRoute } from '../../profile';

export const { option, description, operation } = defineOperation('image', {
	name: 'Delete',
	value: 'delete',
	action: 'Delete an uploaded image',
	summary: 'Permanently delete an uploaded init image',
	fields: [idField('image', 'imageId', 'ID of the uploaded init image to delete')],
	options: [ignoreNotFoundOption],
	task: 'delete image',
	execute,
});

async function execute(item: ItemContext): Promise<IDataObject> {
	const id = await readId(item, 'imageId', 'image');
	const response = await item.request({ method: 'DELETE', path: initImageRoute(id) });
	return deleteOutput(
		item,
		id,
		response,
		deleteOutcome('delete_init_images_by_pk', response),
		'image',
	);
}
