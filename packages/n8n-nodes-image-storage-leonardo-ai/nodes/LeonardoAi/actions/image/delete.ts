// Generated from nodes/LeonardoAi/actions/image/delete.ts at the repository's top level by `npm run packages`: edit that file.
import { defineDeleteOperation } from '../../../shared/operations/deleteById';
import { deleteOutcome } from '../../profile';

export const { option, description, operation } = defineDeleteOperation({
	resource: 'image',
	noun: 'image',
	idParameter: 'imageId',
	action: 'Delete an uploaded image',
	summary: 'Permanently delete an uploaded init image',
	idDescription: 'ID of the uploaded init image to delete',
	path: (id) => `/init-image/${id}`,
	outcome: deleteOutcome('delete_init_images_by_pk'),
});
