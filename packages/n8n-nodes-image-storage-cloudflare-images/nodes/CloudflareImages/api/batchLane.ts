// Generated from nodes/CloudflareImages/api/batchLane.ts at the repository's top level by `npm run packages`: edit that file.
import type { ApiResponse, ItemCall, RequestBudget } from '../../shared/contracts';
import { succeeded } from '../../shared/http/answers';
import { isJsonObject } from '../../shared/http/json';
import { batchBaseUrl } from '../profile';

/**
 * Runs of at least this many items ask for a batch token. Smaller ones go to the global API at
 * once: they fit in its window unless it is nearly spent, and the token's round trip would cost
 * them more than it saves.
 */
const BATCH_MIN_ITEMS = 100;
/** Published: 200 requests a second per batch token, outside the account's global limit. */
const BATCH_BUDGET: RequestBudget = { limit: 200, windowMs: 1000 };

interface BatchLane {
	baseUrl: string;
	token: string;
	laneKey: string;
}

/**
 * Sends an image request. A run with many items, more than the account's global window has room
 * for, asks for a batch token once; then each request goes through the global API while its
 * window has room right now and through the batch API otherwise, both at once. Without a token,
 * or when the run fits the global window (faster there, at full concurrency, than the batch
 * API's 200 a second), everything goes through the global API, paced under its limit.
 */
export async function sendImageRequest(
	call: ItemCall,
	method: 'DELETE' | 'GET',
	path: string,
): Promise<ApiResponse> {
	const lane = call.fn.getInputData().length >= BATCH_MIN_ITEMS ? await batchLane(call) : undefined;
	if (!lane) return await call.request({ method, path });
	return await call.requestOrLane(
		{ method, path },
		{ method, baseUrl: lane.baseUrl, path, headers: { Authorization: `Bearer ${lane.token}` } },
		{ key: lane.laneKey, budget: BATCH_BUDGET },
	);
}

/** One batch token per run and account; a refusal (e.g. a token without the right) means no lane. */
async function batchLane(call: ItemCall): Promise<BatchLane | undefined> {
	const { credentials } = await call.auth();
	const account = call.accountKey(credentials);
	return await call.once(`cloudflare-batch:${account}`, async () => {
		const response = await call.request({ method: 'GET', path: '/images/v1/batch_token' });
		const result =
			succeeded(response, call.provider) && isJsonObject(response.body)
				? response.body.result
				: undefined;
		const token =
			isJsonObject(result) && typeof result.token === 'string' ? result.token : undefined;
		if (!token) return undefined;
		call.addSecret(token);
		// The token's answer told the budget what is left of the global window (`Ratelimit`).
		if (call.fn.getInputData().length <= (await call.accountRoom())) return undefined;
		return {
			baseUrl: batchBaseUrl(credentials),
			token,
			laneKey: `batch:${token.slice(-8)}`,
		};
	});
}
