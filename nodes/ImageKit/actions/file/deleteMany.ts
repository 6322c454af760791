import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { checkId, idLabel, isDryRun, type ItemContext } from '../../../shared/item';
import { defineOperation, dryRunOption } from '../../../shared/properties';
import { deleteOutcome, fileDetailsRoute, imageKit } from '../../profile';
import { listIds, StoppedBeforeSending } from '../../../shared/stop';
import { BATCH_SIZE, brokenError, deleteBatch } from '../../batchDelete';

export const { option, description, operation } = defineOperation('file', {
	name: 'Delete Many',
	value: 'deleteMany',
	action: 'Delete many files',
	summary: `Delete a list of files in batches of ${BATCH_SIZE}; outputs which were deleted, not found, or refused and why`,
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
	options: [dryRunOption],
	task: 'delete files',
	execute,
});

/**
 * Every id is answered: `deleted`, `notFound`, and `failed` with each refusal's reason. The item
 * fails only when no id could be answered at all (a refused key, ImageKit down): then nothing
 * was done, and n8n's On Error decides. A key refused once is refused for every batch: the rest
 * are not sent. An empty list is nothing to delete (a clean-up's quiet day), not an error.
 */
async function execute(item: ItemContext): Promise<IDataObject> {
	const ids = readIds(item);
	if (isDryRun(item)) return await lookUpEach(item, ids);
	if (ids.length === 0) return { deleted: [], notFound: [] };
	const deleted: string[] = [];
	const notFound: string[] = [];
	const failed = new Map<string, NodeApiError>();
	for (let start = 0; start < ids.length; start += BATCH_SIZE) {
		const batch = ids.slice(start, start + BATCH_SIZE);
		const outcome = await deleteBatch(item, batch);
		deleted.push(...batch.filter((id) => outcome.deleted.has(id)));
		notFound.push(...batch.filter((id) => outcome.notFound.has(id)));
		if (outcome.stopped) {
			const { stop, ids: unanswered, sentBefore } = outcome.stopped;
			const unconfirmed = sentBefore
				? `not confirmed, may be deleted: ${listIds(unanswered)}`
				: undefined;
			throw stoppedPartWay(stop, ids.length, deleted, notFound, unconfirmed);
		}
		for (const [id, reason] of outcome.failed) failed.set(id, item.apiError(reason));
		if (outcome.broken) {
			// Whatever ended this batch, what came before it stands: its unanswered ids and the rest fail with it.
			const unanswered = brokenError(item, outcome.broken);
			for (const id of outcome.broken.ids) failed.set(id, unanswered);
			const unsent = brokenError(item, { ...outcome.broken, sentBefore: false });
			for (const id of ids.slice(start + BATCH_SIZE)) failed.set(id, unsent);
			break;
		}
		if (!outcome.refused) continue;
		const refusal = item.failure(outcome.refused.response);
		for (const id of outcome.refused.ids) failed.set(id, refusal);
		if (isKeyRefused(outcome.refused.response.statusCode)) {
			for (const id of ids.slice(start + BATCH_SIZE)) failed.set(id, refusal);
			break;
		}
	}
	if (deleted.length === 0 && notFound.length === 0) throw everyIdRefused(ids, failed);
	if (failed.size === 0) return { deleted, notFound };
	return {
		deleted,
		notFound,
		failed: ids
			.filter((id) => failed.has(id))
			.map((id) => ({ id, error: failed.get(id)?.message ?? '' })),
	};
}

/**
 * Dry Run: each id's details are read, a few at a time, and nothing is deleted: `wouldDelete`
 * holds those found, `notFound` the others, `failed` the look-ups refused.
 */
