/**
 * Talking to a provider: one request with its retries (`sendWithRetries`), what an answer means
 * (`succeeded`, `describeFailure`), and the error contract: "Failed to <task>. API error:
 * <details>", with every secret the run knows redacted.
 */
import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	INode,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import {
	cancelSignal,
	type NamedBudget,
	type RequestPace,
	retryAfterMs,
	waitUnlessCancelled,
} from './pacing';
import { StoppedBeforeSending } from './stop';

/** One request to a provider, relative to the credential's base URL. */
export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Path below the base URL; every id in it must already be a `pathSegment()`. */
	path: string;
	/** A host of the credential's other than its API, by the name the provider's profile gives it. */
	host?: string;
	/** A base outside the credential's hosts (a URL an answer gave), without a trailing slash. */
	baseUrl?: string;
	qs?: IDataObject;
	/** JSON, or a ready body (multipart) with its `Content-Type` in `headers`. */
	body?: IDataObject | Buffer;
	headers?: Record<string, string>;
	/**
	 * It creates an object the provider stores: sent again only when the provider surely did not
	 * act (429, 503, no connection made), so that a retry cannot make a second object.
	 */
	creates?: boolean;
	/** The answer is a file: its body comes back as bytes. */
	binary?: boolean;
	/** No attempt starts at or after this time (ms since 1970): the URL or token expires then. */
	notAfter?: number;
}

/** What came back for a request, after retries. Never thrown: operations decide what it means. */
export interface ApiResponse {
	/** 0 when no answer arrived at all (see `networkError`). */
	statusCode: number;
	statusText: string;
	headers: Record<string, string>;
	/** The parsed JSON body (the bytes, for a `binary` request); undefined when empty or not JSON. */
	body: unknown;
	/** Set when a non-empty body could not be parsed as JSON. */
	invalidBody?: boolean;
	/** A short description of why no answer arrived (connection lost, timeout). */
	networkError?: string;
	/**
	 * An attempt may have done its work although its answer does not say so (lost, timed out, a
	 * 5xx other than 503): a later "not found" may be its doing; a create may have made its object.
	 */
	uncertain: boolean;
	/** Sent without the credential's key: a 401 or 403 refused the URL or token, not the key. */
	withoutKey?: boolean;
}

export interface RetryPolicy {
	timeoutMs: number;
	maxRetries: number;
	/** The longest single wait a provider may ask for; asked for more, the item fails at once. */
	maxWaitMs: number;
}

/** The key to send a request with: the node's credential, or one held by a connection. */
export interface ResolvedAuth {
	credentialType: string;
	credentials: ICredentialDataDecryptedObject;
	/** The decrypted credential n8n authenticates with: the node's own (read once per run) or a connection's. */
	additional?: IAdditionalCredentialOptions;
}

/** What a provider folder tells the shared core about itself. */
export interface ProviderProfile {
	/** n8n credential type, e.g. `<provider>Api`. */
	credentialType: string;
	/** Credential fields that hold secrets: never echoed in any output or error. */
	secretFields: string[];
	/** Base URL of the API, or of the credential's `host` of that name, without a trailing slash. */
	baseUrl(credentials: ICredentialDataDecryptedObject, host?: string): string;
	/** The request that proves a key works: the same one as the credential test. */
	verifyRequest(credentials: ICredentialDataDecryptedObject): ApiRequest;
	/** The provider's own message in an error answer, if it has one. */
	errorMessage(body: unknown): string | undefined;
	/** Items of one node run in flight at once. */
	concurrency: number;
	/** The budgets a request counts against, the most particular last (its 429s are that one's). */
	budgetsFor(request: ApiRequest): NamedBudget[];
	/** Output fields that name the object an item acted on, first found wins: a stop tells them. */
	idFields: string[];
	/** What to check when the key is refused, by status (the credential test's words). */
	keyAdvice: Record<number, string>;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	timeoutMs: 30_000,
	maxRetries: 4,
	maxWaitMs: 60_000,
};

/** Where requests are sent from: a node's execution, or the editor loading a list for a parameter. */
export type HttpContext = IExecuteFunctions | ILoadOptionsFunctions;

/** Retries a request may spend on 429s beyond Max Retries: other processes may share the account. */
const RATE_LIMIT_EXTRA_RETRIES = 6;

const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 8_000;

/**
 * Why no answer came, by the HTTP client's error code: whether the request can have reached the
 * provider (`reached`: undefined when that is not known), whether another attempt may fare
 * better, and the words that tell it. The first entry whose pattern matches the code wins.
 */
