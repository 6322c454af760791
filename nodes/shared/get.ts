/**
 * Reading objects: Get (one object, by id or of the account) and Get Many (page by page, Return
 * All or Limit), and the output options that shape what they return (Simplify, Output Fields).
 */
import type { IDataObject } from 'n8n-workflow';

import { type IdLocator, type ItemContext, notFoundWords, readId } from './item';
import {
	defineOperation,
	idField,
	type OperationSpec,
	outputOptions,
	returnAllAndLimit,
} from './properties';
import type { OperationModule } from './router';
import { type ApiRequest, isJsonObject, succeeded } from './transport';

/**
 * Sends a request for one object and returns it: `pick` finds it in the answer (null when the
 * provider says "none" with a 200). Refusals follow the error contract.
 */
export async function fetchOne(
	item: ItemContext,
	request: ApiRequest,
	pick: (body: unknown) => unknown,
	notFoundDetails: string,
): Promise<IDataObject> {
	const response = await item.request(request);
	if (!succeeded(response, item.provider)) throw item.failure(response);
	const value = pick(response.body);
	if (value === null)
		throw item.failure(response, { fallbackDetails: notFoundDetails, httpCode: '404' });
	if (!isJsonObject(value))
		throw item.failure(response, {
			fallbackDetails: `unexpected response (HTTP ${response.statusCode})`,
		});
	return value;
}

/** A read of one object, by id or of the account: what differs from one read to another is stated here. */
export interface FetchOperationSpec extends Omit<OperationSpec, 'execute' | 'fields'> {
	/** The id parameter, when the object is named by one. */
	id?: { parameter: string; noun: string; description?: string; locator?: IdLocator };
	/** The request for the id the item names ('' without an id); its route encodes the id. */
	request(id: string): ApiRequest;
	/** Where the object is in the answer; null means "none". */
	pick(body: unknown): unknown;
	/** Details for a "none" answer that carries no message of its own; `<Noun> not found` by default. */
	notFoundDetails?: string;
	/** A field the object must have: an answer without it is an error, not an empty success. */
	requires: string;
	/** With these, a Simplify option (on by default) keeps only them. */
	simplifyFields?: string[];
}

export function defineFetchOperation(resource: string, spec: FetchOperationSpec): OperationModule {
	const { id, simplifyFields } = spec;
	return defineOperation(resource, {
		...spec,
		fields: id ? [idField(id.noun, id.parameter, id.description, id.locator)] : [],
		options: [...(spec.options ?? []), ...outputOptions(simplifyFields)],
		execute: async (item) => {
			const objectId = id ? await readId(item, id.parameter, id.noun, id.locator) : '';
			const notFound = spec.notFoundDetails ?? notFoundWords(id?.noun ?? resource);
			const value = await fetchOne(item, spec.request(objectId), spec.pick, notFound);
			if (value[spec.requires] === undefined || value[spec.requires] === null)
				throw item.apiError(`no ${spec.requires} in the answer`);
			return simplified(item, value, simplifyFields);
		},
	});
}

/** A Get Many: Return All / Limit, page by page; what differs from one list to another is stated here. */
export interface ListOperationSpec
	extends Omit<OperationSpec, 'name' | 'value' | 'execute' | 'fields'> {
	/** Reads the item's filters once, then fetches page `pageIndex` (`wanted` items still wanted). */
	pager(item: ItemContext): Promise<(wanted: number, pageIndex: number) => Promise<Page>>;
	/** With these, a Simplify option (on by default) keeps only them in each item. */
	simplifyFields?: string[];
}

export function defineListOperation(resource: string, spec: ListOperationSpec): OperationModule {
	const { simplifyFields } = spec;
	return defineOperation(resource, {
		...spec,
		name: 'Get Many',
		value: 'getMany',
		fields: returnAllAndLimit(),
		options: [...(spec.options ?? []), ...outputOptions(simplifyFields)],
		execute: async (item): Promise<IDataObject[]> => {
			const items = await collectPages(item, await spec.pager(item));
			return items.map((entry) => simplified(item, entry, simplifyFields));
		},
	});
}

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
	item: ItemContext,
	fetchPage: (wanted: number, pageIndex: number) => Promise<Page>,
): Promise<IDataObject[]> {
	const returnAll = item.param<boolean>('returnAll', false);
	const limit = returnAll ? Infinity : Number(item.param<number>('limit', 50));
	if (!returnAll && (!Number.isInteger(limit) || limit < 1)) {
		throw item.badInput('Limit must be a whole number of 1 or more.');
	}
	const collected: IDataObject[] = [];
	const cursors = new Set<string>();
	for (let pageIndex = 0; collected.length < limit; pageIndex++) {
		// A provider that keeps saying "more" must not page forever.
		if (pageIndex >= MAX_PAGES)
			throw item.apiError(`still more pages after ${MAX_PAGES}; the listing stopped`);
		const {
			items,
			more,
			cursor,
			received = items.length,
		} = await fetchPage(limit - collected.length, pageIndex);
		for (const entry of items) {
			if (collected.length >= limit) break;
			collected.push(entry);
		}
		if (!more) break;
		if (received === 0)
			throw item.apiError('an empty page that says more follow; the listing stopped');
		if (cursor !== undefined) {
			if (cursors.has(cursor))
				throw item.apiError('a page token handed back twice; the listing stopped');
			cursors.add(cursor);
		}
	}
	return collected;
}

/**
 * An answer as the output options shape it: only the Output Fields when some are given, else
 * only `simplifyFields` while Simplify is on (the default), else the whole answer.
 */
export function simplified<T extends object>(
	item: ItemContext,
	value: T,
	simplifyFields?: string[],
): T {
	const chosen = String(item.option('outputFields', ''))
		.split(',')
		.map((field) => field.trim())
		.filter((field) => field !== '');
	const fields =
		chosen.length > 0
			? chosen
			: simplifyFields && item.option('simplify', true)
				? simplifyFields
				: undefined;
	if (!fields) return value;
	const result: Record<string, unknown> = {};
	for (const field of fields)
		if (Object.prototype.hasOwnProperty.call(value, field))
			result[field] = (value as Record<string, unknown>)[field];
	return result as T;
}
