import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ResolvedAuth } from '../contracts';
import {
	CONNECTION_ID_EMPTY,
	CONNECTION_ID_UNKNOWN,
	connectionScope,
	findConnection,
} from './connections';

/**
 * The key for an item: the node's credential (`nodeCredentials`, read once per run by the
 * caller), or the one its connection id stands for.
 */
export async function resolveAuth(
	fn: IExecuteFunctions,
	itemIndex: number,
	credentialType: string,
	nodeCredentials: () => Promise<ICredentialDataDecryptedObject>,
): Promise<ResolvedAuth> {
	if (fn.getNodeParameter('authentication', itemIndex, 'credentials') !== 'connectionId') {
		return { credentialType, credentials: await nodeCredentials() };
	}
	const connection = findConnection(readConnectionId(fn, itemIndex), connectionScope(fn));
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
export function readConnectionId(fn: IExecuteFunctions, itemIndex: number): string {
	const raw = fn.getNodeParameter('connectionId', itemIndex, '') as unknown;
	const id = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
	if (id === '') throw new NodeOperationError(fn.getNode(), CONNECTION_ID_EMPTY, { itemIndex });
	return id;
}
