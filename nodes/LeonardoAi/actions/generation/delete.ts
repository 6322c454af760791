import type { IDataObject } from 'n8n-workflow';

import { deleteOutput, type ItemContext, readId } from '../../../shared/item';
import { defineOperation, idField, ignoreNotFoundOption } from '../../../shared/properties';
import { generationLocator } from '../../locators';
import { deleteOutcome, generationRoute } from '../../profile';

export const { option, description, operation } = defineOperation('generation', {
	name: 'Delete',
	value: 'delete',
	action: 'Delete a generation',
	summary: 'Permanently delete a generation and its generated images',
	fields: [
		idField('generation', 'generationId', 'ID of the generation to delete', generationLocator),
	],
	options: [ignoreNotFoundOption],
	task: 'delete generation',
	execute,
});

async function execute(item: ItemContext): Promise<IDataObject> {
	const id = await readId(item, 'generationId', 'generation', generationLocator);
	const response = await item.request({
		method: 'DELETE',
		path: generationRoute(id),
	});
	return deleteOutput(
		item,
		id,
		response,
		deleteOutcome('delete_generations_by_pk', response),
		'generation',
	);
}
