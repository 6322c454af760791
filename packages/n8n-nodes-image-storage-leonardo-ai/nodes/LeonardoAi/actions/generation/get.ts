// Generated from nodes/LeonardoAi/actions/generation/get.ts at the repository's top level by `npm run packages`: edit that file.
import type { IDataObject } from 'n8n-workflow';

import type { ItemCall } from '../../../shared/contracts';
import { readId } from '../../../shared/input/ids';
import { defineOperation } from '../../../shared/operations/define';
import { simplified } from '../../../shared/operations/simplify';
import { idField } from '../../../shared/ui/fields';
import { outputOptions } from '../../../shared/ui/options';
import {
	GENERATION_FIELDS,
	getGeneration,
	waitForGeneration,
	waitOptions,
} from '../../api/generations';
import { generationLocator } from '../../locators';

export const { option, description, operation } = defineOperation('generation', {
	name: 'Get',
	value: 'get',
	action: 'Get a generation',
	summary: 'Get a generation, its status and generated images; optionally wait until it finishes',
	fields: [idField('generation', 'generationId', 'The generation to get', generationLocator)],
	options: [...waitOptions, ...outputOptions(GENERATION_FIELDS)],
	task: 'get generation',
	execute,
});

async function execute(call: ItemCall): Promise<IDataObject> {
	const id = await readId(call, 'generationId', 'generation', generationLocator);
	const generation = call.option('waitForCompletion', false)
		? await waitForGeneration(call, id)
		: await getGeneration(call, id);
	return simplified(call, generation, GENERATION_FIELDS);
}
