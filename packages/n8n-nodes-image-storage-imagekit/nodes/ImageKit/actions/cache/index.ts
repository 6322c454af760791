// Generated from nodes/ImageKit/actions/cache/index.ts at the repository's top level by `npm run packages`: edit that file.
import type { ResourceDefinition } from '../../../shared/router';
import * as getPurgeStatus from './getPurgeStatus';
import * as purge from './purge';

export const cacheResource: ResourceDefinition = {
	name: 'Cache',
	value: 'cache',
	operations: [getPurgeStatus, purge],
};
