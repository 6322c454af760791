import type { ResourceDefinition } from '../../../shared/router';
import * as get from './get';

export const userResource: ResourceDefinition = { name: 'User', value: 'user', operations: [get] };
