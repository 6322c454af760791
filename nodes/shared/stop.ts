/**
 * Stopping a run: on a failure under On Error = Stop Workflow, or when the execution is cancelled
 * (n8n's Stop, a timeout). From then on no request starts (`StoppedBeforeSending`), and the node's
 * error tells what was done before the stop, so that the user knows what to run again.
 */
import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * Thrown instead of sending a request once the run has stopped or the execution was cancelled.
 * Never reaches n8n: the loop tells the item as not done or, with what the item did before
 * (e.g. `deleted 100 of 150 IDs: …`) and `partWay` (the refusal's own words), as stopped part-way.
 */
export class StoppedBeforeSending extends Error {
	constructor(readonly partWay?: string) {
		super('Not sent: the node stopped at an earlier failure, or the execution was cancelled');
		this.name = 'StoppedBeforeSending';
	}
}

/** The node's error when the execution was cancelled: its description tells what was done. */
export function cancelledError(node: INode): NodeOperationError {
	return new NodeOperationError(node, 'The execution was cancelled');
}

/** Why a run stopped: an item's failure (Stop Workflow), or the execution's cancel. */
export type StopReason = 'failure' | 'cancelled';

const STOP_WORDS: Record<StopReason, { first: string; done: string }> = {
	failure: {
		first:
			'Stopped: no request was started after this failure became known; requests already under way finished.',
		done: 'Done before the stop',
	},
	cancelled: {
		first:
			'Cancelled: no request was started after the execution was cancelled; requests under way were abandoned.',
		done: 'Done before the cancel',
	},
};

/**
 * The node's error under Stop Workflow; with more than one item, its description tells which
 * were done before the stop (appended to a description it already has).
 */
export function withStopDescription(
	error: Error,
	output: INodeExecutionData[][],
	failed: number[],
	total: number,
	partWay: Map<number, string>,
	idFields: string[],
	reason: StopReason = 'failure',
): Error {
	if (total < 2 && reason === 'failure') return error;
	const told = describeStop(output, failed, total, partWay, idFields, reason);
	const nodeError = error as Error & { description?: string | null };
	nodeError.description = nodeError.description ? `${nodeError.description}\n\n${told}` : told;
	return error;
}

/** Ids listed one by one in a stop's description; beyond them, a count (the indexes stay complete). */
const MAX_LISTED_IDS = 1000;

/** `ids` joined, at most `MAX_LISTED_IDS` of them, then a count of the rest. */
export function listIds(ids: string[]): string {
	const more = ids.length - MAX_LISTED_IDS;
	return `${ids.slice(0, MAX_LISTED_IDS).join(', ')}${more > 0 ? `, and ${more} more` : ''}`;
}

/** Items stopped part-way told in one description at most; beyond them, a count. */
const MAX_PART_WAY_ITEMS = 20;

/**
 * What a stop did, for the description of the error the node fails with: the items done (those
 * with an output slot; their indexes as ranges, and their ids), those stopped part-way (what
 * each did), those that failed, and how many were not done.
 */
export function describeStop(
	output: INodeExecutionData[][],
	failed: number[],
	total: number,
	partWay: Map<number, string>,
	idFields: string[],
	reason: StopReason = 'failure',
): string {
	const doneIndexes: number[] = [];
	// `output` is sparse: only the items done have a slot.
	output.forEach((_, index) => doneIndexes.push(index));
	const words = STOP_WORDS[reason];
	const lines = [words.first];
	if (doneIndexes.length === 0) {
		lines.push(`${words.done}: none of the ${total} items.`);
	} else {
		lines.push(
			`${words.done} (${doneIndexes.length} of ${total} items): ${itemRanges(doneIndexes)}.`,
		);
		const ids = doneIndexes.flatMap((index) =>
			output[index].map((item) => outputId(item.json, idFields)),
		);
		const named = ids.filter((id): id is string => id !== undefined);
		if (named.length > 0) lines.push(`Their IDs: ${listIds(named)}.`);
	}
	const partWayIndexes = [...partWay.keys()].sort((a, b) => a - b);
	if (partWayIndexes.length > 0) {
		lines.push(
			`Stopped part-way (${itemRanges(partWayIndexes)}): what each did before the stop is not in the output.`,
		);
		for (const index of partWayIndexes.slice(0, MAX_PART_WAY_ITEMS))
			lines.push(`- item ${index}: ${partWay.get(index)}.`);
		const more = partWayIndexes.length - MAX_PART_WAY_ITEMS;
		if (more > 0) lines.push(`- and ${more} more items.`);
	}
	const failedIndexes = [...new Set(failed)].sort((a, b) => a - b);
	if (failedIndexes.length > 0) lines.push(`Failed: ${itemRanges(failedIndexes)}.`);
	const notDone = total - doneIndexes.length - partWayIndexes.length - failedIndexes.length;
	if (notDone > 0) {
		lines.push(
			`Not done: the other ${notDone} item${notDone === 1 ? '' : 's'} (not sent, or stopped part-way).`,
		);
	}
	return lines.join('\n');
}

/** `[0, 2, 3, 4, 9]` → `items 0, 2–4, 9`. */
export function itemRanges(indexes: number[]): string {
	const ranges: string[] = [];
	for (let start = 0; start < indexes.length; ) {
		let end = start;
		while (end + 1 < indexes.length && indexes[end + 1] === indexes[end] + 1) end++;
		ranges.push(end === start ? String(indexes[start]) : `${indexes[start]}–${indexes[end]}`);
		start = end + 1;
	}
	return `${indexes.length === 1 ? 'item' : 'items'} ${ranges.join(', ')}`;
}

/** The output's id: its first field of `idFields` (those that name what an item acted on). */
function outputId(json: IDataObject, idFields: string[]): string | undefined {
	for (const field of idFields) {
		const value = json[field];
		if (typeof value === 'string' || typeof value === 'number') return String(value);
	}
	return undefined;
}
