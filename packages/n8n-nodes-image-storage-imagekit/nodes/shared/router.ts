// Generated from nodes/shared/router.ts at the repository's top level by `npm run packages`: edit that file.
/**
 * The item loop. `runOperation` runs the chosen operation once per input item and owns everything
 * around it: the delays, bounded concurrency, input order, `pairedItem`, n8n's On Error modes and
 * grouped requests. Each operation answers one item through its `ItemContext`: the item's parameters,
 * its key, its requests and its errors.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { isSafeObjectProperty, NodeApiError, NodeOperationError } from 'n8n-workflow';
import { createHash } from 'node:crypto';

import { connectionAuth } from './connections';
import {
	RunPacing,
	cancelSignal,
	type RequestPace,
	type RouteBudget,
	waitUnlessCancelled,
} from './pacing';
import { cancelledError, StoppedBeforeSending, withStopDescription } from './stop';
import {
	type ApiRequest,
	type ApiResponse,
	DEFAULT_RETRY_POLICY,
	describeFailure,
	nodeApiError,
	type ProviderProfile,
	redact,
	type ResolvedAuth,
	type RetryPolicy,
	secretValues,
	sendWithRetries,
	succeeded,
} from './transport';

/** One operation: `execute` answers one input item. */
export interface Operation {
	/** Completes "Failed to <task>. API error: …", e.g. `delete image`. */
	task: string;
	/** One object, or several (getMany): each becomes an output item paired with the input. */
	execute(item: ItemContext): Promise<IDataObject | IDataObject[]>;
	/** A provider's endpoint that serves many items of this operation in one request (a batch endpoint). */
	grouped?: GroupedPath;
}

/** Serves a group of items with one request; invisible to the user: same outputs, same order. */
export interface GroupedPath {
	/** Runs of at least this many items are grouped. */
	minItems: number;
	/** Items per group. */
	size: number;
	/**
	 * Answers each item once, through `answer(k, …)`: its output, or the error that fails that
	 * item, as soon as it is known. A failure told before the group's request goes out stops that
	 * request under On Error = Stop Workflow.
	 */
	execute(
		items: ItemContext[],
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

export async function runOperation(
	this: IExecuteFunctions,
	provider: ProviderProfile,
	resources: ResourceDefinition[],
): Promise<INodeExecutionData[][]> {
	const inputItems = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = resources
		.find(({ value }) => value === resource)
		?.operations.find(({ option }) => option.value === operationName)?.operation;
	if (!operation) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operationName}" is not supported for "${resource}"`,
		);
	}

	const run = new NodeRun(this, provider);
	const continueOnFail = this.continueOnFail();
	// One slot per input item, in input order; a slot holds that item's output items.
	const output = new Array<INodeExecutionData[]>(inputItems.length);
	// Under Stop Workflow: the first failure (by index) is the node's error; the others are told.
	let firstFailure: { itemIndex: number; error: Error } | undefined;
	const failed: number[] = [];
	// Items stopped part-way: what each did before the stop.
	const partWay = new Map<number, string>();

	const recordAnswer = (item: ItemContext, answer: IDataObject | IDataObject[] | Error) => {
		const { itemIndex } = item;
		// A request was not sent because the run had stopped: the item was not done, or only part.
		if (answer instanceof StoppedBeforeSending) {
			const told = item.partWay(answer.partWay);
			if (told) partWay.set(itemIndex, told);
			return;
		}
		if (!(answer instanceof Error)) {
			output[itemIndex] = (Array.isArray(answer) ? answer : [answer]).map((json) => ({
				json,
				pairedItem: { item: itemIndex },
			}));
			return;
		}
		const error = item.withWhatItDid(asNodeError(this, answer, itemIndex));
		if (continueOnFail) {
			// Only `error`: n8n's error output recognises such items and adds the input's fields.
			output[itemIndex] = [{ json: { error: error.message }, pairedItem: { item: itemIndex } }];
			return;
		}
		run.stopped = true;
		failed.push(itemIndex);
		if (!firstFailure || itemIndex < firstFailure.itemIndex) {
			firstFailure = { itemIndex, error };
		}
	};
	const halted = () => firstFailure !== undefined || run.cancelled;
	const item = (itemIndex: number) => new ItemContext(itemIndex, run, operation.task);
	const tellStop = () =>
		run.cancelled
			? withStopDescription(
					cancelledError(this.getNode()),
					output,
					failed,
					inputItems.length,
					partWay,
					'cancelled',
				)
			: firstFailure &&
				withStopDescription(firstFailure.error, output, failed, inputItems.length, partWay);

	if (!(await run.pause('delayBefore'))) throw tellStop();
	const { grouped } = operation;
	if (grouped && inputItems.length >= grouped.minItems) {
		const groups = Math.ceil(inputItems.length / grouped.size);
		await forEachBounded(groups, provider.concurrency, halted, async (group) => {
			const first = group * grouped.size;
			const size = Math.min(grouped.size, inputItems.length - first);
			const items = Array.from({ length: size }, (_, k) => item(first + k));
			const answered = new Set<number>();
			const answer = (k: number, outcome: IDataObject | Error) => {
				if (answered.has(k)) return;
				answered.add(k);
				recordAnswer(items[k], outcome);
			};
			await grouped.execute(items, answer).catch((error: unknown) => {
				items.forEach((_, k) => answer(k, asError(error)));
			});
			items.forEach((_, k) => answer(k, new Error('The bulk path gave this item no answer')));
		});
	} else {
		await forEachBounded(inputItems.length, provider.concurrency, halted, async (itemIndex) => {
			const context = item(itemIndex);
			recordAnswer(context, await operation.execute(context).catch(asError));
		});
	}
	const stopped = tellStop();
	if (stopped) throw stopped;
	if (!(await run.pause('delayAfter'))) throw tellStop();
	return [output.flat()];
}

