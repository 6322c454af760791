// Generated from nodes/ImageKit/actions/file/deleteMany.ts at the repository's top level by `npm run packages`: edit that file.
import type { IDataObject, NodeApiError } from 'n8n-workflow';

import type { ItemCall } from '../../../shared/contracts';
import { readIds } from '../../../shared/input/ids';
import { defineOperation } from '../../../shared/operations/define';
import { BATCH_SIZE, deleteBatch } from '../../api/batchDelete';

export const { option, description, operation } = defineOperation('file', {
	name: 'Delete Many',
	value: 'deleteMany',
	action: 'Delete many files',
	summary:
		'Delete a list of files in batches of 100; outputs which were deleted, not found, or refused and why',
	fields: [
		{
			displayName: 'File IDs',
			name: 'fileIds',
			type: 'string',
			typeOptions: { rows: 4 },
			required: true,
			default: '',
			placeholder: 'e.g. 6553ab5d5e2a0b1c4d2b7e3f, 6553ab5d5e2a0b1c4d2b7e40',
			description: 'A list from an expression, or text with IDs separated by commas or new lines',
		},
	],
	task: 'delete files',
	execute,
});

/**
 * Every id is answered: `deleted`, `notFound`, and `failed` with each refusal's reason. The item
 * fails only when no id could be answered at all (a refused key, ImageKit down): then nothing
 * was done, and n8n's On Error decides. A key refused once is refused for every batch: the rest
 * are not sent.
 */
async function execute(call: ItemCall): Promise<IDataObject> {
	const ids = readIds(call, 'fileIds', 'file');
	const deleted: string[] = [];
	const notFound: string[] = [];
	const failed = new Map<string, NodeApiError>();
	for (let start = 0; start < ids.length; start += BATCH_SIZE) {
		const batch = ids.slice(start, start + BATCH_SIZE);
		const outcome = await deleteBatch(call, batch);
		deleted.push(...batch.filter((id) => outcome.deleted.has(id)));
		notFound.push(...batch.filter((id) => outcome.notFound.has(id)));
		for (const [id, reason] of outcome.failed) failed.set(id, call.apiError(reason));
		if (!outcome.refused) continue;
		const refusal = call.failure(outcome.refused.response);
		for (const id of outcome.refused.ids) failed.set(id, refusal);
		if (isKeyRefused(outcome.refused.response.statusCode)) {
			for (const id of ids.slice(start + BATCH_SIZE)) failed.set(id, refusal);
			break;
		}
	}
	if (deleted.length === 0 && notFound.length === 0) {
		const [first] = failed.values();
		throw first;
	}
	if (failed.size === 0) return { deleted, notFound };
	return {
		deleted,
		notFound,
		failed: ids
			.filter((id) => failed.has(id))
			.map((id) => ({ id, error: failed.get(id)?.message ?? '' })),
	};
}

/** 401 and 403: the key itself is refused, whatever the ids. */
function isKeyRefused(statusCode: number): boolean {
	return statusCode === 401 || statusCode === 403;
}
