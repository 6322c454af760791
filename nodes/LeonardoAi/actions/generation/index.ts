import * as create from './create';
import * as deleteGeneration from './delete';
import * as get from './get';
import * as getMany from './getMany';
import type { ResourceDefinition } from '../../../shared/contracts';

export const generationResource: ResourceDefinition = {
	name: 'Generation',
	value: 'generation',
	operations: [create, deleteGeneration, get, getMany],
};
