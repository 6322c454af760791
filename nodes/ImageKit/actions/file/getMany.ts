import type { IDataObject } from 'n8n-workflow';

import type { ItemCall, OperationModule } from '../../../shared/contracts';
import { collectPages } from '../../../shared/input/paging';
import { simplified } from '../../../shared/operations/simplify';
import { returnAllAndLimit } from '../../../shared/ui/fields';
import { optionsCollection, simplifyOption } from '../../../shared/ui/options';
import { forOperation } from '../../../shared/ui/properties';
import { FILE_FIELDS } from '../../profile';

const PAGE_SIZE = 1000;

export const option: OperationModule['option'] = {
	name: 'Get Many',
	value: 'getMany',
	action: 'Get many files',
	description: 'List or search files of the media library',
};

export const description = forOperation('file', 'getMany', [
	...returnAllAndLimit(),
	optionsCollection([
		{
			displayName: 'Search Query',
			name: 'searchQuery',
			type: 'string',
			default: '',
			placeholder: 'createdAt < "7d"',
			description: 'ImageKit\'s search query language, e.g. createdAt < "2026-10-24T00:00:00Z"',
		},
		{
			displayName: 'Path',
			name: 'path',
			type: 'string',
			default: '',
			placeholder: '/products',
			description: 'Only files in this folder',
		},
		{
			displayName: 'File Type',
			name: 'fileType',
			type: 'options',
			options: [
				{ name: 'All', value: 'all' },
				{ name: 'Image', value: 'image' },
				{ name: 'Non-Image', value: 'non-image' },
			],
			default: 'all',
		},
		simplifyOption,
	]),
]);

async function execute(call: ItemCall): Promise<IDataObject[]> {
	const filters: IDataObject = {};
	for (const name of ['searchQuery', 'path', 'fileType']) {
		const value = String(call.option(name, '')).trim();
		if (value) filters[name] = value;
	}
	return await collectPages(call, async (_wanted, pageIndex) => {
		const files = await call.requestJson({
			method: 'GET',
			path: '/v1/files',
			qs: { ...filters, type: 'file', skip: pageIndex * PAGE_SIZE, limit: PAGE_SIZE },
		});
		const list = Array.isArray(files) ? (files as IDataObject[]) : [];
		return {
			items: list.map((file) => simplified(call, file, FILE_FIELDS)),
			more: list.length === PAGE_SIZE,
		};
	});
}

export const operation: OperationModule['operation'] = { task: 'list files', execute };
