// Generated from nodes/LeonardoAi/actions/user/index.ts at the repository's top level by `npm run packages`: edit that file.
import type { ResourceDefinition } from '../../../shared/router';
import * as get from './get';

export const userResource: ResourceDefinition = { name: 'User', value: 'user', operations: [get] };
