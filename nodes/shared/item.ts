/**
 * What an operation gets for one input item (`ItemContext`): its parameters and the ids in them,
 * checked before anything is sent; its key; its requests, paced and retried; and the error
 * contract's failures. `NodeRun` is what the items of one node run share.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	NodeApiError,
} from 'n8n-workflow';
import { isSafeObjectProperty, NodeOperationError } from 'n8n-workflow';
import { createHash } from 'node:crypto';

import { connectionAuth } from './connections';
import {
	cancelSignal,
	type NamedBudget,
	type RequestPace,
	RunPacing,
	waitUnlessCancelled,
} from './pacing';
import { StoppedBeforeSending } from './stop';
import {
	type ApiRequest,
	type ApiResponse,
	DEFAULT_RETRY_POLICY,
	describeFailure,
	isJsonObject,
	nodeApiError,
	type ProviderProfile,
	redact,
	type ResolvedAuth,
	type RetryPolicy,
	secretValues,
	sendWithRetries,
	succeeded,
} from './transport';

/** What the items of one node run share: its options, its pace, its stop, its secrets. */
export class NodeRun {
	readonly parameters: ParameterReader;

	readonly retryPolicy: RetryPolicy;

	readonly pacing: RunPacing;

	/** Set once an item failed under On Error = Stop Workflow: no request starts after that. */
	stopped = false;

	/** Every secret this run has seen: redacted from every message. */
	private readonly secrets = new Set<string>();

	private readonly perAccount = new Map<string, unknown>();

	/** Account names by credentials object: a digest per account, not per request. */
	private readonly accounts = new WeakMap<ICredentialDataDecryptedObject, string>();

	private nodeCredential?: Promise<ResolvedAuth>;

	constructor(
		readonly fn: IExecuteFunctions,
		readonly provider: ProviderProfile,
		/** The operation's parameters as declared: how each value is read. */
		readonly declared: Declared = new Map(),
	) {
		this.parameters = new ParameterReader(fn);
		this.retryPolicy = this.readRetryPolicy();
		this.pacing = new RunPacing(this.runOption('maxRequestsPerSecond', 0));
	}

	/** The execution was cancelled (n8n's Stop, a timeout): no request starts after that either. */
	get cancelled(): boolean {
		return cancelSignal(this.fn)?.aborted === true;
	}

	/**
	 * Delay Before / Delay After: once per run, with the value of the first item; false when the
	 * execution was cancelled before or during the wait.
	 */
	async pause(name: 'delayBefore' | 'delayAfter'): Promise<boolean> {
		const seconds = this.runOption(name, 0);
		if (seconds > 0) return await waitUnlessCancelled(seconds * 1000, cancelSignal(this.fn));
		return !this.cancelled;
	}

	/** An option that holds for the whole run (a pace, a delay): the first item's, a number ≥ 0. */
	private runOption(name: string, fallback: number): number {
		const raw = optionOf(this.parameters.read<IDataObject>('options', 0, {}), name, fallback);
		const read = typedValue(this.declared.get(`options.${name}`), raw);
		if ('problem' in read) throw new NodeOperationError(this.fn.getNode(), read.problem);
		return Number(read.value);
	}

	private readRetryPolicy(): RetryPolicy {
		const timeoutSeconds = this.runOption('requestTimeout', DEFAULT_RETRY_POLICY.timeoutMs / 1000);
		const maxRetries = this.runOption('maxRetries', DEFAULT_RETRY_POLICY.maxRetries);
		return {
			...DEFAULT_RETRY_POLICY,
			timeoutMs: Math.max(1, Math.round(timeoutSeconds * 1000)),
			maxRetries: Math.floor(maxRetries),
		};
	}

	/**
	 * The node's own credential, read once per run, as n8n is handed it with each request:
	 * otherwise n8n loads and decrypts the credential again for every request.
	 */
	async nodeAuth(): Promise<ResolvedAuth> {
		this.nodeCredential ??= (async () => {
			const credentialType = this.provider.credentialType;
			const credentials = await this.fn.getCredentials(credentialType);
			const stored = this.fn.getNode().credentials?.[credentialType];
			const decrypted = {
				id: stored?.id ?? credentialType,
				name: stored?.name ?? credentialType,
				type: credentialType,
				data: credentials,
			};
			return { credentialType, credentials, additional: { credentialsDecrypted: decrypted } };
		})();
		return await this.nodeCredential;
	}

