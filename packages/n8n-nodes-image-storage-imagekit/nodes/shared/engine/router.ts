// Generated from nodes/shared/engine/router.ts at the repository's top level by `npm run packages`: edit that file.
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import type { ProviderProfile, ResourceDefinition, RetryPolicy } from '../contracts';
import { DEFAULT_RETRY_POLICY } from '../http/transport';
import { Call } from './Call';
import { NodeRun } from './NodeRun';
import { describeStop, StoppedBeforeSending } from './stop';

/**
 * Runs the chosen operation once per input item and owns everything around it: the delays,
 * bounded concurrency, input order, `pairedItem`, and n8n's On Error modes.
 */
export async function runOperation(
	this: IExecuteFunctions,
	provider: ProviderProfile,
	resources: ResourceDefinition[],
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = resources
		.find(({ value }) => value === resource)
		?.operations.find(({ option }) => option.value === operationName)?.operation;
	if (!operation) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operationName}" is not supported for "${resource}"`,
		);
	}

	const run = new NodeRun(
		this,
		provider,
		readRetryPolicy(this),
		readNumberOption(this, 'maxRequestsPerSecond', 0),
	);
	const continueOnFail = this.continueOnFail();
	// One slot per input item, in input order; a slot holds that item's output items.
	const output = new Array<INodeExecutionData[]>(items.length);
	// Under Stop Workflow: the first failure (by index) is the node's error; the others are told.
	let firstFailure: { itemIndex: number; error: Error } | undefined;
	const failed: number[] = [];
	// Items stopped part-way: what each did before the stop.
	const partWay = new Map<number, string>();

	const settle = (itemIndex: number, answer: IDataObject | IDataObject[] | Error) => {
		// A request was not sent because the run had stopped: the item was not done, or only part.
		if (answer instanceof StoppedBeforeSending) {
			if (answer.partWay) partWay.set(itemIndex, answer.partWay);
			return;
		}
		if (!(answer instanceof Error)) {
			output[itemIndex] = (Array.isArray(answer) ? answer : [answer]).map((json) => ({
				json,
				pairedItem: { item: itemIndex },
			}));
			return;
		}
		const error = asNodeError(this, answer, itemIndex);
		if (continueOnFail) {
			// Only `error`: n8n's error output recognises such items and adds the input's fields.
			output[itemIndex] = [{ json: { error: error.message }, pairedItem: { item: itemIndex } }];
			return;
		}
		run.stop();
		failed.push(itemIndex);
		if (!firstFailure || itemIndex < firstFailure.itemIndex) {
			firstFailure = { itemIndex, error };
		}
	};
	const stop = () => firstFailure !== undefined;
	const call = (itemIndex: number) => new Call(this, itemIndex, run, operation);

	await pause(this, 'delayBefore');
	const { bulk } = operation;
	if (bulk && items.length >= bulk.minItems) {
		const groups = Math.ceil(items.length / bulk.size);
		await forEachBounded(groups, provider.concurrency, stop, async (group) => {
			const first = group * bulk.size;
			const calls = Array.from({ length: Math.min(bulk.size, items.length - first) }, (_, k) =>
				call(first + k),
			);
			const answered = new Set<number>();
			const answer = (k: number, outcome: IDataObject | Error) => {
				if (answered.has(k)) return;
				answered.add(k);
				settle(first + k, outcome);
			};
			await bulk.execute(calls, answer).catch((error: unknown) => {
				calls.forEach((_, k) => answer(k, asError(error)));
			});
			calls.forEach((_, k) => answer(k, new Error('The bulk path gave this item no answer')));
		});
	} else {
		await forEachBounded(items.length, provider.concurrency, stop, async (itemIndex) => {
			settle(itemIndex, await operation.execute(call(itemIndex)).catch(asError));
		});
	}
	if (firstFailure)
		throw withStopDescription(firstFailure.error, output, failed, items.length, partWay);
	await pause(this, 'delayAfter');
	return [output.flat()];
}

/**
 * Runs `work` for indexes 0..count-1 with at most `limit` in flight, starting them in order.
 * Only `limit` promises exist at a time, whatever the number of items.
 */
export async function forEachBounded(
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

/** Delays apply once per node run, with the values of the first item. */
async function pause(fn: IExecuteFunctions, name: 'delayBefore' | 'delayAfter'): Promise<void> {
	const seconds = readNumberOption(fn, name, 0);
	if (seconds > 0) await sleep(seconds * 1000);
}

function readRetryPolicy(fn: IExecuteFunctions): RetryPolicy {
	const timeoutSeconds = readNumberOption(
		fn,
		'requestTimeout',
		DEFAULT_RETRY_POLICY.timeoutMs / 1000,
	);
	const maxRetries = readNumberOption(fn, 'maxRetries', DEFAULT_RETRY_POLICY.maxRetries);
	if (timeoutSeconds <= 0) {
		throw new NodeOperationError(fn.getNode(), 'Request Timeout must be more than 0 seconds.');
	}
	return {
		...DEFAULT_RETRY_POLICY,
		timeoutMs: Math.round(timeoutSeconds * 1000),
		maxRetries: Math.floor(maxRetries),
	};
}

function readNumberOption(fn: IExecuteFunctions, name: string, fallback: number): number {
	const options = fn.getNodeParameter('options', 0, {}) as IDataObject;
	const raw = options[name];
	if (raw === undefined || raw === null || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isFinite(value) || value < 0) {
		throw new NodeOperationError(fn.getNode(), `Option "${name}" must be a number of 0 or more.`);
	}
	return value;
}

/**
 * The node's error under Stop Workflow; with more than one item, its description tells which
 * were done before the stop (appended to a description it already has).
 */
function withStopDescription(
	error: Error,
	output: INodeExecutionData[][],
	failed: number[],
	total: number,
	partWay: Map<number, string>,
): Error {
	if (total < 2) return error;
	const told = describeStop(output, failed, total, partWay);
	const nodeError = error as Error & { description?: string | null };
	nodeError.description = nodeError.description ? `${nodeError.description}\n\n${told}` : told;
	return error;
}

function asError(thrown: unknown): Error {
	return thrown instanceof Error ? thrown : new Error(String(thrown));
}

function asNodeError(fn: IExecuteFunctions, caught: unknown, itemIndex: number): Error {
	if (caught instanceof NodeApiError || caught instanceof NodeOperationError) {
		caught.context.itemIndex ??= itemIndex;
		return caught;
	}
	return new NodeOperationError(fn.getNode(), caught as Error, { itemIndex });
}
