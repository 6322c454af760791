import type { IDataObject } from 'n8n-workflow';

import type { ItemCall, OperationModule } from '../../../shared/contracts';
import { readId } from '../../../shared/input/ids';
import { simplified } from '../../../shared/operations/simplify';
import { optionsCollection, simplifyOption } from '../../../shared/ui/options';
import { forOperation } from '../../../shared/ui/properties';
import {
	GENERATION_FIELDS,
	getGeneration,
	waitForGeneration,
	waitOptions,
} from '../../api/generations';

export const option: OperationModule['option'] = {
	name: 'Get',
	value: 'get',
	action: 'Get a generation',
	description:
		'Get a generation, its status and generated images; optionally wait until it finishes',
};

export const description = forOperation('generation', 'get', [
	{
		displayName: 'Generation ID',
		name: 'generationId',
		type: 'string',
		required: true,
		default: '',
	},
	optionsCollection([...waitOptions, simplifyOption]),
]);

async function execute(call: ItemCall): Promise<IDataObject> {
	const id = readId(call, 'generationId', 'generation');
	const generation = call.option('waitForCompletion', false)
		? await waitForGeneration(call, id)
		: await getGeneration(call, id);
	return simplified(call, generation, GENERATION_FIELDS);
}

export const operation: OperationModule['operation'] = { task: 'get generation', execute };
