import type { IDataObject } from 'n8n-workflow';

import { closeConnection, CONNECTION_ID_UNKNOWN } from '../connections';
import { connectionIdField, forOperation, optionsCollection, type OperationModule } from '../descriptions';
import type { ItemCall } from '../ItemCall';
import { readConnectionId } from '../NodeRun';

export const option: OperationModule['option'] = {
	name: 'Disconnect',
	value: 'disconnect',
	action: 'Close a connection',
	description: 'Make a connection ID stop working',
};

export const description = forOperation('connection', 'disconnect', [
	connectionIdField,
	optionsCollection([], { withRequests: false }),
]);

async function execute(call: ItemCall): Promise<IDataObject> {
	const connectionId = readConnectionId(call);
	if (!closeConnection(connectionId, call.run.scope)) throw call.badInput(CONNECTION_ID_UNKNOWN);
	return { disconnected: true, connectionId };
}

export const operation: OperationModule['operation'] = { action: 'disconnect', execute };
