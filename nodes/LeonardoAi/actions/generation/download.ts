import type { IDataObject } from 'n8n-workflow';

import { defineDownloadOperation, fetchFile, fileOutput } from '../../../shared/download';
import type { ItemContext } from '../../../shared/item';
import type { OutputWithFile } from '../../../shared/router';
import { isJsonObject } from '../../../shared/transport';
import { generationLocator } from '../../locators';
import { getGeneration } from './get';

export const { option, description, operation } = defineDownloadOperation('generation', {
	noun: 'generation',
	parameter: 'generationId',
	locator: generationLocator,
	action: 'Download the images of a generation',
	summary:
		"A generation's images as binary data, one output item each: to keep a copy before a delete",
	download,
});

/** Each generated image from its URL (Leonardo's image host), without the key. */
async function download(item: ItemContext, id: string): Promise<OutputWithFile[]> {
	const generation = await getGeneration(item, id);
	const images = (Array.isArray(generation.generated_images) ? generation.generated_images : [])
		.filter(isJsonObject)
		.filter((image): image is IDataObject & { url: string } => typeof image.url === 'string');
	if (images.length === 0)
		throw item.apiError(
			`generation ${id} has no images yet (status ${String(generation.status)}): download it once it is COMPLETE`,
		);
	const outputs: OutputWithFile[] = [];
	for (const image of images) {
		const file = await fetchFile(item, { url: image.url });
		const json = { id, imageId: typeof image.id === 'string' ? image.id : null, url: image.url };
		outputs.push(await fileOutput(item, file, json, file.fileName ?? `${id}.png`));
	}
	return outputs;
}
