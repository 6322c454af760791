import type { IDataObject } from 'n8n-workflow';

import {
	LEONARDO_AI_DEFAULTS,
	LEONARDO_KEY_ADVICE,
	LEONARDO_ME_ROUTE,
} from '../../credentials/LeonardoAiApi.credentials';
import { type DeleteOutcome, type ItemContext, pathSegment } from '../shared/item';
import type { NamedBudget } from '../shared/pacing';
import {
	type ApiResponse,
	isJsonObject,
	isSuccessStatus,
	type ProviderProfile,
	shortMessage,
	succeeded,
	trimBaseUrl,
} from '../shared/transport';

/** Generations: a POST here starts one. */
export const GENERATIONS_ROUTE = '/generations';

/** A generation's route. */
export function generationRoute(id: string): string {
	return `${GENERATIONS_ROUTE}/${pathSegment(id)}`;
}

/** A user's generations, newest first (`offset`, `limit`). */
export function userGenerationsRoute(userId: string): string {
	return `${GENERATIONS_ROUTE}/user/${pathSegment(userId)}`;
}

/** Init images: a POST here asks for an upload's presigned form. */
export const INIT_IMAGES_ROUTE = '/init-image';

/** An uploaded init image's route. */
export function initImageRoute(id: string): string {
	return `${INIT_IMAGES_ROUTE}/${pathSegment(id)}`;
}

/** Published: 2,000 requests a minute for everything. Leonardo sends no rate headers. */
const ACCOUNT_BUDGET: NamedBudget = { name: 'account', budget: { limit: 2000, windowMs: 60_000 } };

/**
 * Published beside it: "Create a Generation, /v1/generations: 100 per minute" (docs.leonardo.ai,
 * API limits): a create counts against both.
 */
const CREATE_BUDGET: NamedBudget = {
	name: 'generation creates',
	budget: { limit: 100, windowMs: 60_000 },
};

export const leonardoAi: ProviderProfile = {
	credentialType: 'leonardoAiApi',
	secretFields: ['apiKey'],
	baseUrl: (credentials) => trimBaseUrl(credentials.baseUrl, LEONARDO_AI_DEFAULTS.baseUrl),
	verifyRequest: () => ({ method: 'GET', path: LEONARDO_ME_ROUTE }),
	// Errors are flat: {"error": "...", "path": "$", "code": "access-denied"}.
	errorMessage: (body) => (isJsonObject(body) ? shortMessage(body.error) : undefined),
	concurrency: 32,
	budgetsFor: ({ method, path }) =>
		method === 'POST' && path === GENERATIONS_ROUTE
			? [ACCOUNT_BUDGET, CREATE_BUDGET]
			: [ACCOUNT_BUDGET],
	idFields: ['id', 'generationId'],
	keyAdvice: LEONARDO_KEY_ADVICE,
};

/**
 * Leonardo answers a delete with `{"<key>": {"id": …}}`, and an unknown or foreign id with
 * `{"<key>": null}` (or, some say, a 404): both mean not found.
 */
export function deleteOutcome(answerKey: string, response: ApiResponse): DeleteOutcome {
	if (response.statusCode === 404) return 'notFound';
	if (!isSuccessStatus(response) || !isJsonObject(response.body)) return 'failed';
	if (!(answerKey in response.body)) return 'failed';
	return response.body[answerKey] === null ? 'notFound' : 'deleted';
}

/**
 * The key's own user ID, from one `GET /me` per node run and account, whatever the number of
 * items; undefined when the answer names no user (each caller says what to do then).
 */
export async function ownUserId(item: ItemContext): Promise<string | undefined> {
	const response = await item.oncePerAccount('own user', () =>
		item.request({ method: 'GET', path: LEONARDO_ME_ROUTE }),
	);
	if (!succeeded(response, item.provider)) throw item.failure(response);
	return userIdIn(response.body);
}

/** The user ID in an answer to `GET /me`; undefined when it names none. */
export function userIdIn(answer: unknown): string | undefined {
	const user = userDetailsIn(answer)?.user;
	return isJsonObject(user) && typeof user.id === 'string' && user.id.trim() !== ''
		? user.id
		: undefined;
}

export function userDetailsIn(answer: unknown): IDataObject | undefined {
	const details =
		isJsonObject(answer) && Array.isArray(answer.user_details) ? answer.user_details[0] : undefined;
	return isJsonObject(details) ? details : undefined;
}
