// Generated from nodes/shared/transport.ts at the repository's top level by `npm run packages`: edit that file.
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
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	askedWaitMs,
	cancelSignal,
	type RequestBudget,
	type RequestPace,
	waitUnlessCancelled,
} from './pacing';

/** One request to a provider, relative to the credential's base URL. */
export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Path below the base URL; every id in it must already be a `pathSegment()`. */
	path: string;
	/** Another base than the provider's API, e.g. an upload host (no trailing slash). */
	baseUrl?: string;
	qs?: IDataObject;
	/** JSON, or a ready body (multipart) with its `Content-Type` in `headers`. */
	body?: IDataObject | Buffer;
	headers?: Record<string, string>;
	/**
	 * It creates something (a generation, an upload): sent again only when the provider surely
	 * did not act (429, 503, no connection made), so that a retry cannot make a second object.
	 */
	creates?: boolean;
}

/** What came back for a request, after retries. Never thrown: operations decide what it means. */
export interface ApiResponse {
	/** 0 when no answer arrived at all (see `networkError`). */
	statusCode: number;
	statusText: string;
	headers: Record<string, string>;
	/** The parsed JSON body; undefined when the body was empty or not JSON. */
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
	/** Base URL of the API, without a trailing slash. */
	baseUrl(credentials: ICredentialDataDecryptedObject): string;
	/** The request that proves a key works: the same one as the credential test. */
	verifyRequest(credentials: ICredentialDataDecryptedObject): ApiRequest;
	/** The provider's own message in an error answer, if it has one. */
	errorMessage(body: unknown): string | undefined;
	/** Items of one node run in flight at once. */
	concurrency: number;
	/** The account's published limit, until the provider's own headers say more. */
	budget: RequestBudget;
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

/** Network failures worth another attempt, and whether the request can have reached the provider. */
const RETRYABLE_CODES: Record<string, { reached: boolean; words: string }> = {
	ECONNRESET: { reached: true, words: 'connection lost' },
	EPIPE: { reached: true, words: 'connection lost' },
	ECONNABORTED: { reached: true, words: 'connection lost' },
	ETIMEDOUT: { reached: true, words: 'no answer in time' },
	ESOCKETTIMEDOUT: { reached: true, words: 'no answer in time' },
	ERR_SOCKET_CONNECTION_TIMEOUT: { reached: false, words: 'no connection in time' },
	ECONNREFUSED: { reached: false, words: 'connection refused' },
	EHOSTUNREACH: { reached: false, words: 'host unreachable' },
	ENETUNREACH: { reached: false, words: 'network unreachable' },
	EAI_AGAIN: { reached: false, words: 'host name lookup failed' },
};

/**
 * Sends one request, retrying inside the node what n8n's own "Retry On Fail" would retry by
 * re-running every item: 429, 5xx, timeouts and lost connections — a create (`creates`) only
 * where the attempt surely did nothing. Other answers come back as they are. Waits honour
 * `Retry-After` and `X-RateLimit-Reset`; attempts and waits are bounded, and end when the
 * execution is cancelled. `firstSendCounted`: the caller counted the first attempt under `pace`
 * already (to choose a route by it).
 */
export async function sendWithRetries(
	fn: HttpContext,
	auth: ResolvedAuth | undefined,
	baseUrl: string,
	request: ApiRequest,
	policy: RetryPolicy,
	pace?: RequestPace,
	firstSendCounted = false,
): Promise<ApiResponse> {
	const signal = cancelSignal(fn);
	let uncertain = false;
	let faults = 0;
	let refusals = 0;
	let sendCounted = firstSendCounted;
	for (;;) {
		// Every attempt, retries too, waits until the account's budget lets it go.
		if (pace && !sendCounted && !(await pace.waitToSend(signal))) throw cancelled(fn);
		sendCounted = false;
		// Whatever the attempt throws, the budget counts it as answered.
		const { reached, ...response } = await sendOnce(fn, auth, baseUrl, request, policy).catch(
			(error: unknown) => {
				pace?.answered(0, {});
				throw error;
			},
		);
		pace?.answered(response.statusCode, response.headers);
		const rateLimited = response.statusCode === 429;
		const acted = mayHaveActed(response, reached);
		uncertain ||= acted;
		const retryable =
			(response.networkError === undefined
				? rateLimited || response.statusCode >= 500
				: reached !== undefined) &&
			// A create is sent again only when this attempt surely did nothing: 429, 503, no connection.
			!(request.creates === true && acted);
		// A 429 is the account's budget, not a fault: waited out more often than faults are.
		const attempts = rateLimited ? ++refusals : ++faults;
		const allowed = rateLimited ? policy.maxRetries + RATE_LIMIT_EXTRA_RETRIES : policy.maxRetries;
		if (!retryable || attempts > allowed || signal?.aborted) {
			return { ...response, uncertain };
		}
		const waitMs = retryDelayMs(response, attempts);
		if (waitMs > policy.maxWaitMs) return { ...response, uncertain };
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

/** One attempt; `reached` is set for retryable network failures: could the provider have acted? */
type Attempt = Omit<ApiResponse, 'uncertain'> & { reached?: boolean };

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
		json: true,
		// Text, parsed here: an HTML error page or an empty 204 must not break JSON parsing.
		encoding: 'text',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: policy.timeoutMs,
	};
	try {
		// Without auth for presigned URLs: their signature is the authorization.
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
			...parseBody(full.body),
		};
	} catch (error) {
		return networkFailure(fn, error, policy);
	}
}

