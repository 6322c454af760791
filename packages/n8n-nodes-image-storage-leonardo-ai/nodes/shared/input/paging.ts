// Generated from nodes/shared/input/paging.ts at the repository's top level by `npm run packages`: edit that file.
import type { IDataObject } from 'n8n-workflow';

import type { ItemCall } from '../contracts';

/** One page of a list: its items, and whether more pages exist. */
export interface Page {
	items: IDataObject[];
	more: boolean;
	/** The provider's token for the next page, where it pages by token. */
	cursor?: string;
	/** Entries the provider sent, before any filter (`items.length` when unset). */
	received?: number;
}

/** Far beyond any real listing (10 million items at 1,000 a page): a pager past it is looping. */
const MAX_PAGES = 10_000;

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
	const cursors = new Set<string>();
	for (let pageIndex = 0; collected.length < limit; pageIndex++) {
		// A provider that keeps saying "more" must not page forever.
		if (pageIndex >= MAX_PAGES)
			throw call.apiError(`still more pages after ${MAX_PAGES}; the listing stopped`);
		const {
			items,
			more,
			cursor,
			received = items.length,
		} = await fetchPage(limit - collected.length, pageIndex);
		for (const item of items) {
			if (collected.length >= limit) break;
			collected.push(item);
		}
		if (!more) break;
		if (received === 0)
			throw call.apiError('an empty page that says more follow; the listing stopped');
		if (cursor !== undefined) {
			if (cursors.has(cursor))
				throw call.apiError('a page token handed back twice; the listing stopped');
			cursors.add(cursor);
		}
	}
	return collected;
}
