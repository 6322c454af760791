// Generated from nodes/LeonardoAi/actions/image/upload.ts at the repository's top level by `npm run packages`: edit that file.
import type { IDataObject } from 'n8n-workflow';

import { sendCreate } from '../../../shared/create';
import { readBinary } from '../../../shared/input';
import { multipartBody } from '../../../shared/multipart';
import { binaryPropertyField, defineOperation } from '../../../shared/properties';
import type { ItemContext } from '../../../shared/router';
import { isJsonObject, isSuccessStatus } from '../../../shared/transport';
import { INIT_IMAGES_ROUTE } from '../../profile';

const EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp'];

export const { option, description, operation } = defineOperation('image', {
	name: 'Upload',
	value: 'upload',
	action: 'Upload an image',
	summary: 'Upload an init image (png, jpg, jpeg, webp) to use in generations',
	fields: [binaryPropertyField],
	task: 'upload image',
	execute,
});

/**
 * Two steps: Leonardo hands out a presigned upload (`POST /init-image`), then the file goes
 * straight to storage with the presigned fields — without the API key.
 */
async function execute(item: ItemContext): Promise<IDataObject> {
	const file = await readBinary(item, item.param<string>('binaryPropertyName', 'data'), {
		extensions: EXTENSIONS,
	});
	const answer = await sendCreate(
		item,
		{ method: 'POST', path: INIT_IMAGES_ROUTE, body: { extension: file.extension } },
		{
			noun: 'init image',
			// No way to ask: Leonardo lists no init images, and only the lost answer held the id.
			howToCheck: () =>
				'without a file (none was sent), and Leonardo lists no init images to look for it; run the item again to upload the file',
		},
	);
	const upload = isJsonObject(answer) ? answer.uploadInitImage : undefined;
	if (!isJsonObject(upload) || typeof upload.id !== 'string' || typeof upload.url !== 'string') {
		throw item.apiError('no upload URL in the answer to POST /init-image');
	}
	// Leonardo holds an init image of this id from here on, without a file until the upload below.
	item.did(
		`made init image ${upload.id} without its file: delete it with Image → Delete, then run the item again`,
		upload.id,
	);
	const fields = presignedFields(upload.fields);
	if (!fields) throw item.apiError('the presigned upload fields are not a JSON object');
	const { body, contentType } = multipartBody([
		...Object.entries(fields).map(([field, value]) => ({ field, value: String(value) })),
		{ field: 'file', fileName: file.fileName, contentType: file.mimeType, data: file.data },
	]);
	const stored = await item.requestWithoutKey({
		method: 'POST',
		baseUrl: upload.url,
		path: '',
		body,
		headers: { 'Content-Type': contentType },
	});
	if (!isSuccessStatus(stored)) throw item.failure(stored);
	return {
		id: upload.id,
		extension: file.extension,
		fileName: file.fileName,
		size: file.data.length,
	};
}

/** `fields` comes as a JSON string (an object is taken as well). */
function presignedFields(raw: unknown): IDataObject | undefined {
	if (isJsonObject(raw)) return raw;
	if (typeof raw !== 'string') return undefined;
	try {
		const parsed: unknown = JSON.parse(raw);
		return isJsonObject(parsed) ? parsed : undefined;
	} catch {
		return undefined;
	}
}
