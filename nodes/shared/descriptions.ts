import type {
	IDisplayOptions,
	INodeCredentialDescription,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import type { Operation, OperationMap } from './types';

/** What one operation file exports. */
export interface OperationModule {
	/** The entry in the resource's Operation list. */
	option: INodePropertyOptions & { value: string };
	/** Its parameters, shown only for it. */
	description: INodeProperties[];
	operation: Operation;
}

export interface ResourceDefinition {
	name: string;
	value: string;
	operations: OperationModule[];
}

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

/** Resource and operation selectors, authentication, then each operation's parameters. */
export function nodeProperties(resources: ResourceDefinition[]): INodeProperties[] {
	return [
		// eslint-disable-next-line n8n-nodes-base/node-param-default-missing -- computed: the first resource
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: resources.map(({ name, value }) => ({ name, value })),
			default: resources[0].value,
		},
		...resources.map(
			// eslint-disable-next-line n8n-nodes-base/node-param-default-missing -- computed: the first operation
			(resource): INodeProperties => ({
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: [resource.value] } },
				options: resource.operations.map((module) => module.option),
				default: resource.operations[0].option.value,
			}),
		),
		...authenticationProperties,
		...resources.flatMap((resource) => resource.operations.flatMap((module) => module.description)),
	];
}

export function operationMap(resources: ResourceDefinition[]): OperationMap {
	const map: OperationMap = {};
	for (const resource of resources) {
		map[resource.value] = {};
		for (const module of resource.operations) {
			map[resource.value][module.option.value] = module.operation;
		}
	}
	return map;
}

export const connectionIdField: INodeProperties = {
	displayName: 'Connection ID',
	name: 'connectionId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. {{ $json.connectionId }}',
	description: 'The connectionId that a Connect operation of this node type output',
};

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
				description: 'Use a connection opened by a Connect operation earlier in this workflow',
			},
		],
		default: 'credentials',
		displayOptions: { hide: { resource: ['connection'] } },
	},
	{
		...connectionIdField,
		displayOptions: { show: { authentication: ['connectionId'] }, hide: { resource: ['connection'] } },
	},
];

const delayOptions: INodeProperties[] = [
	{
		displayName: 'Delay After (Seconds)',
		name: 'delayAfter',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 3 },
		default: 0,
		description: 'Seconds to wait once after the last item is done (not per item)',
	},
	{
		displayName: 'Delay Before (Seconds)',
		name: 'delayBefore',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 3 },
		default: 0,
		description: 'Seconds to wait once before the first request (not per item)',
	},
];

const requestOptions: INodeProperties[] = [
	{
		displayName: 'Max Requests per Second',
		name: 'maxRequestsPerSecond',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 0,
		description:
			"Lower the pace below the provider's published limit, e.g. to leave room for other tools on the same account; 0 keeps the default",
	},
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 10 },
		default: 4,
		description:
			'How often a request that met a rate limit, a server error, a timeout or a lost connection is sent again',
	},
	{
		displayName: 'Request Timeout (Seconds)',
		name: 'requestTimeout',
		type: 'number',
		typeOptions: { minValue: 0.001, numberPrecision: 3 },
		default: 30,
		description: 'An answer that takes longer is abandoned and the request retried',
	},
];

export const ignoreNotFoundOption: INodeProperties = {
	displayName: 'Ignore Not Found',
	name: 'ignoreNotFound',
	type: 'boolean',
	default: false,
	description:
		'Whether a missing item outputs {"deleted": false, "notFound": true} instead of failing',
};

/** The `options` collection every operation has: delays and request behaviour, plus its own. */
export function optionsCollection(
	own: INodeProperties[] = [],
	{ withRequests = true }: { withRequests?: boolean } = {},
): INodeProperties {
	const options = [...own, ...delayOptions, ...(withRequests ? requestOptions : [])];
	options.sort((a, b) => a.displayName.localeCompare(b.displayName));
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}

/** `returnAll` and `limit`, as n8n's own list operations have them. */
export function returnAllAndLimit(maxLimit?: number): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1, ...(maxLimit ? { maxValue: maxLimit } : {}) },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}

export const binaryPropertyField: INodeProperties = {
	displayName: 'Input Binary Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
	hint: 'The name of the input binary field containing the file to be uploaded',
};

export const simplifyOption: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
};

/** Keeps only `fields` of an object when the Simplify option is on (the default). */
export function simplified<T extends object>(call: { option<V>(name: string, fallback: V): V }, value: T, fields: string[]): T {
	if (!call.option('simplify', true)) return value;
	const result: Record<string, unknown> = {};
	for (const field of fields) if (field in value) result[field] = (value as Record<string, unknown>)[field];
	return result as T;
}
