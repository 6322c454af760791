import type { ResourceDefinition } from '../../contracts';
import * as connect from './connect';
import * as disconnect from './disconnect';

/** Resource `connection`, the same on every node: the seed's Connect / Disconnect nodes. */
export const connectionResource: ResourceDefinition = {
	name: 'Connection',
	value: 'connection',
	operations: [connect, disconnect],
};
