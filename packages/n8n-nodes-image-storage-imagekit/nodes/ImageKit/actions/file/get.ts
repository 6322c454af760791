// Generated from nodes/ImageKit/actions/file/get.ts at the repository's top level by `npm run packages`: edit that file.
import { defineFetchOperation } from '../../../shared/get';
import { fileLocator } from '../../locators';
import { FILE_FIELDS } from '../../profile';

export const { option, description, operation } = defineFetchOperation('file', {
	name: 'Get',
	value: 'get',
	action: 'Get a file',
	summary: "Get a file's details: name, path, URL, size, tags",
	task: 'get file',
	id: { parameter: 'fileId', noun: 'file', description: 'The file to get', locator: fileLocator },
	request: (id) => ({ method: 'GET', path: `/v1/files/${id}/details` }),
	pick: (body) => body,
	requires: 'fileId',
	simplifyFields: FILE_FIELDS,
});
