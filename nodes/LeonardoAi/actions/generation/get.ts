import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { fetchOne, simplified } from '../../../shared/get';
import { type ItemContext, notFoundWords, readId } from '../../../shared/item';
import { cancelSignal, waitUnlessCancelled } from '../../../shared/pacing';
import { defineOperation, idField, outputOptions } from '../../../shared/properties';
import { StoppedBeforeSending } from '../../../shared/stop';
import { isJsonObject } from '../../../shared/transport';
import { generationLocator } from '../../locators';
import { generationRoute } from '../../profile';

/** What Simplify keeps of a generation (Get, Create, Get Many). */
export const GENERATION_FIELDS = [
	'id',
	'status',
	'createdAt',
	'prompt',
	'modelId',
	'imageWidth',
	'imageHeight',
	'generated_images',
];

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

export const { option, description, operation } = defineOperation('generation', {
	name: 'Get',
	value: 'get',
	action: 'Get a generation',
	summary: 'Get a generation, its status and generated images; optionally wait until it finishes',
	fields: [idField('generation', 'generationId', 'The generation to get', generationLocator)],
	options: [...waitOptions, ...outputOptions(GENERATION_FIELDS, 'id, status, generated_images')],
	task: 'get generation',
	execute,
});

async function execute(item: ItemContext): Promise<IDataObject> {
	const id = await readId(item, 'generationId', 'generation', generationLocator);
	const generation = item.option('waitForCompletion', false)
		? await waitForGeneration(item, id)
		: await getGeneration(item, id);
	return simplified(item, generation, GENERATION_FIELDS);
}

export async function getGeneration(item: ItemContext, id: string): Promise<IDataObject> {
	return await fetchOne(
		item,
		{ method: 'GET', path: generationRoute(id) },
		(body) => (isJsonObject(body) ? body.generations_by_pk : undefined),
		notFoundWords('generation'),
	);
}

/**
 * Polls until the generation is COMPLETE (returned) or FAILED (an error), within the timeout.
 * A cancelled execution ends the wait at once.
 */
export async function waitForGeneration(item: ItemContext, id: string): Promise<IDataObject> {
	const intervalMs = Math.max(100, Number(item.option('pollInterval', 5)) * 1000);
	const timeoutMs = Number(item.option('timeout', 300)) * 1000;
	const started = Date.now();
	const deadline = started + timeoutMs;
	for (;;) {
		const generation = await getGeneration(item, id);
		if (generation.status === 'COMPLETE') return generation;
		if (generation.status === 'FAILED')
			throw item.apiError(`generation ${id} ended with status FAILED`);
		// The whole timeout is waited: the last look is at the deadline itself.
		const left = deadline - Date.now();
		if (left <= 0) {
			const waited = Number(((Date.now() - started) / 1000).toFixed(1));
			throw item.apiError(
				`generation ${id} not finished after waiting ${waited} s (timeout ${timeoutMs / 1000} s, status ${String(generation.status)})`,
			);
		}
		if (!(await waitUnlessCancelled(Math.min(intervalMs, left), cancelSignal(item.fn))))
			throw new StoppedBeforeSending('not waited for: the execution was cancelled');
	}
}