	/**
	 * `pace` refusing to send once the run has stopped or the execution was cancelled: checked
	 * before every attempt (retries too) and again after waiting for the budget, whose count is
	 * then withdrawn.
	 */
	refuseAfterStop(pace?: RequestPace): RequestPace {
		const halted = () => this.stopped || this.cancelled;
		const refuseIfHalted = () => {
			if (halted()) throw new StoppedBeforeSending();
		};
		const guarded = async (wait: () => Promise<boolean>) => {
			refuseIfHalted();
			const taken = await wait();
			// The answer that let this request go may carry another item's failure, which that item
			// is still reading: let queued work settle before looking at the stop.
			for (let turn = 0; turn < SETTLE_TURNS; turn++) await Promise.resolve();
			if (taken && halted()) pace?.withdraw();
			refuseIfHalted();
			return taken;
		};
		return {
			waitToSend: async (signal) =>
				await guarded(async () => (pace ? await pace.waitToSend(signal) : true)),
			waitWithoutCap: async (signal) =>
				await guarded(async () => (pace ? await pace.waitWithoutCap(signal) : true)),
			trySendNow: () => !halted() && (pace?.trySendNow() ?? true),
			withdraw: () => pace?.withdraw(),
			answered: (statusCode, headers) => pace?.answered(statusCode, headers),
		};
	}

	/** Names the account behind `credentials` without holding its key: a SHA-256 digest. */
	accountOf(credentials: ICredentialDataDecryptedObject): string {
		let account = this.accounts.get(credentials);
		if (account === undefined) {
			const { provider } = this;
			const secrets = provider.secretFields.map((field) => String(credentials[field] ?? ''));
			account = createHash('sha256')
				.update([provider.credentialType, provider.baseUrl(credentials), ...secrets].join('\n'))
				.digest('hex');
			this.accounts.set(credentials, account);
		}
		return account;
	}

	/** Made once per run and `name` for one account, shared by its items. */
	oncePerAccount<T>(name: string, account: string, make: () => T): T {
		const memo = `${name}\n${account}`;
		if (!this.perAccount.has(memo)) this.perAccount.set(memo, make());
		return this.perAccount.get(memo) as T;
	}

	addSecrets(secrets: Iterable<string>): void {
		for (const secret of secrets) if (secret) this.secrets.add(secret);
	}

	redact(text: string): string {
		return redact(text, this.secrets);
	}
}

/** Turns of queued work a request lets pass before it looks at the stop a last time. */
const SETTLE_TURNS = 32;

/** What an operation gets to answer one input item: its parameters, its key, its requests and errors. */
export class ItemContext {
	private resolvedAuth?: Promise<ResolvedAuth>;

	/** What this item did that a later failure or stop does not undo (a paid create, a delete). */
	private readonly done: Array<{ told: string; id: string }> = [];

	constructor(
		readonly itemIndex: number,
		private readonly run: NodeRun,
		private readonly task: string,
	) {}

	get fn(): IExecuteFunctions {
		return this.run.fn;
	}

	get provider(): ProviderProfile {
		return this.run.provider;
	}

	/** A node parameter of this item, read as it is declared (`typedValue`). */
	param<T>(name: string, fallback?: T): T {
		const value = this.run.parameters.read<unknown>(name, this.itemIndex, fallback);
		return this.typed(name, value, fallback);
	}

	/** A value of the operation's `options` collection, read as declared; `fallback` when unset or empty. */
	option<T>(name: string, fallback: T): T {
		const options = this.run.parameters.read<IDataObject>('options', this.itemIndex, {});
		return this.typed(`options.${name}`, options?.[name], fallback);
	}

	/**
	 * `value` read as declared (`typedValue`); `fallback` when unset or empty — except a switch set
	 * by an expression that gave nothing: a Dry Run whose field is missing must not delete.
	 */
	private typed<T>(path: string, value: unknown, fallback?: T): T {
		const declared = this.run.declared.get(path);
		if (value === undefined || value === null || value === '') {
			if (declared?.type === 'boolean' && this.setByExpression(path))
				throw this.badInput(
					`${declared.displayName} is empty: its expression gave no value. It must give true or false.`,
				);
			return (fallback ?? value) as T;
		}
		const read = typedValue(declared, value, (text) => this.run.redact(text));
		if ('problem' in read) throw this.badInput(read.problem);
		return read.value as T;
	}

