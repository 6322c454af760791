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
import { accountResource } from './actions/account';
import { imageResource } from './actions/image';
import { listSearch } from './locators';
import { cloudflareImages } from './profile';

const resources = [imageResource, accountResource, connectionResource];

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
