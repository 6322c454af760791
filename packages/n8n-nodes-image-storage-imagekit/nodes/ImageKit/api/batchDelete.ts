// Generated from nodes/ImageKit/api/batchDelete.ts at the repository's top level by `npm run packages`: edit that file.
import type { ApiResponse, ItemCall } from '../../shared/contracts';
import { succeeded } from '../../shared/http/answers';
import { isJsonObject } from '../../shared/http/json';

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
 * Deletes one batch (≤ 100 unique ids). A 404 names the missing ids; whether ImageKit deleted
 * the others of that batch is not documented, so they are sent again: an id that existed before
 * and is missing now was deleted by the first call. Either reading ends with each id reported as
 * what it is. What an earlier call of the batch told is kept when a later one is refused.
 */
export async function deleteBatch(call: ItemCall, batch: string[]): Promise<BatchOutcome> {
	const outcome: BatchOutcome = { deleted: new Set(), notFound: new Set(), failed: new Map() };
	let pending = batch;
	for (let round = 0; round < 3 && pending.length > 0; round++) {
		const response = await call.request({
			method: 'POST',
			path: '/v1/files/batch/deleteByFileIds',
			body: { fileIds: pending },
		});
		const body = isJsonObject(response.body) ? response.body : {};
		if (response.statusCode === 404 && Array.isArray(body.missingFileIds)) {
			const missing = new Set(body.missingFileIds.map(String));
			for (const id of pending) {
				if (!missing.has(id)) continue;
				// Missing now but present at first, or after a lost answer: our own earlier call deleted it.
				if (round > 0 || response.uncertain) outcome.deleted.add(id);
				else outcome.notFound.add(id);
			}
			pending = pending.filter((id) => !missing.has(id));
			continue;
		}
		if (!succeeded(response, call.provider) && response.statusCode !== 207) {
			outcome.refused = { response, ids: pending };
			return outcome;
		}
		for (const error of Array.isArray(body.errors) ? body.errors.filter(isJsonObject) : []) {
			outcome.failed.set(String(error.fileId), String(error.error ?? 'not deleted'));
		}
		for (const id of pending) if (!outcome.failed.has(id)) outcome.deleted.add(id);
		pending = [];
	}
	// Still answered 404 for others after three calls: nothing confirms these.
	for (const id of pending) outcome.failed.set(id, 'not confirmed as deleted');
	return outcome;
}
