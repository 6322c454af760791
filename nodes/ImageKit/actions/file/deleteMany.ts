import type { IDataObject } from 'n8n-workflow';

import { forOperation, optionsCollection, type OperationModule } from '../../../shared/descriptions';
import type { ItemCall } from '../../../shared/ItemCall';
import { isJsonObject } from '../../../shared/json';
import { succeeded } from '../../../shared/transport';

/** ImageKit deletes at most 100 files per batch call. */
export const BATCH_SIZE = 100;

export const option: OperationModule['option'] = {
	name: 'Delete Many',
	value: 'deleteMany',
	action: 'Delete many files',
	description: 'Delete a list of files in batches of 100; outputs which were deleted and which were not found',
};

export const description = forOperation('file', 'deleteMany', [
	{
		displayName: 'File IDs',
		name: 'fileIds',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		placeholder: 'id1, id2\nid3',
		description: 'A list from an expression, or text with IDs separated by commas or new lines',
	},
	optionsCollection(),
]);

async function execute(call: ItemCall): Promise<IDataObject> {
	const ids = readIds(call);
	const deleted: string[] = [];
	const notFound: string[] = [];
	for (let start = 0; start < ids.length; start += BATCH_SIZE) {
		const outcome = await deleteBatch(call, ids.slice(start, start + BATCH_SIZE));
		deleted.push(...outcome.deleted);
		notFound.push(...outcome.notFound);
	}
	return { deleted, notFound };
}

/**
 * One batch. A 404 names the missing ids; whether ImageKit deleted the others of that batch is
 * not documented, so they are sent again: an id that existed before and is missing now was
 * deleted by the first call. Either reading ends with each id reported as what it is.
 */
export async function deleteBatch(call: ItemCall, batch: string[]): Promise<{ deleted: string[]; notFound: string[] }> {
	const missingFirst = new Set<string>();
	let pending = batch;
	for (let round = 0; round < 2 && pending.length > 0; round++) {
		const response = await call.request({ method: 'POST', path: '/v1/files/batch/deleteByFileIds', body: { fileIds: pending } });
		const body = isJsonObject(response.body) ? response.body : {};
		if (response.statusCode === 404 && Array.isArray(body.missingFileIds)) {
			const missing = new Set(body.missingFileIds.map(String));
			if (round === 0) {
				for (const id of pending) if (missing.has(id)) missingFirst.add(id);
				pending = pending.filter((id) => !missing.has(id));
				continue;
			}
			// Second round: ids that existed at first and are missing now went with the first call.
			return { deleted: batch.filter((id) => !missingFirst.has(id)), notFound: [...missingFirst] };
		}
		const errors = Array.isArray(body.errors) ? body.errors.filter(isJsonObject) : [];
		if (!succeeded(response, call.run.provider) && response.statusCode !== 207) throw call.failure(response);
		if (errors.length > 0) {
			const first = errors[0];
			throw call.failure(response, { fallbackDetails: `${String(first.fileId)}: ${String(first.error)}` });
		}
		return { deleted: batch.filter((id) => !missingFirst.has(id)), notFound: [...missingFirst] };
	}
	return { deleted: [], notFound: [...missingFirst] };
}

function readIds(call: ItemCall): string[] {
	const raw = call.param<unknown>('fileIds', '');
	const list = Array.isArray(raw) ? raw : typeof raw === 'string' || typeof raw === 'number' ? String(raw).split(/[,\n\r]+/) : undefined;
	if (!list) throw call.badInput('File IDs must be a list or text with IDs separated by commas or new lines.');
	const ids = [...new Set(list.map((id) => (typeof id === 'string' || typeof id === 'number' ? String(id).trim() : '')))];
	if (list.some((id) => typeof id !== 'string' && typeof id !== 'number')) {
		throw call.badInput('File IDs must be text or numbers, not objects.');
	}
	const usable = ids.filter((id) => id !== '');
	if (usable.length === 0) throw call.badInput('File ID cannot be empty. Please provide a valid file ID.');
	if (usable.some((id) => id === '.' || id === '..')) throw call.badInput('File ID cannot be "." or "..". Please provide a valid file ID.');
	return usable;
}

export const operation: OperationModule['operation'] = { action: 'delete files', execute };
