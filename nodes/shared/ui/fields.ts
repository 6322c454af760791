import type { INodeProperties } from 'n8n-workflow';

import { idLabel } from '../input/ids';

/** The id parameter of an operation on one object: `Image ID`, required. */
export function idField(noun: string, name: string, description?: string): INodeProperties {
	return {
		displayName: idLabel(noun),
		name,
		type: 'string',
		required: true,
		default: '',
		...(description ? { description } : {}),
	};
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

/** Input Type (binary file or URL), with the fields each one needs: the upload operations' source. */
export const uploadSourceFields: INodeProperties[] = [
	{
		displayName: 'Input Type',
		name: 'inputType',
		type: 'options',
		options: [
			{ name: 'Binary File', value: 'binary' },
			{ name: 'URL', value: 'url' },
		],
		default: 'binary',
	},
	{ ...binaryPropertyField, displayOptions: { show: { inputType: ['binary'] } } },
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/image.png',
		displayOptions: { show: { inputType: ['url'] } },
	},
];
