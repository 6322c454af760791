import type { IDataObject } from 'n8n-workflow';

import { closeConnection, CONNECTION_ID_UNKNOWN, connectionScope } from '../../auth/connections';
import { readConnectionId } from '../../auth/resolve';
import type { ItemCall, OperationModule } from '../../contracts';
import { connectionIdField } from '../../ui/fields';
import { optionsCollection } from '../../ui/options';
import { forOperation } from '../../ui/properties';

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
	const connectionId = readConnectionId(call.fn, call.itemIndex);
	if (!closeConnection(connectionId, connectionScope(call.fn)))
		throw call.badInput(CONNECTION_ID_UNKNOWN);
	return { disconnected: true, connectionId };
}

export const operation: OperationModule['operation'] = { task: 'disconnect', execute };
