import type { IDataObject } from 'n8n-workflow';

import type { ApiRequest, ItemCall } from '../contracts';
import { succeeded } from '../http/answers';
import { isJsonObject } from '../http/json';

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
