import type { IDataObject } from 'n8n-workflow';

import { sendCreate, sinceText } from '../../../shared/create';
import { checkId, type ItemContext } from '../../../shared/item';
import { defineOperation } from '../../../shared/properties';
import { isJsonObject, succeeded } from '../../../shared/transport';
import {
	multipartBody,
	type MultipartPart,
	readUploadSource,
	uploadSourceFields,
} from '../../../shared/upload';
import { IMAGES_ROUTE, imageRoute } from '../../profile';

const MAX_BYTES = 10 * 1024 * 1024;
const MAX_METADATA_BYTES = 1024;

export const { option, description, operation } = defineOperation('image', {
	name: 'Upload',
	value: 'upload',
	action: 'Upload an image',
	summary: 'Upload an image from binary data or from a URL',
	fields: uploadSourceFields,
	options: [
		{
			displayName: 'Custom ID',
			name: 'customId',
			type: 'string',
			default: '',
			description: 'Your own ID for the image (may contain slashes); a random one when empty',
		},
		{
			displayName: 'Metadata (JSON)',
			name: 'metadata',
			type: 'json',
			default: '{}',
			description: 'Key-value metadata, at most 1024 bytes of JSON',
		},
		{
			displayName: 'Require Signed URLs',
			name: 'requireSignedURLs',
			type: 'boolean',
			default: false,
			description:
				'Whether the image can be seen only through signed URLs (not with a Custom ID: Cloudflare cannot sign those)',
		},
		{
			displayName: 'Creator',
			name: 'creator',
			type: 'string',
			default: '',
			description: 'Who the image belongs to, to filter lists by',
		},
	],
	task: 'upload image',
	execute,
});

async function execute(item: ItemContext): Promise<IDataObject> {
	const parts: MultipartPart[] = [];
	const source = await readUploadSource(item, { maxBytes: MAX_BYTES });
	if ('url' in source) parts.push({ field: 'url', value: source.url });
	else
		parts.push({
			field: 'file',
			fileName: source.file.fileName,
			contentType: source.file.mimeType,
			data: source.file.data,
		});
	const customText = String(item.option('customId', '')).trim();
	const customId = customText === '' ? undefined : checkId(item, customText, 'custom');
	// Cloudflare's own rule: "Images with custom ID paths cannot be made private using signed URL tokens".
	if (customId !== undefined && item.option('requireSignedURLs', false))
		throw item.badInput(
			'Cloudflare cannot require signed URLs for an image with a Custom ID. Please leave Custom ID empty, or turn Require Signed URLs off.',
		);
	if (customId !== undefined) parts.push({ field: 'id', value: customId });
	const metadata = readMetadata(item);
	if (metadata) parts.push({ field: 'metadata', value: metadata });
	if (item.option('requireSignedURLs', false))
		parts.push({ field: 'requireSignedURLs', value: 'true' });
	const creator = String(item.option('creator', '')).trim();
	if (creator) parts.push({ field: 'creator', value: creator });

	const { body, contentType } = multipartBody(parts);
	const answer = await sendCreate(
		item,
		{ method: 'POST', path: IMAGES_ROUTE, body, headers: { 'Content-Type': contentType } },
		{
			noun: 'image',
			idIn: (body) =>
				isJsonObject(body) && isJsonObject(body.result) && typeof body.result.id === 'string'
					? body.result.id
					: undefined,
			// Only a custom ID names the image before the answer does.
			key: customId,
			find:
				customId === undefined
					? undefined
					: async (since) =>
							await findUploaded(
								item,
								customId,
								'file' in source ? source.file.fileName : undefined,
								since,
							),
			howToCheck: (since) =>
				customId === undefined
					? `look for it with Image → Get Many, Uploaded After ${sinceText(since)}`
					: `look for it with Image → Get, Image ID ${customId}`,
		},
	);
	const image = isJsonObject(answer) ? answer.result : undefined;
	if (!isJsonObject(image) || typeof image.id !== 'string')
		throw item.apiError('no image in the answer to the upload');
	return image;
}

/**
 * The answer about the image with this custom ID, if this upload made it: uploaded since it was
 * sent, and under the file name sent (binary uploads).
 */
async function findUploaded(
	item: ItemContext,
	customId: string,
	fileName: string | undefined,
	since: number,
): Promise<IDataObject | undefined> {
	const response = await item.request({
		method: 'GET',
		path: imageRoute(customId),
	});
	if (!succeeded(response, item.provider) || !isJsonObject(response.body)) return undefined;
	const image = response.body.result;
	// The upload's answer and this one are the same envelope around the image.
	return isJsonObject(image) &&
		image.id === customId &&
		Date.parse(String(image.uploaded)) >= since &&
		(fileName === undefined || image.filename === fileName)
		? response.body
		: undefined;
}

function readMetadata(item: ItemContext): string | undefined {
	const raw = item.option<unknown>('metadata', undefined);
	if (raw === undefined) return undefined;
	let value: unknown = raw;
	if (typeof raw === 'string') {
		try {
			value = JSON.parse(raw);
		} catch {
			throw item.badInput('Metadata must be a JSON object, e.g. {"source": "n8n"}.');
		}
	}
	if (!isJsonObject(value))
		throw item.badInput('Metadata must be a JSON object, e.g. {"source": "n8n"}.');
	if (Object.keys(value).length === 0) return undefined;
	const text = JSON.stringify(value);
	if (Buffer.byteLength(text) > MAX_METADATA_BYTES)
		throw item.badInput(
			`Metadata is ${Buffer.byteLength(text)} bytes of JSON; Cloudflare takes at most ${MAX_METADATA_BYTES}.`,
		);
	return text;
}
