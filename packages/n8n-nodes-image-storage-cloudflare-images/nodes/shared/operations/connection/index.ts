// Generated from nodes/shared/operations/connection/index.ts at the repository's top level by `npm run packages`: edit that file.
import type { ResourceDefinition } from '../../contracts';
import * as connect from './connect';
import * as disconnect from './disconnect';

/**
 * Resource `connection`, the same on every node: Connect hands out an id for a checked key,
 * Disconnect ends it.
 */
export const connectionResource: ResourceDefinition = {
	name: 'Connection',
	value: 'connection',
	operations: [connect, disconnect],
};