const TRANSPORT_FAULTS: Array<{
	code: RegExp;
	reached: boolean | undefined;
	retry: boolean;
	words: string;
}> = [
	{
		code: /^(ECONNRESET|EPIPE|ECONNABORTED)$/,
		reached: true,
		retry: true,
		words: 'connection lost',
	},
	{ code: /^(ETIMEDOUT|ESOCKETTIMEDOUT)$/, reached: true, retry: true, words: 'no answer in time' },
	// An answer came, but not one HTTP can read: the request was received.
	{ code: /^HPE_/, reached: true, retry: true, words: 'an answer that is not valid HTTP' },
	{
		code: /^ERR_SOCKET_CONNECTION_TIMEOUT$/,
		reached: false,
		retry: true,
		words: 'no connection in time',
	},
	{ code: /^ECONNREFUSED$/, reached: false, retry: true, words: 'connection refused' },
	{ code: /^(EHOSTUNREACH|ENETUNREACH)$/, reached: false, retry: true, words: 'host unreachable' },
	{ code: /^EAI_AGAIN$/, reached: false, retry: true, words: 'host name lookup failed' },
	{ code: /^ENOTFOUND$/, reached: false, retry: false, words: 'no such host' },
	// The secure connection was refused before anything was sent; trying again changes nothing.
	{
		code: /^(CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_TLS_|ERR_SSL_)/,
		reached: false,
		retry: false,
		words: 'secure connection refused',
	},
];

/** The same, for an error that carries no code (n8n 1.x keeps only the client's message). */
const TRANSPORT_MESSAGES: Array<{ message: RegExp; code: string }> = [
	{ message: /socket hang up/i, code: 'ECONNRESET' },
	{ message: /parse error/i, code: 'HPE_INVALID_RESPONSE' },
	{ message: /certificate|self[- ]signed/i, code: 'CERT_INVALID' },
];

export interface SendOptions {
	/** The first attempt is counted under `pace` already (to choose a way to send by it). */
	firstSendCounted?: boolean;
	/** How long a 429 or 503 asks to wait in a header of the provider's own (beside `Retry-After`). */
	askedWait?(headers: Record<string, string>): number | undefined;
}

/**
 * Sends one request, retrying inside the node what n8n's own "Retry On Fail" would retry by
 * re-running every item: 429, 5xx, timeouts and lost connections — a create (`creates`) only
 * where the attempt surely did nothing. Other answers come back as they are. Waits honour
 * `Retry-After` and what the provider's own headers ask; attempts and waits are bounded, and end
 * when the execution is cancelled.
 */
export async function sendWithRetries(
	fn: HttpContext,
	auth: ResolvedAuth | undefined,
	baseUrl: string,
	request: ApiRequest,
	policy: RetryPolicy,
	pace?: RequestPace,
	{ firstSendCounted = false, askedWait }: SendOptions = {},
): Promise<ApiResponse> {
	const signal = cancelSignal(fn);
	let uncertain = false;
	let faults = 0;
	let refusals = 0;
	let sendCounted = firstSendCounted;
	// The last answer to an attempt that may have done its work: when a stop refuses the retry,
	// the item ends with that answer ("may have been done"), not as "not done".
	let actedAnswer: ApiResponse | undefined;
	for (;;) {
		// Every attempt, retries too, waits until the account's budget lets it go.
		if (pace && !sendCounted) {
			const sent = await pace.waitToSend(signal).catch((error: unknown) => {
				if (error instanceof StoppedBeforeSending && actedAnswer) return false;
				throw error;
			});
			if (!sent) {
				if (actedAnswer) return actedAnswer;
				throw new StoppedBeforeSending();
			}
		}
		sendCounted = false;
		// Cancelled while the attempt was on its way here: it is not sent.
		if (signal?.aborted) {
			pace?.withdraw();
			if (actedAnswer) return actedAnswer;
			throw new StoppedBeforeSending();
		}
		// Whatever the attempt throws, the budget counts it as answered.
		const { reached, retry, ...response } = await sendOnce(
			fn,
			auth,
			baseUrl,
			request,
			policy,
		).catch((error: unknown) => {
			pace?.answered(0, {});
			throw error;
		});
		pace?.answered(response.statusCode, response.headers);
		const rateLimited = response.statusCode === 429;
		const acted = mayHaveActed(response, reached);
		uncertain ||= acted;
		if (acted) actedAnswer = { ...response, uncertain };
		const retryable =
			(response.networkError === undefined
				? rateLimited || response.statusCode >= 500
				: retry === true) &&
			// A create is sent again only when this attempt surely did nothing: 429, 503, no connection.
			!(request.creates === true && acted);
		// A 429 is the account's budget, not a fault: waited out more often than faults are.
		const attempts = rateLimited ? ++refusals : ++faults;
		const allowed = rateLimited ? policy.maxRetries + RATE_LIMIT_EXTRA_RETRIES : policy.maxRetries;
		if (!retryable || attempts > allowed || signal?.aborted) {
			return { ...response, uncertain };
		}
		const waitMs = retryDelayMs(response, attempts, askedWait);
		if (waitMs > policy.maxWaitMs) return { ...response, uncertain };
		if (request.notAfter !== undefined && Date.now() + waitMs >= request.notAfter)
			return { ...response, uncertain };
		if (!(await waitUnlessCancelled(waitMs, signal))) return { ...response, uncertain };
	}
}

