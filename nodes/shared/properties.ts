/**
 * What the editor shows: the node's properties (resource and operation selectors,
 * authentication, each operation's fields and its Options collection) and the fields and options
 * operations share. `defineOperation` assembles one operation's entry, fields and options.
 */
import type { IDisplayOptions, INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

import { idLabel, type IdLocator, type ItemContext } from './item';
import type { ItemOutput, OperationModule, ResourceDefinition } from './router';

/** One operation as its file states it: the editor's entry, its parameters, and what it does. */
export interface OperationSpec {
	/** The Operation list entry: `Get`, and the action text `Get a file`. */
	name: string;
	value: string;
	action: string;
	summary: string;
	/** Parameters shown above Options. */
	fields?: INodeProperties[];
	/** This operation's own options; the shared ones (delays, requests) are added. */
	options?: INodeProperties[];
	/** Whether the request options (timeout, retries, pace) apply: not for a local operation. */
	sendsRequests?: boolean;
	/** Completes "Failed to <task>. API error: …". */
	task: string;
	execute(item: ItemContext): Promise<ItemOutput>;
	/** Items in flight at once, where not the provider's. */
	concurrency?: number;
}

export function defineOperation(resource: string, spec: OperationSpec): OperationModule {
	const { name, value, action, summary, fields = [], options = [], sendsRequests = true } = spec;
	return {
		option: { name, value, action, description: summary },
		description: forOperation(resource, value, [
			...fields,
			optionsCollection(options, { withRequests: sendsRequests }),
		]),
		operation: {
			task: spec.task,
			execute: spec.execute,
			...(spec.concurrency ? { concurrency: spec.concurrency } : {}),
		},
	};
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

/**
 * `noun` after its indefinite article, by the sound it starts with: `an image`, `an upload`,
 * `a file`, `a URL` (a `u` that sounds "you", as in `a user` or `a URL`, takes `a`).
 */
export function withArticle(noun: string): string {
	return `${/^(?:[aeio]|u(?!s|ni|ri|rl|ti))/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

/**
 * The id parameter of an operation on one object: `Image ID`, required. With a locator, a
 * resource locator whose modes are From List, By ID and (when URLs name the object) By URL.
 */
export function idField(
	noun: string,
	name: string,
	description?: string,
	locator?: IdLocator,
): INodeProperties {
	const field: INodeProperties = {
		displayName: idLabel(noun),
		name,
		type: 'string',
		required: true,
		default: '',
		...(description ? { description } : {}),
	};
	if (!locator) return field;
	return {
		...field,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select ${withArticle(noun)}...`,
				typeOptions: { searchListMethod: locator.searchMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: `e.g. ${locator.idExample}`,
			},
			...(locator.url
				? [
						{
							displayName: 'By URL',
							name: 'url',
							type: 'string' as const,
							placeholder: locator.url.placeholder,
							validation: [
								{
									type: 'regex' as const,
									properties: {
										regex: locator.url.pattern,
										errorMessage: `Not a URL that names ${withArticle(noun)}`,
									},
								},
							],
						},
					]
				: []),
		],
	};
}

export const connectionIdField: INodeProperties = {
	displayName: 'Connection ID',
	name: 'connectionId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. {{ $json.connectionId }}',
	description:
		'The connectionId that a Connect operation of this node type output earlier in this execution',
};

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

export const dryRunOption: INodeProperties = {
	displayName: 'Dry Run',
	name: 'dryRun',
	type: 'boolean',
	default: false,
	description:
		'Whether to only check what would be deleted, without deleting anything: each ID or URL is read and looked up, and the output says whether it would be deleted',
};

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

const simplifyOption: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
};

/**
 * The options that shape an answer: Simplify (when the operation has a short form, its fields)
 * and Output Fields, whose placeholder names fields this answer has: `example`, else the first
 * of the short form's.
 */
export function outputOptions(simplifyFields?: string[], example?: string): INodeProperties[] {
	// Small answers on request: what an AI agent's tool call should get back.
	const outputFields: INodeProperties = {
		displayName: 'Output Fields',
		name: 'outputFields',
		type: 'string',
		default: '',
		placeholder: `e.g. ${example ?? simplifyFields?.slice(0, 3).join(', ') ?? 'id'}`,
		description:
			'Only these fields of each result, separated by commas (overrides Simplify); a dot reaches inside one, e.g. count.current. Keeps answers small, e.g. for an AI agent. A name the answer does not have fails the item.',
	};
	return simplifyFields ? [simplifyOption, outputFields] : [outputFields];
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
