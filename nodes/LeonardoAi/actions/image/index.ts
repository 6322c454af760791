import type { ResourceDefinition } from '../../../shared/router';
import * as deleteImage from './delete';
import * as get from './get';
import * as upload from './upload';

/** Uploaded init images (`/init-image`). */
export const imageResource: ResourceDefinition = {
	name: 'Image',
	value: 'image',
	operations: [deleteImage, get, upload],
};