/**
 * Runs `work` for indexes 0..count-1 with at most `limit` in flight, starting them in order.
 * Only `limit` promises exist at a time, whatever the number of items.
 */
export async function forEachBounded(
	count: number,
	limit: number,
	shouldStop: () => boolean,
	work: (index: number) => Promise<void>,
): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < count && !shouldStop()) {
			const index = next++;
			await work(index);
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, count)) }, worker));
}

/** What one execution of the node shares between its items (exported for unit tests only). */
export class NodeRun {
	readonly parameters: ParameterReader;

	readonly retryPolicy: RetryPolicy;

	readonly pacing: RunPacing;

	/** Set once an item failed under On Error = Stop Workflow: no request starts after that. */
	stopped = false;

	/** The execution was cancelled (n8n's Stop, a timeout): no request starts after that either. */
	get cancelled(): boolean {
		return cancelSignal(this.fn)?.aborted === true;
	}

	/** Every secret this run has seen: redacted from every message. */
	private readonly secrets = new Set<string>();

	private readonly perRun = new Map<string, unknown>();

	/** Account keys by credentials object: a digest per account, not per request. */
	private readonly accounts = new WeakMap<ICredentialDataDecryptedObject, string>();

	private nodeCredential?: Promise<ResolvedAuth>;

	constructor(
		readonly fn: IExecuteFunctions,
		readonly provider: ProviderProfile,
	) {
		this.parameters = new ParameterReader(fn);
		this.retryPolicy = this.readRetryPolicy();
		this.pacing = new RunPacing(provider.budget, this.runOption('maxRequestsPerSecond', 0));
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
		const value = Number(raw);
		if (!Number.isFinite(value) || value < 0) {
			throw new NodeOperationError(
				this.fn.getNode(),
				`Option "${name}" must be a number of 0 or more.`,
			);
		}
		return value;
	}

