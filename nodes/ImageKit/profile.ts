import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { IMAGEKIT_DEFAULTS, IMAGEKIT_FILES_ROUTE } from '../../credentials/ImageKitApi.credentials';
import { pathSegment } from '../shared/input';
import type { DeleteOutcome, ItemContext } from '../shared/router';
import {
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
	baseUrl: (credentials) => trimBaseUrl(credentials.baseUrl, IMAGEKIT_DEFAULTS.baseUrl),
	verifyRequest: () => ({ method: 'GET', path: IMAGEKIT_FILES_ROUTE, qs: { limit: 1 } }),
	// Errors: {"message": "...", "help": "..."}.
	errorMessage: (body) => (isJsonObject(body) ? shortMessage(body.message) : undefined),
	concurrency: 8,
	// No published limit: 20 a second until the first answer's `X-RateLimit-Limit` per
	// `X-RateLimit-Interval` says the account's own.
	budget: { limit: 20, windowMs: 1000 },
};

/** Uploads go to their own host. */
export function uploadBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	return trimBaseUrl(credentials.uploadBaseUrl, IMAGEKIT_DEFAULTS.uploadBaseUrl);
}

/**
 * ImageKit's words for a missing file, in its 404 to a single delete. A batch delete only lists
 * the missing ids, so the grouped path answers them with these words: both paths read alike.
 */
export const FILE_NOT_FOUND = 'The requested file does not exist.';

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
