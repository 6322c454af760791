// Generated from nodes/shared/ui/options.ts at the repository's top level by `npm run packages`: edit that file.
import type { INodeProperties } from 'n8n-workflow';

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

export const simplifyOption: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
};

/** Small answers on request: what an AI agent's tool call should get back. */
export const outputFieldsOption: INodeProperties = {
	displayName: 'Output Fields',
	name: 'outputFields',
	type: 'string',
	default: '',
	placeholder: 'e.g. name, url, createdAt',
	description:
		'Only these fields of each result, separated by commas (overrides Simplify); keeps answers small, e.g. for an AI agent',
};

/** The options that shape an answer: Simplify (when the operation has a short form) and Output Fields. */
export function outputOptions(simplifyFields?: string[]): INodeProperties[] {
	return simplifyFields ? [simplifyOption, outputFieldsOption] : [outputFieldsOption];
}
