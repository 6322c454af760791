// Generated from nodes/LeonardoAi/actions/generation/delete.ts at the repository's top level by `npm run packages`: edit that file.
import { defineDeleteOperation } from '../../../shared/operations/deleteById';
import { generationLocator } from '../../locators';
import { deleteOutcome } from '../../profile';

export const { option, description, operation } = defineDeleteOperation({
	resource: 'generation',
	noun: 'generation',
	idParameter: 'generationId',
	action: 'Delete a generation',
	summary: 'Permanently delete a generation and its generated images',
	idDescription: 'ID of the generation to delete',
	locator: generationLocator,
	path: (id) => `/generations/${id}`,
	outcome: deleteOutcome('delete_generations_by_pk'),
});
