// Generated from nodes/ImageKit/ImageKit.node.ts at the repository's top level by `npm run packages`: edit that file.
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { connectionResource } from '../shared/connections';
import { credentialFor, nodeProperties } from '../shared/properties';
import { runOperation } from '../shared/router';
import { cacheResource } from './actions/cache';
import { fileResource } from './actions/file';
import { listSearch } from './locators';
import { imageKit } from './profile';

const resources = [fileResource, cacheResource, connectionResource];

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
