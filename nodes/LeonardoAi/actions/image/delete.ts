import type { IDataObject } from 'n8n-workflow';

import { deleteOutput, isDryRun, type ItemContext, readId } from '../../../shared/item';
import {
	defineOperation,
	dryRunOption,
	idField,
	ignoreNotFoundOption,
} from '../../../shared/properties';
import { deleteOutcome, initImageRoute } from '../../profile';

export const { option, description, operation } = defineOperation('image', {
	name: 'Delete',
	value: 'delete',
	action: 'Delete an uploaded image',
	summary: 'Permanently delete an uploaded init image',
	fields: [idField('image', 'imageId', 'ID of the uploaded init image to delete')],
	options: [ignoreNotFoundOption, dryRunOption],
	task: 'delete image',
	execute,
});

async function execute(item: ItemContext): Promise<IDataObject> {
	const id = await readId(item, 'imageId', 'image');
	// A Dry Run looks the init image up: Leonardo answers both with the object, or null.
	const [method, answerKey] = isDryRun(item)
		? (['GET', 'init_images_by_pk'] as const)
		: (['DELETE', 'delete_init_images_by_pk'] as const);
	const response = await item.request({ method, path: initImageRoute(id) });
	return deleteOutput(item, id, response, deleteOutcome(answerKey, response), 'image');
}
