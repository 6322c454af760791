import type { IDataObject } from 'n8n-workflow';

import { deleteOutput, isDryRun, type ItemContext, readId } from '../../../shared/item';
import {
	defineOperation,
	dryRunOption,
	idField,
	ignoreNotFoundOption,
} from '../../../shared/properties';
import { isJsonObject, succeeded } from '../../../shared/transport';
import { BATCH_SIZE, deleteTogether, TOGETHER_MIN_ITEMS } from '../../batchDelete';
import { fileLocator } from '../../locators';
import { deleteOutcome, fileDetailsRoute, fileRoute, imageKit, purgeUrl } from '../../profile';

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
		dryRunOption,
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
	// A batch call waits for its items: as many in flight as the calls ImageKit may have at once take.
	concurrency: BATCH_SIZE * imageKit.concurrency,
});

/**
 * With Purge Cache, the file's URL is read before the delete and purged after it. A purge that
 * fails after the delete does not undo it: the item reports the delete, with `purgeError`. A Dry
 * Run reads the file's details only, and tells the URL a purge would clear.
 */
async function execute(item: ItemContext): Promise<IDataObject> {
	const id = await readId(item, 'fileId', 'file', fileLocator);
	const purge = item.option<boolean>('purgeCache', false) === true;
	if (isDryRun(item)) {
		const details = await item.request({ method: 'GET', path: fileDetailsRoute(id) });
		const output = deleteOutput(item, id, details, deleteOutcome(details), 'file');
		const url = isJsonObject(details.body) ? details.body.url : undefined;
		return purge && output.wouldDelete === true && typeof url === 'string'
			? { ...output, wouldPurge: url }
			: output;
	}
	if (!purge) {
		// Many items: their deletes go together, 100 a call (the purge needs each file's URL first).
		if (item.fn.getInputData().length >= TOGETHER_MIN_ITEMS) return await deleteTogether(item, id);
		return await deleteFile(item, id);
	}
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
	return deleteOutput(item, id, response, deleteOutcome(response), 'file');
}
