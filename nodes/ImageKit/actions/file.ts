import { defineDeleteOperation } from '../../shared/deleteById';
import type { ResourceDefinition } from '../../shared/descriptions';
import { deleteOutcome } from '../profile';

export const fileResource: ResourceDefinition = {
	name: 'File',
	value: 'file',
	operations: [
		defineDeleteOperation({
			resource: 'file',
			noun: 'file',
			idParameter: 'fileId',
			action: 'Delete a file',
			summary: 'Permanently delete a file from the media library',
			idDescription: 'The fileId returned by the upload and list APIs',
			path: (id) => `/v1/files/${id}`,
			outcome: deleteOutcome,
			notFoundDetails: 'File not found',
		}),
	],
};
