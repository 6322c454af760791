import type { ResourceDefinition } from '../../../shared/descriptions';
import * as getStats from './getStats';

export const accountResource: ResourceDefinition = { name: 'Account', value: 'account', operations: [getStats] };
