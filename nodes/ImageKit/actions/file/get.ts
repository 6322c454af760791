import { defineFetchOperation } from '../../../shared/get';
import { fileLocator } from '../../locators';
import { fileDetailsRoute } from '../../profile';

/** What Simplify keeps of a file's details (`GET /v1/files/{fileId}/details`, and the list). */
export const FILE_FIELDS = [
	'fileId',
	'name',
	'filePath',
	'url',
	'fileType',
	'mime',
	'size',
	'width',
	'height',
	'tags',
	'createdAt',
];

export const { option, description, operation } = defineFetchOperation('file', {
	name: 'Get',
	value: 'get',
	action: 'Get a file',
	summary: "Get a file's details: name, path, URL, size, tags",
	task: 'get file',
	id: { parameter: 'fileId', noun: 'file', description: 'The file to get', locator: fileLocator },
	request: (id) => ({ method: 'GET', path: fileDetailsRoute(id) }),
	pick: (body) => body,
	requires: 'fileId',
	simplifyFields: FILE_FIELDS,
	outputExample: 'fileId, name, url',
});
