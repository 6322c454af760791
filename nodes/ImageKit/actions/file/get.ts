import type { IDataObject } from 'n8n-workflow';

import type { ItemCall, OperationModule } from '../../../shared/contracts';
import { pathSegment, readId } from '../../../shared/input/ids';
import { fetchOne } from '../../../shared/operations/fetchOne';
import { simplified } from '../../../shared/operations/simplify';
import { optionsCollection, simplifyOption } from '../../../shared/ui/options';
import { forOperation } from '../../../shared/ui/properties';
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
	const file = await fetchOne(
		call,
		{ method: 'GET', path: `/v1/files/${pathSegment(id)}/details` },
		(body) => body,
		'File not found',
	);
	return simplified(call, file, FILE_FIELDS);
}

export const operation: OperationModule['operation'] = { task: 'get file', execute };
