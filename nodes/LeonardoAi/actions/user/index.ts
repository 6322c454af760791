import * as get from './get';
import type { ResourceDefinition } from '../../../shared/contracts';

export const userResource: ResourceDefinition = { name: 'User', value: 'user', operations: [get] };