/**
 * Whether a failed attempt may still have done its work, so that a later "not found" is its
 * doing (or a create would make a second object). 429 and 503 say the request was not taken
 * (rate limit, service unavailable), and a connection never made sent nothing. Any other 5xx — a
 * 500 from the API, a 502 or 504 from a gateway whose origin may have finished — a lost answer,
 * a timeout or an unknown network error leaves it open.
 */
function mayHaveActed(response: Omit<Attempt, 'reached'>, reached: boolean | undefined): boolean {
	if (response.networkError !== undefined) return reached !== false;
	return response.statusCode >= 500 && response.statusCode !== 503;
}

/**
 * One attempt. Where no answer came: `reached`, could the provider have acted (undefined: not
 * known), and `retry`, may another attempt fare better.
 */
type Attempt = Omit<ApiResponse, 'uncertain'> & { reached?: boolean; retry?: boolean };

async function sendOnce(
	fn: HttpContext,
	auth: ResolvedAuth | undefined,
	baseUrl: string,
	request: ApiRequest,
	policy: RetryPolicy,
): Promise<Attempt> {
	// A fresh object per attempt: n8n adds auth headers and the cancel signal to the one it gets.
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${request.baseUrl ?? baseUrl}${request.path}`,
		qs: request.qs,
		body: request.body,
		headers: request.headers,
		json: request.binary !== true,
		// Text, parsed here: an HTML error page or an empty 204 must not break JSON parsing.
		encoding: request.binary === true ? 'arraybuffer' : 'text',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: policy.timeoutMs,
		// A redirect is an answer, not followed: n8n would send the key (or a token) to wherever it
		// points. A public file's is followed by the caller, checked hop by hop (download.ts).
		disableFollowRedirect: true,
		// n8n adds the execution's cancel signal to requests with a key; these get it too.
		abortSignal: cancelSignal(fn),
	};
	try {
		// Without the key where the request carries its own authorization (a signed URL, a token).
		const full = (
			auth
				? await fn.helpers.httpRequestWithAuthentication.call(
						fn,
						auth.credentialType,
						options,
						auth.additional,
					)
				: await fn.helpers.httpRequest(options)
		) as IN8nHttpFullResponse;
		return {
			statusCode: full.statusCode,
			statusText: full.statusMessage ?? '',
			headers: lowerCaseHeaders(full.headers),
			...(auth ? {} : { withoutKey: true }),
			...(request.binary === true && isSuccessStatus({ statusCode: full.statusCode })
				? { body: asBytes(full.body) }
				: parseBody(full.body)),
		};
	} catch (error) {
		return networkFailure(fn, error, policy);
	}
}

/**
 * Turns the HTTP client's error into an attempt that got no answer, with what is known of it.
 * Only a cancelled execution is thrown on: the request was abandoned, and whether the provider
 * did it is not known.
 */
function networkFailure(fn: HttpContext, error: unknown, policy: RetryPolicy): Attempt {
	const code = networkErrorCode(error);
	if (code === 'ERR_CANCELED' || cancelSignal(fn)?.aborted === true) {
		throw new StoppedBeforeSending(
			'a request was under way when the execution was cancelled: whether it was done is not known',
		);
	}
	const fault = code === undefined ? undefined : TRANSPORT_FAULTS.find((f) => f.code.test(code));
	const isTimeout = /timeout/i.test(errorText(error)) || code === 'ETIMEDOUT';
	const words = isTimeout
		? `no answer within ${formatSeconds(policy.timeoutMs)}`
		: (fault?.words ?? `request failed: ${firstLine(errorText(error))}`);
	return {
		statusCode: 0,
		statusText: '',
		headers: {},
		body: undefined,
		networkError: code === undefined ? words : `${words} (${code})`,
		reached: isTimeout ? true : fault?.reached,
		retry: isTimeout || fault?.retry === true,
	};
}

function retryDelayMs(
	response: Omit<ApiResponse, 'uncertain'>,
	attempt: number,
	askedWait?: SendOptions['askedWait'],
): number {
	const asked = retryAfterMs(response.headers) ?? askedWait?.(response.headers);
	if (asked !== undefined && (response.statusCode === 429 || response.statusCode === 503)) {
		return asked;
	}
	const backoff = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
	// Jitter spreads the retries of many items that failed together.
	return Math.round(backoff * (0.75 + Math.random() * 0.5));
}

/** A file's bytes as n8n hands them over (a Buffer, an ArrayBuffer, text). */
function asBytes(raw: unknown): Buffer {
	if (Buffer.isBuffer(raw)) return raw;
	if (raw instanceof ArrayBuffer) return Buffer.from(raw);
	if (ArrayBuffer.isView(raw)) return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
	return Buffer.from(typeof raw === 'string' ? raw : '');
}

function parseBody(raw: unknown): { body: unknown; invalidBody?: boolean } {
	if (typeof raw !== 'string') return { body: raw };
	if (raw.trim() === '') return { body: undefined };
	try {
		return { body: JSON.parse(raw) as unknown };
	} catch {
		return { body: undefined, invalidBody: true };
	}
}

function lowerCaseHeaders(
	headers: IN8nHttpFullResponse['headers'] | undefined,
): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers ?? {})) {
		result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
	}
	return result;
}

/**
 * n8n wraps the HTTP client's error: as the `cause` (n8n 2.x) or `errorResponse`; n8n 1.x keeps
 * neither, only the code in `httpCode` and the client's message in `messages`.
 */
function* errorChain(error: unknown): Generator<Record<string, unknown>> {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
		const link = current as Record<string, unknown>;
		yield link;
		current = link.cause ?? link.errorResponse;
	}
}

/** The client's error code (`ECONNRESET`, `HPE_INVALID_CONSTANT`, `CERT_HAS_EXPIRED`…), else one its message implies. */
function networkErrorCode(error: unknown): string | undefined {
	for (const link of errorChain(error)) {
		for (const code of [link.code, link.httpCode]) {
			if (typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)) return code;
		}
	}
	const text = errorText(error);
	return TRANSPORT_MESSAGES.find(({ message }) => message.test(text))?.code;
}

function firstLine(text: string): string {
	const line = text.split('\n')[0].trim();
	return line.length > 120 ? `${line.slice(0, 117)}...` : line || 'no reason given';
}

function errorText(error: unknown): string {
	return [...errorChain(error)]
		.flatMap((link) => [link.message, ...(Array.isArray(link.messages) ? link.messages : [])])
		.map(String)
		.join(' ');
}

function formatSeconds(ms: number): string {
	return `${Number((ms / 1000).toFixed(3))} s`;
}

export function isSuccessStatus(response: Pick<ApiResponse, 'statusCode'>): boolean {
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
	if (response.statusCode >= 300 && response.statusCode < 400) return redirectWords(response);
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

/** A redirect, not followed: where it pointed (without its query), and why it was not followed. */
function redirectWords(response: ApiResponse): string {
	const location = response.headers.location ?? '';
	const where = URL.canParse(location)
		? `${new URL(location).origin}${new URL(location).pathname}`
		: location.split('?')[0] || 'nowhere';
	const why = response.withoutKey
		? 'a signed URL or token goes only to the host it was made for'
		: "requests with the key go only to the credential's Base URL";
	return `a redirect (HTTP ${response.statusCode}) to ${where}, not followed: ${why}`;
}

/** Trims a provider message to one short line. */
export function shortMessage(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const text = value.replace(/\s+/g, ' ').trim();
	if (text === '') return undefined;
	return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

/** The error contract's `NodeApiError`, its message as written, for an item or (editor) none. */
export function nodeApiError(
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

/**
 * Replaces every secret the run knows with `***`, in each form a request carries it (as is, in
 * Base64 as HTTP Basic sends a user name and password, URL-encoded): a provider or a proxy could
 * echo a header back.
 */
export function redact(text: string, secrets: Iterable<string>): string {
	let result = text;
	for (const secret of secrets) {
		if (secret.length < 4) continue;
		for (const form of secretForms(secret)) result = result.split(form).join('***');
	}
	return result;
}

function secretForms(secret: string): string[] {
	const base64 = (text: string) => Buffer.from(text).toString('base64');
	const forms = [
		base64(`${secret}:`),
		base64(`:${secret}`),
		base64(secret),
		encodeURIComponent(secret),
		secret,
	];
	// Base64 padding may be dropped where it is echoed.
	return [...new Set(forms.flatMap((form) => [form, form.replace(/=+$/, '')]))].filter(
		(form) => form.length >= 4,
	);
}

/** The secrets a provider's credentials hold (its `secretFields`, where set). */
export function secretValues(
	provider: ProviderProfile,
	credentials: ICredentialDataDecryptedObject,
): string[] {
	return provider.secretFields
		.map((field) => credentials[field])
		.filter((value): value is string => typeof value === 'string' && value !== '');
}

/** A JSON object (not an array, not null): how answers are read. */
export function isJsonObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A base URL as the credential holds it, without trailing slashes; `fallback` when unset. */
export function trimBaseUrl(value: unknown, fallback: string): string {
	const text = typeof value === 'string' && value.trim() !== '' ? value.trim() : fallback;
	return text.replace(/\/+$/, '');
}
