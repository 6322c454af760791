import type { IDataObject } from 'n8n-workflow';

import type { ItemCall, OperationModule } from '../../../shared/contracts';
import { isJsonObject } from '../../../shared/http/json';
import { pathSegment, readId } from '../../../shared/input/ids';
import { fetchOne } from '../../../shared/operations/fetchOne';
import { optionsCollection } from '../../../shared/ui/options';
import { forOperation } from '../../../shared/ui/properties';

export const option: OperationModule['option'] = {
	name: 'Get',
	value: 'get',
	action: 'Get an image',
	description: 'Get an image: file name, metadata, upload time, variants',
};

export const description = forOperation('image', 'get', [
	{ displayName: 'Image ID', name: 'imageId', type: 'string', required: true, default: '' },
	optionsCollection(),
]);

async function execute(call: ItemCall): Promise<IDataObject> {
	const id = readId(call, 'imageId', 'image');
	return await fetchOne(
		call,
		{ method: 'GET', path: `/images/v1/${pathSegment(id)}` },
		(body) => (isJsonObject(body) ? body.result : undefined),
		'Image not found',
	);
}

export const operation: OperationModule['operation'] = { task: 'get image', execute };
