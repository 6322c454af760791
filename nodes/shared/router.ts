/**
 * The item loop. `runOperation` runs the chosen operation once per input item and owns everything
 * around it: the delays, bounded concurrency, input order, `pairedItem`, n8n's On Error modes,
 * and what a stop or a cancel tells. Each operation answers one item through its `ItemContext`.
 */
import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { declaredParameters, ItemContext, NodeRun } from './item';
import { cancelledError, StoppedBeforeSending, withStopDescription } from './stop';
import type { ProviderProfile } from './transport';

/** An output item with a file: its JSON and its binary data. */
export interface OutputWithFile {
	json: IDataObject;
	binary: IBinaryKeyData;
}

/** What `execute` gives for one input item: one output item, or several (each paired with it). */
export type ItemOutput = IDataObject | OutputWithFile | Array<IDataObject | OutputWithFile>;

/** One operation: `execute` answers one input item. */
export interface Operation {
	/** Completes "Failed to <task>. API error: …", e.g. `delete image`. */
	task: string;
	execute(item: ItemContext): Promise<ItemOutput>;
	/** Items in flight at once, where not the provider's (`ProviderProfile.concurrency`). */
	concurrency?: number;
}

/** What one operation file exports. */
export interface OperationModule {
	/** The entry in the resource's Operation list (its `action` is the editor's label). */
	option: INodePropertyOptions & { value: string };
	/** Its parameters, shown only for it. */
	description: INodeProperties[];
	operation: Operation;
}

export interface ResourceDefinition {
	name: string;
	value: string;
	operations: OperationModule[];
}

export async function runOperation(
	this: IExecuteFunctions,
	provider: ProviderProfile,
	resources: ResourceDefinition[],
): Promise<INodeExecutionData[][]> {
	const inputItems = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const chosen = resources
		.find(({ value }) => value === resource)
		?.operations.find(({ option }) => option.value === operationName);
	if (!chosen) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operationName}" is not supported for "${resource}"`,
		);
	}

	const { operation } = chosen;
	const run = new NodeRun(this, provider, declaredParameters(chosen.description));
	const continueOnFail = this.continueOnFail();
	const toErrorOutput = this.getNode().onError === 'continueErrorOutput';
	// One slot per input item, in input order; a slot holds that item's output items.
	const output = new Array<INodeExecutionData[]>(inputItems.length);
	// Under Stop Workflow: the first failure (by index) is the node's error; the others are told.
	let firstFailure: { itemIndex: number; error: Error } | undefined;
	const failed: number[] = [];
	// Items stopped part-way: what each did before the stop.
	const partWay = new Map<number, string>();

	const record = (item: ItemContext, outcome: ItemOutput | Error) => {
		const { itemIndex } = item;
		const pairedItem = { item: itemIndex };
		// A request was not sent because the run had stopped: the item was not done, or only part.
		if (outcome instanceof StoppedBeforeSending) {
			const told = item.partWay(outcome.partWay);
			if (told) partWay.set(itemIndex, told);
			return;
		}
		if (!(outcome instanceof Error)) {
			output[itemIndex] = (Array.isArray(outcome) ? outcome : [outcome]).map((one) =>
				isOutputWithFile(one)
					? { json: one.json, binary: one.binary, pairedItem }
					: { json: one, pairedItem },
			);
			return;
		}
		const error = item.withWhatItDid(asNodeError(this, outcome, itemIndex));
		if (continueOnFail) {
			output[itemIndex] = [{ json: errorJson(error, toErrorOutput), pairedItem }];
			return;
		}
		run.stopped = true;
		failed.push(itemIndex);
		if (!firstFailure || itemIndex < firstFailure.itemIndex) {
			firstFailure = { itemIndex, error };
		}
	};
	const halted = () => firstFailure !== undefined || run.cancelled;
	const tellStop = () =>
		run.cancelled
			? withStopDescription(
					cancelledError(this.getNode()),
					output,
					failed,
					inputItems.length,
					partWay,
					provider.idFields,
					'cancelled',
				)
			: firstFailure &&
				withStopDescription(
					firstFailure.error,
					output,
					failed,
					inputItems.length,
					partWay,
					provider.idFields,
				);

	if (!(await run.pause('delayBefore'))) throw tellStop();
	await forEachBounded(
		inputItems.length,
		operation.concurrency ?? provider.concurrency,
		halted,
		async (itemIndex) => {
			const item = new ItemContext(itemIndex, run, operation.task);
			record(item, await operation.execute(item).catch(asError));
		},
	);
	const stopped = tellStop();
	if (stopped) throw stopped;
	if (!(await run.pause('delayAfter'))) throw tellStop();
	return [output.flat()];
}

/**
 * Runs `work` for indexes 0..count-1 with at most `limit` in flight, starting them in order.
 * Only `limit` promises exist at a time, whatever the number of items.
 */
async function forEachBounded(
	count: number,
	limit: number,
	shouldStop: () => boolean,
	work: (index: number) => Promise<void>,
): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < count && !shouldStop()) {
			const index = next++;
			await work(index);
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, count)) }, worker));
}

function isOutputWithFile(value: IDataObject | OutputWithFile): value is OutputWithFile {
	return (
		typeof value.binary === 'object' &&
		value.binary !== null &&
		typeof value.json === 'object' &&
		Object.keys(value).length === 2
	);
}

/**
 * A failed item's output under the continue modes: its message, and what an IF node can route
 * on. On the main output, the HTTP status and a reason. The error output takes only items whose
 * fields are `error` and `message` (n8n 1.x; 2.x also `details`), to which n8n adds the input's
 * fields: there `message` is the reason.
 */
function errorJson(error: NodeApiError | NodeOperationError, toErrorOutput: boolean): IDataObject {
	const httpCode = error instanceof NodeApiError ? error.httpCode : null;
	const reason = failureReason(error, httpCode);
	if (toErrorOutput) return { error: error.message, message: reason };
	return { error: error.message, ...(httpCode ? { httpCode } : {}), reason };
}

/** Why an item failed, in a word an IF node can route on; the error may say it itself. */
function failureReason(error: NodeApiError | NodeOperationError, httpCode: string | null): string {
	if (typeof error.context.reason === 'string') return error.context.reason;
	if (error instanceof NodeOperationError) return 'invalidInput';
	const status = Number(httpCode);
	if (status === 404) return 'notFound';
	if (status === 401 || status === 403) return 'auth';
	if (status === 429) return 'rateLimited';
	if (status === 400 || status === 409 || status === 422) return 'invalidInput';
	if (status >= 500) return 'server';
	return 'other';
}

function asError(thrown: unknown): Error {
	return thrown instanceof Error ? thrown : new Error(String(thrown));
}

function asNodeError(
	fn: IExecuteFunctions,
	caught: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (caught instanceof NodeApiError || caught instanceof NodeOperationError) {
		caught.context.itemIndex ??= itemIndex;
		return caught;
	}
	return new NodeOperationError(fn.getNode(), caught as Error, { itemIndex });
}
