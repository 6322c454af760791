import { defineDeleteOperation } from '../../shared/deleteById';
import type { ResourceDefinition } from '../../shared/descriptions';
import { deleteOutcome } from '../profile';

export const generationResource: ResourceDefinition = {
	name: 'Generation',
	value: 'generation',
	operations: [
		defineDeleteOperation({
			resource: 'generation',
			noun: 'generation',
			idParameter: 'generationId',
			action: 'Delete a generation',
			summary: 'Permanently delete a generation and its generated images',
			idDescription: 'ID of the generation to delete',
			path: (id) => `/generations/${id}`,
			outcome: deleteOutcome('delete_generations_by_pk'),
			notFoundDetails: 'Generation not found',
		}),
	],
};
