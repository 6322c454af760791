import type { IDataObject } from 'n8n-workflow';

import { readId } from '../../../shared/ids';
import type { ItemCall } from '../../../shared/ItemCall';
import type { BulkPath } from '../../../shared/types';
import { BATCH_SIZE, deleteBatch } from './batch';

const NOT_FOUND = 'The requested file does not exist.';

/**
 * File → Delete over many items: one batch call per 100 items, each item answered as the
 * one-by-one path would answer it. Items that ask to purge the cache need the file's URL, so
 * they go one by one through `single`.
 */
export function bulkDeletePath(single: (call: ItemCall) => Promise<IDataObject>): BulkPath {
	return {
		minItems: 10,
		size: BATCH_SIZE,
		async execute(calls) {
			const outcomes = new Array<IDataObject | Error>(calls.length);
			const itemsById = new Map<string, number[]>();
			for (const [k, call] of calls.entries()) {
				if (call.option('purgeCache', false)) continue;
				try {
					const id = readId(call, 'fileId', 'file');
					itemsById.set(id, [...(itemsById.get(id) ?? []), k]);
				} catch (error) {
					outcomes[k] = error as Error;
				}
			}
			for (const [k, call] of calls.entries()) {
				if (call.option('purgeCache', false)) outcomes[k] = await single(call).catch((error: Error) => error);
			}
			if (itemsById.size === 0) return outcomes;

			const firstCall = calls[[...itemsById.values()][0][0]];
			let batch;
			try {
				batch = await deleteBatch(firstCall, [...itemsById.keys()]);
			} catch (error) {
				// The whole call was refused: every item it carried fails with that answer.
				for (const ks of itemsById.values()) for (const k of ks) outcomes[k] = error as Error;
				return outcomes;
			}
			for (const [id, ks] of itemsById) {
				ks.forEach((k, repeat) => {
					const call = calls[k];
					const refused = batch.failed.get(id);
					// A repeated id finds nothing left, as it would one by one.
					if (batch.deleted.has(id) && repeat === 0) outcomes[k] = { deleted: true, id };
					else if (refused !== undefined) outcomes[k] = call.failureWith(refused);
					else if (call.option('ignoreNotFound', false)) outcomes[k] = { deleted: false, id, notFound: true };
					else outcomes[k] = call.failureWith(NOT_FOUND, '404');
				});
			}
			return outcomes;
		},
	};
}