	/** Whether the parameter at `path` (`name` or `options.<name>`) is stored as an expression. */
	private setByExpression(path: string): boolean {
		let stored: unknown = this.fn.getNode().parameters;
		for (const key of path.split('.'))
			stored =
				isJsonObject(stored) && Object.prototype.hasOwnProperty.call(stored, key)
					? stored[key]
					: undefined;
		return typeof stored === 'string' && stored.startsWith('=');
	}

	/**
	 * Records what the item did that stands whatever follows, e.g. `made … <id>: get it with …`:
	 * a later stop tells the item as stopped part-way with it, a later failure's message ends
	 * with it.
	 */
	did(told: string, id: string): void {
		this.done.push({ told, id });
	}

	/** What the item did before a stop refused its next request, with `more` (the refusal's own words); undefined when nothing. */
	partWay(more?: string): string | undefined {
		const told = [...this.done.map(({ told }) => told), ...(more ? [more] : [])];
		return told.length > 0 ? told.join('; ') : undefined;
	}

	/** `error`, its message ending with what the item did before it (unless it names it already). */
	withWhatItDid<E extends Error>(error: E): E {
		const untold = this.done.filter(({ id }) => !error.message.includes(id));
		if (untold.length > 0)
			error.message = `${error.message}; before this, the item ${untold.map(({ told }) => told).join('; ')}`;
		return error;
	}

	/** This item's key: the node's credential, or the one its connection ID stands for; resolved once. */
	private async auth(): Promise<ResolvedAuth> {
		const { run } = this;
		this.resolvedAuth ??= (async () => {
			const auth =
				this.param<string>('authentication', 'credentials') === 'connectionId'
					? connectionAuth(
							this.fn,
							this.itemIndex,
							this.param('connectionId', ''),
							run.provider.credentialType,
						)
					: await run.nodeAuth();
			run.addSecrets(secretValues(run.provider, auth.credentials));
			return auth;
		})();
		return await this.resolvedAuth;
	}

	/** The key's credentials (Connect hands them to the connection it opens). */
	async credentials(): Promise<ResolvedAuth> {
		return await this.auth();
	}

	/**
	 * Sends a request with this item's key, paced under its account's budgets, retrying what is
	 * safe; `pace`: one whose first attempt is counted already.
	 */
	async request(request: ApiRequest, pace?: RequestPace): Promise<ApiResponse> {
		const { run, provider } = this;
		const auth = await this.auth();
		const budgets = provider.budgetsFor(request);
		return await sendWithRetries(
			this.fn,
			auth,
			request.baseUrl ?? provider.baseUrl(auth.credentials, request.host),
			request,
			run.retryPolicy,
			run.refuseAfterStop(pace ?? run.pacing.pace(run.accountOf(auth.credentials), budgets)),
			{ firstSendCounted: pace !== undefined, askedWait: askedWaitOf(budgets) },
		);
	}

	/**
	 * Sends a request that carries its own authorization (a signed URL, a token in its
	 * `Authorization` header, redacted like the keys) or needs none (a public file), without the
	 * key; paced under `budget` when that host has one.
	 */
	async requestWithoutKey(request: ApiRequest, budget?: NamedBudget): Promise<ApiResponse> {
		const { run, provider } = this;
		const auth = await this.auth();
		const authorization = request.headers?.Authorization?.replace(/^Bearer /, '');
		if (authorization) run.addSecrets([authorization]);
		const pace = budget ? run.pacing.pace(run.accountOf(auth.credentials), [budget]) : undefined;
		return await sendWithRetries(
			this.fn,
			undefined,
			request.baseUrl ?? provider.baseUrl(auth.credentials, request.host),
			request,
			run.retryPolicy,
			run.refuseAfterStop(pace),
			{ askedWait: askedWaitOf(budget ? [budget] : []) },
		);
	}

	/** Sends a request and returns its JSON body, or throws the error contract's failure. */
	async requestJson(request: ApiRequest): Promise<unknown> {
		const response = await this.request(request);
		if (!succeeded(response, this.provider)) throw this.failure(response);
		return response.body;
	}

	/**
	 * Asked once per node run and account, shared by the items with that key, whatever their
	 * number (an answer every item needs, what the run's items claim).
	 */
	async oncePerAccount<T>(name: string, make: () => Promise<T> | T): Promise<T> {
		const { run } = this;
		const account = run.accountOf((await this.auth()).credentials);
		return await run.oncePerAccount(name, account, make);
	}

