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
import * as getStats from './actions/account/getStats';
import * as deleteImage from './actions/image/delete';
import * as downloadImage from './actions/image/download';
import * as getImage from './actions/image/get';
import * as getManyImages from './actions/image/getMany';
import * as uploadImage from './actions/image/upload';
import { listSearch } from './locators';
import { cloudflareImages } from './profile';

const resources: ResourceDefinition[] = [
	{
		name: 'Image',
		value: 'image',
		operations: [deleteImage, downloadImage, getImage, getManyImages, uploadImage],
	},
	{ name: 'Account', value: 'account', operations: [getStats] },
	connectionResource,
];

export class CloudflareImages implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Cloudflare Images',
		name: 'cloudflareImages',
		icon: {
			light: 'file:../../icons/cloudflareImages.svg',
			dark: 'file:../../icons/cloudflareImages.dark.svg',
		},
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Upload, find and delete the images you keep at Cloudflare Images',
		defaults: { name: 'Cloudflare Images' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: credentialFor(cloudflareImages.credentialType),
		properties: nodeProperties(resources),
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOperation.call(this, cloudflareImages, resources);
	}
}
