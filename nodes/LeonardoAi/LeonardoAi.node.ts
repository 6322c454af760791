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
import { generationResource } from './actions/generation';
import { imageResource } from './actions/image';
import { userResource } from './actions/user';
import { listSearch } from './locators';
import { leonardoAi } from './profile';

const resources = [imageResource, generationResource, userResource, connectionResource];

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
