/**
 * Reading an item's input: its parameters (`ParameterReader`), the ids, URLs and files in them,
 * each checked before any request is sent.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { isSafeObjectProperty } from 'n8n-workflow';

import { idLabel, type IdLocator } from './properties';
import type { ItemContext } from './router';

/**
 * Reads a node's parameters for each item, as `getNodeParameter` would, without its cost where
 * the answer is known: n8n resolves a parameter anew for every item, expressions or not, which
 * dominates the run time of a bulk delete. So a stored value without an expression is read once
 * per run, and the most common expression, `{{ $json.<field> }}` (alone, or as a resource
 * locator's value), is read straight from the item when the item holds that field. Anything else
 * goes through n8n.
 * `test/unit/parameters.test.ts` holds these readings against n8n's own evaluation.
 */
export class ParameterReader {
	/** How each parameter read so far is read for every item. */
	private readonly readings = new Map<string, Reading>();

	private input?: INodeExecutionData[];

	constructor(private readonly fn: IExecuteFunctions) {}

	/** Parameter `name` of item `itemIndex`; callers only read what they get. */
	read<T>(name: string, itemIndex: number, fallback?: T): T {
		let reading = this.readings.get(name);
		if (reading === undefined) {
			reading = this.readingOf(name, itemIndex, fallback);
			this.readings.set(name, reading);
		}
		if ('value' in reading) return reading.value as T;
		if ('field' in reading) {
			const json = this.inputJson(itemIndex);
			// An inherited property (`toString`) is n8n's to answer: it refuses functions.
			if (Object.prototype.hasOwnProperty.call(json, reading.field)) {
				const value = json[reading.field];
				return (reading.locator ? { ...reading.locator, value } : value) as T;
			}
		}
		return this.fn.getNodeParameter(name, itemIndex, fallback) as T;
	}

	private readingOf(name: string, itemIndex: number, fallback: unknown): Reading {
		const stored: unknown = this.fn.getNode().parameters[name];
		if (stored === undefined) return {};
		if (!holdsExpression(stored))
			return { value: this.fn.getNodeParameter(name, itemIndex, fallback) };
		const field = jsonField(stored);
		if (field !== undefined) return { field };
		if (isLocatorValue(stored)) {
			const locator: Record<string, unknown> = { ...stored };
			const locatorField = jsonField(locator.value);
			if (locatorField !== undefined && !holdsExpression({ ...locator, value: '' }))
				return { field: locatorField, locator };
		}
		return {};
	}

	private inputJson(itemIndex: number): IDataObject {
		this.input ??= this.fn.getInputData();
		return this.input[itemIndex]?.json ?? {};
	}
}

/** Once per run: the stored value; from the item: that input field; else through n8n. */
type Reading =
	| { value: unknown }
	| { field: string; locator?: Record<string, unknown> }
	| Record<string, never>;

/**
 * `={{ $json.id }}`, `={{ $json["id"] }}`: the one input field the expression reads, else
 * undefined. Not a field n8n refuses to read (`constructor`, `__proto__`: an error, item by item).
 */
export function jsonField(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const match = /^=\{\{\s*\$json(?:\.([A-Za-z_$][\w$]*)|\[\s*(['"])([^'"\\]*)\2\s*\])\s*\}\}$/.exec(
		value,
	);
	const field = match ? (match[1] ?? match[3]) : undefined;
	// n8n's expressions refuse its unsafe properties; an n8n that exports no such list: no short-cut.
	if (field === undefined || typeof isSafeObjectProperty !== 'function') return undefined;
	return isSafeObjectProperty(field) ? field : undefined;
}

/** Whether a stored parameter value is, or holds, an expression (`={{ … }}`). */
function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (value !== null && typeof value === 'object')
		return Object.values(value).some(holdsExpression);
	return false;
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

/** What n8n stores for a resource locator parameter: `{ __rl: true, mode, value }`. */
function isLocatorValue(value: unknown): value is Record<string, unknown> & { mode: string } {
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
