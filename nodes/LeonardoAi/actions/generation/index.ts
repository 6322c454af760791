import type { ResourceDefinition } from '../../../shared/router';
import * as create from './create';
import * as deleteGeneration from './delete';
import * as get from './get';
import * as getMany from './getMany';

export const generationResource: ResourceDefinition = {
	name: 'Generation',
	value: 'generation',
	operations: [create, deleteGeneration, get, getMany],
};
