// Generated from nodes/ImageKit/batchDelete.ts at the repository's top level by `npm run packages`: edit that file.
/**
 * ImageKit's batch delete (`BATCH_DELETE_ROUTE`, at most `BATCH_SIZE` ids a call): Delete
 * Many sends its ids through it, and File → Delete takes it for runs of many items (`groupedDeletePath`).
 */
import type { IDataObject } from 'n8n-workflow';

import type { GroupedPath, ItemContext } from '../shared/router';
import { type ApiResponse, isJsonObject, succeeded } from '../shared/transport';
import { BATCH_DELETE_ROUTE, FILE_NOT_FOUND } from './profile';

/** ImageKit deletes at most 100 files per batch call. */
export const BATCH_SIZE = 100;

export interface BatchOutcome {
	deleted: Set<string>;
	notFound: Set<string>;
	/** Per-id refusals of a 207 answer: id → ImageKit's message. */
	failed: Map<string, string>;
	/** A call refused as a whole (auth, 5xx after retries): its answer, and the ids it left unanswered. */
	refused?: { response: ApiResponse; ids: string[] };
}

/**
 * Deletes one batch (at most `BATCH_SIZE` unique ids). A 200 or 207 confirms the ids it lists as
 * deleted (`successfullyDeletedFileIds`) and refuses those in its `errors`; an id it names neither
 * way is not confirmed, and is sent again. A 404 names the missing ids; whether ImageKit deleted
 * the others of that batch is not documented, so they are sent again. A 404 that follows an
 * earlier call of the batch (a re-send, or a retry after a lost answer) tells what that call did:
 * if every id sent is missing now, that call deleted them; if some are still there, it deleted
 * nothing, and the missing ones are not found. What an earlier call told is kept when a later
 * one is refused.
 */
export async function deleteBatch(item: ItemContext, batch: string[]): Promise<BatchOutcome> {
	const outcome: BatchOutcome = { deleted: new Set(), notFound: new Set(), failed: new Map() };
	let pending = batch;
	for (let round = 0; round < 3 && pending.length > 0; round++) {
		const response = await item.request({
			method: 'POST',
			path: BATCH_DELETE_ROUTE,
			body: { fileIds: pending },
		});
		const body = isJsonObject(response.body) ? response.body : {};
		if (response.statusCode === 404 && Array.isArray(body.missingFileIds)) {
			const missing = new Set(body.missingFileIds.map(String));
			const earlierCallDeleted =
				(round > 0 || response.uncertain) && pending.every((id) => missing.has(id));
			for (const id of pending) {
				if (missing.has(id)) (earlierCallDeleted ? outcome.deleted : outcome.notFound).add(id);
			}
			pending = pending.filter((id) => !missing.has(id));
			continue;
		}
		if (!succeeded(response, item.provider) && response.statusCode !== 207) {
			outcome.refused = { response, ids: pending };
			return outcome;
		}
		for (const error of Array.isArray(body.errors) ? body.errors.filter(isJsonObject) : []) {
			outcome.failed.set(String(error.fileId), String(error.error ?? 'not deleted'));
		}
		const confirmed = new Set(
			Array.isArray(body.successfullyDeletedFileIds)
				? body.successfullyDeletedFileIds.map(String)
				: [],
		);
		for (const id of pending) if (confirmed.has(id)) outcome.deleted.add(id);
		pending = pending.filter((id) => !confirmed.has(id) && !outcome.failed.has(id));
	}
	// Still unconfirmed after three calls: nothing says these were deleted.
	for (const id of pending) outcome.failed.set(id, 'not confirmed as deleted');
	return outcome;
}

/** The items of one batch: those with the same key, by id (an id may come more than once). */
interface Group {
	/** The item whose key sends the batch call. */
	sender: ItemContext;
	itemsById: Map<string, number[]>;
}

/**
 * File → Delete over many items: one batch call per `BATCH_SIZE` items of one key, each item answered as
 * the one-by-one path would answer it. Each item is authenticated on its own: a batch carries
 * only items whose key is the same, and an item whose authentication fails gets that error
 * alone. Items that ask to purge the cache need the file's URL, so they go one by one (`single`).
 */
export function groupedDeletePath(
	readFileId: (item: ItemContext) => Promise<string>,
	single: (item: ItemContext) => Promise<IDataObject>,
): GroupedPath {
	return {
		minItems: 10,
		size: BATCH_SIZE,
		async execute(items, answer) {
			const groups = new Map<string, Group>();
			for (const [k, item] of items.entries()) {
				if (item.option('purgeCache', false)) {
					answer(k, await single(item).catch((error: Error) => error));
					continue;
				}
				try {
					const id = await readFileId(item);
					const key = await item.accountKey();
					const group = groups.get(key) ?? { sender: item, itemsById: new Map() };
					groups.set(key, group);
					group.itemsById.set(id, [...(group.itemsById.get(id) ?? []), k]);
				} catch (error) {
					// Told at once: under Stop Workflow, the batch then does not go out.
					answer(k, error as Error);
				}
			}
			for (const group of groups.values()) {
				// A group whose call could not be sent (the run stopped) answers its own items only.
				await answerGroup(group, items, answer).catch((error: Error) => {
					for (const ks of group.itemsById.values()) for (const k of ks) answer(k, error);
				});
			}
		},
	};
}

async function answerGroup(
	{ sender, itemsById }: Group,
	items: ItemContext[],
	answer: (k: number, outcome: IDataObject | Error) => void,
) {
	const batch = await deleteBatch(sender, [...itemsById.keys()]);
	const refusedIds = new Set(batch.refused?.ids);
	for (const [id, ks] of itemsById) {
		ks.forEach((k, repeat) => {
			const item = items[k];
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
