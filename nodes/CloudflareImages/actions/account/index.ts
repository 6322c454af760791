import * as getStats from './getStats';
import type { ResourceDefinition } from '../../../shared/contracts';

export const accountResource: ResourceDefinition = { name: 'Account', value: 'account', operations: [getStats] };
