import type { IDataObject } from 'n8n-workflow';

import { sendCreate, sinceText } from '../../../shared/create';
import { simplified, simplifiedAll } from '../../../shared/get';
import type { ItemContext } from '../../../shared/item';
import { defineOperation, outputOptions } from '../../../shared/properties';
import { isJsonObject } from '../../../shared/transport';
import { GENERATIONS_ROUTE } from '../../profile';
import { GENERATION_FIELDS, waitForGeneration, waitOptions } from './get';

export const { option, description, operation } = defineOperation('generation', {
	name: 'Create',
	value: 'create',
	action: 'Create a generation',
	summary:
		'Start an image generation, optionally from an uploaded init image, and optionally wait for it',
	fields: [
		{
			displayName: 'Prompt',
			name: 'prompt',
			type: 'string',
			typeOptions: { rows: 3 },
			required: true,
			default: '',
			placeholder: 'e.g. A red fox in the snow, watercolour',
			description: 'What the images should show',
		},
	],
	options: [
		{
			displayName: 'Model ID',
			name: 'modelId',
			type: 'string',
			default: '',
			description: "Leonardo model to use; Leonardo's own choice when empty",
		},
		{
			displayName: 'Width',
			name: 'width',
			type: 'number',
			typeOptions: { minValue: 32, maxValue: 1536 },
			default: 512,
			description: 'Width of each image in pixels, a multiple of 8',
		},
		{
			displayName: 'Height',
			name: 'height',
			type: 'number',
			typeOptions: { minValue: 32, maxValue: 1536 },
			default: 512,
			description: 'Height of each image in pixels, a multiple of 8',
		},
		{
			displayName: 'Number of Images',
			name: 'numImages',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 8 },
			default: 1,
			description: 'How many images the generation makes',
		},
		{
			displayName: 'Negative Prompt',
			name: 'negativePrompt',
			type: 'string',
			default: '',
			description: 'What the images should not show',
		},
		{
			displayName: 'Init Image ID',
			name: 'initImageId',
			type: 'string',
			default: '',
			description: 'An uploaded init image to start from',
		},
		{
			displayName: 'Init Strength',
			name: 'initStrength',
			type: 'number',
			typeOptions: { minValue: 0.1, maxValue: 0.9, numberPrecision: 2 },
			default: 0.5,
			description: 'How much the init image shapes the result, from 0.1 (little) to 0.9 (much)',
		},
		...waitOptions,
		...outputOptions(GENERATION_FIELDS, 'id, generationId, apiCreditCost'),
	],
	task: 'create generation',
	execute,
});

/**
 * Each option and the field POST /generations names it: the API mixes cases (Leonardo's
 * OpenAPI specification), and silently ignores a field it does not know.
 */
const BODY_FIELDS: Record<string, string> = {
	modelId: 'modelId',
	width: 'width',
	height: 'height',
	numImages: 'num_images',
	negativePrompt: 'negative_prompt',
	initImageId: 'init_image_id',
	initStrength: 'init_strength',
};

async function execute(item: ItemContext): Promise<IDataObject> {
	const prompt = String(item.param<string>('prompt', '')).trim();
	if (prompt === '') throw item.badInput('Prompt cannot be empty. Please provide a prompt.');
	const waiting = item.option('waitForCompletion', false);
	// Without waiting, the answer's fields are known: a typo in Output Fields fails before paying.
	if (!waiting) simplifiedAll(item, [{ id: '', generationId: '', apiCreditCost: 0 }]);
	const body: IDataObject = { prompt };
	for (const [option, field] of Object.entries(BODY_FIELDS)) {
		const value = item.option<unknown>(option, undefined);
		const sent = typeof value === 'string' ? value.trim() : value;
		// An option added but left empty is not sent: Leonardo has no account default to fall back on.
		if (sent !== undefined && sent !== '') body[field] = sent as IDataObject[string];
	}
	const answer = await sendCreate(
		item,
		{ method: 'POST', path: GENERATIONS_ROUTE, body },
		{
			noun: 'generation',
			idIn: (created) => {
				const job = isJsonObject(created) ? created.sdGenerationJob : undefined;
				return isJsonObject(job) && typeof job.generationId === 'string'
					? job.generationId
					: undefined;
			},
			// Paid for from here on: a stop or a failure while waiting tells it, so that it is not made twice.
			madeWords: (id) =>
				`(its credits are spent): get it with Generation → Get, Generation ID ${id}`,
			// Not looked for: the key's list cannot tell this item's generation from another made at
			// the same moment with the same prompt (other items of the run, other workflows).
			howToCheck: (since) =>
				`look for it with Generation → Get Many (created since ${sinceText(since)}) before running this item again (each generation costs credits)`,
		},
	);
	const job = isJsonObject(answer) ? answer.sdGenerationJob : undefined;
	if (!isJsonObject(job) || typeof job.generationId !== 'string') {
		throw item.apiError('no generation ID in the answer to POST /generations');
	}
	const id = job.generationId;
	// The same fields whether or not it waits: `id` for a following Get or Delete.
	// Every field Output Fields was checked against is there (null when Leonardo left it out):
	// a paid generation never fails for it.
	const created: IDataObject = { id, generationId: id, apiCreditCost: job.apiCreditCost ?? null };
	if (!waiting) return simplified(item, created);
	const generation = await waitForGeneration(item, id);
	return simplified(item, { ...generation, ...created }, [
		...Object.keys(created),
		...GENERATION_FIELDS,
	]);
}