/** Turns a lost connection or a timeout into an attempt; anything else is thrown on. */
function networkFailure(fn: HttpContext, error: unknown, policy: RetryPolicy): Attempt {
	const code = networkErrorCode(error);
	if (code === undefined || code === 'ERR_CANCELED') {
		if (error instanceof NodeApiError || error instanceof NodeOperationError) throw error;
		throw new NodeOperationError(fn.getNode(), error as Error);
	}
	const known = RETRYABLE_CODES[code];
	const isTimeout = /timeout/i.test(errorText(error)) || code === 'ETIMEDOUT';
	const words = isTimeout
		? `no answer within ${formatSeconds(policy.timeoutMs)}`
		: (known?.words ?? 'request failed');
	return {
		statusCode: 0,
		statusText: '',
		headers: {},
		body: undefined,
		networkError: `${words} (${code})`,
		reached: known === undefined ? undefined : isTimeout || known.reached,
	};
}

function retryDelayMs(response: Omit<ApiResponse, 'uncertain'>, attempt: number): number {
	const asked = askedWaitMs(response.headers);
	if (asked !== undefined && (response.statusCode === 429 || response.statusCode === 503)) {
		return asked;
	}
	const backoff = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
	// Jitter spreads the retries of many items that failed together.
	return Math.round(backoff * (0.75 + Math.random() * 0.5));
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

function networkErrorCode(error: unknown): string | undefined {
	for (const link of errorChain(error)) {
		for (const code of [link.code, link.httpCode]) {
			if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
		}
	}
	return undefined;
}

function errorText(error: unknown): string {
	return [...errorChain(error)]
		.flatMap((link) => [link.message, ...(Array.isArray(link.messages) ? link.messages : [])])
		.map(String)
		.join(' ');
}

/** A request the execution's cancellation stopped before it was sent. */
export function cancelled(fn: HttpContext): NodeOperationError {
	return new NodeOperationError(
		fn.getNode(),
		'The execution was cancelled: the request was not sent',
	);
}

function formatSeconds(ms: number): string {
	return `${Number((ms / 1000).toFixed(3))} s`;
}

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

/** Replaces every secret the run knows with `***`: a provider could echo a key back. */
export function redact(text: string, secrets: Iterable<string>): string {
	let result = text;
	for (const secret of secrets) {
		if (secret.length >= 4) result = result.split(secret).join('***');
	}
	return result;
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
