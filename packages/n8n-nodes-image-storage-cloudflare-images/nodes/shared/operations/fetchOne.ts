// Generated from nodes/shared/operations/fetchOne.ts at the repository's top level by `npm run packages`: edit that file.
import type { IDataObject } from 'n8n-workflow';

import type { ApiRequest, IdLocator, ItemCall, OperationModule } from '../contracts';
import { succeeded } from '../http/answers';
import { isJsonObject } from '../http/json';
import { notFoundWords, pathSegment, readId } from '../input/ids';
import { idField } from '../ui/fields';
import { outputOptions } from '../ui/options';
import { defineOperation, type OperationSpec } from './define';
import { simplified } from './simplify';

/**
 * Sends a request for one object and returns it: `pick` finds it in the answer (null when the
 * provider says "none", as Leonardo does with a 200). Refusals follow the error contract.
 */
export async function fetchOne(
	call: ItemCall,
	request: ApiRequest,
	pick: (body: unknown) => unknown,
	notFoundDetails: string,
): Promise<IDataObject> {
	const response = await call.request(request);
	if (!succeeded(response, call.provider)) throw call.failure(response);
	const value = pick(response.body);
	if (value === null)
		throw call.failure(response, { fallbackDetails: notFoundDetails, httpCode: '404' });
	if (!isJsonObject(value))
		throw call.failure(response, {
			fallbackDetails: `unexpected response (HTTP ${response.statusCode})`,
		});
	return value;
}

/** A read of one object, by id or of the account: what differs per provider is stated here. */
export interface FetchOperationSpec extends Omit<OperationSpec, 'execute' | 'fields'> {
	/** The id parameter, when the object is named by one. */
	id?: { parameter: string; noun: string; description?: string; locator?: IdLocator };
	/** The request, given the id as one encoded path segment ('' without an id). */
	request(idSegment: string): ApiRequest;
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
		execute: async (call) => {
			const segment = id ? pathSegment(await readId(call, id.parameter, id.noun, id.locator)) : '';
			const notFound = spec.notFoundDetails ?? notFoundWords(id?.noun ?? resource);
			const value = await fetchOne(call, spec.request(segment), spec.pick, notFound);
			if (value[spec.requires] === undefined || value[spec.requires] === null)
				throw call.apiError(`no ${spec.requires} in the answer`);
			return simplified(call, value, simplifyFields);
		},
	});
}
