// Generated from nodes/LeonardoAi/profile.ts at the repository's top level by `npm run packages`: edit that file.
import { LEONARDO_AI_DEFAULTS } from '../../credentials/LeonardoAiApi.credentials';
import type { ApiResponse, DeleteOutcome, ProviderProfile } from '../shared/contracts';
import { isSuccessStatus, shortMessage } from '../shared/http/answers';
import { isJsonObject } from '../shared/http/json';
import { trimBaseUrl } from '../shared/input/urls';

export const leonardoAi: ProviderProfile = {
	credentialType: 'leonardoAiApi',
	secretFields: ['apiKey'],
	baseUrl: (credentials) => trimBaseUrl(credentials.baseUrl, LEONARDO_AI_DEFAULTS.baseUrl),
	verifyRequest: () => ({ method: 'GET', path: '/me' }),
	// Errors are flat: {"error": "...", "path": "$", "code": "access-denied"}.
	errorMessage: (body) => (isJsonObject(body) ? shortMessage(body.error) : undefined),
	concurrency: 32,
	// Published: 2,000 requests a minute. Leonardo sends no remaining-budget headers.
	budget: { limit: 2000, windowMs: 60_000 },
};

/**
 * Leonardo answers a delete with `{"<key>": {"id": …}}`, and an unknown or foreign id with
 * `{"<key>": null}` (or, some say, a 404): both mean not found.
 */
export function deleteOutcome(answerKey: string) {
	return (response: ApiResponse): DeleteOutcome => {
		if (response.statusCode === 404) return 'notFound';
		if (!isSuccessStatus(response) || !isJsonObject(response.body)) return 'failed';
		if (!(answerKey in response.body)) return 'failed';
		return response.body[answerKey] === null ? 'notFound' : 'deleted';
	};
}
