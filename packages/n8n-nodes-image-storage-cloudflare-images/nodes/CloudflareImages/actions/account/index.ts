// Generated from nodes/CloudflareImages/actions/account/index.ts at the repository's top level by `npm run packages`: edit that file.
import type { ResourceDefinition } from '../../../shared/router';
import * as getStats from './getStats';

export const accountResource: ResourceDefinition = {
	name: 'Account',
	value: 'account',
	operations: [getStats],
};
