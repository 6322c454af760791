// Generated from nodes/LeonardoAi/actions/image/delete.ts at the repository's top level by `npm run packages`: edit that file.
import type { IDataObject } from 'n8n-workflow';

import { readId } from '../../../shared/input';
import { defineOperation, idField, ignoreNotFoundOption } from '../../../shared/properties';
import { deleteResult, type ItemContext } from '../../../shared/router';
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
	return deleteResult(
		item,
		id,
		response,
		deleteOutcome('delete_init_images_by_pk', response),
		'image',
	);
}
