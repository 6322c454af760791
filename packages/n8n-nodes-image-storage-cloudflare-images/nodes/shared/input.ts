// Generated from nodes/shared/input.ts at the repository's top level by `npm run packages`: edit that file.
/**
 * Reading an item's input: the ids, URLs and files in its parameters, each checked before any
 * request is sent.
 */
import { isLocatorValue, type ItemContext } from './router';

/** "Image ID", "File ID", "Generation ID": the label every id message starts with. */
export function idLabel(noun: string): string {
	return `${noun.charAt(0).toUpperCase()}${noun.slice(1)} ID`;
}

/**
 * How an id parameter can be picked besides typing it: from a searchable list (the node's
 * `listSearch` method), or by pasting a URL that names the object.
 */
export interface IdLocator {
	/** The node's `methods.listSearch` entry that lists candidates, newest first. */
	searchMethod: string;
	/** An id as the provider makes them, for the By ID placeholder. */
	idExample: string;
	url?: {
		/** The field's placeholder, e.g. `e.g. https://imagedelivery.net/<hash>/<image ID>/public`. */
		placeholder: string;
		/** What the editor (and n8n, before a run) checks a typed URL against: the whole URL, no anchors. */
		pattern: string;
		/**
		 * The id of the one object of this item's account that a URL names. A URL that names none,
		 * or names another account's, is refused with `item.badInput`; a lookup that finds none or
		 * several fails with `item.apiError`. Never a guess (no match by path alone on a host the
		 * account's objects do not use): the id goes to a delete route.
		 */
		idFrom(item: ItemContext, url: string): string | Promise<string>;
	};
}

/**
 * Reads an id parameter the way every operation must: trimmed, non-empty, text or a number.
 * `noun` words the messages: `Image ID cannot be empty. Please provide a valid image ID.`
 * A resource locator's value is read by its mode: From List and By ID hold the id itself, By URL
 * a URL that `locator` finds the id in. Plain text (older workflows, expressions, `$fromAI()`)
 * is the id.
 */
export async function readId(
	item: ItemContext,
	parameterName: string,
	noun: string,
	locator?: IdLocator,
): Promise<string> {
	const raw = item.param<unknown>(parameterName, '');
	if (!isLocatorValue(raw)) return checkId(item, raw, noun);
	if (raw.mode === 'url' && locator?.url) {
		const url = typeof raw.value === 'string' ? raw.value.trim() : '';
		if (url === '') throw item.badInput(emptyMessage(noun));
		return checkId(item, await locator.url.idFrom(item, url), noun);
	}
	return checkId(item, raw.value, noun);
}

/**
 * Reads a parameter that holds many ids — a list from an expression, or text separated by commas
 * or new lines — each checked as `readId` checks one; repeats are dropped, blank entries skipped.
 */
export function readIds(item: ItemContext, parameterName: string, noun: string): string[] {
	const raw = item.param<unknown>(parameterName, '');
	const entries = Array.isArray(raw)
		? raw
		: typeof raw === 'string' || typeof raw === 'number'
			? String(raw).split(/[,\n\r]+/)
			: undefined;
	if (!entries) {
		throw item.badInput(
			`${idLabel(noun)}s must be a list, or text with IDs separated by commas or new lines.`,
		);
	}
	const ids = entries
		.filter((entry) => !(typeof entry === 'string' && entry.trim() === ''))
		.map((entry) => checkId(item, entry, noun));
	if (ids.length === 0) throw item.badInput(emptyMessage(noun));
	return [...new Set(ids)];
}

/** One id value checked: the trimmed id, or a clear refusal before any request. */
function checkId(item: ItemContext, raw: unknown, noun: string): string {
	const label = idLabel(noun);
	if (raw !== null && raw !== undefined && typeof raw === 'object') {
		throw item.badInput(
			`${label} must be text or a number, not ${Array.isArray(raw) ? 'a list' : 'an object'}. Please provide a valid ${noun} ID.`,
		);
	}
	const id = raw === null || raw === undefined ? '' : String(raw).trim();
	if (id === '') throw item.badInput(emptyMessage(noun));
	if (isDotSegment(id)) {
		throw item.badInput(`${label} cannot be "${id}". Please provide a valid ${noun} ID.`);
	}
	if (!isWellFormed(id)) {
		throw item.badInput(
			`${label} contains characters that cannot be sent. Please provide a valid ${noun} ID.`,
		);
	}
	// Servers refuse request lines past 8–16 KB; no provider's ids come near this.
	if (pathSegment(id).length > MAX_SEGMENT_LENGTH) {
		throw item.badInput(
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

/** An http(s) URL parameter, trimmed; anything else is refused before any request. */
export function readUrl(item: ItemContext, parameterName: string): string {
	const url = String(item.param<string>(parameterName, '')).trim();
	if (!/^https?:\/\/\S+$/i.test(url))
		throw item.badInput(`URL must be an http(s) address, not "${url}".`);
	return url;
}

/** A URL's percent-encoded text decoded; undefined when it is not valid percent-encoding. */
export function decodedPath(text: string): string | undefined {
	try {
		return decodeURIComponent(text);
	} catch {
		return undefined;
	}
}

export interface BinaryFile {
	data: Buffer;
	fileName: string;
	mimeType: string;
	/** Lower-case extension without the dot, from the file name or else the MIME type. */
	extension: string;
}

/** Reads an item's binary property, refusing what cannot be uploaded before any request. */
export async function readBinary(
	item: ItemContext,
	propertyName: string,
	{ extensions, maxBytes }: { extensions?: string[]; maxBytes?: number } = {},
): Promise<BinaryFile> {
	const name = propertyName.trim();
	const binary = item.fn.getInputData()[item.itemIndex]?.binary?.[name];
	if (!binary) {
		throw item.badInput(
			`No file in the binary property "${name}" of this item. Set "Input Binary Field" to the property that holds the image.`,
		);
	}
	const data = await item.fn.helpers.getBinaryDataBuffer(item.itemIndex, name);
	if (data.length === 0) throw item.badInput(`The file in the binary property "${name}" is empty.`);
	if (maxBytes !== undefined && data.length > maxBytes) {
		throw item.badInput(
			`The file in "${name}" is ${data.length} bytes; the limit is ${maxBytes} bytes.`,
		);
	}
	const mimeType = binary.mimeType || 'application/octet-stream';
	const fromName = /\.([a-z0-9]+)$/i.exec(binary.fileName ?? '')?.[1];
	const fromMime = /^image\/([a-z0-9.+-]+)$/i.exec(mimeType)?.[1];
	const extension = (fromName ?? fromMime ?? '').toLowerCase();
	if (extensions && !extensions.includes(extension)) {
		throw item.badInput(
			`Unsupported file type "${extension || mimeType}": upload ${extensions.join(', ')}.`,
		);
	}
	return { data, fileName: binary.fileName ?? `image.${extension || 'bin'}`, mimeType, extension };
}

/** What to upload: the item's binary file, or a URL the provider fetches itself. */
export async function readUploadSource(
	item: ItemContext,
	limits: { extensions?: string[]; maxBytes?: number } = {},
): Promise<{ url: string } | { file: BinaryFile }> {
	if (item.param<string>('inputType', 'binary') === 'url') return { url: readUrl(item, 'url') };
	return { file: await readBinary(item, item.param<string>('binaryPropertyName', 'data'), limits) };
}
