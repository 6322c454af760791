// Generated from nodes/shared/operations/connection/connect.ts at the repository's top level by `npm run packages`: edit that file.
import type { IDataObject } from 'n8n-workflow';

import { connectionScope, openConnection } from '../../auth/connections';
import type { ItemCall } from '../../contracts';
import { succeeded } from '../../http/answers';
import { defineOperation } from '../define';

const MAX_LIFETIME_MINUTES = 7 * 24 * 60;
export const CONNECT_WITHOUT_EXECUTION =
	'Connect needs an execution ID, and n8n gave this run none. A connection works only in the execution that opened it: use credentials here.';

export const { option, description, operation } = defineOperation('connection', {
	name: 'Connect',
	value: 'connect',
	action: 'Open a connection',
	summary:
		"Check the node's credential and output a connection ID that later nodes of this type in the same execution can use instead",
	options: [
		{
			displayName: 'Lifetime (Minutes)',
			name: 'lifetimeMinutes',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_LIFETIME_MINUTES },
			default: 60,
			description:
				'How long the connection ID works in this execution, unless disconnected earlier',
		},
	],
	task: 'connect',
	execute,
});

async function execute(call: ItemCall): Promise<IDataObject> {
	const minutes = Number(call.option('lifetimeMinutes', 60));
	if (!Number.isFinite(minutes) || minutes <= 0 || minutes > MAX_LIFETIME_MINUTES) {
		throw call.badInput(`Lifetime must be between 1 and ${MAX_LIFETIME_MINUTES} minutes.`);
	}
	// The execution is the connection's whole reach: without one it would work everywhere.
	const scope = connectionScope(call.fn);
	if (scope.executionId === '') throw call.badInput(CONNECT_WITHOUT_EXECUTION);
	// Connect has no Authentication parameter: this is always the node's credential.
	const { credentialType, credentials } = await call.auth();
	const response = await call.request(call.provider.verifyRequest(credentials));
	if (!succeeded(response, call.provider)) throw call.failure(response);
	const connection = openConnection(scope, credentialType, credentials, minutes * 60_000);
	return {
		connectionId: connection.id,
		provider: connection.provider,
		expiresAt: new Date(connection.expiresAt).toISOString(),
	};
}
