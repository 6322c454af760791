/**
 * What an upload sends: the item's binary file, or a URL, read and checked before any request;
 * and the multipart body that carries it.
 */
import type { INodeProperties } from 'n8n-workflow';
import { randomBytes } from 'node:crypto';

import { type ItemContext, readUrl } from './item';

/** Input Type (binary file or URL), with the fields each one needs: an upload's source. */
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
		description: 'Upload a file from an earlier node, or from a public URL',
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field containing the file to be uploaded',
		displayOptions: { show: { inputType: ['binary'] } },
	},
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

export interface BinaryFile {
	data: Buffer;
	fileName: string;
	mimeType: string;
	/** Lower-case extension without the dot, from the file name or else the MIME type. */
	extension: string;
}

export interface FileLimits {
	extensions?: string[];
	maxBytes?: number;
}

/** What to upload: the item's binary file, or a URL the provider fetches itself. */
export async function readUploadSource(
	item: ItemContext,
	limits: FileLimits = {},
): Promise<{ url: string } | { file: BinaryFile }> {
	if (item.param<string>('inputType', 'binary') === 'url') return { url: readUrl(item, 'url') };
	return { file: await readBinary(item, item.param<string>('binaryPropertyName', 'data'), limits) };
}

/** Reads an item's binary property, refusing what cannot be uploaded before any request. */
async function readBinary(
	item: ItemContext,
	propertyName: string,
	limits: FileLimits,
): Promise<BinaryFile> {
	const name = propertyName.trim();
	const binary = item.fn.getInputData()[item.itemIndex]?.binary?.[name];
	if (!binary) {
		throw item.badInput(
			`No file in the binary property "${name}" of this item. Set "Input Binary Field" to the property that holds the image.`,
		);
	}
	const data = await item.fn.helpers.getBinaryDataBuffer(item.itemIndex, name);
	return checkedFile(
		item,
		{ data, fileName: binary.fileName, mimeType: binary.mimeType },
		`the binary property "${name}"`,
		limits,
	);
}

/**
 * A file checked before it is uploaded: not empty, within `maxBytes`, of one of `extensions`;
 * its extension from its name, else its MIME type. `where` names it in the messages.
 */
export function checkedFile(
	item: ItemContext,
	{ data, fileName, mimeType }: { data: Buffer; fileName?: string; mimeType?: string },
	where: string,
	{ extensions, maxBytes }: FileLimits,
): BinaryFile {
	if (data.length === 0) throw item.badInput(`The file in ${where} is empty.`);
	if (maxBytes !== undefined && data.length > maxBytes) {
		throw item.badInput(
			`The file in ${where} is ${data.length} bytes; the limit is ${maxBytes} bytes.`,
		);
	}
	const type = mimeType || 'application/octet-stream';
	const fromName = /\.([a-z0-9]+)$/i.exec(fileName ?? '')?.[1];
	const fromMime = /^image\/([a-z0-9.+-]+)$/i.exec(type)?.[1];
	const extension = (fromName ?? fromMime ?? '').toLowerCase();
	if (extensions && !extensions.includes(extension)) {
		throw item.badInput(
			`Unsupported file type "${extension || type}": upload ${extensions.join(', ')}.`,
		);
	}
	return { data, fileName: fileName || `image.${extension || 'bin'}`, mimeType: type, extension };
}

export type MultipartPart =
	| { field: string; value: string }
	| { field: string; fileName: string; contentType: string; data: Buffer };

/**
 * A multipart/form-data body built by hand: the same bytes whatever HTTP client n8n runs,
 * and no runtime dependency.
 */
export function multipartBody(parts: MultipartPart[]): { body: Buffer; contentType: string } {
	const boundary = `----n8nImageStorage${randomBytes(12).toString('hex')}`;
	const chunks: Buffer[] = [];
	for (const part of parts) {
		const name = quote(part.field);
		if ('data' in part) {
			chunks.push(
				Buffer.from(
					`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${quote(part.fileName)}"\r\nContent-Type: ${part.contentType}\r\n\r\n`,
				),
				part.data,
				Buffer.from('\r\n'),
			);
		} else {
			chunks.push(
				Buffer.from(
					`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${part.value}\r\n`,
				),
			);
		}
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`));
	return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

function quote(text: string): string {
	return text.replace(/["\r\n]/g, (character) => encodeURIComponent(character));
}
