/**
 * Connections: Connect checks the node's credential and hands out an id for its key; later nodes
 * of the same type in the same execution use the id instead of a credential; Disconnect ends it.
 * A connection id is a bearer token for a key: it works for nodes of the same type, in the
 * execution that opened it (not a later one, not a sub-workflow's), until it expires or is
 * disconnected. Keys are kept in this process's memory only, and never leave this module's map.
 */
import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { randomBytes } from 'node:crypto';

import { connectionIdField, defineOperation } from './properties';
import type { ItemContext, ResourceDefinition } from './router';
import { type ResolvedAuth, succeeded } from './transport';

/** Where a connection id is valid: nodes of one type in one execution. */
export interface ConnectionScope {
	/** The node type, e.g. `<package>.<node>`. */
	provider: string;
	/** n8n's id of the execution; a sub-workflow runs in an execution of its own. */
	executionId: string;
}

interface Connection extends ConnectionScope {
	id: string;
	credentialType: string;
	credentials: ICredentialDataDecryptedObject;
	expiresAt: number;
}

export const CONNECTION_ID_EMPTY =
	'Connection ID cannot be empty. Please provide a valid connection ID.';
export const CONNECTION_ID_UNKNOWN =
	'Connection ID not found or expired. Connect again, or use credentials.';

/**
 * The most keys one process holds. A connection's execution may have ended long before its
 * expiry (nothing tells a node), so a full registry gives up its oldest connection.
 */
export const MAX_HELD_CONNECTIONS = 1000;

const registry = new Map<string, Connection>();
/** The earliest expiry in the registry (or earlier): before it, a sweep has nothing to drop. */
let nextExpiry = Infinity;

/** The scope of the node that runs: its type and its execution (`''` when n8n gives none). */
export function connectionScope(fn: IExecuteFunctions): ConnectionScope {
	const executionId: unknown = fn.getExecutionId();
	return {
		provider: fn.getNode().type,
		executionId:
			typeof executionId === 'string' || typeof executionId === 'number' ? String(executionId) : '',
	};
}

/** Opens a connection in `scope`, which must name an execution. */
export function openConnection(
	scope: ConnectionScope,
	credentialType: string,
	credentials: ICredentialDataDecryptedObject,
	lifetimeMs: number,
	now = Date.now(),
): Connection {
	if (scope.executionId === '') throw new Error('A connection needs an execution to belong to');
	dropExpired(now);
	for (const oldest of registry.keys()) {
		if (registry.size < MAX_HELD_CONNECTIONS) break;
		registry.delete(oldest);
	}
	const connection: Connection = {
		provider: scope.provider,
		executionId: scope.executionId,
		id: `conn_${randomBytes(24).toString('base64url')}`,
		credentialType,
		// A copy: later changes to the caller's object must not reach the registry.
		credentials: { ...credentials },
		expiresAt: now + lifetimeMs,
	};
	registry.set(connection.id, connection);
	nextExpiry = Math.min(nextExpiry, connection.expiresAt);
	return connection;
}

/** The live connection for `id` in `scope`, or undefined (unknown, expired, other provider or execution). */
export function findConnection(
	id: string,
	scope: ConnectionScope,
	now = Date.now(),
): Connection | undefined {
	dropExpired(now);
	const connection = registry.get(id);
	if (!connection || scope.executionId === '') return undefined;
	if (connection.provider !== scope.provider || connection.executionId !== scope.executionId) {
		return undefined;
	}
	return connection;
}

export function closeConnection(id: string, scope: ConnectionScope, now = Date.now()): boolean {
	if (!findConnection(id, scope, now)) return false;
	return registry.delete(id);
}

/** How many keys this process holds (expired ones included until the next use sweeps them). */
export function heldConnections(): number {
	return registry.size;
}

function dropExpired(now: number): void {
	if (now < nextExpiry) return;
	nextExpiry = Infinity;
	for (const [id, connection] of registry) {
		if (connection.expiresAt <= now) registry.delete(id);
		else nextExpiry = Math.min(nextExpiry, connection.expiresAt);
	}
}

/** The key an item's connection id stands for, in the scope of the node that runs. */
export function connectionAuth(item: ItemContext, credentialType: string): ResolvedAuth {
	const { fn, itemIndex } = item;
	const connection = findConnection(readConnectionId(item), connectionScope(fn));
	if (!connection) throw new NodeOperationError(fn.getNode(), CONNECTION_ID_UNKNOWN, { itemIndex });
	return {
		credentialType,
		credentials: connection.credentials,
		additional: {
			credentialsDecrypted: {
				id: connection.id,
				name: 'connection',
				type: credentialType,
				data: connection.credentials,
			},
		},
	};
}

/** The `connectionId` parameter, trimmed; empty is refused. */
function readConnectionId(item: ItemContext): string {
	const raw = item.param<unknown>('connectionId', '');
	const id = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
	if (id === '')
		throw new NodeOperationError(item.fn.getNode(), CONNECTION_ID_EMPTY, {
			itemIndex: item.itemIndex,
		});
	return id;
}

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
	const minutes = Number(item.option('lifetimeMinutes', 60));
	if (!Number.isFinite(minutes) || minutes <= 0 || minutes > MAX_LIFETIME_MINUTES) {
		throw item.badInput(`Lifetime must be between 1 and ${MAX_LIFETIME_MINUTES} minutes.`);
	}
	// The execution is the connection's whole reach: without one it would work everywhere.
	const scope = connectionScope(item.fn);
	if (scope.executionId === '') throw item.badInput(CONNECT_WITHOUT_EXECUTION);
	// Connect has no Authentication parameter: this is always the node's credential.
	const { credentialType, credentials } = await item.auth();
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

async function disconnectItem(item: ItemContext): Promise<IDataObject> {
	const connectionId = readConnectionId(item);
	if (!closeConnection(connectionId, connectionScope(item.fn)))
		throw item.badInput(CONNECTION_ID_UNKNOWN);
	return { disconnected: true, connectionId };
}

/** Resource `connection`, the same on every node. */
export const connectionResource: ResourceDefinition = {
	name: 'Connection',
	value: 'connection',
	operations: [connect, disconnect],
};
