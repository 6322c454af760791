import { defineDeleteOperation } from '../../shared/deleteById';
import type { ResourceDefinition } from '../../shared/descriptions';
import { deleteOutcome } from '../profile';

export const imageResource: ResourceDefinition = {
	name: 'Image',
	value: 'image',
	operations: [
		defineDeleteOperation({
			resource: 'image',
			noun: 'image',
			idParameter: 'imageId',
			action: 'Delete an image',
			summary: 'Permanently delete an image and all its variants; Cloudflare purges it from its cache',
			idDescription: 'ID of the image to delete (a custom ID may contain slashes)',
			path: (id) => `/images/v1/${id}`,
			outcome: deleteOutcome,
			notFoundDetails: 'Image not found',
		}),
	],
};
