// Generated from nodes/ImageKit/api/purge.ts at the repository's top level by `npm run packages`: edit that file.
import type { ItemCall } from '../../shared/contracts';
import { succeeded } from '../../shared/http/answers';
import { isJsonObject } from '../../shared/http/json';

/**
 * Purges a URL from ImageKit's CDN cache: the purge's `requestId`, or the error contract's
 * failure worded as a purge (`Failed to purge cache. …`), also when it follows a delete.
 */
export async function purgeUrl(call: ItemCall, url: string): Promise<string> {
	const response = await call.request({ method: 'POST', path: '/v1/files/purge', body: { url } });
	const requestId =
		succeeded(response, call.provider) && isJsonObject(response.body)
			? response.body.requestId
			: undefined;
	if (typeof requestId === 'string') return requestId;
	throw call.failure(response, {
		task: 'purge cache',
		fallbackDetails: 'no requestId in the answer to the purge',
	});
}
