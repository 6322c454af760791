// Generated from nodes/shared/auth/connections.ts at the repository's top level by `npm run packages`: edit that file.
/**
 * The connection registry: keys handed out by `connect`, kept in this process's memory only.
 * A connection id is usable by nodes of the same type, in the workflow that opened it,
 * until it expires or is disconnected. The key itself never leaves this module's map.
 */
import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';
import { randomBytes } from 'node:crypto';

import type { ConnectionScope } from '../contracts';

export interface Connection extends ConnectionScope {
	id: string;
	credentialType: string;
	credentials: ICredentialDataDecryptedObject;
	expiresAt: number;
}

export const CONNECTION_ID_EMPTY =
	'Connection ID cannot be empty. Please provide a valid connection ID.';
export const CONNECTION_ID_UNKNOWN =
	'Connection ID not found or expired. Connect again, or use credentials.';

const registry = new Map<string, Connection>();

/** The scope of the node that runs: its type and its workflow. */
export function connectionScope(fn: IExecuteFunctions): ConnectionScope {
	return { provider: fn.getNode().type, workflowId: String(fn.getWorkflow().id ?? '') };
}

export function openConnection(
	scope: ConnectionScope,
	credentialType: string,
	credentials: ICredentialDataDecryptedObject,
	lifetimeMs: number,
	now = Date.now(),
): Connection {
	dropExpired(now);
	const connection: Connection = {
		...scope,
		id: `conn_${randomBytes(24).toString('base64url')}`,
		credentialType,
		// A copy: later changes to the caller's object must not reach the registry.
		credentials: { ...credentials },
		expiresAt: now + lifetimeMs,
	};
	registry.set(connection.id, connection);
	return connection;
}

/** The live connection for `id` in `scope`, or undefined (unknown, expired, other provider or workflow). */
export function findConnection(
	id: string,
	scope: ConnectionScope,
	now = Date.now(),
): Connection | undefined {
	const connection = registry.get(id);
	if (!connection) return undefined;
	if (connection.expiresAt <= now) {
		registry.delete(id);
		return undefined;
	}
	if (connection.provider !== scope.provider || connection.workflowId !== scope.workflowId) {
		return undefined;
	}
	return connection;
}

export function closeConnection(id: string, scope: ConnectionScope): boolean {
	if (!findConnection(id, scope)) return false;
	return registry.delete(id);
}

function dropExpired(now: number): void {
	for (const [id, connection] of registry) {
		if (connection.expiresAt <= now) registry.delete(id);
	}
}
