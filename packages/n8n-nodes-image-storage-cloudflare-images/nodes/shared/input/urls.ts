// Generated from nodes/shared/input/urls.ts at the repository's top level by `npm run packages`: edit that file.
import type { ItemCall } from '../contracts';

/** An http(s) URL parameter, trimmed; anything else is refused before any request. */
export function readUrl(call: ItemCall, parameterName: string): string {
	const url = String(call.param<string>(parameterName, '')).trim();
	if (!/^https?:\/\/\S+$/i.test(url))
		throw call.badInput(`URL must be an http(s) address, not "${url}".`);
	return url;
}

/** A base URL as the credential holds it, without trailing slashes; `fallback` when unset. */
export function trimBaseUrl(value: unknown, fallback: string): string {
	const text = typeof value === 'string' && value.trim() !== '' ? value.trim() : fallback;
	return text.replace(/\/+$/, '');
}

/** A URL's percent-encoded text decoded; undefined when it is not valid percent-encoding. */
export function decodedPath(text: string): string | undefined {
	try {
		return decodeURIComponent(text);
	} catch {
		return undefined;
	}
}
