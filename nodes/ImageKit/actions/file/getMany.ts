import type { IDataObject } from 'n8n-workflow';

import { IMAGEKIT_FILES_ROUTE } from '../../../../credentials/ImageKitApi.credentials';
import { defineListOperation, type Page } from '../../../shared/get';
import type { ItemContext } from '../../../shared/item';
import { filesOnly } from '../../profile';
import { FILE_FIELDS } from './get';

const PAGE_SIZE = 1000;

export const { option, description, operation } = defineListOperation('file', {
	action: 'Get many files',
	summary: 'List or search files of the media library',
	options: [
		{
			displayName: 'Search Query',
			name: 'searchQuery',
			type: 'string',
			default: '',
			placeholder: 'e.g. createdAt < "7d"',
			description: 'ImageKit\'s search query language, e.g. createdAt < "2026-10-24T00:00:00Z"',
		},
		{
			displayName: 'Path',
			name: 'path',
			type: 'string',
			default: '',
			placeholder: 'e.g. /products',
			description:
				'Only files directly in this folder, not in its subfolders (ImageKit lists one folder deep)',
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
			description: 'Only images, only other files, or both',
		},
	],
	simplifyFields: FILE_FIELDS,
	outputExample: 'fileId, name, url',
	task: 'list files',
	pager,
});

async function pager(
	item: ItemContext,
): Promise<(wanted: number, pageIndex: number) => Promise<Page>> {
	const filters: IDataObject = {};
	for (const name of ['searchQuery', 'path', 'fileType']) {
		const value = String(item.option(name, '')).trim();
		if (value) filters[name] = value;
	}
	return async (_wanted, pageIndex) => {
		const files = await item.requestJson({
			method: 'GET',
			path: IMAGEKIT_FILES_ROUTE,
			qs: { ...filters, type: 'file', skip: pageIndex * PAGE_SIZE, limit: PAGE_SIZE },
		});
		if (!Array.isArray(files)) throw item.apiError('no list of files in the answer');
		// A search finds folders too (ImageKit ignores `type` then): files only, paged by what came.
		return { items: filesOnly(files), more: files.length === PAGE_SIZE, received: files.length };
	};
}
