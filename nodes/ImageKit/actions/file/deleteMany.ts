import type { IDataObject } from 'n8n-workflow';

import { forOperation, optionsCollection, type OperationModule } from '../../../shared/descriptions';
import type { ItemCall } from '../../../shared/ItemCall';
import { BATCH_SIZE, deleteBatch } from './batch';

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
		const batch = ids.slice(start, start + BATCH_SIZE);
		const outcome = await deleteBatch(call, batch);
		const [refused] = outcome.failed;
		if (refused) throw call.failureWith(`${refused[0]}: ${refused[1]}`);
		deleted.push(...batch.filter((id) => outcome.deleted.has(id)));
		notFound.push(...batch.filter((id) => outcome.notFound.has(id)));
	}
	return { deleted, notFound };
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
