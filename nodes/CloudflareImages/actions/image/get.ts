import { defineFetchOperation } from '../../../shared/get';
import { isJsonObject } from '../../../shared/transport';
import { imageLocator } from '../../locators';
import { imageRoute } from '../../profile';

export const { option, description, operation } = defineFetchOperation('image', {
	name: 'Get',
	value: 'get',
	action: 'Get an image',
	summary: 'Get an image: file name, metadata, upload time, variants',
	task: 'get image',
	id: {
		parameter: 'imageId',
		noun: 'image',
		description: 'The image to get',
		locator: imageLocator,
	},
	request: (id) => ({ method: 'GET', path: imageRoute(id) }),
	pick: (body) => (isJsonObject(body) ? body.result : undefined),
	requires: 'id',
	outputExample: 'id, filename, uploaded',
});
