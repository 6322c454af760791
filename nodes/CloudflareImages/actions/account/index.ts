import type { ResourceDefinition } from '../../../shared/router';
import * as getStats from './getStats';

export const accountResource: ResourceDefinition = {
	name: 'Account',
	value: 'account',
	operations: [getStats],
};
