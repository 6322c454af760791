import type { IDataObject } from 'n8n-workflow';

import { readId } from '../../../shared/input';
import { defineOperation, idField, ignoreNotFoundOption } from '../../../shared/properties';
import { deleteResult, type ItemContext } from '../../../shared/router';
import { isJsonObject, succeeded } from '../../../shared/transport';
import { groupedDeletePath } from '../../batchDelete';
import { fileLocator } from '../../locators';
import { deleteOutcome, fileDetailsRoute, fileRoute, purgeUrl } from '../../profile';

export const { option, description, operation } = defineOperation('file', {
	name: 'Delete',
	value: 'delete',
	action: 'Delete a file',
	summary: 'Permanently delete a file from the media library, optionally purging its CDN URL',
	fields: [
		idField('file', 'fileId', 'The fileId returned by the upload and list APIs', fileLocator),
	],
	options: [
		ignoreNotFoundOption,
		{
			displayName: 'Purge Cache',
			name: 'purgeCache',
			type: 'boolean',
			default: false,
			description:
				"Whether to also purge the file's URL from the CDN cache: deleting a file does not",
		},
	],
	task: 'delete file',
	execute,
	grouped: groupedDeletePath(readFileId, execute),
});

async function readFileId(item: ItemContext): Promise<string> {
	return await readId(item, 'fileId', 'file', fileLocator);
}

/**
 * With Purge Cache, the file's URL is read before the delete and purged after it. A purge that
 * fails after the delete does not undo it: the item reports the delete, with `purgeError`.
 */
async function execute(item: ItemContext): Promise<IDataObject> {
	const id = await readFileId(item);
	if (!item.option('purgeCache', false)) return await deleteFile(item, id);
	const details = await item.request({
		method: 'GET',
		path: fileDetailsRoute(id),
	});
	const url =
		succeeded(details, item.provider) && isJsonObject(details.body) ? details.body.url : undefined;
	if (details.statusCode !== 404 && typeof url !== 'string') throw item.failure(details);
	const result = await deleteFile(item, id);
	if (result.deleted !== true || typeof url !== 'string') return result;
	try {
		return { ...result, purgeRequestId: await purgeUrl(item, url) };
	} catch (error) {
		return { ...result, purgeError: (error as Error).message };
	}
}

async function deleteFile(item: ItemContext, id: string): Promise<IDataObject> {
	const response = await item.request({ method: 'DELETE', path: fileRoute(id) });
	return deleteResult(item, id, response, deleteOutcome(response), 'file');
}
