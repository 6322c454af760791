import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { connectionResource } from '../shared/connectionResource';
import { credentialFor, nodeProperties } from '../shared/properties';
import { type ResourceDefinition, runOperation } from '../shared/router';
import * as getPurgeStatus from './actions/cache/getPurgeStatus';
import * as purgeCache from './actions/cache/purge';
import * as deleteFile from './actions/file/delete';
import * as deleteManyFiles from './actions/file/deleteMany';
import * as downloadFile from './actions/file/download';
import * as getFile from './actions/file/get';
import * as getManyFiles from './actions/file/getMany';
import * as uploadFile from './actions/file/upload';
import { listSearch } from './locators';
import { imageKit } from './profile';

const resources: ResourceDefinition[] = [
	{
		name: 'File',
		value: 'file',
		operations: [deleteFile, deleteManyFiles, downloadFile, getFile, getManyFiles, uploadFile],
	},
	{ name: 'Cache', value: 'cache', operations: [getPurgeStatus, purgeCache] },
	connectionResource,
];

export class ImageKit implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ImageKit',
		name: 'imageKit',
		icon: { light: 'file:../../icons/imageKit.svg', dark: 'file:../../icons/imageKit.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Upload, find and delete the files you keep at ImageKit',
		defaults: { name: 'ImageKit' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: credentialFor(imageKit.credentialType),
		properties: nodeProperties(resources),
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOperation.call(this, imageKit, resources);
	}
}
