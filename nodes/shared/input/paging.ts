import type { IDataObject } from 'n8n-workflow';

import type { ItemCall } from '../contracts';

/** One page of a list: its items, and whether more pages exist. */
export interface Page {
	items: IDataObject[];
	more: boolean;
}

/**
 * Reads `returnAll` / `limit` and collects items page by page: `fetchPage` gets how many items
 * are still wanted and returns the page's items and whether more pages exist. Pages are
 * filtered as they arrive, so nothing beyond the wanted items is kept.
 */
export async function collectPages(
	call: ItemCall,
	fetchPage: (wanted: number, pageIndex: number) => Promise<Page>,
): Promise<IDataObject[]> {
	const returnAll = call.param<boolean>('returnAll', false);
	const limit = returnAll ? Infinity : Number(call.param<number>('limit', 50));
	if (!returnAll && (!Number.isInteger(limit) || limit < 1)) {
		throw call.badInput('Limit must be a whole number of 1 or more.');
	}
	const collected: IDataObject[] = [];
	for (let pageIndex = 0; collected.length < limit; pageIndex++) {
		const { items, more } = await fetchPage(limit - collected.length, pageIndex);
		for (const item of items) {
			if (collected.length >= limit) break;
			collected.push(item);
		}
		if (!more) break;
	}
	return collected;
}
