// Generated from nodes/CloudflareImages/profile.ts at the repository's top level by `npm run packages`: edit that file.
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { CLOUDFLARE_IMAGES_DEFAULTS } from '../../credentials/CloudflareImagesApi.credentials';
import type { ApiResponse, DeleteOutcome, ProviderProfile } from '../shared/contracts';
import { isSuccessStatus, shortMessage } from '../shared/http/answers';
import { isJsonObject } from '../shared/http/json';
import { pathSegment } from '../shared/input/ids';
import { trimBaseUrl } from '../shared/input/urls';

const IMAGE_NOT_FOUND = 5404;

/** The batch host (its own base URL in the credential). */
export function batchBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	return trimBaseUrl(credentials.batchBaseUrl, CLOUDFLARE_IMAGES_DEFAULTS.batchBaseUrl);
}

export const cloudflareImages: ProviderProfile = {
	credentialType: 'cloudflareImagesApi',
	secretFields: ['apiToken', 'apiKey'],
	// Every Images route is below the account, so the account is part of the base.
	baseUrl: (credentials) =>
		`${trimBaseUrl(credentials.baseUrl, CLOUDFLARE_IMAGES_DEFAULTS.baseUrl)}/accounts/${pathSegment(String(credentials.accountId ?? '').trim())}`,
	verifyRequest: () => ({ method: 'GET', path: '/images/v1/stats' }),
	errorMessage,
	concurrency: 32,
	// Published: 1,200 requests per 5 minutes, then a 5-minute lockout. Every answer's `Ratelimit`
	// and `Ratelimit-Policy` headers then say what is left for the whole account.
	budget: { limit: 1200, windowMs: 300_000, reportsRemaining: true },
};

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

export function deleteOutcome(response: ApiResponse): DeleteOutcome {
	const notFound =
		response.statusCode === 404 ||
		errorsOf(response.body).some((error) => Number(error.code) === IMAGE_NOT_FOUND);
	if (notFound) return 'notFound';
	const confirmed = isJsonObject(response.body) && response.body.success === true;
	return isSuccessStatus(response) && confirmed ? 'deleted' : 'failed';
}
