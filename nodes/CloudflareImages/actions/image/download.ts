import { defineDownloadOperation, fetchFile, fileOutput } from '../../../shared/download';
import type { ItemContext } from '../../../shared/item';
import type { OutputWithFile } from '../../../shared/router';
import { isJsonObject } from '../../../shared/transport';
import { imageLocator } from '../../locators';
import { imageRoute } from '../../profile';

export const { option, description, operation } = defineDownloadOperation('image', {
	noun: 'image',
	parameter: 'imageId',
	locator: imageLocator,
	action: 'Download an image',
	summary: 'The image as it was uploaded, as binary data: to keep a copy before a delete',
	download,
});

/** Its file name from the image's details, its bytes from `…/blob`: the original upload. */
async function download(item: ItemContext, id: string): Promise<OutputWithFile> {
	const details = await item.requestJson({ method: 'GET', path: imageRoute(id) });
	const image = isJsonObject(details) && isJsonObject(details.result) ? details.result : {};
	const file = await fetchFile(item, {
		request: { method: 'GET', path: `${imageRoute(id)}/blob` },
	});
	const fileName = typeof image.filename === 'string' && image.filename ? image.filename : id;
	return await fileOutput(item, file, { id }, fileName);
}
