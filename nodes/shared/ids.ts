import type { ItemCall } from './ItemCall';

/**
 * Reads an id parameter the way every operation must: trimmed, non-empty, text or a number.
 * `noun` words the messages: `Image ID cannot be empty. Please provide a valid image ID.`
 */
export function readId(call: ItemCall, parameterName: string, noun: string): string {
	const label = `${noun.charAt(0).toUpperCase()}${noun.slice(1)} ID`;
	const raw = call.fn.getNodeParameter(parameterName, call.itemIndex, '') as unknown;
	if (raw !== null && raw !== undefined && typeof raw === 'object') {
		throw call.badInput(`${label} must be text or a number, not ${Array.isArray(raw) ? 'a list' : 'an object'}. Please provide a valid ${noun} ID.`);
	}
	const id = raw === null || raw === undefined ? '' : String(raw).trim();
	if (id === '') {
		throw call.badInput(`${label} cannot be empty. Please provide a valid ${noun} ID.`);
	}
	// "." and ".." are removed from URL paths by every URL parser, even when percent-encoded.
	if (id === '.' || id === '..') {
		throw call.badInput(`${label} cannot be "${id}". Please provide a valid ${noun} ID.`);
	}
	if (!isWellFormed(id)) {
		throw call.badInput(`${label} contains characters that cannot be sent. Please provide a valid ${noun} ID.`);
	}
	// Servers refuse request lines past 8–16 KB; no provider's ids come near this.
	if (pathSegment(id).length > MAX_SEGMENT_LENGTH) {
		throw call.badInput(`${label} is too long to send (${id.length} characters). Please provide a valid ${noun} ID.`);
	}
	return id;
}

const MAX_SEGMENT_LENGTH = 8192;

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
