// Generated from nodes/shared/operations/deleteById.ts at the repository's top level by `npm run packages`: edit that file.
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type {
	ApiResponse,
	DeleteOutcome,
	IdLocator,
	ItemCall,
	OperationModule,
} from '../contracts';
import { notFoundWords, pathSegment, readId } from '../input/ids';
import { idField } from '../ui/fields';
import { ignoreNotFoundOption } from '../ui/options';
import { defineOperation } from './define';

/** What a provider says about one of its delete routes; the rest is the same everywhere. */
export interface DeleteOperationSpec {
	resource: string;
	/** Words the messages: `<Noun> ID cannot be empty…`, `Failed to delete <noun>…`. */
	noun: string;
	idParameter: string;
	/** The Operation list entry: its action text and description. */
	action: string;
	summary: string;
	idDescription: string;
	/** Picking the id from a list or by URL in the editor. */
	locator?: IdLocator;
	/** The delete route for an id that is already one encoded path segment. */
	path(idSegment: string): string;
	/** How this provider says "deleted" and "not found". */
	outcome(response: ApiResponse): DeleteOutcome;
	/** Details for a not-found answer that carries no message of its own; `<Noun> not found` by default. */
	notFoundDetails?: string;
	/** Options of this provider's delete besides Ignore Not Found. */
	extraOptions?: INodeProperties[];
	/** Another way to send the delete (Cloudflare's batch host); the API with the key by default. */
	send?(call: ItemCall, path: string): Promise<ApiResponse>;
}

export function defineDeleteOperation(spec: DeleteOperationSpec): OperationModule {
	return defineOperation(spec.resource, {
		name: 'Delete',
		value: 'delete',
		action: spec.action,
		summary: spec.summary,
		fields: [idField(spec.noun, spec.idParameter, spec.idDescription, spec.locator)],
		options: [ignoreNotFoundOption, ...(spec.extraOptions ?? [])],
		task: `delete ${spec.noun}`,
		execute: async (call) => await deleteById(call, await readTargetId(call, spec), spec),
	});
}

export async function deleteById(
	call: ItemCall,
	id: string,
	spec: DeleteOperationSpec,
): Promise<IDataObject> {
	const path = spec.path(pathSegment(id));
	const response = spec.send
		? await spec.send(call, path)
		: await call.request({ method: 'DELETE', path });
	const outcome = response.networkError === undefined ? spec.outcome(response) : 'failed';
	if (outcome === 'deleted') return { deleted: true, id };
	if (outcome === 'notFound') {
		// An earlier attempt whose answer was lost did the delete: this one found nothing left.
		if (response.uncertain) return { deleted: true, id };
		if (call.option('ignoreNotFound', false)) return { deleted: false, id, notFound: true };
		const fallbackDetails = spec.notFoundDetails ?? notFoundWords(spec.noun);
		throw call.failure(response, { fallbackDetails, httpCode: '404' });
	}
	throw call.failure(response);
}

/** The id of the object that one item's delete is for. */
export async function readTargetId(call: ItemCall, spec: DeleteOperationSpec): Promise<string> {
	return await readId(call, spec.idParameter, spec.noun, spec.locator);
}
