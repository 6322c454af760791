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
	/** Fields of the answer for Output Fields' placeholder (else the first of `simplifyFields`). */
	outputExample?: string;
}

export function defineFetchOperation(resource: string, spec: FetchOperationSpec): OperationModule {
	const { id, simplifyFields } = spec;
	return defineOperation(resource, {
		...spec,
		fields: id ? [idField(id.noun, id.parameter, id.description, id.locator)] : [],
		options: [...(spec.options ?? []), ...outputOptions(simplifyFields, spec.outputExample)],
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
	/** Fields of each item for Output Fields' placeholder (else the first of `simplifyFields`). */
	outputExample?: string;
}

export function defineListOperation(resource: string, spec: ListOperationSpec): OperationModule {
	const { simplifyFields } = spec;
	return defineOperation(resource, {
		...spec,
		name: 'Get Many',
		value: 'getMany',
		fields: returnAllAndLimit(),
		options: [...(spec.options ?? []), ...outputOptions(simplifyFields, spec.outputExample)],
		execute: async (item): Promise<IDataObject[]> => {
			const items = await collectPages(item, await spec.pager(item));
			return simplifiedAll(item, items, simplifyFields);
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
	return simplifiedAll(item, [value], simplifyFields)[0];
}

/**
 * The entries of a list as the output options shape them (see `simplified`). An Output Field
 * that none of them has fails the item, naming the fields they have: a typo or a wrong case
 * must not give silent empty answers. A dot reaches inside an object: `count.current`.
 */
export function simplifiedAll<T extends object>(
	item: ItemContext,
	values: T[],
	simplifyFields?: string[],
): T[] {
	const chosen = String(item.option('outputFields', ''))
		.split(',')
		.map((field) => field.trim())
		.filter((field) => field !== '');
	if (chosen.length === 0) {
		if (!simplifyFields || !item.option('simplify', true)) return values;
		return values.map((value) =>
			pick(
				value,
				simplifyFields.map((field) => [field]),
			),
		);
	}
	const paths = chosen.map((field) => field.split('.'));
	for (const [k, path] of paths.entries()) {
		if (values.length > 0 && !values.some((value) => reach(value, path) !== undefined))
			throw item.badInput(unknownFieldMessage(chosen[k], values[0]));
	}
	return values.map((value) => pick(value, paths));
}

/** `value` with only what `paths` reach, nested as in `value`. */
function pick<T extends object>(value: T, paths: string[][]): T {
	const result: Record<string, unknown> = {};
	for (const path of paths) {
		const found = reach(value, path);
		if (found === undefined) continue;
		let into = result;
		for (const key of path.slice(0, -1)) {
			if (!Object.prototype.hasOwnProperty.call(into, key) || !isJsonObject(into[key]))
				Object.defineProperty(into, key, {
					value: {},
					enumerable: true,
					writable: true,
					configurable: true,
				});
			into = into[key] as Record<string, unknown>;
		}
		// As an own field, whatever its name: `__proto__` in user metadata is data, not a prototype.
		Object.defineProperty(into, path[path.length - 1], {
			value: found,
			enumerable: true,
			writable: true,
			configurable: true,
		});
	}
	return result as T;
}

/** What `path` reaches in `value` by its own fields only; undefined when nothing. */
function reach(value: unknown, path: string[]): unknown {
	let current: unknown = value;
	for (const key of path) {
		if (!isJsonObject(current) || !Object.prototype.hasOwnProperty.call(current, key))
			return undefined;
		current = current[key];
	}
	return current;
}

function unknownFieldMessage(field: string, example: object): string {
	const fields = Object.keys(example);
	const sameButCase = fields.find(
		(name) => name !== field && name.toLowerCase() === field.toLowerCase(),
	);
	return `Output Fields: the answer has no field "${field}"${sameButCase ? ` (did you mean "${sameButCase}"? names are case-sensitive)` : ''}. Its fields: ${fields.join(', ')}.`;
}