	private readRetryPolicy(): RetryPolicy {
		const timeoutSeconds = this.runOption('requestTimeout', DEFAULT_RETRY_POLICY.timeoutMs / 1000);
		const maxRetries = this.runOption('maxRetries', DEFAULT_RETRY_POLICY.maxRetries);
		if (timeoutSeconds <= 0) {
			throw new NodeOperationError(
				this.fn.getNode(),
				'Request Timeout must be more than 0 seconds.',
			);
		}
		return {
			...DEFAULT_RETRY_POLICY,
			timeoutMs: Math.round(timeoutSeconds * 1000),
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
		const refuseIfHalted = () => {
			if (this.stopped || this.cancelled) throw new StoppedBeforeSending();
		};
		return {
			waitToSend: async (signal) => {
				refuseIfHalted();
				const taken = pace ? await pace.waitToSend(signal) : true;
				if (taken && (this.stopped || this.cancelled)) pace?.withdraw();
				refuseIfHalted();
				return taken;
			},
			withdraw: () => pace?.withdraw(),
			answered: (statusCode, headers) => pace?.answered(statusCode, headers),
		};
	}

	/** Names the account behind `credentials` without holding its key: a SHA-256 digest. */
	accountKey(credentials: ICredentialDataDecryptedObject): string {
		let key = this.accounts.get(credentials);
		if (key === undefined) {
			const { provider } = this;
			const secrets = provider.secretFields.map((field) => String(credentials[field] ?? ''));
			key = createHash('sha256')
				.update([provider.credentialType, provider.baseUrl(credentials), ...secrets].join('\n'))
				.digest('hex');
			this.accounts.set(credentials, key);
		}
		return key;
	}

	oncePerRun<T>(key: string, make: () => T): T {
		if (!this.perRun.has(key)) this.perRun.set(key, make());
		return this.perRun.get(key) as T;
	}

	addSecrets(secrets: Iterable<string>): void {
		for (const secret of secrets) if (secret) this.secrets.add(secret);
	}

	redact(text: string): string {
		return redact(text, this.secrets);
	}
}

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

/** What n8n stores for a resource locator parameter: `{ __rl: true, mode, value }`. */
export function isLocatorValue(
	value: unknown,
): value is Record<string, unknown> & { mode: string } {
	return (
		typeof value === 'object' &&
		value !== null &&
		'__rl' in value &&
		'mode' in value &&
		typeof value.mode === 'string'
	);
}

/** "Image not found": the details of a not-found answer that carries no message of its own. */
export function notFoundWords(noun: string): string {
	return `${noun.charAt(0).toUpperCase()}${noun.slice(1)} not found`;
}

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

	/** A node parameter of this item. */
	param<T>(name: string, fallback?: T): T {
		return this.run.parameters.read(name, this.itemIndex, fallback);
	}

	/** A value of the operation's `options` collection; `fallback` when unset or empty. */
	option<T>(name: string, fallback: T): T {
		return optionOf(this.param<IDataObject>('options', {}), name, fallback);
	}

	/**
	 * Records what the item did that stands whatever follows, e.g. `made generation <id> (its
	 * credits are spent): get it with Generation → Get`: a later stop tells the item as stopped
	 * part-way with it, a later failure's message ends with it.
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
	async auth(): Promise<ResolvedAuth> {
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

	/** Names this item's account without holding its key (budgets, per-run look-ups, batches). */
	async accountKey(): Promise<string> {
		return this.run.accountKey((await this.auth()).credentials);
	}

	/** Sends a request with this item's key, paced under its account's budget, retrying what is safe. */
	async request(request: ApiRequest): Promise<ApiResponse> {
		return await this.send(request);
	}

	/** `counted`: the first attempt is counted under this pace already (`requestWithOverflow`). */
	private async send(request: ApiRequest, counted?: RequestPace): Promise<ApiResponse> {
		const { run } = this;
		const auth = await this.auth();
		const pace = counted ?? run.pacing.pace(run.accountKey(auth.credentials));
		return await sendWithRetries(
			this.fn,
			auth,
			this.provider.baseUrl(auth.credentials),
			request,
			run.retryPolicy,
			run.refuseAfterStop(pace),
			counted !== undefined,
		);
	}

	/**
	 * Sends a request that carries its own authorization (a presigned URL, a batch token), paced
	 * under `route`'s own budget when it has one.
	 */
	async requestWithoutKey(
		request: ApiRequest & { baseUrl: string },
		route?: RouteBudget,
	): Promise<ApiResponse> {
		const pace = route ? this.run.pacing.pace(await this.accountKey(), route) : undefined;
		return await this.sendWithoutKey(request, pace);
	}

	private async sendWithoutKey(
		request: ApiRequest & { baseUrl: string },
		pace: RequestPace | undefined,
		firstSendCounted = false,
	): Promise<ApiResponse> {
		const { run } = this;
		return await sendWithRetries(
			this.fn,
			undefined,
			request.baseUrl,
			request,
			run.retryPolicy,
			run.refuseAfterStop(pace),
			firstSendCounted,
		);
	}

