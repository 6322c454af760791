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
 * the others of that batch is not documented, so they are sent again. A 404 that follows an
 * earlier call of the batch (a re-send, or a retry after a lost answer) tells what that call did:
 * if every id sent is missing now, that call deleted them; if some are still there, it deleted
 * nothing, and the missing ones are not found. What an earlier call told is kept when a later
 * one is refused.
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
			const earlierCallDeleted =
				(round > 0 || response.uncertain) && pending.every((id) => missing.has(id));
			for (const id of pending) {
				if (missing.has(id)) (earlierCallDeleted ? outcome.deleted : outcome.notFound).add(id);
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
