// Generated from nodes/ImageKit/api/purge.ts at the repository's top level by `npm run packages`: edit that file.
import type { ItemCall } from '../../shared/contracts';
import { isJsonObject } from '../../shared/http/json';

/** Purges a URL from ImageKit's CDN cache; the purge's `requestId`, or the error contract's failure. */
export async function purgeUrl(call: ItemCall, url: string): Promise<string> {
	const answer = await call.requestJson({ method: 'POST', path: '/v1/files/purge', body: { url } });
	if (!isJsonObject(answer) || typeof answer.requestId !== 'string')
		throw call.apiError('no requestId in the answer to the purge');
	return answer.requestId;
}
