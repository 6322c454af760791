import type { ResourceDefinition } from '../../../shared/router';
import * as deleteFile from './delete';
import * as deleteMany from './deleteMany';
import * as get from './get';
import * as getMany from './getMany';
import * as upload from './upload';

export const fileResource: ResourceDefinition = {
	name: 'File',
	value: 'file',
	operations: [deleteFile, deleteMany, get, getMany, upload],
};
