// Generated from nodes/LeonardoAi/actions/image/upload.ts at the repository's top level by `npm run packages`: edit that file.
import type { IDataObject } from 'n8n-workflow';

import type { ItemCall } from '../../../shared/contracts';
import { isSuccessStatus } from '../../../shared/http/answers';
import { isJsonObject } from '../../../shared/http/json';
import { multipartBody } from '../../../shared/http/multipart';
import { readBinary } from '../../../shared/input/binary';
import { sendCreate } from '../../../shared/operations/create';
import { defineOperation } from '../../../shared/operations/define';
import { binaryPropertyField } from '../../../shared/ui/fields';

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
async function execute(call: ItemCall): Promise<IDataObject> {
	const file = await readBinary(call, call.param<string>('binaryPropertyName', 'data'), {
		extensions: EXTENSIONS,
	});
	const answer = await sendCreate(
		call,
		{ method: 'POST', path: '/init-image', body: { extension: file.extension } },
		{
			noun: 'init image',
			// No way to ask: Leonardo lists no init images, and only the lost answer held the id.
			howToCheck: () =>
				'without a file (none was sent), and Leonardo lists no init images to look for it; run the item again to upload the file',
		},
	);
	const upload = isJsonObject(answer) ? answer.uploadInitImage : undefined;
	if (!isJsonObject(upload) || typeof upload.id !== 'string' || typeof upload.url !== 'string') {
		throw call.apiError('no upload URL in the answer to POST /init-image');
	}
	const fields = presignedFields(upload.fields);
	if (!fields) throw call.apiError('the presigned upload fields are not a JSON object');
	const { body, contentType } = multipartBody([
		...Object.entries(fields).map(([field, value]) => ({ field, value: String(value) })),
		{ field: 'file', fileName: file.fileName, contentType: file.mimeType, data: file.data },
	]);
	const stored = await call.requestWithoutKey({
		method: 'POST',
		baseUrl: upload.url,
		path: '',
		body,
		headers: { 'Content-Type': contentType },
	});
	if (!isSuccessStatus(stored)) throw call.failure(stored);
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
