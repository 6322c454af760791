import type { IDataObject } from 'n8n-workflow';

import { deleteOutput, isDryRun, type ItemContext, readId } from '../../../shared/item';
import {
	defineOperation,
	dryRunOption,
	idField,
	ignoreNotFoundOption,
} from '../../../shared/properties';
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
	options: [ignoreNotFoundOption, dryRunOption],
	task: 'delete generation',
	execute,
});

async function execute(item: ItemContext): Promise<IDataObject> {
	const id = await readId(item, 'generationId', 'generation', generationLocator);
	// A Dry Run looks the generation up: Leonardo answers both with the object, or null.
	const [method, answerKey] = isDryRun(item)
		? (['GET', 'generations_by_pk'] as const)
		: (['DELETE', 'delete_generations_by_pk'] as const);
	const response = await item.request({ method, path: generationRoute(id) });
	return deleteOutput(item, id, response, deleteOutcome(answerKey, response), 'generation');
}
