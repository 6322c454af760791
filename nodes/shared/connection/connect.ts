import type { IDataObject } from 'n8n-workflow';

import { openConnection } from '../connections';
import { forOperation, optionsCollection, type OperationModule } from '../descriptions';
import type { ItemCall } from '../ItemCall';
import { sendWithRetries, succeeded } from '../transport';

const MAX_LIFETIME_MINUTES = 7 * 24 * 60;

export const option: OperationModule['option'] = {
	name: 'Connect',
	value: 'connect',
	action: 'Open a connection',
	description:
		"Check the node's credential and output a connection ID that later nodes of this type can use instead",
};

export const description = forOperation('connection', 'connect', [
	optionsCollection([
		{
			displayName: 'Lifetime (Minutes)',
			name: 'lifetimeMinutes',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_LIFETIME_MINUTES },
			default: 60,
			description: 'How long the connection ID works, unless disconnected earlier',
		},
	]),
]);

async function execute(call: ItemCall): Promise<IDataObject> {
	const minutes = Number(call.option('lifetimeMinutes', 60));
	if (!Number.isFinite(minutes) || minutes <= 0 || minutes > MAX_LIFETIME_MINUTES) {
		throw call.badInput(`Lifetime must be between 1 and ${MAX_LIFETIME_MINUTES} minutes.`);
	}
	const { run } = call;
	const { provider } = run;
	const credentials = await run.nodeCredentials();
	const response = await sendWithRetries(
		call.fn,
		{ credentialType: provider.credentialType, credentials },
		provider.baseUrl(credentials),
		provider.verifyRequest(credentials),
		run.retryPolicy,
		run.pacer(credentials),
	);
	if (!succeeded(response, provider)) throw call.failure(response);

	const connection = openConnection(
		run.scope,
		provider.credentialType,
		credentials,
		minutes * 60_000,
	);
	return {
		connectionId: connection.id,
		provider: connection.provider,
		expiresAt: new Date(connection.expiresAt).toISOString(),
	};
}

export const operation: OperationModule['operation'] = { action: 'connect', execute };