	/**
	 * "Failed to <task>. API error: <details><more>" for a refused request; `task` words a part that
	 * is not the operation itself (a step that follows it, such as clearing a cache).
	 */
	failure(
		response: ApiResponse,
		{
			fallbackDetails,
			httpCode,
			task,
			more = '',
		}: { fallbackDetails?: string; httpCode?: string; task?: string; more?: string } = {},
	): NodeApiError {
		const code = httpCode ?? (response.statusCode > 0 ? String(response.statusCode) : undefined);
		const error = this.apiError(
			`${describeFailure(response, this.provider, fallbackDetails)}${more}`,
			code,
			task,
		);
		// No answer came (a lost connection, a timeout): the failed item's reason says so.
		if (response.networkError !== undefined) error.context.reason = 'network';
		if (KEY_REFUSED.includes(response.statusCode)) {
			// Refused without the key (a file's host, a signed URL): the key is not at fault.
			if (response.withoutKey) error.context.reason = 'other';
			// The key was refused: what to check, as the credential's test says it.
			else if (this.provider.keyAdvice[response.statusCode])
				error.description = this.provider.keyAdvice[response.statusCode];
		}
		return error;
	}

	/** "Failed to <task>. API error: <details>" for an answer that lacks what it should carry. */
	apiError(details: string, httpCode?: string, task = this.task): NodeApiError {
		const message = `Failed to ${task}. API error: ${this.run.redact(details)}`;
		return nodeApiError(this.fn.getNode(), message, httpCode, this.itemIndex);
	}

	/** The error for input that must not reach the provider. */
	badInput(message: string): NodeOperationError {
		return new NodeOperationError(this.fn.getNode(), message, { itemIndex: this.itemIndex });
	}
}

/** Statuses that refuse the key itself, whatever the request. */
const KEY_REFUSED = [401, 403];

/** How long a 429 or 503 asks to wait in the most particular budget's own headers. */
function askedWaitOf(
	budgets: NamedBudget[],
): (headers: Record<string, string>) => number | undefined {
	const readHeaders = budgets[budgets.length - 1]?.readHeaders;
	return (headers) => readHeaders?.(headers).waitMs;
}

/** How a provider's answer to a delete (or, for a Dry Run, to a look at the object) reads. */
export type DeleteOutcome = 'deleted' | 'notFound' | 'failed';

/** With Dry Run, a delete looks at the object instead: it is only read, never deleted. */
export function isDryRun(item: ItemContext): boolean {
	return item.option<boolean>('dryRun', false) === true;
}

/**
 * A delete's answer as the item's output: `{deleted: true, id}`; for "not found", the error, or
 * with Ignore Not Found `{deleted: false, id, notFound: true}`; any other answer fails the item.
 * With Dry Run the answer is a look at the object: `{deleted: false, dryRun: true, wouldDelete,
 * id}`, and "not found" as the delete would tell it. `noun` words a not-found answer that carries
 * no message of its own: `Image not found`.
 */
export function deleteOutput(
	item: ItemContext,
	id: string,
	response: ApiResponse,
	outcome: DeleteOutcome,
	noun: string,
): IDataObject {
	const dryRun = isDryRun(item);
	const looked = (wouldDelete: boolean) => (dryRun ? { dryRun: true, wouldDelete } : {});
	if (response.networkError !== undefined) throw item.failure(response);
	if (outcome === 'deleted') return { deleted: !dryRun, id, ...looked(true) };
	if (outcome === 'notFound') {
		// An earlier attempt whose answer was lost did the delete: this one found nothing left.
		if (response.uncertain && !dryRun) return { deleted: true, id };
		if (item.option('ignoreNotFound', false))
			return { deleted: false, id, notFound: true, ...looked(false) };
		throw item.failure(response, { fallbackDetails: notFoundWords(noun), httpCode: '404' });
	}
	throw item.failure(response);
}

/** "Image not found": the details of a not-found answer that carries no message of its own. */
export function notFoundWords(noun: string): string {
	return `${noun.charAt(0).toUpperCase()}${noun.slice(1)} not found`;
}

/** An operation's parameters by name, as declared; its options as `options.<name>`. */
export type Declared = ReadonlyMap<string, INodeProperties>;

