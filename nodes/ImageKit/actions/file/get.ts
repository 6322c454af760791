import type { IDataObject } from 'n8n-workflow';

import { forOperation, optionsCollection, simplified, simplifyOption, type OperationModule } from '../../../shared/descriptions';
import { fetchOne } from '../../../shared/fetchOne';
import { pathSegment, readId } from '../../../shared/ids';
import type { ItemCall } from '../../../shared/ItemCall';
import { FILE_FIELDS } from '../../profile';

export const option: OperationModule['option'] = {
	name: 'Get',
	value: 'get',
	action: 'Get a file',
	description: "Get a file's details: name, path, URL, size, tags",
};

export const description = forOperation('file', 'get', [
	{ displayName: 'File ID', name: 'fileId', type: 'string', required: true, default: '' },
	optionsCollection([simplifyOption]),
]);

async function execute(call: ItemCall): Promise<IDataObject> {
	const id = readId(call, 'fileId', 'file');
	const file = await fetchOne(call, { method: 'GET', path: `/v1/files/${pathSegment(id)}/details` }, (body) => body, 'File not found');
	return simplified(call, file, FILE_FIELDS);
}

export const operation: OperationModule['operation'] = { action: 'get file', execute };
