import type { IDataObject } from 'n8n-workflow';

import { defineListOperation, type Page } from '../../../shared/get';
import type { ItemContext } from '../../../shared/item';
import { isJsonObject } from '../../../shared/transport';
import { IMAGE_LIST_ROUTE } from '../../profile';

const PAGE_SIZE = 1000;

export const { option, description, operation } = defineListOperation('image', {
	action: 'Get many images',
	summary: 'List images, newest first, optionally only those uploaded before or after a time',
	options: [
		{
			displayName: 'Uploaded Before',
			name: 'uploadedBefore',
			type: 'dateTime',
			default: '',
			description:
				'Only images uploaded before this time, e.g. {{ $now.minus({ days: 30 }).toISO() }}',
		},
		{
			displayName: 'Uploaded After',
			name: 'uploadedAfter',
			type: 'dateTime',
			default: '',
			description: 'Only images uploaded after this time',
		},
		{
			displayName: 'Creator',
			name: 'creator',
			type: 'string',
			default: '',
			description: 'Only images with this creator',
		},
	],
	task: 'list images',
	outputExample: 'id, filename, uploaded',
	pager,
});

/**
 * The v2 list pages with a continuation token, newest first. The upload-time filters are
 * applied to each page as it arrives; once a page reaches images older than "Uploaded After",
 * the rest can only be older, so paging stops.
 */
async function pager(item: ItemContext): Promise<() => Promise<Page>> {
	const before = readTime(item, 'uploadedBefore');
	const after = readTime(item, 'uploadedAfter');
	const creator = String(item.option('creator', '')).trim();
	let token: string | undefined;
	return async () => {
		const answer = await item.requestJson({
			method: 'GET',
			path: IMAGE_LIST_ROUTE,
			qs: {
				per_page: PAGE_SIZE,
				sort_order: 'desc',
				...(token ? { continuation_token: token } : {}),
				...(creator ? { creator } : {}),
			},
		});
		const result = isJsonObject(answer) ? answer.result : undefined;
		if (!isJsonObject(result) || !Array.isArray(result.images))
			throw item.apiError('no list of images in the answer');
		const images = result.images as IDataObject[];
		token =
			typeof result.continuation_token === 'string' && result.continuation_token !== ''
				? result.continuation_token
				: undefined;
		let reachedOlder = false;
		const items = images.filter((image) => {
			const uploaded = Date.parse(String(image.uploaded));
			if (after !== undefined && uploaded <= after) reachedOlder = true;
			return (
				(before === undefined || uploaded < before) && (after === undefined || uploaded > after)
			);
		});
		return {
			items,
			more: token !== undefined && !reachedOlder,
			cursor: token,
			received: images.length,
		};
	};
}

function readTime(item: ItemContext, name: string): number | undefined {
	const value = item.option<unknown>(name, undefined);
	if (value === undefined) return undefined;
	const time = Date.parse(String(value));
	if (Number.isNaN(time))
		throw item.badInput(
			`${name === 'uploadedBefore' ? 'Uploaded Before' : 'Uploaded After'} is not a date and time: "${String(value)}".`,
		);
	return time;
}
