// Generated from nodes/ImageKit/actions/file/index.ts at the repository's top level by `npm run packages`: edit that file.
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
