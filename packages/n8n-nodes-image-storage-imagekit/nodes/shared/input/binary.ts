// Generated from nodes/shared/input/binary.ts at the repository's top level by `npm run packages`: edit that file.
import type { ItemCall } from '../contracts';
import { readUrl } from './urls';

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
		throw call.badInput(
			`The file in "${name}" is ${data.length} bytes; the limit is ${maxBytes} bytes.`,
		);
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

/** What to upload: the item's binary file, or a URL the provider fetches itself. */
export async function readUploadSource(
	call: ItemCall,
	limits: { extensions?: string[]; maxBytes?: number } = {},
): Promise<{ url: string } | { file: BinaryFile }> {
	if (call.param<string>('inputType', 'binary') === 'url') return { url: readUrl(call, 'url') };
	return { file: await readBinary(call, call.param<string>('binaryPropertyName', 'data'), limits) };
}
