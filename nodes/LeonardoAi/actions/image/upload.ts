import type { IDataObject } from 'n8n-workflow';

import { sendCreate } from '../../../shared/create';
import { fetchFile } from '../../../shared/download';
import type { ItemContext } from '../../../shared/item';
import { defineOperation } from '../../../shared/properties';
import { isJsonObject, isSuccessStatus } from '../../../shared/transport';
import {
	type BinaryFile,
	checkedFile,
	type FileLimits,
	multipartBody,
	readUploadSource,
	uploadSourceFields,
} from '../../../shared/upload';
import { INIT_IMAGES_ROUTE } from '../../profile';

const EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp'];

export const { option, description, operation } = defineOperation('image', {
	name: 'Upload',
	value: 'upload',
	action: 'Upload an image',
	summary:
		'Upload an init image (png, jpg, jpeg, webp) to use in generations, from binary data or a URL',
	fields: uploadSourceFields,
	task: 'upload image',
	execute,
});

/** Leonardo's presigned upload URL "expires in 2 minutes" (docs.leonardo.ai, upload an image). */
const PRESIGNED_LIFETIME_MS = 120_000;

/**
 * Two steps: Leonardo hands out a presigned upload (`POST /init-image`), then the file goes
 * straight to storage with the presigned fields — without the API key. A URL input is fetched
 * here first: Leonardo takes files only.
 */
async function execute(item: ItemContext): Promise<IDataObject> {
	const file = await readUploadFile(item, { extensions: EXTENSIONS });
	const answer = await sendCreate(
		item,
		{ method: 'POST', path: INIT_IMAGES_ROUTE, body: { extension: file.extension } },
		{
			noun: 'init image',
			idIn: (created) => {
				const upload = isJsonObject(created) ? created.uploadInitImage : undefined;
				return isJsonObject(upload) && typeof upload.id === 'string' ? upload.id : undefined;
			},
			// Leonardo holds an init image of this id from here on, without a file until the upload below.
			madeWords: () => 'without its file: delete it with Image → Delete, then run the item again',
			// No way to ask: Leonardo lists no init images, and only the lost answer held the id.
			howToCheck: () =>
				'without a file (none was sent), and Leonardo lists no init images to look for it; run the item again to upload the file',
		},
	);
	const expires = Date.now() + PRESIGNED_LIFETIME_MS;
	const upload = isJsonObject(answer) ? answer.uploadInitImage : undefined;
	if (!isJsonObject(upload) || typeof upload.id !== 'string' || typeof upload.url !== 'string') {
		throw item.apiError('no upload URL in the answer to POST /init-image');
	}
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
		notAfter: expires,
	});
	if (!isSuccessStatus(stored)) {
		throw Date.now() >= expires
			? item.apiError(
					`the presigned upload URL expired before the file was stored (Leonardo gives it 2 minutes; ${stored.statusCode > 0 ? `the last answer: HTTP ${stored.statusCode}` : (stored.networkError ?? 'no answer')})`,
					stored.statusCode > 0 ? String(stored.statusCode) : undefined,
				)
			: item.failure(stored);
	}
	return {
		id: upload.id,
		extension: file.extension,
		fileName: file.fileName,
		size: file.data.length,
	};
}

/**
 * The file to upload: the item's binary file, or the file at its URL, fetched here (without the
 * key) and checked like a binary file. Leonardo takes files only.
 */
async function readUploadFile(item: ItemContext, limits: FileLimits = {}): Promise<BinaryFile> {
	const source = await readUploadSource(item, limits);
	if ('file' in source) return source.file;
	const file = await fetchFile(item, { url: source.url });
	const { origin, pathname } = new URL(source.url);
	return checkedFile(item, file, `the URL ${origin}${pathname}`, limits);
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
