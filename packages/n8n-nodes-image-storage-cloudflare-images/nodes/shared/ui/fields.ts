// Generated from nodes/shared/ui/fields.ts at the repository's top level by `npm run packages`: edit that file.
import type { INodeProperties } from 'n8n-workflow';

import type { IdLocator } from '../contracts';
import { idLabel } from '../input/ids';

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
				placeholder: `Select a ${noun}...`,
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
										errorMessage: `Not a URL that names ${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`,
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
		description: 'Upload a file from an earlier node, or have the provider fetch it from a URL',
	},
	{ ...binaryPropertyField, displayOptions: { show: { inputType: ['binary'] } } },
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. https://example.com/image.png',
		description: 'A public http(s) address of the image',
		displayOptions: { show: { inputType: ['url'] } },
	},
];
