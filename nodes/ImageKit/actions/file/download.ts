import { defineDownloadOperation, fetchFile, fileOutput } from '../../../shared/download';
import type { ItemContext } from '../../../shared/item';
import type { OutputWithFile } from '../../../shared/router';
import { isJsonObject } from '../../../shared/transport';
import { fileLocator } from '../../locators';
import { fileDetailsRoute } from '../../profile';

export const { option, description, operation } = defineDownloadOperation('file', {
	noun: 'file',
	parameter: 'fileId',
	locator: fileLocator,
	action: 'Download a file',
	summary: 'The file from its URL, as binary data: to keep a copy before a delete',
	download,
});

/**
 * The file's URL from its details, then the original file from that URL, without the key; its
 * type and size are checked against the details. A private file
 * is served only through a signed URL, which this operation does not make: refused, not guessed.
 */
async function download(item: ItemContext, id: string): Promise<OutputWithFile> {
	const details = await item.requestJson({ method: 'GET', path: fileDetailsRoute(id) });
	if (!isJsonObject(details) || typeof details.url !== 'string')
		throw item.apiError('no file URL in the answer');
	if (details.isPrivateFile === true)
		throw item.badInput(
			`File ${id} is private: ImageKit serves it only through a signed URL, which this node does not make. Download it from the ImageKit dashboard, or make the file public first.`,
		);
	// As stored: ImageKit's CDN otherwise serves an optimised copy (another format, another size).
	const url = new URL(details.url);
	url.searchParams.set('tr', 'orig-true');
	const file = await fetchFile(
		item,
		{ url: url.toString() },
		{
			mimeType: typeof details.mime === 'string' ? details.mime : undefined,
			size: typeof details.size === 'number' ? details.size : undefined,
		},
	);
	const fileName = typeof details.name === 'string' && details.name ? details.name : id;
	return await fileOutput(item, file, { id }, fileName);
}
