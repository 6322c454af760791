/**
 * ImageKit's batch delete (`BATCH_DELETE_ROUTE`, at most `BATCH_SIZE` ids a call): Delete Many
 * sends its ids through it (`deleteBatch`), and File → Delete over many items lets its items'
 * deletes go together (`deleteTogether`), invisibly to the user: same outputs, same order.
 */
import type { IDataObject, NodeApiError } from 'n8n-workflow';

import type { ItemContext } from '../shared/item';
import { StoppedBeforeSending } from '../shared/stop';
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
	/**
	 * A stop or a cancel refused the next call: the ids still unanswered, and whether an earlier
	 * call carried them (its answer did not confirm them: they may be deleted).
	 */
	stopped?: { stop: StoppedBeforeSending; ids: string[]; sentBefore: boolean };
	/**
	 * A call ended by an error of its own (no answer to read): the error, the ids it left
	 * unanswered, and whether an earlier call carried them (they may be deleted).
	 */
	broken?: { error: Error; ids: string[]; sentBefore: boolean };
}

/**
 * Deletes one batch (at most `BATCH_SIZE` unique ids). A 200 or 207 confirms the ids it lists as
 * deleted (`successfullyDeletedFileIds`) and refuses those in its `errors`; an id it names neither
 * way is not confirmed, and is sent again. A 404 names the missing ids; whether ImageKit deleted
 * the others of that batch is not documented, so they are sent again. A 404 that follows an
 * earlier call of the batch (a re-send, or a retry after a lost answer) tells what that call did:
 * if every id sent is missing now, that call deleted them; if some are still there, it deleted
 * nothing, and the missing ones are not found. What an earlier call told is kept when a later
 * one is refused, ends in an error of its own, or is not sent because the run stopped.
 */
export async function deleteBatch(item: ItemContext, batch: string[]): Promise<BatchOutcome> {
	const outcome: BatchOutcome = { deleted: new Set(), notFound: new Set(), failed: new Map() };
	let pending = batch;
	for (let round = 0; round < 3 && pending.length > 0; round++) {
		const response = await item
			.request({ method: 'POST', path: BATCH_DELETE_ROUTE, body: { fileIds: pending } })
			.catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
		// What the earlier calls told stands, whatever ended this one: it is told with it.
		if (response instanceof StoppedBeforeSending) {
			outcome.stopped = { stop: response, ids: pending, sentBefore: round > 0 };
			return outcome;
		}
		if (response instanceof Error) {
			outcome.broken = { error: response, ids: pending, sentBefore: round > 0 };
			return outcome;
		}
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
			// Only an id this call carried: another's was told by its own call.
			if (pending.includes(String(error.fileId)))
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

/** Runs of at least this many File → Delete items send their deletes together. */
export const TOGETHER_MIN_ITEMS = 10;

/**
 * Deletes item's file together with those of the other items of the run and account that reach
 * this point at about the same time: one batch call for up to `BATCH_SIZE` of them. The item's
 * output is what the one-by-one delete would give: `{deleted: true, id}`, or for a file not
 * found, the error (with Ignore Not Found, `{deleted: false, id, notFound: true}`).
 */
export async function deleteTogether(item: ItemContext, id: string): Promise<IDataObject> {
	const waiting = await item.oncePerAccount('deletes together', () => new DeletesTogether());
	return await waiting.delete(item, id);
}

/** One item's delete waiting for its batch call. */
interface Waiting {
	item: ItemContext;
	id: string;
	settle(outcome: IDataObject | Error): void;
}

/** How many turns of queued work a batch waits for its last items to join. */
const JOIN_TURNS = 50;

class DeletesTogether {
	private waiting: Waiting[] = [];

	private joining = false;

	async delete(item: ItemContext, id: string): Promise<IDataObject> {
		return await new Promise((resolve, reject) => {
			this.waiting.push({
				item,
				id,
				settle: (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome)),
			});
			if (this.waiting.length >= BATCH_SIZE) void this.send();
			else void this.sendWhenJoined();
		});
	}

	/**
	 * The items the item loop started together reach this point a few turns of queued work apart
	 * (no timer: a node may not set one): the call goes once they have had the time to join.
	 */
	private async sendWhenJoined(): Promise<void> {
		if (this.joining) return;
		this.joining = true;
		for (let turn = 0; turn < JOIN_TURNS; turn++) await Promise.resolve();
		this.joining = false;
		await this.send();
	}

	private async send(): Promise<void> {
		const batch = this.waiting.splice(0, BATCH_SIZE);
		if (batch.length === 0) return;
		const byId = new Map<string, Waiting[]>();
		for (const one of batch) byId.set(one.id, [...(byId.get(one.id) ?? []), one]);
		try {
			const outcome = await deleteBatch(batch[0].item, [...byId.keys()]);
			for (const ones of byId.values())
				ones.forEach((one, repeat) => one.settle(toldSafely(one, outcome, repeat)));
		} catch (error) {
			// No item may wait forever; one already settled stays as it was.
			for (const one of batch)
				one.settle(error instanceof Error ? error : new Error(String(error)));
		}
	}
}

/** `told`, or the error it threw (an item's own option read after the call): that item's alone. */
function toldSafely(one: Waiting, outcome: BatchOutcome, repeat: number): IDataObject | Error {
	try {
		return told(one, outcome, repeat);
	} catch (error) {
		return error instanceof Error ? error : new Error(String(error));
	}
}

/** One item's output from its batch's outcome; a repeated id finds nothing left, as one by one. */
function told({ item, id }: Waiting, outcome: BatchOutcome, repeat: number): IDataObject | Error {
	const refused = outcome.failed.get(id);
	// Not sent (again) because the run stopped: not done, or part-way when an earlier call carried
	// it — for every item naming the file.
	if (outcome.stopped?.ids.includes(id))
		return outcome.stopped.sentBefore
			? new StoppedBeforeSending(
					`file ${id} went in a batch call whose answer did not confirm it: it may be deleted`,
				)
			: outcome.stopped.stop;
	// The whole call was refused: every item it carried fails with that answer, as its own error.
	if (outcome.refused?.ids.includes(id)) return item.failure(outcome.refused.response);
	if (outcome.broken?.ids.includes(id)) return brokenError(item, outcome.broken);
	if (outcome.deleted.has(id) && repeat === 0) return { deleted: true, id };
	if (refused !== undefined) return item.apiError(refused);
	if (item.option('ignoreNotFound', false)) return { deleted: false, id, notFound: true };
	return item.apiError(FILE_NOT_FOUND, '404');
}

/** The error of an id a call left unanswered when it ended in an error of its own, in the contract's words. */
export function brokenError(
	item: ItemContext,
	{ error, sentBefore }: NonNullable<BatchOutcome['broken']>,
): NodeApiError {
	const mayBe = sentBefore
		? ' (an earlier call carried it and its answer did not confirm it: it may be deleted)'
		: '';
	return item.apiError(`${error.message}${mayBe}`);
}
