import type { IDataObject } from 'n8n-workflow';

import {
	IMAGEKIT_DEFAULTS,
	IMAGEKIT_FILES_ROUTE,
	IMAGEKIT_KEY_ADVICE,
} from '../../credentials/ImageKitApi.credentials';
import { type DeleteOutcome, type ItemContext, pathSegment } from '../shared/item';
import type { BudgetHeaders, NamedBudget } from '../shared/pacing';
import {
	type ApiRequest,
	type ApiResponse,
	isJsonObject,
	isSuccessStatus,
	type ProviderProfile,
	shortMessage,
	succeeded,
	trimBaseUrl,
} from '../shared/transport';

/** A file's route. */
export function fileRoute(fileId: string): string {
	return `${IMAGEKIT_FILES_ROUTE}/${pathSegment(fileId)}`;
}

/** A purge of a URL from the CDN cache: a POST here. */
export const PURGE_ROUTE = `${IMAGEKIT_FILES_ROUTE}/purge`;

/** A purge's status, by the `requestId` the purge answered with. */
export function purgeStatusRoute(requestId: string): string {
	return `${PURGE_ROUTE}/${pathSegment(requestId)}`;
}

/** Deletes up to `BATCH_SIZE` files in one call (`batchDelete.ts`). */
export const BATCH_DELETE_ROUTE = `${IMAGEKIT_FILES_ROUTE}/batch/deleteByFileIds`;

/** A file's details: its URL, path, size, tags. */
export function fileDetailsRoute(fileId: string): string {
	return `${fileRoute(fileId)}/details`;
}

export const imageKit: ProviderProfile = {
	credentialType: 'imageKitApi',
	secretFields: ['privateKey'],
	// Uploads go to their own host.
	baseUrl: (credentials, host) =>
		host === 'upload'
			? trimBaseUrl(credentials.uploadBaseUrl, IMAGEKIT_DEFAULTS.uploadBaseUrl)
			: trimBaseUrl(credentials.baseUrl, IMAGEKIT_DEFAULTS.baseUrl),
	verifyRequest: () => ({ method: 'GET', path: IMAGEKIT_FILES_ROUTE, qs: { limit: 1 } }),
	// Errors: {"message": "...", "help": "..."}.
	errorMessage: (body) => (isJsonObject(body) ? shortMessage(body.message) : undefined),
	concurrency: 8,
	budgetsFor: (request) => {
		const endpoint = endpointOf(request);
		return endpoint === undefined ? [] : [{ ...ENDPOINT_BUDGET, name: endpoint }];
	},
	idFields: ['id', 'fileId'],
	keyAdvice: IMAGEKIT_KEY_ADVICE,
};

/**
 * "Every endpoint can have different limits" (ImageKit's rate-limit docs), and publishes none:
 * 20 a second until an answer's `X-RateLimit-Limit` per `X-RateLimit-Interval` says that
 * endpoint's own. A 429 waits `X-RateLimit-Reset` ms.
 */
const ENDPOINT_BUDGET: Omit<NamedBudget, 'name'> = {
	budget: { limit: 20, windowMs: 1000 },
	readHeaders: (headers): BudgetHeaders => {
		const limit = Number(headers['x-ratelimit-limit']);
		const windowMs = Number(headers['x-ratelimit-interval']);
		const reset = headers['x-ratelimit-reset'];
		return {
			...(limit > 0 && windowMs > 0 ? { limit, windowMs } : {}),
			...(reset !== undefined && Number.isFinite(Number(reset))
				? { waitMs: Math.max(0, Number(reset)) }
				: {}),
		};
	},
};

/**
 * The endpoint a request goes to, by its method and route with ids left out; none for uploads,
 * which ImageKit does not limit.
 */
function endpointOf({ method, path, host }: ApiRequest): string | undefined {
	if (host === 'upload') return undefined;
	const route = [
		IMAGEKIT_FILES_ROUTE,
		BATCH_DELETE_ROUTE,
		PURGE_ROUTE,
		`${PURGE_ROUTE}/{requestId}`,
		`${IMAGEKIT_FILES_ROUTE}/{fileId}/details`,
		`${IMAGEKIT_FILES_ROUTE}/{fileId}`,
	].find((candidate) =>
		new RegExp(`^${candidate.replace(/\{\w+\}/g, '[^/]+')}$`).test(path.split('?')[0]),
	);
	return `${method} ${route ?? path}`;
}

/**
 * ImageKit's words for a missing file, in its 404 to a single delete. A batch delete only lists
 * the missing ids, so File → Delete in bulk answers them with these words: both read alike.
 */
export const FILE_NOT_FOUND = 'The requested file does not exist.';

/**
 * The files of a list: with a search, ImageKit ignores `type=file` and lists matching folders
 * too ("When the searchQuery parameter is present … type … will have no effect", its SDK's
 * list assets), which have no `fileId`.
 */
export function filesOnly(list: unknown[]): IDataObject[] {
	return list.filter(
		(entry): entry is IDataObject =>
			isJsonObject(entry) && entry.type !== 'folder' && typeof entry.fileId === 'string',
	);
}

/** A delete answers 204 with an empty body; a non-JSON 2xx body is no proof of a delete. */
export function deleteOutcome(response: ApiResponse): DeleteOutcome {
	if (response.statusCode === 404) return 'notFound';
	return isSuccessStatus(response) && !response.invalidBody ? 'deleted' : 'failed';
}

/**
 * Purges a URL from ImageKit's CDN cache: the purge's `requestId`, or the error contract's
 * failure worded as a purge (`Failed to purge cache. …`), also when it follows a delete.
 */
export async function purgeUrl(item: ItemContext, url: string): Promise<string> {
	const response = await item.request({ method: 'POST', path: PURGE_ROUTE, body: { url } });
	const requestId =
		succeeded(response, item.provider) && isJsonObject(response.body)
			? response.body.requestId
			: undefined;
	if (typeof requestId === 'string') return requestId;
	throw item.failure(response, {
		task: 'purge cache',
		fallbackDetails: 'no requestId in the answer to the purge',
	});
}