export function declaredParameters(properties: INodeProperties[]): Declared {
	const declared = new Map<string, INodeProperties>();
	for (const property of properties) {
		declared.set(property.name, property);
		if (property.type !== 'collection') continue;
		for (const option of property.options ?? [])
			if ('type' in option) declared.set(`${property.name}.${option.name}`, option);
	}
	return declared;
}

/**
 * `value` read as its declaration types it. An expression gives text: a switch reads "true" or
 * "false", a number its digits; anything else, or a number outside the editor's bounds, is a
 * problem told in the parameter's name (an expression such as `{{ "5m" }}` would otherwise
 * poll without pause, or a Dry Run switch set to "true" delete).
 */
function typedValue(
	property: INodeProperties | undefined,
	value: unknown,
	redact: (text: string) => string = (text) => text,
): { value: unknown } | { problem: string } {
	// A short value is shown; a long one may be a key mapped by mistake: only its length is.
	const shown = () =>
		typeof value === 'string' && value.length > MAX_SHOWN_VALUE
			? `a text of ${value.length} characters`
			: redact(JSON.stringify(value) ?? String(value));
	if (property?.type === 'boolean') {
		if (typeof value === 'boolean') return { value };
		const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
		if (text === 'true' || text === 'false') return { value: text === 'true' };
		return { problem: `${property.displayName} must be true or false, not ${shown()}.` };
	}
	if (property?.type === 'number') {
		const number =
			typeof value === 'number'
				? value
				: typeof value === 'string' && value.trim() !== ''
					? Number(value)
					: Number.NaN;
		const { minValue, maxValue } = (property.typeOptions ?? {}) as {
			minValue?: number;
			maxValue?: number;
		};
		if (
			Number.isFinite(number) &&
			(minValue === undefined || number >= minValue) &&
			(maxValue === undefined || number <= maxValue)
		)
			return { value: number };
		const bounds =
			minValue !== undefined && maxValue !== undefined
				? ` from ${minValue} to ${maxValue}`
				: minValue !== undefined
					? ` of ${minValue} or more`
					: maxValue !== undefined
						? ` of ${maxValue} or less`
						: '';
		return { problem: `${property.displayName} must be a number${bounds}, not ${shown()}.` };
	}
	return { value };
}

/** The longest text a parameter's problem shows as it is. */
const MAX_SHOWN_VALUE = 12;

/** A value of an `options` collection; `fallback` when unset or empty. */
function optionOf<T>(options: IDataObject, name: string, fallback: T): T {
	const value = options?.[name];
	return value === undefined || value === null || value === '' ? fallback : (value as T);
}

// ─── Parameters ────────────────────────────────────────────────────────────────────────────

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

	private input?: ReturnType<IExecuteFunctions['getInputData']>;

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
function jsonField(value: unknown): string | undefined {
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

// ─── Ids ───────────────────────────────────────────────────────────────────────────────────

/** "Image ID": the label every message about an id starts with. */
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
		/** The field's placeholder, an example of the provider's URLs. */
		placeholder: string;
		/** What the editor (and n8n, before a run) checks a typed URL against: the whole URL, no anchors. */
		pattern: string;
		/**
		 * The id of the one object of this item's account that a URL names. A URL that names none,
		 * or names another account's, is refused with `item.badInput`; a lookup that finds none or
		 * several fails with `item.apiError`. Never a guess: the id goes to a delete route.
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
		if (url === '') throw item.badInput(emptyIdMessage(noun));
		return checkId(item, await locator.url.idFrom(item, url), noun);
	}
	return checkId(item, raw.value, noun);
}

/** One id value checked: the trimmed id, or a clear refusal before any request. */
export function checkId(item: ItemContext, raw: unknown, noun: string): string {
	const label = idLabel(noun);
	if (raw !== null && raw !== undefined && typeof raw === 'object') {
		throw item.badInput(
			`${label} must be text or a number, not ${Array.isArray(raw) ? 'a list' : 'an object'}. Please provide a valid ${noun} ID.`,
		);
	}
	const id = raw === null || raw === undefined ? '' : String(raw).trim();
	if (id === '') throw item.badInput(emptyIdMessage(noun));
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

/** `Image ID cannot be empty. Please provide a valid image ID.` */
function emptyIdMessage(noun: string): string {
	return `${idLabel(noun)} cannot be empty. Please provide a valid ${noun} ID.`;
}

const MAX_SEGMENT_LENGTH = 8192;

/** "." and "..": every URL parser removes them from a path, even when percent-encoded. */
function isDotSegment(value: string): boolean {
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
