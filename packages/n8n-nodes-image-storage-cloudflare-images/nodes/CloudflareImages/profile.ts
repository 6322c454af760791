// Generated from nodes/CloudflareImages/profile.ts at the repository's top level by `npm run packages`: edit that file.
/**
 * Cloudflare Images as the shared core needs to know it: its addresses, its limits, its error
 * envelope, how it answers a delete, and its batch host for runs larger than the account's window.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import {
	CLOUDFLARE_IMAGES_DEFAULTS,
	CLOUDFLARE_STATS_ROUTE,
} from '../../credentials/CloudflareImagesApi.credentials';
import { pathSegment } from '../shared/input';
import type { RouteBudget } from '../shared/pacing';
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

export const cloudflareImages: ProviderProfile = {
	credentialType: 'cloudflareImagesApi',
	secretFields: ['apiToken', 'apiKey'],
	// Every Images route is below the account, so the account is part of the base.
	baseUrl: (credentials) =>
		`${trimBaseUrl(credentials.baseUrl, CLOUDFLARE_IMAGES_DEFAULTS.baseUrl)}/accounts/${pathSegment(String(credentials.accountId ?? '').trim())}`,
	verifyRequest: () => ({ method: 'GET', path: CLOUDFLARE_STATS_ROUTE }),
	errorMessage,
	concurrency: 32,
	// Published: 1,200 requests per 5 minutes, then a 5-minute lockout. Every answer's `Ratelimit`
	// and `Ratelimit-Policy` headers then say what is left for the whole account.
	budget: { limit: 1200, windowMs: 300_000, reportsRemaining: true },
};

/** The account's images, below the account: an upload is a POST here. */
export const IMAGES_ROUTE = '/images/v1';

/** An image's route; the id (a custom ID may hold `/`) is one path segment. */
export function imageRoute(id: string): string {
	return `${IMAGES_ROUTE}/${pathSegment(id)}`;
}

/** The list of the account's images (newest first with `sort_order=desc`). */
export const IMAGE_LIST_ROUTE = '/images/v2';

const IMAGE_NOT_FOUND = 5404;

/** The envelope: {"success": false, "errors": [{"code", "message"}], …}. */
function errorMessage(body: unknown): string | undefined {
	if (!isJsonObject(body)) return undefined;
	const [first] = errorsOf(body);
	if (first) return shortMessage(first.message) ?? `error ${String(first.code)}`;
	if (body.success === false) return 'the answer said success: false without giving an error';
	return undefined;
}

function errorsOf(body: unknown): Array<{ code?: unknown; message?: unknown }> {
	if (!isJsonObject(body) || !Array.isArray(body.errors)) return [];
	return body.errors.filter(isJsonObject);
}

/** A delete is confirmed by `success: true`; a 404 or error 5404 means no such image. */
export function deleteOutcome(response: ApiResponse): DeleteOutcome {
	const notFound =
		response.statusCode === 404 ||
		errorsOf(response.body).some((error) => Number(error.code) === IMAGE_NOT_FOUND);
	if (notFound) return 'notFound';
	const confirmed = isJsonObject(response.body) && response.body.success === true;
	return isSuccessStatus(response) && confirmed ? 'deleted' : 'failed';
}

/**
 * Runs of at least this many items ask for a batch token. Smaller ones go to the global API at
 * once: they fit in its window unless it is nearly spent, and the token's round trip would cost
 * them more than it saves.
 */
const BATCH_MIN_ITEMS = 100;

/** Published: 200 requests a second per batch token, outside the account's global limit. */
const BATCH_BUDGET = { limit: 200, windowMs: 1000 };

/**
 * Sends an image's delete (`DELETE /images/v1/<id>`). A run with many items, more than the
 * account's global window has room for, asks for a batch token once; then each delete goes
 * through the global API while its window has room right now and through the batch host
 * otherwise, both at once. Without a token, or when the run fits the global window (faster there,
 * at full concurrency, than the batch host's `BATCH_BUDGET`), everything goes through the global API.
 */
export async function sendImageDelete(item: ItemContext, path: string): Promise<ApiResponse> {
	const method = 'DELETE';
	const batch =
		item.fn.getInputData().length >= BATCH_MIN_ITEMS ? await batchRoute(item) : undefined;
	if (!batch) return await item.request({ method, path });
	return await item.requestWithOverflow(
		{ method, path },
		{
			request: {
				method,
				baseUrl: batch.baseUrl,
				path,
				headers: { Authorization: `Bearer ${batch.token}` },
			},
			route: batch.route,
		},
	);
}

/** One batch token per run and account; a refusal (e.g. a token without the right) means none. */
async function batchRoute(
	item: ItemContext,
): Promise<{ baseUrl: string; token: string; route: RouteBudget } | undefined> {
	const { credentials } = await item.auth();
	return await item.oncePerAccount('cloudflare-batch', async () => {
		const response = await item.request({ method: 'GET', path: `${IMAGES_ROUTE}/batch_token` });
		const result =
			succeeded(response, item.provider) && isJsonObject(response.body)
				? response.body.result
				: undefined;
		const token =
			isJsonObject(result) && typeof result.token === 'string' ? result.token : undefined;
		if (!token) return undefined;
		item.addSecret(token);
		// The token's answer told the budget what is left of the global window (`Ratelimit`).
		if (item.fn.getInputData().length <= (await item.requestsLeftNow())) return undefined;
		return {
			baseUrl: batchBaseUrl(credentials),
			token,
			route: { key: `batch:${token.slice(-8)}`, budget: BATCH_BUDGET },
		};
	});
}

/** The batch host (its own base URL in the credential). */
function batchBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	return trimBaseUrl(credentials.batchBaseUrl, CLOUDFLARE_IMAGES_DEFAULTS.batchBaseUrl);
}
