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
import * as createGeneration from './actions/generation/create';
import * as deleteGeneration from './actions/generation/delete';
import * as downloadGeneration from './actions/generation/download';
import * as getGeneration from './actions/generation/get';
import * as getManyGenerations from './actions/generation/getMany';
import * as deleteImage from './actions/image/delete';
import * as getImage from './actions/image/get';
import * as uploadImage from './actions/image/upload';
import * as getUser from './actions/user/get';
import { listSearch } from './locators';
import { leonardoAi } from './profile';

const resources: ResourceDefinition[] = [
	// Uploaded init images (`/init-image`).
	{ name: 'Image', value: 'image', operations: [deleteImage, getImage, uploadImage] },
	{
		name: 'Generation',
		value: 'generation',
		operations: [
			createGeneration,
			deleteGeneration,
			downloadGeneration,
			getGeneration,
			getManyGenerations,
		],
	},
	{ name: 'User', value: 'user', operations: [getUser] },
	connectionResource,
];

export class LeonardoAi implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Leonardo AI',
		name: 'leonardoAi',
		icon: {
			light: 'file:../../icons/leonardoAi.svg',
			dark: 'file:../../icons/leonardoAi.dark.svg',
		},
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Upload, find and delete the images you keep at Leonardo AI',
		defaults: { name: 'Leonardo AI' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: credentialFor(leonardoAi.credentialType),
		properties: nodeProperties(resources),
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOperation.call(this, leonardoAi, resources);
	}
}
