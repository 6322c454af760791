// Generated from nodes/CloudflareImages/actions/image/upload.ts at the repository's top level by `npm run packages`: edit that file.
import type { IDataObject } from 'n8n-workflow';

import { madeSince, sendCreate, sinceText } from '../../../shared/create';
import { isDotSegment, readUploadSource } from '../../../shared/input';
import { multipartBody, type MultipartPart } from '../../../shared/multipart';
import { defineOperation, uploadSourceFields } from '../../../shared/properties';
import type { ItemContext } from '../../../shared/router';
import { isJsonObject, succeeded } from '../../../shared/transport';
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
			description: 'Whether the image can be seen only through signed URLs',
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
	const customId = String(item.option('customId', '')).trim();
	if (customId) parts.push({ field: 'id', value: customId });
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
			// Only a custom ID names the image before the answer does.
			key: customId || undefined,
			find: customId
				? async (sentAt) =>
						await findUploaded(
							item,
							customId,
							'file' in source ? source.file.fileName : undefined,
							sentAt,
						)
				: undefined,
			howToCheck: (sentAt) =>
				customId
					? `look for it with Image → Get, Image ID ${customId}`
					: `look for it with Image → Get Many, Uploaded After ${sinceText(sentAt)}`,
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
	sentAt: Date,
): Promise<IDataObject | undefined> {
	// Such a path would name another route.
	if (isDotSegment(customId)) return undefined;
	const response = await item.request({
		method: 'GET',
		path: imageRoute(customId),
	});
	if (!succeeded(response, item.provider) || !isJsonObject(response.body)) return undefined;
	const image = response.body.result;
	// The upload's answer and this one are the same envelope around the image.
	return isJsonObject(image) &&
		image.id === customId &&
		madeSince(image.uploaded, sentAt) &&
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
