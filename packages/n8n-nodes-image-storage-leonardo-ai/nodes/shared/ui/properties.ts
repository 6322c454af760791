// Generated from nodes/shared/ui/properties.ts at the repository's top level by `npm run packages`: edit that file.
import type { IDisplayOptions, INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

import type { ResourceDefinition } from '../contracts';
import { connectionIdField } from './fields';

/** Shows `properties` only for one resource and operation. */
export function forOperation(
	resource: string,
	operation: string,
	properties: INodeProperties[],
): INodeProperties[] {
	const show: IDisplayOptions['show'] = { resource: [resource], operation: [operation] };
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...property.displayOptions?.show, ...show },
		},
	}));
}

/** The node's credential: needed unless a connection id stands in for it. */
export function credentialFor(name: string): INodeCredentialDescription[] {
	return [
		{
			name,
			required: true,
			displayOptions: { hide: { authentication: ['connectionId'], operation: ['disconnect'] } },
		},
	];
}

/**
 * Resource and operation selectors, authentication, then each operation's parameters. The
 * first resource, and each resource's first operation, are the defaults.
 */
export function nodeProperties(resources: ResourceDefinition[]): INodeProperties[] {
	const firstResource = resources[0].value;
	return [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: resources.map(({ name, value }) => ({ name, value })),
			default: firstResource,
		},
		...resources.map((resource): INodeProperties => {
			const firstOperation = resource.operations[0].option.value;
			return {
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: [resource.value] } },
				options: resource.operations.map((module) => module.option),
				default: firstOperation,
			};
		}),
		...authenticationProperties,
		...resources.flatMap((resource) => resource.operations.flatMap((module) => module.description)),
	];
}

const authenticationProperties: INodeProperties[] = [
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{
				name: 'Credentials',
				value: 'credentials',
				description: "Use the key stored in this node's credential",
			},
			{
				name: 'Connection ID',
				value: 'connectionId',
				description: 'Use a connection opened by a Connect operation earlier in this execution',
			},
		],
		default: 'credentials',
		description:
			"Which key the requests use: the node's credential, or a connection opened earlier",
		displayOptions: { hide: { resource: ['connection'] } },
	},
	{
		...connectionIdField,
		displayOptions: {
			show: { authentication: ['connectionId'] },
			hide: { resource: ['connection'] },
		},
	},
];
