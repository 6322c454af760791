import type { IDataObject } from 'n8n-workflow';

import { forOperation, optionsCollection, type OperationModule } from '../../../shared/descriptions';
import { fetchOne } from '../../../shared/fetchOne';
import { pathSegment, readId } from '../../../shared/ids';
import type { ItemCall } from '../../../shared/ItemCall';
import { isJsonObject } from '../../../shared/json';

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
	return await fetchOne(call, { method: 'GET', path: `/images/v1/${pathSegment(id)}` }, (body) => (isJsonObject(body) ? body.result : undefined), 'Image not found');
}

export const operation: OperationModule['operation'] = { action: 'get image', execute };