async function lookUpEach(item: ItemContext, ids: string[]): Promise<IDataObject> {
	const outcomes = new Map<string, 'deleted' | 'notFound' | NodeApiError>();
	let keyRefused: NodeApiError | undefined;
	for (let start = 0; start < ids.length; start += imageKit.concurrency) {
		// As the delete: once the key is refused, the remaining IDs are not looked up.
		if (keyRefused) {
			for (const id of ids.slice(start)) outcomes.set(id, keyRefused);
			break;
		}
		await Promise.all(
			ids.slice(start, start + imageKit.concurrency).map(async (id) => {
				const response = await item.request({ method: 'GET', path: fileDetailsRoute(id) });
				const outcome = response.networkError === undefined ? deleteOutcome(response) : 'failed';
				const told = outcome === 'failed' ? item.failure(response) : outcome;
				if (told instanceof NodeApiError && isKeyRefused(response.statusCode)) keyRefused = told;
				outcomes.set(id, told);
			}),
		);
	}
	const refused = ids.filter((id) => outcomes.get(id) instanceof NodeApiError);
	// As the delete would: when no id could be answered (a refused key), the item fails.
	if (ids.length > 0 && refused.length === ids.length)
		throw everyIdRefused(ids, new Map(refused.map((id) => [id, outcomes.get(id) as NodeApiError])));
	return {
		deleted: [],
		notFound: ids.filter((id) => outcomes.get(id) === 'notFound'),
		dryRun: true,
		wouldDelete: ids.filter((id) => outcomes.get(id) === 'deleted'),
		...(refused.length > 0
			? {
					failed: refused.map((id) => ({
						id,
						error: (outcomes.get(id) as NodeApiError).message,
					})),
				}
			: {}),
	};
}

/** A stop between batches or calls, with what the calls before it did. */
function stoppedPartWay(
	stop: StoppedBeforeSending,
	total: number,
	deleted: string[],
	notFound: string[],
	unconfirmed?: string,
): StoppedBeforeSending {
	if (deleted.length + notFound.length === 0 && !unconfirmed) return stop;
	const told = [
		`deleted ${deleted.length} of ${total} IDs${deleted.length ? `: ${listIds(deleted)}` : ''}`,
	];
	if (notFound.length) told.push(`not found: ${listIds(notFound)}`);
	if (unconfirmed) told.push(unconfirmed);
	if (stop.partWay) told.push(stop.partWay);
	return new StoppedBeforeSending(told.join('; '));
}

/** Reasons told one by one in the error's description; beyond them, a count. */
const MAX_LISTED_REASONS = 20;

/** The first id's refusal; with more ids, its description tells every reason and its ids. */
function everyIdRefused(ids: string[], failed: Map<string, NodeApiError>): NodeApiError {
	const [first] = failed.values();
	if (failed.size < 2) return first;
	const idsByReason = new Map<string, string[]>();
	for (const id of ids) {
		const reason = failed.get(id)?.message;
		if (reason !== undefined) idsByReason.set(reason, [...(idsByReason.get(reason) ?? []), id]);
	}
	const reasons = [...idsByReason].map(
		([reason, refused]) => `- ${reason} (IDs: ${listIds(refused)})`,
	);
	const more = reasons.length - MAX_LISTED_REASONS;
	const told = [
		`Every ID was refused (${failed.size} IDs):`,
		...reasons.slice(0, MAX_LISTED_REASONS),
		...(more > 0 ? [`- and ${more} more reasons`] : []),
	].join('\n');
	first.description = first.description ? `${first.description}\n\n${told}` : told;
	return first;
}

/**
 * The File IDs parameter: a list from an expression, or text separated by commas or new lines,
 * each checked as one id is; repeats are dropped, blank entries skipped.
 */
function readIds(item: ItemContext): string[] {
	const raw = item.param<unknown>('fileIds', '');
	const entries =
		raw === null || raw === undefined
			? []
			: Array.isArray(raw)
				? raw
				: typeof raw === 'string' || typeof raw === 'number'
					? String(raw).split(/[,\n\r]+/)
					: undefined;
	if (!entries) {
		throw item.badInput(
			`${idLabel('file')}s must be a list, or text with IDs separated by commas or new lines.`,
		);
	}
	const ids = entries
		.filter((entry) => !(typeof entry === 'string' && entry.trim() === ''))
		.map((entry) => checkId(item, entry, 'file'));
	return [...new Set(ids)];
}

/** 401 and 403: the key itself is refused, whatever the ids. */
function isKeyRefused(statusCode: number): boolean {
	return statusCode === 401 || statusCode === 403;
}
