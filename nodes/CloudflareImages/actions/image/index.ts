import * as deleteImage from './delete';
import * as get from './get';
import * as getMany from './getMany';
import * as upload from './upload';
import type { ResourceDefinition } from '../../../shared/contracts';

export const imageResource: ResourceDefinition = {
	name: 'Image',
	value: 'image',
	operations: [deleteImage, get, getMany, upload],
};
