// Generated from nodes/shared/operations/connection/disconnect.ts at the repository's top level by `npm run packages`: edit that file.
import type { IDataObject } from 'n8n-workflow';

import { closeConnection, CONNECTION_ID_UNKNOWN, connectionScope } from '../../auth/connections';
import { readConnectionId } from '../../auth/resolve';
import type { ItemCall } from '../../contracts';
import { connectionIdField } from '../../ui/fields';
import { defineOperation } from '../define';

export const { option, description, operation } = defineOperation('connection', {
	name: 'Disconnect',
	value: 'disconnect',
	action: 'Close a connection',
	summary: 'Make a connection ID stop working',
	fields: [connectionIdField],
	sendsRequests: false,
	task: 'disconnect',
	execute,
});

async function execute(call: ItemCall): Promise<IDataObject> {
	const connectionId = readConnectionId(call);
	if (!closeConnection(connectionId, connectionScope(call.fn)))
		throw call.badInput(CONNECTION_ID_UNKNOWN);
	return { disconnected: true, connectionId };
}
