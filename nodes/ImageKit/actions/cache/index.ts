import * as getPurgeStatus from './getPurgeStatus';
import * as purge from './purge';
import type { ResourceDefinition } from '../../../shared/contracts';

export const cacheResource: ResourceDefinition = { name: 'Cache', value: 'cache', operations: [getPurgeStatus, purge] };
