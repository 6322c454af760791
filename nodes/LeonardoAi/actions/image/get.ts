import { defineFetchOperation } from '../../../shared/get';
import { isJsonObject } from '../../../shared/transport';
import { initImageRoute } from '../../profile';

export const { option, description, operation } = defineFetchOperation('image', {
	name: 'Get',
	value: 'get',
	action: 'Get an uploaded image',
	summary: 'Get an uploaded init image: its URL and upload time',
	task: 'get image',
	id: { parameter: 'imageId', noun: 'image', description: 'ID of the uploaded init image' },
	request: (id) => ({ method: 'GET', path: initImageRoute(id) }),
	pick: (body) => (isJsonObject(body) ? body.init_images_by_pk : undefined),
	requires: 'id',
	outputExample: 'id, url, createdAt',
});
