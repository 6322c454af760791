import type { INodeProperties } from 'n8n-workflow';

import { binaryPropertyField } from './descriptions';
import type { ItemCall } from './ItemCall';

export interface BinaryFile {
	data: Buffer;
	fileName: string;
	mimeType: string;
	/** Lower-case extension without the dot, from the file name or else the MIME type. */
	extension: string;
}

/** Reads an item's binary property, refusing what cannot be uploaded before any request. */
export async function readBinary(
	call: ItemCall,
	propertyName: string,
	{ extensions, maxBytes }: { extensions?: string[]; maxBytes?: number } = {},
): Promise<BinaryFile> {
	const name = propertyName.trim();
	const binary = call.fn.getInputData()[call.itemIndex]?.binary?.[name];
	if (!binary) {
		throw call.badInput(
			`No file in the binary property "${name}" of this item. Set "Input Binary Field" to the property that holds the image.`,
		);
	}
	const data = await call.fn.helpers.getBinaryDataBuffer(call.itemIndex, name);
	if (data.length === 0) throw call.badInput(`The file in the binary property "${name}" is empty.`);
	if (maxBytes !== undefined && data.length > maxBytes) {
		throw call.badInput(`The file in "${name}" is ${data.length} bytes; the limit is ${maxBytes} bytes.`);
	}
	const mimeType = binary.mimeType || 'application/octet-stream';
	const fromName = /\.([a-z0-9]+)$/i.exec(binary.fileName ?? '')?.[1];
	const fromMime = /^image\/([a-z0-9.+-]+)$/i.exec(mimeType)?.[1];
	const extension = (fromName ?? fromMime ?? '').toLowerCase();
	if (extensions && !extensions.includes(extension)) {
		throw call.badInput(
			`Unsupported file type "${extension || mimeType}": upload ${extensions.join(', ')}.`,
		);
	}
	return { data, fileName: binary.fileName ?? `image.${extension || 'bin'}`, mimeType, extension };
}

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

/** What to upload: the item's binary file, or a URL the provider fetches itself. */
export async function readUploadSource(
	call: ItemCall,
	limits: { extensions?: string[]; maxBytes?: number } = {},
): Promise<{ url: string } | { file: BinaryFile }> {
	if (call.param<string>('inputType', 'binary') === 'url') return { url: readUrl(call, 'url') };
	return { file: await readBinary(call, call.param<string>('binaryPropertyName', 'data'), limits) };
}

/** An http(s) URL parameter, trimmed; anything else is refused before any request. */
export function readUrl(call: ItemCall, parameterName: string): string {
	const url = String(call.param<string>(parameterName, '')).trim();
	if (!/^https?:\/\/\S+$/i.test(url)) throw call.badInput(`URL must be an http(s) address, not "${url}".`);
	return url;
}
