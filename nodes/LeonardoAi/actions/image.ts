import { defineDeleteOperation } from '../../shared/deleteById';
import type { ResourceDefinition } from '../../shared/descriptions';
import { deleteOutcome } from '../profile';

/** Uploaded init images (`/init-image`). */
export const imageResource: ResourceDefinition = {
	name: 'Image',
	value: 'image',
	operations: [
		defineDeleteOperation({
			resource: 'image',
			noun: 'image',
			idParameter: 'imageId',
			action: 'Delete an uploaded image',
			summary: 'Permanently delete an uploaded init image',
			idDescription: 'ID of the uploaded init image to delete',
			path: (id) => `/init-image/${id}`,
			outcome: deleteOutcome('delete_init_images_by_pk'),
			notFoundDetails: 'Image not found',
		}),
	],
};
