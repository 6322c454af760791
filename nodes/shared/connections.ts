/**
 * The registry of connections (see `connectionResource.ts` for Connect and Disconnect). A
 * connection id is a bearer token for a key: it works for nodes of the same type, in the
 * execution that opened it (not a later one, not a sub-workflow's), until it expires or is
 * disconnected. Keys are kept in this process's memory only, and never leave this module's map.
 */
import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { randomBytes } from 'node:crypto';

import type { ResolvedAuth } from './transport';

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

/** The live connection for `id` in `scope`, or undefined (unknown, expired, another node type or execution). */
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

function dropExpired(now: number): void {
	if (now < nextExpiry) return;
	nextExpiry = Infinity;
	for (const [id, connection] of registry) {
		if (connection.expiresAt <= now) registry.delete(id);
		else nextExpiry = Math.min(nextExpiry, connection.expiresAt);
	}
}

/** The key an item's connection id stands for, in the scope of the node that runs. */
export function connectionAuth(
	fn: IExecuteFunctions,
	itemIndex: number,
	connectionId: unknown,
	credentialType: string,
): ResolvedAuth {
	const id = readConnectionId(fn, itemIndex, connectionId);
	const connection = findConnection(id, connectionScope(fn));
	if (!connection) {
		const error = new NodeOperationError(fn.getNode(), CONNECTION_ID_UNKNOWN, { itemIndex });
		// No key to send with: a failed item's reason is its authentication.
		error.context.reason = 'auth';
		throw error;
	}
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

/** The `connectionId` parameter's value, trimmed; empty is refused. */
export function readConnectionId(fn: IExecuteFunctions, itemIndex: number, raw: unknown): string {
	const id = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
	if (id === '') throw new NodeOperationError(fn.getNode(), CONNECTION_ID_EMPTY, { itemIndex });
	return id;
}
