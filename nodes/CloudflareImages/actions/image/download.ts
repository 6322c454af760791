import { fetchFile, fileOutput, binaryOutputField } from '../../../shared/download';
import { type ItemContext, readId } from '../../../shared/item';
import type { OutputWithFile } from '../../../shared/router';
import { defineOperation, idField } from '../../../shared/properties';
import { isJsonObject } from '../../../shared/transport';
import { imageLocator } from '../../locators';
import { imageRoute } from '../../profile';

export const { option, description, operation } = defineOperation('image', {
	name: 'Download',
	value: 'download',
	action: 'Download an image',
	summary: 'The image as it was uploaded, as binary data: to keep a copy before a delete',
	fields: [idField('image', 'imageId', 'The image to download', imageLocator), binaryOutputField],
	task: 'download image',
	execute,
});

/** Its file name from the image's details, its bytes from `…/blob`: the original upload. */
async function execute(item: ItemContext): Promise<OutputWithFile> {
	const id = await readId(item, 'imageId', 'image', imageLocator);
	const details = await item.requestJson({ method: 'GET', path: imageRoute(id) });
	const image = isJsonObject(details) && isJsonObject(details.result) ? details.result : {};
	const file = await fetchFile(item, {
		request: { method: 'GET', path: `${imageRoute(id)}/blob` },
	});
	const fileName = typeof image.filename === 'string' && image.filename ? image.filename : id;
	return await fileOutput(item, file, { id }, fileName);
}
