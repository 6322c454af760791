/**
 * What the shared core and the provider folders agree on. Types only: this file imports nothing
 * else from the core, and every other file may import it.
 */
import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	INodeProperties,
	INodePropertyOptions,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';

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

/** Requests per second a bucket allows on average, and how many may go at once after a pause. */
export interface Rate {
	perSecond: number;
	burst: number;
}

/** A provider's published limit for one account: at most `limit` requests in any `windowMs`. */
export interface RequestBudget {
	limit: number;
	windowMs: number;
	/** Every answer says what is left of the account's budget (Cloudflare's `Ratelimit`). */
	reportsRemaining?: boolean;
}

/** A request's turn under the budgets it counts against, and what its answer says of them. */
export interface Pace {
	/** Waits for the turn; false, with nothing counted, once `signal` says the execution was cancelled. */
	turn(signal?: AbortSignal): Promise<boolean>;
	/** Every attempt's answer (status 0 when none came): its rate headers, a 429. */
	answered(statusCode: number, headers: Record<string, string>): void;
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

/** Where a connection id is valid: nodes of one type in one execution. */
export interface ConnectionScope {
	/** The node type, e.g. `n8n-nodes-image-storage.leonardoAi`. */
	provider: string;
	/** n8n's id of the execution; a sub-workflow runs in an execution of its own. */
	executionId: string;
}

/** What a provider folder tells the shared core about itself. */
export interface ProviderProfile {
	/** n8n credential type, e.g. `leonardoAiApi`. */
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

/** How a provider's answer to a delete reads. */
export type DeleteOutcome = 'deleted' | 'notFound' | 'failed';

/** What an operation gets to answer one input item: its parameters, requests and errors. */
export interface ItemCall {
	readonly fn: IExecuteFunctions;
	readonly itemIndex: number;
	readonly provider: ProviderProfile;
	/** A value of the operation's `options` collection; `fallback` when unset or empty. */
	option<T>(name: string, fallback: T): T;
	/** A node parameter of this item. */
	param<T>(name: string, fallback?: T): T;
	/** This item's authentication (node credential or connection), resolved once. */
	auth(): Promise<ResolvedAuth>;
	/** Sends a request with this item's key, retrying what is safe to retry. */
	request(request: ApiRequest): Promise<ApiResponse>;
	/** Sends a request that carries its own authorization (a presigned URL, a batch token); `lane` paces it. */
	requestWithoutKey(
		request: ApiRequest & { baseUrl: string },
		lane?: { key: string; budget: RequestBudget },
	): Promise<ApiResponse>;
	/**
	 * Sends `request` with this item's key while the account's window has room right now, else
	 * `laneRequest` under `lane`: a run larger than the window uses both at once.
	 */
	requestOrLane(
		request: ApiRequest,
		laneRequest: ApiRequest & { baseUrl: string },
		lane: { key: string; budget: RequestBudget },
	): Promise<ApiResponse>;
	/** Sends a request and returns its JSON body, or throws the error contract's failure. */
	requestJson(request: ApiRequest): Promise<unknown>;
	/**
	 * "Failed to <task>. API error: <details>" for a refused request; `task` words a part that is
	 * not the operation itself (a delete's purge: `purge cache`).
	 */
	failure(
		response: ApiResponse,
		options?: { fallbackDetails?: string; httpCode?: string; task?: string },
	): NodeApiError;
	/** "Failed to <task>. API error: <details>" for an answer that lacks what it should carry. */
	apiError(details: string, httpCode?: string): NodeApiError;
	/** The error for input that must not reach the provider. */
	badInput(message: string): NodeOperationError;
	/** How many more requests this item's account budget allows right now. */
	accountRoom(): Promise<number>;
	/** Work done once per node run and key (a Cloudflare batch token), shared by its items. */
	once<T>(key: string, work: () => Promise<T>): Promise<T>;
	/** Names the account behind `credentials` without holding its key. */
	accountKey(credentials: ICredentialDataDecryptedObject): string;
	/** A secret that is not a credential field (a batch token): redacted like the keys. */
	addSecret(secret: string): void;
	/** Which item of this node run each created object belongs to (see `CreateClaims`). */
	readonly createClaims: CreateClaims;
}

/**
 * Within one node run, an object that a create names before its answer does (a custom ID, a
 * file path) belongs to at most one item: the one whose create answered for it, else the first
 * whose look-up found it.
 */
export interface CreateClaims {
	/** A create naming `key` is under way until `sent` settles. */
	sending(key: string, sent: Promise<unknown>): void;
	/** The create of item `itemIndex` answered for `key`: the object is that item's. */
	made(key: string, itemIndex: number): void;
	/**
	 * Once every create under way for `key` has answered: whether the object is no other item's
	 * (then it is `itemIndex`'s from now on).
	 */
	claim(key: string, itemIndex: number): Promise<boolean>;
}

/** One operation: `execute` answers one input item. */
export interface Operation {
	/** Completes "Failed to <task>. API error: …", e.g. `delete image`. */
	task: string;
	/** One object, or several (getMany): each becomes an output item paired with the input. */
	execute(call: ItemCall): Promise<IDataObject | IDataObject[]>;
	/** A provider's bulk endpoint for this operation, used for runs of many items. */
	bulk?: BulkPath;
}

/** Serves a group of items with one request; invisible to the user: same outputs, same order. */
export interface BulkPath {
	/** Runs of at least this many items take the bulk path. */
	minItems: number;
	/** Items per group. */
	size: number;
	/**
	 * Answers each call once, through `answer(k, …)`: its output, or the error that fails that
	 * item, as soon as it is known. A failure told before the group's request goes out stops that
	 * request under On Error = Stop Workflow.
	 */
	execute(
		calls: ItemCall[],
		answer: (k: number, outcome: IDataObject | Error) => void,
	): Promise<void>;
}

/** What one operation file exports. */
export interface OperationModule {
	/** The entry in the resource's Operation list (its `action` is the editor's label). */
	option: INodePropertyOptions & { value: string };
	/** Its parameters, shown only for it. */
	description: INodeProperties[];
	operation: Operation;
}

export interface ResourceDefinition {
	name: string;
	value: string;
	operations: OperationModule[];
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
		 * or names another account's, is refused with `call.badInput`; a lookup that finds none or
		 * several fails with `call.apiError`. Never a guess (no match by path alone on a host the
		 * account's objects do not use): the id goes to a delete route.
		 */
		idFrom(call: ItemCall, url: string): string | Promise<string>;
	};
}
