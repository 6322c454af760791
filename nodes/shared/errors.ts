import type { ApiResponse, ProviderProfile } from './types';

/**
 * The `<details>` of "Failed to <action>. API error: <details>": the provider's own message when
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

/** Replaces every secret the run knows with `***`: a provider could echo a key back. */
export function redact(text: string, secrets: Iterable<string>): string {
	let result = text;
	for (const secret of secrets) {
		if (secret.length >= 4) result = result.split(secret).join('***');
	}
	return result;
}

/** Trims a provider message to one short line. */
export function shortMessage(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const text = value.replace(/\s+/g, ' ').trim();
	if (text === '') return undefined;
	return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}
