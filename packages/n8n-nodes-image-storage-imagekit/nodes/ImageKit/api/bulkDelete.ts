// Generated from nodes/ImageKit/api/bulkDelete.ts at the repository's top level by `npm run packages`: edit that file.
import type { IDataObject } from 'n8n-workflow';

import type { BulkPath, ItemCall } from '../../shared/contracts';
import { type DeleteOperationSpec, readTargetId } from '../../shared/operations/deleteById';
import { FILE_NOT_FOUND } from '../profile';
import { BATCH_SIZE, deleteBatch } from './batchDelete';

/** The items of one batch: those with the same key, by id (an id may come more than once). */
interface Group {
	call: ItemCall;
	itemsById: Map<string, number[]>;
}

/**
 * File → Delete over many items: one batch call per 100 items of one key, each item answered as
 * the one-by-one path would answer it. Each item is authenticated on its own: a batch carries
 * only items whose key is the same, and an item whose authentication fails gets that error
 * alone. Items that ask to purge the cache need the file's URL, so they go one by one (`single`).
 */
export function bulkDeletePath(
	spec: DeleteOperationSpec,
	single: (call: ItemCall) => Promise<IDataObject>,
): BulkPath {
	return {
		minItems: 10,
		size: BATCH_SIZE,
		async execute(calls, answer) {
			const groups = new Map<string, Group>();
			for (const [k, call] of calls.entries()) {
				if (call.option('purgeCache', false)) {
					answer(k, await single(call).catch((error: Error) => error));
					continue;
				}
				try {
					const id = await readTargetId(call, spec);
					const key = call.accountKey((await call.auth()).credentials);
					const group = groups.get(key) ?? { call, itemsById: new Map() };
					groups.set(key, group);
					group.itemsById.set(id, [...(group.itemsById.get(id) ?? []), k]);
				} catch (error) {
					// Told at once: under Stop Workflow, the batch then does not go out.
					answer(k, error as Error);
				}
			}
			for (const group of groups.values()) {
				// A group whose call could not be sent (the run stopped) answers its own items only.
				await answerGroup(group, calls, answer).catch((error: Error) => {
					for (const ks of group.itemsById.values()) for (const k of ks) answer(k, error);
				});
			}
		},
	};
}

async function answerGroup(
	{ call, itemsById }: Group,
	calls: ItemCall[],
	answer: (k: number, outcome: IDataObject | Error) => void,
) {
	const batch = await deleteBatch(call, [...itemsById.keys()]);
	const refusedIds = new Set(batch.refused?.ids);
	for (const [id, ks] of itemsById) {
		ks.forEach((k, repeat) => {
			const item = calls[k];
			const refused = batch.failed.get(id);
			// The whole call was refused: every item it carried fails with that answer, as its own error.
			if (batch.refused && refusedIds.has(id)) answer(k, item.failure(batch.refused.response));
			// A repeated id finds nothing left, as it would one by one.
			else if (batch.deleted.has(id) && repeat === 0) answer(k, { deleted: true, id });
			else if (refused !== undefined) answer(k, item.apiError(refused));
			else if (item.option('ignoreNotFound', false))
				answer(k, { deleted: false, id, notFound: true });
			else answer(k, item.apiError(FILE_NOT_FOUND, '404'));
		});
	}
}
