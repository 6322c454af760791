// Generated from nodes/shared/operations/connection/connect.ts at the repository's top level by `npm run packages`: edit that file.
import type { IDataObject } from 'n8n-workflow';

import { connectionScope, openConnection } from '../../auth/connections';
import type { ItemCall } from '../../contracts';
import { succeeded } from '../../http/answers';
import { defineOperation } from '../define';

const MAX_LIFETIME_MINUTES = 7 * 24 * 60;

export const { option, description, operation } = defineOperation('connection', {
	name: 'Connect',
	value: 'connect',
	action: 'Open a connection',
	summary:
		"Check the node's credential and output a connection ID that later nodes of this type can use instead",
	options: [
		{
			displayName: 'Lifetime (Minutes)',
			name: 'lifetimeMinutes',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_LIFETIME_MINUTES },
			default: 60,
			description: 'How long the connection ID works, unless disconnected earlier',
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
	// Connect has no Authentication parameter: this is always the node's credential.
	const { credentialType, credentials } = await call.auth();
	const response = await call.request(call.provider.verifyRequest(credentials));
	if (!succeeded(response, call.provider)) throw call.failure(response);
	const connection = openConnection(
		connectionScope(call.fn),
		credentialType,
		credentials,
		minutes * 60_000,
	);
	return {
		connectionId: connection.id,
		provider: connection.provider,
		expiresAt: new Date(connection.expiresAt).toISOString(),
	};
}
