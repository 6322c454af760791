import type { IDataObject } from 'n8n-workflow';

import { IMAGEKIT_FILES_ROUTE } from '../../../../credentials/ImageKitApi.credentials';
import { sendCreate, sinceText } from '../../../shared/create';
import { simplified } from '../../../shared/get';
import type { ItemContext } from '../../../shared/item';
import { defineOperation, outputOptions } from '../../../shared/properties';
import { isJsonObject, succeeded } from '../../../shared/transport';
import {
	multipartBody,
	type MultipartPart,
	readUploadSource,
	uploadSourceFields,
} from '../../../shared/upload';

/** What Simplify keeps of an upload's answer: ImageKit answers an upload in its own shape. */
export const UPLOAD_FIELDS = [
	'fileId',
	'name',
	'filePath',
	'url',
	'thumbnailUrl',
	'fileType',
	'size',
	'width',
	'height',
	'tags',
	'isPrivateFile',
];

export const { option, description, operation } = defineOperation('file', {
	name: 'Upload',
	value: 'upload',
	action: 'Upload a file',
	summary: 'Upload a file from binary data or from a URL',
	fields: [
		...uploadSourceFields,
		{
			displayName: 'File Name',
			name: 'fileName',
			type: 'string',
			default: '',
			description: "The file's name; the binary file's own name when empty",
		},
	],
	options: [
		{
			displayName: 'Folder',
			name: 'folder',
			type: 'string',
			default: '/',
			description: 'Folder to upload into, created when missing',
		},
		{
			displayName: 'Tags',
			name: 'tags',
			type: 'string',
			default: '',
			description: 'Comma-separated tags',
		},
		{
			displayName: 'Use Unique File Name',
			name: 'useUniqueFileName',
			type: 'boolean',
			default: true,
			description: 'Whether ImageKit adds a suffix so that no file is overwritten',
		},
		{
			displayName: 'Private File',
			name: 'isPrivateFile',
			type: 'boolean',
			default: false,
			description: 'Whether the file can be seen only through signed URLs',
		},
		...outputOptions(UPLOAD_FIELDS, 'fileId, name, url'),
	],
	task: 'upload file',
	execute,
});

async function execute(item: ItemContext): Promise<IDataObject> {
	const parts: MultipartPart[] = [];
	let fileName = String(item.param<string>('fileName', '')).trim();
	const source = await readUploadSource(item);
	if ('url' in source) {
		// ImageKit takes a URL in the same `file` field and fetches it.
		parts.push({ field: 'file', value: source.url });
		fileName ||= source.url.split(/[?#]/)[0].split('/').pop() ?? '';
	} else {
		parts.push({
			field: 'file',
			fileName: source.file.fileName,
			contentType: source.file.mimeType,
			data: source.file.data,
		});
		fileName ||= source.file.fileName;
	}
	if (!fileName) throw item.badInput('File Name cannot be empty. Please provide a file name.');
	parts.push({ field: 'fileName', value: fileName });
	const folder = String(item.option('folder', '')).trim();
	if (folder) parts.push({ field: 'folder', value: folder });
	const tags = String(item.option('tags', ''))
		.split(',')
		.map((tag) => tag.trim())
		.filter(Boolean);
	if (tags.length > 0) parts.push({ field: 'tags', value: tags.join(',') });
	const useUniqueFileName = String(item.option('useUniqueFileName', true));
	parts.push({ field: 'useUniqueFileName', value: useUniqueFileName });
	const uniqueName = useUniqueFileName !== 'false';
	parts.push({ field: 'isPrivateFile', value: String(item.option('isPrivateFile', false)) });

	const { body, contentType } = multipartBody(parts);
	const bytesSent = 'url' in source ? undefined : source.file.data.length;
	const folderPath = `/${folder.replace(/^\/+|\/+$/g, '')}/`.replace('//', '/');
	const answer = await sendCreate(
		item,
		{
			method: 'POST',
			host: 'upload',
			path: '/api/v1/files/upload',
			body,
			headers: { 'Content-Type': contentType },
		},
		{
			noun: 'file',
			idIn: (body) =>
				isJsonObject(body) && typeof body.fileId === 'string' ? body.fileId : undefined,
			// Without a unique suffix the file's path is known before the answer names it.
			key: uniqueName ? undefined : `${folderPath}${fileName}`,
			find: uniqueName
				? undefined
				: async (since) => await findUploaded(item, folderPath, fileName, bytesSent, since),
			howToCheck: (since) =>
				`look for it with File → Get Many, Path ${folderPath}, Search Query ${
					uniqueName ? `createdAt >= "${sinceText(since)}"` : nameQuery(fileName)
				}`,
		},
	);
	if (!isJsonObject(answer) || typeof answer.fileId !== 'string')
		throw item.apiError('no fileId in the answer to the upload');
	return simplified(item, answer, UPLOAD_FIELDS);
}

/**
 * The file at `folderPath` + `fileName`, if this upload wrote it (changed since it was sent, of
 * the size sent for binary uploads), in the upload answer's shape as far as the list's details go.
 */
async function findUploaded(
	item: ItemContext,
	folderPath: string,
	fileName: string,
	bytesSent: number | undefined,
	since: number,
): Promise<IDataObject | undefined> {
	const response = await item.request({
		method: 'GET',
		path: IMAGEKIT_FILES_ROUTE,
		qs: { path: folderPath, searchQuery: nameQuery(fileName) },
	});
	if (!succeeded(response, item.provider) || !Array.isArray(response.body)) return undefined;
	const written = (response.body as unknown[])
		.filter(isJsonObject)
		.filter(
			(file) =>
				file.filePath === `${folderPath}${fileName}` &&
				file.name === fileName &&
				(bytesSent === undefined || file.size === bytesSent) &&
				Date.parse(String(file.updatedAt ?? file.createdAt)) >= since,
		);
	if (written.length !== 1) return undefined;
	const [file] = written;
	const upload = Object.entries(file).filter(([field]) => !DETAILS_ONLY.includes(field));
	return {
		...Object.fromEntries(upload),
		...(file.thumbnail === undefined ? {} : { thumbnailUrl: file.thumbnail }),
	};
}

/** Fields of a file's details that an upload's answer does not have (its thumbnail is `thumbnailUrl`). */
const DETAILS_ONLY = ['type', 'mime', 'thumbnail', 'hasAlpha', 'createdAt', 'updatedAt'];

/** ImageKit's search for an exact file name. */
function nameQuery(fileName: string): string {
	return `name = "${fileName.replace(/["\\]/g, '\\$&')}"`;
}
