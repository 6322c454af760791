import type { ResourceDefinition } from '../../../shared/router';
import * as getPurgeStatus from './getPurgeStatus';
import * as purge from './purge';

export const cacheResource: ResourceDefinition = {
	name: 'Cache',
	value: 'cache',
	operations: [getPurgeStatus, purge],
};
