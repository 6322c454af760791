// Generated from nodes/CloudflareImages/actions/image/delete.ts at the repository's top level by `npm run packages`: edit that file.
import { defineDeleteOperation } from '../../../shared/operations/deleteById';
import { sendImageRequest } from '../../api/batchLane';
import { imageLocator } from '../../locators';
import { deleteOutcome } from '../../profile';

export const { option, description, operation } = defineDeleteOperation({
	resource: 'image',
	noun: 'image',
	idParameter: 'imageId',
	action: 'Delete an image',
	summary: 'Permanently delete an image and all its variants; Cloudflare purges it from its cache',
	idDescription: 'ID of the image to delete (a custom ID may contain slashes)',
	locator: imageLocator,
	path: (id) => `/images/v1/${id}`,
	outcome: deleteOutcome,
	send: async (call, path) => await sendImageRequest(call, 'DELETE', path),
});
