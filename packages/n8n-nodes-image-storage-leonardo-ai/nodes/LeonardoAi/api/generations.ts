// Generated from nodes/LeonardoAi/api/generations.ts at the repository's top level by `npm run packages`: edit that file.
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { ItemCall } from '../../shared/contracts';
import { isJsonObject } from '../../shared/http/json';
import { notFoundWords, pathSegment } from '../../shared/input/ids';
import { fetchOne } from '../../shared/operations/fetchOne';

/** Options of the operations that can wait for a generation to finish. */
export const waitOptions: INodeProperties[] = [
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: false,
		description:
			'Whether to poll the generation until it is COMPLETE or FAILED and output the finished generation',
	},
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollInterval',
		type: 'number',
		typeOptions: { minValue: 0.1, numberPrecision: 1 },
		default: 5,
		description: 'Seconds between two looks at the generation while waiting',
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 300,
		description: 'Longest wait for the generation to finish',
	},
];

export async function getGeneration(call: ItemCall, id: string): Promise<IDataObject> {
	return await fetchOne(
		call,
		{ method: 'GET', path: `/generations/${pathSegment(id)}` },
		(body) => (isJsonObject(body) ? body.generations_by_pk : undefined),
		notFoundWords('generation'),
	);
}

/**
 * Polls until the generation is COMPLETE (returned) or FAILED (an error), within the timeout.
 * Sleeps in short slices so that a cancelled execution stops within a second.
 */
export async function waitForGeneration(call: ItemCall, id: string): Promise<IDataObject> {
	const intervalMs = Math.max(100, Number(call.option('pollInterval', 5)) * 1000);
	const timeoutMs = Number(call.option('timeout', 300)) * 1000;
	const started = Date.now();
	const deadline = started + timeoutMs;
	for (;;) {
		const generation = await getGeneration(call, id);
		if (generation.status === 'COMPLETE') return generation;
		if (generation.status === 'FAILED')
			throw call.apiError(`generation ${id} ended with status FAILED`);
		// The whole timeout is waited: the last look is at the deadline itself.
		const left = deadline - Date.now();
		if (left <= 0) {
			const waited = Number(((Date.now() - started) / 1000).toFixed(1));
			throw call.apiError(
				`generation ${id} not finished after waiting ${waited} s (timeout ${timeoutMs / 1000} s, status ${String(generation.status)})`,
			);
		}
		await sleepCancellable(call, Math.min(intervalMs, left));
	}
}

/** Sleeps in slices of at most a second, so that a cancelled execution stops within one. */
async function sleepCancellable(call: ItemCall, ms: number): Promise<void> {
	for (let waited = 0; waited < ms; waited += 1000) {
		if (call.fn.getExecutionCancelSignal?.()?.aborted) {
			throw call.apiError('the execution was cancelled while waiting for the generation');
		}
		await sleep(Math.min(1000, ms - waited));
	}
}

export const GENERATION_FIELDS = [
	'id',
	'status',
	'createdAt',
	'prompt',
	'modelId',
	'imageWidth',
	'imageHeight',
	'initImageId',
	'generated_images',
];