	/**
	 * Sends `request` with this item's key while the account's window has room right now, else
	 * `overflow` (a route with its own budget): a run larger than the window uses both at once.
	 */
	async requestWithOverflow(
		request: ApiRequest,
		overflow: { request: ApiRequest & { baseUrl: string }; route: RouteBudget },
	): Promise<ApiResponse> {
		const { run } = this;
		const chosen = await run.pacing.chooseRoute(
			await this.accountKey(),
			overflow.route,
			(pace) => run.refuseAfterStop(pace),
			cancelSignal(this.fn),
		);
		if (chosen === undefined) throw new StoppedBeforeSending();
		return chosen.chosen === 'account'
			? await this.send(request, chosen.pace)
			: await this.sendWithoutKey(overflow.request, chosen.pace, true);
	}

	/** Sends a request and returns its JSON body, or throws the error contract's failure. */
	async requestJson(request: ApiRequest): Promise<unknown> {
		const response = await this.request(request);
		if (!succeeded(response, this.provider)) throw this.failure(response);
		return response.body;
	}

	/** How many more requests this item's account budget allows right now. */
	async requestsLeftNow(): Promise<number> {
		return this.run.pacing.requestsLeftNow(await this.accountKey());
	}

	/**
	 * "Failed to <task>. API error: <details>" for a refused request; `task` words a part that is
	 * not the operation itself (a delete's purge: `purge cache`).
	 */
	failure(
		response: ApiResponse,
		{
			fallbackDetails,
			httpCode,
			task,
		}: { fallbackDetails?: string; httpCode?: string; task?: string } = {},
	): NodeApiError {
		const code = httpCode ?? (response.statusCode > 0 ? String(response.statusCode) : undefined);
		return this.apiError(describeFailure(response, this.provider, fallbackDetails), code, task);
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

	/** Made once per node run and `key`, shared by its items (the run's create claims). */
	oncePerRun<T>(key: string, make: () => T): T {
		return this.run.oncePerRun(key, make);
	}

	/**
	 * Asked once per node run and account, shared by the items with that key, whatever their
	 * number: a batch token, the key's own user.
	 */
	async oncePerAccount<T>(name: string, make: () => Promise<T>): Promise<T> {
		return await this.oncePerRun(`${name}:${await this.accountKey()}`, make);
	}

	/** A secret that is not a credential field (a batch token): redacted like the keys. */
	addSecret(secret: string): void {
		this.run.addSecrets([secret]);
	}
}

/** How a provider's answer to a delete reads. */
export type DeleteOutcome = 'deleted' | 'notFound' | 'failed';

/**
 * A delete's answer as the item's output: `{deleted: true, id}`; for "not found", the error, or
 * with Ignore Not Found `{deleted: false, id, notFound: true}`; any other answer fails the item.
 * `noun` words a not-found answer that carries no message of its own: `Image not found`.
 */
export function deleteResult(
	item: ItemContext,
	id: string,
	response: ApiResponse,
	outcome: DeleteOutcome,
	noun: string,
): IDataObject {
	if (response.networkError !== undefined) throw item.failure(response);
	if (outcome === 'deleted') return { deleted: true, id };
	if (outcome === 'notFound') {
		// An earlier attempt whose answer was lost did the delete: this one found nothing left.
		if (response.uncertain) return { deleted: true, id };
		if (item.option('ignoreNotFound', false)) return { deleted: false, id, notFound: true };
		throw item.failure(response, { fallbackDetails: notFoundWords(noun), httpCode: '404' });
	}
	throw item.failure(response);
}

/** A value of an `options` collection; `fallback` when unset or empty. */
function optionOf<T>(options: IDataObject, name: string, fallback: T): T {
	const value = options?.[name];
	return value === undefined || value === null || value === '' ? fallback : (value as T);
}

function asError(thrown: unknown): Error {
	return thrown instanceof Error ? thrown : new Error(String(thrown));
}

function asNodeError(fn: IExecuteFunctions, caught: unknown, itemIndex: number): Error {
	if (caught instanceof NodeApiError || caught instanceof NodeOperationError) {
		caught.context.itemIndex ??= itemIndex;
		return caught;
	}
	return new NodeOperationError(fn.getNode(), caught as Error, { itemIndex });
}
