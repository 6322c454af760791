// Generated from nodes/shared/http/answers.ts at the repository's top level by `npm run packages`: edit that file.
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ApiResponse, ProviderProfile } from '../contracts';

export function isSuccessStatus(response: ApiResponse): boolean {
	return response.statusCode >= 200 && response.statusCode < 300;
}

/** A 2xx whose body parsed and carries no error of the provider's. */
export function succeeded(response: ApiResponse, provider: ProviderProfile): boolean {
	return (
		response.networkError === undefined &&
		isSuccessStatus(response) &&
		response.invalidBody !== true &&
		provider.errorMessage(response.body) === undefined
	);
}

/**
 * The `<details>` of "Failed to <task>. API error: <details>": the provider's own message when
 * it sent one, else a short description of what came back — never a whole page, never empty.
 */
export function describeFailure(
	response: ApiResponse,
	provider: ProviderProfile,
	fallback?: string,
): string {
	if (response.networkError !== undefined) return response.networkError;
	const own = provider.errorMessage(response.body);
	if (own) return own;
	if (response.statusCode >= 400) {
		return `${response.statusCode} ${response.statusText}`.trim();
	}
	if (response.invalidBody) return 'invalid JSON in the response';
	if (fallback !== undefined) return fallback;
	return response.body === undefined
		? `empty response (HTTP ${response.statusCode})`
		: `unexpected response (HTTP ${response.statusCode})`;
}

/** Trims a provider message to one short line. */
export function shortMessage(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const text = value.replace(/\s+/g, ' ').trim();
	if (text === '') return undefined;
	return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

/** `Retry-After` (seconds or an HTTP date), else ImageKit's `X-RateLimit-Reset` (milliseconds). */
export function askedWaitMs(headers: Record<string, string>): number | undefined {
	const retryAfter = headers['retry-after'];
	if (retryAfter !== undefined && retryAfter.trim() !== '') {
		const seconds = Number(retryAfter);
		if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
		const date = Date.parse(retryAfter);
		if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
	}
	const reset = Number(headers['x-ratelimit-reset']);
	if (headers['x-ratelimit-reset'] !== undefined && Number.isFinite(reset))
		return Math.max(0, reset);
	return undefined;
}

/** The error contract's `NodeApiError`, its message as written, for an item or (editor) none. */
export function contractError(
	node: INode,
	message: string,
	httpCode?: string,
	itemIndex?: number,
): NodeApiError {
	const error = new NodeApiError(node, { message, httpCode } as JsonObject, {
		message,
		httpCode,
		...(itemIndex === undefined ? {} : { itemIndex }),
	});
	// NodeApiError swaps messages that mention ECONNRESET and the like for generic texts.
	error.message = message;
	return error;
}
