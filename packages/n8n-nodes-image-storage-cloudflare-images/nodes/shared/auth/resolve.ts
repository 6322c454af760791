// Generated from nodes/shared/auth/resolve.ts at the repository's top level by `npm run packages`: edit that file.
import { NodeOperationError } from 'n8n-workflow';

import type { ItemCall, ResolvedAuth } from '../contracts';
import {
	CONNECTION_ID_EMPTY,
	CONNECTION_ID_UNKNOWN,
	connectionScope,
	findConnection,
} from './connections';

/**
 * The key for an item: the node's credential (`nodeAuth`, read once per run by the
 * caller), or the one its connection id stands for.
 */
export async function resolveAuth(
	call: Pick<ItemCall, 'fn' | 'itemIndex' | 'param'>,
	credentialType: string,
	nodeAuth: () => Promise<ResolvedAuth>,
): Promise<ResolvedAuth> {
	const { fn, itemIndex } = call;
	if (call.param<string>('authentication', 'credentials') !== 'connectionId')
		return await nodeAuth();
	const connection = findConnection(readConnectionId(call), connectionScope(fn));
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
export function readConnectionId(call: Pick<ItemCall, 'fn' | 'itemIndex' | 'param'>): string {
	const raw = call.param<unknown>('connectionId', '');
	const id = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
	if (id === '')
		throw new NodeOperationError(call.fn.getNode(), CONNECTION_ID_EMPTY, {
			itemIndex: call.itemIndex,
		});
	return id;
}
