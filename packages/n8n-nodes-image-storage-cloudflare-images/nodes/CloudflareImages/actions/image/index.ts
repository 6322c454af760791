// Generated from nodes/CloudflareImages/actions/image/index.ts at the repository's top level by `npm run packages`: edit that file.
import type { ResourceDefinition } from '../../../shared/router';
import * as deleteImage from './delete';
import * as get from './get';
import * as getMany from './getMany';
import * as upload from './upload';

export const imageResource: ResourceDefinition = {
	name: 'Image',
	value: 'image',
	operations: [deleteImage, get, getMany, upload],
};
