/**
 * Resource Connection, the same on every node: Connect checks the node's credential and hands out
 * an id for its key, which later nodes of the same type in the same execution use instead of a
 * credential; Disconnect ends it.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	closeConnection,
	CONNECTION_ID_UNKNOWN,
	connectionScope,
	openConnection,
	readConnectionId,
} from './connections';
import { connectionIdField, defineOperation } from './properties';
import type { ItemContext } from './item';
import type { ResourceDefinition } from './router';
import { succeeded } from './transport';

const MAX_LIFETIME_MINUTES = 7 * 24 * 60;
export const CONNECT_WITHOUT_EXECUTION =
	'Connect needs an execution ID, and n8n gave this run none. A connection works only in the execution that opened it: use credentials here.';

const connect = defineOperation('connection', {
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
	execute: connectItem,
});

async function connectItem(item: ItemContext): Promise<IDataObject> {
	// Read within the declared bounds (1 to MAX_LIFETIME_MINUTES): else the item fails.
	const minutes = item.option('lifetimeMinutes', 60);
	// The execution is the connection's whole reach: without one it would work everywhere.
	const scope = connectionScope(item.fn);
	if (scope.executionId === '') throw item.badInput(CONNECT_WITHOUT_EXECUTION);
	// Connect has no Authentication parameter: this is always the node's credential.
	const { credentialType, credentials } = await item.credentials();
	const response = await item.request(item.provider.verifyRequest(credentials));
	if (!succeeded(response, item.provider)) throw item.failure(response);
	const connection = openConnection(scope, credentialType, credentials, minutes * 60_000);
	return {
		connectionId: connection.id,
		provider: connection.provider,
		expiresAt: new Date(connection.expiresAt).toISOString(),
	};
}

const disconnect = defineOperation('connection', {
	name: 'Disconnect',
	value: 'disconnect',
	action: 'Close a connection',
	summary: 'Make a connection ID stop working',
	fields: [connectionIdField],
	sendsRequests: false,
	task: 'disconnect',
	execute: disconnectItem,
});

/** The connections each node run closed: items after the first that name one are answered alike. */
const closedByRun = new WeakMap<object, Set<string>>();

/**
 * Closes the item's connection. Every item of a Disconnect after a Get Many or a Split names the
 * same connection: the first closes it, the others are told the same, not refused.
 */
async function disconnectItem(item: ItemContext): Promise<IDataObject> {
	const connectionId = readConnectionId(item.fn, item.itemIndex, item.param('connectionId', ''));
	const closed = closedByRun.get(item.fn) ?? new Set<string>();
	closedByRun.set(item.fn, closed);
	if (closeConnection(connectionId, connectionScope(item.fn))) closed.add(connectionId);
	else if (!closed.has(connectionId)) throw item.badInput(CONNECTION_ID_UNKNOWN);
	return { disconnected: true, connectionId };
}

/** Resource `connection`, the same on every node. */
export const connectionResource: ResourceDefinition = {
	name: 'Connection',
	value: 'connection',
	operations: [connect, disconnect],
};
