// Generated from nodes/ImageKit/actions/file/delete.ts at the repository's top level by `npm run packages`: edit that file.
import type { IDataObject } from 'n8n-workflow';

import type { ItemCall } from '../../../shared/contracts';
import { succeeded } from '../../../shared/http/answers';
import { isJsonObject } from '../../../shared/http/json';
import { pathSegment } from '../../../shared/input/ids';
import {
	defineDeleteOperation,
	deleteById,
	type DeleteOperationSpec,
	readTargetId,
} from '../../../shared/operations/deleteById';
import { bulkDeletePath } from '../../api/bulkDelete';
import { purgeUrl } from '../../api/purge';
import { fileLocator } from '../../locators';
import { deleteOutcome } from '../../profile';

const spec: DeleteOperationSpec = {
	resource: 'file',
	noun: 'file',
	idParameter: 'fileId',
	action: 'Delete a file',
	summary: 'Permanently delete a file from the media library, optionally purging its CDN URL',
	idDescription: 'The fileId returned by the upload and list APIs',
	locator: fileLocator,
	path: (id) => `/v1/files/${id}`,
	outcome: deleteOutcome,
	extraOptions: [
		{
			displayName: 'Purge Cache',
			name: 'purgeCache',
			type: 'boolean',
			default: false,
			description:
				"Whether to also purge the file's URL from the CDN cache: deleting a file does not",
		},
	],
};

const base = defineDeleteOperation(spec);

export const { option, description } = base;

/**
 * With Purge Cache, the file's URL is read before the delete and purged after it. A purge that
 * fails after the delete does not undo it: the item reports the delete, with `purgeError`.
 */
async function execute(call: ItemCall): Promise<IDataObject> {
	if (!call.option('purgeCache', false)) return (await base.operation.execute(call)) as IDataObject;
	const id = await readTargetId(call, spec);
	const details = await call.request({
		method: 'GET',
		path: `/v1/files/${pathSegment(id)}/details`,
	});
	const url =
		succeeded(details, call.provider) && isJsonObject(details.body) ? details.body.url : undefined;
	if (details.statusCode !== 404 && typeof url !== 'string') throw call.failure(details);
	const result = await deleteById(call, id, spec);
	if (result.deleted !== true || typeof url !== 'string') return result;
	try {
		return { ...result, purgeRequestId: await purgeUrl(call, url) };
	} catch (error) {
		return { ...result, purgeError: (error as Error).message };
	}
}

export const operation = { ...base.operation, execute, bulk: bulkDeletePath(spec, execute) };
