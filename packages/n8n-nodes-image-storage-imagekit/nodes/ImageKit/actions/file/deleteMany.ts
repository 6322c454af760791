// Generated from nodes/ImageKit/actions/file/deleteMany.ts at the repository's top level by `npm run packages`: edit that file.
import type { IDataObject } from 'n8n-workflow';

import type { ItemCall } from '../../../shared/contracts';
import { readIds } from '../../../shared/input/ids';
import { defineOperation } from '../../../shared/operations/define';
import { BATCH_SIZE, deleteBatch } from '../../api/batchDelete';

export const { option, description, operation } = defineOperation('file', {
	name: 'Delete Many',
	value: 'deleteMany',
	action: 'Delete many files',
	summary:
		'Delete a list of files in batches of 100; outputs which were deleted and which were not found',
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

async function execute(call: ItemCall): Promise<IDataObject> {
	const ids = readIds(call, 'fileIds', 'file');
	const deleted: string[] = [];
	const notFound: string[] = [];
	for (let start = 0; start < ids.length; start += BATCH_SIZE) {
		const batch = ids.slice(start, start + BATCH_SIZE);
		const outcome = await deleteBatch(call, batch);
		if ('refused' in outcome) throw call.failure(outcome.refused);
		const [refused] = outcome.failed;
		if (refused) throw call.apiError(`${refused[0]}: ${refused[1]}`);
		deleted.push(...batch.filter((id) => outcome.deleted.has(id)));
		notFound.push(...batch.filter((id) => outcome.notFound.has(id)));
	}
	return { deleted, notFound };
}
