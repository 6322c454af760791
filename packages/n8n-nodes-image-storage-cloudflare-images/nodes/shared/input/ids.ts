// Generated from nodes/shared/input/ids.ts at the repository's top level by `npm run packages`: edit that file.
import type { IdLocator, ItemCall } from '../contracts';

/** "Image ID", "File ID", "Generation ID": the label every id message starts with. */
export function idLabel(noun: string): string {
	return `${noun.charAt(0).toUpperCase()}${noun.slice(1)} ID`;
}

/** "Image not found": the details of a not-found answer that carries no message of its own. */
export function notFoundWords(noun: string): string {
	return `${noun.charAt(0).toUpperCase()}${noun.slice(1)} not found`;
}

/**
 * Reads an id parameter the way every operation must: trimmed, non-empty, text or a number.
 * `noun` words the messages: `Image ID cannot be empty. Please provide a valid image ID.`
 * A resource locator's value is read by its mode: From List and By ID hold the id itself, By URL
 * a URL that `locator` finds the id in. Plain text (older workflows, expressions, `$fromAI()`)
 * is the id.
 */
export async function readId(
	call: ItemCall,
	parameterName: string,
	noun: string,
	locator?: IdLocator,
): Promise<string> {
	const raw = call.param<unknown>(parameterName, '');
	if (!isLocatorValue(raw)) return checkId(call, raw, noun);
	if (raw.mode === 'url' && locator?.url) {
		const url = typeof raw.value === 'string' ? raw.value.trim() : '';
		if (url === '') throw call.badInput(emptyMessage(noun));
		return checkId(call, await locator.url.idFrom(call, url), noun);
	}
	return checkId(call, raw.value, noun);
}

/** What n8n stores for a resource locator parameter: `{ __rl: true, mode, value }`. */
function isLocatorValue(value: unknown): value is { mode: string; value: unknown } {
	return (
		typeof value === 'object' &&
		value !== null &&
		'__rl' in value &&
		'mode' in value &&
		typeof value.mode === 'string'
	);
}

/**
 * Reads a parameter that holds many ids — a list from an expression, or text separated by commas
 * or new lines — each checked as `readId` checks one; repeats are dropped, blank entries skipped.
 */
export function readIds(call: ItemCall, parameterName: string, noun: string): string[] {
	const raw = call.param<unknown>(parameterName, '');
	const entries = Array.isArray(raw)
		? raw
		: typeof raw === 'string' || typeof raw === 'number'
			? String(raw).split(/[,\n\r]+/)
			: undefined;
	if (!entries) {
		throw call.badInput(
			`${idLabel(noun)}s must be a list, or text with IDs separated by commas or new lines.`,
		);
	}
	const ids = entries
		.filter((entry) => !(typeof entry === 'string' && entry.trim() === ''))
		.map((entry) => checkId(call, entry, noun));
	if (ids.length === 0) throw call.badInput(emptyMessage(noun));
	return [...new Set(ids)];
}

/** One id value checked: the trimmed id, or a clear refusal before any request. */
function checkId(call: ItemCall, raw: unknown, noun: string): string {
	const label = idLabel(noun);
	if (raw !== null && raw !== undefined && typeof raw === 'object') {
		throw call.badInput(
			`${label} must be text or a number, not ${Array.isArray(raw) ? 'a list' : 'an object'}. Please provide a valid ${noun} ID.`,
		);
	}
	const id = raw === null || raw === undefined ? '' : String(raw).trim();
	if (id === '') throw call.badInput(emptyMessage(noun));
	if (isDotSegment(id)) {
		throw call.badInput(`${label} cannot be "${id}". Please provide a valid ${noun} ID.`);
	}
	if (!isWellFormed(id)) {
		throw call.badInput(
			`${label} contains characters that cannot be sent. Please provide a valid ${noun} ID.`,
		);
	}
	// Servers refuse request lines past 8–16 KB; no provider's ids come near this.
	if (pathSegment(id).length > MAX_SEGMENT_LENGTH) {
		throw call.badInput(
			`${label} is too long to send (${id.length} characters). Please provide a valid ${noun} ID.`,
		);
	}
	return id;
}

function emptyMessage(noun: string): string {
	return `${idLabel(noun)} cannot be empty. Please provide a valid ${noun} ID.`;
}

const MAX_SEGMENT_LENGTH = 8192;

/** "." and "..": every URL parser removes them from a path, even when percent-encoded. */
export function isDotSegment(value: string): boolean {
	return value === '.' || value === '..';
}

/** Encodes a value as exactly one URL path segment: `/ ? # %` and the like cannot change the path. */
export function pathSegment(value: string): string {
	return encodeURIComponent(value);
}

function isWellFormed(text: string): boolean {
	try {
		encodeURIComponent(text);
		return true;
	} catch {
		// A lone UTF-16 surrogate: not text any server could receive.
		return false;
	}
}
