// Generated from nodes/shared/engine/NodeRun.ts at the repository's top level by `npm run packages`: edit that file.
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
} from 'n8n-workflow';
import { createHash } from 'node:crypto';

import { redact, secretValues } from '../auth/redact';
import type {
	ApiRequest,
	ApiResponse,
	Pace,
	ProviderProfile,
	RequestBudget,
	ResolvedAuth,
	RetryPolicy,
} from '../contracts';
import type { AccountBudget } from '../http/budget';
import { accountBudget } from '../http/budget';
import { runLimiter } from '../http/pacing';
import { DEFAULT_RETRY_POLICY, sendWithRetries } from '../http/transport';
import { RunCreateClaims } from './CreateClaims';
import { StoppedBeforeSending } from './stop';

/** State of one execution of a node: its provider, retry policy, pace and the keys it has seen. */
export class NodeRun {
	private credentials?: Promise<ResolvedAuth>;

	private readonly secrets = new Set<string>();

	private readonly memo = new Map<string, Promise<unknown>>();

	/** Account keys by credentials object: a digest per account, not per request. */
	private readonly accounts = new WeakMap<ICredentialDataDecryptedObject, string>();

	/** How each parameter read so far is read for every item (see `classify`). */
	private readonly knownParameters = new Map<string, KnownParameter>();

	private input?: INodeExecutionData[];

	/** Which item each object a create names belongs to: no object is output for two items. */
	readonly createClaims = new RunCreateClaims();

	/** Set once an item failed under On Error = Stop Workflow: no request starts after that. */
	private stopped = false;

	/** This run's own cap (Max Requests per Second): a share of the account's budget, no more. */
	private readonly ownLimit?: ReturnType<typeof runLimiter>;

	constructor(
		readonly fn: IExecuteFunctions,
		readonly provider: ProviderProfile,
		readonly retryPolicy: RetryPolicy = DEFAULT_RETRY_POLICY,
		maxRequestsPerSecond?: number,
	) {
		if (maxRequestsPerSecond && maxRequestsPerSecond > 0) {
			const ownBurst = Math.max(1, Math.min(10, Math.floor(maxRequestsPerSecond)));
			this.ownLimit = runLimiter({ perSecond: maxRequestsPerSecond, burst: ownBurst });
		}
	}

	/**
	 * A node parameter of one item. n8n resolves a parameter anew for every item, expressions or
	 * not; one whose stored value holds no expression is the same for all items, so it is resolved
	 * once per run (callers only read what they get).
	 */
	parameter<T>(name: string, itemIndex: number, fallback?: T): T {
		let known = this.knownParameters.get(name);
		if (known === undefined) {
			known = this.classify(name, itemIndex, fallback);
			this.knownParameters.set(name, known);
		}
		if ('value' in known) return known.value as T;
		if ('field' in known) {
			const value = this.inputJson(itemIndex)[known.field];
			return (known.locator ? { ...known.locator, value } : value) as T;
		}
		return this.fn.getNodeParameter(name, itemIndex, fallback) as T;
	}

	/**
	 * How a parameter is read: a stored value without expressions once (`value`); the most common
	 * expression, `{{ $json.<field> }}` (alone, or as a resource locator's value), straight from the
	 * item, as n8n's expression would read it (`field`); anything else through n8n (`{}`).
	 */
	private classify(name: string, itemIndex: number, fallback: unknown): KnownParameter {
		const stored = this.fn.getNode().parameters[name];
		if (stored === undefined) return {};
		if (!holdsExpression(stored))
			return { value: this.fn.getNodeParameter(name, itemIndex, fallback) };
		const field = jsonField(stored);
		if (field !== undefined) return { field };
		if (isLocator(stored)) {
			const locatorField = jsonField(stored.value);
			if (locatorField !== undefined && !holdsExpression({ ...stored, value: '' }))
				return { field: locatorField, locator: { ...stored } };
		}
		return {};
	}

	private inputJson(itemIndex: number): IDataObject {
		this.input ??= this.fn.getInputData();
		return this.input[itemIndex]?.json ?? {};
	}

	/**
	 * The node's own credential, read once per run, as n8n is handed it with each request:
	 * otherwise n8n loads and decrypts the credential again for every request.
	 */
	async nodeAuth(): Promise<ResolvedAuth> {
		this.credentials ??= (async () => {
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
		return await this.credentials;
	}

	/**
	 * Sends a request with `auth`, paced under its account's rate, retrying what is safe to retry
	 * (`firstTurnTaken`: by `chooseLane`).
	 */
	async send(
		auth: ResolvedAuth,
		baseUrl: string,
		request: ApiRequest,
		firstTurnTaken = false,
	): Promise<ApiResponse> {
		return await sendWithRetries(
			this.fn,
			auth,
			baseUrl,
			request,
			this.retryPolicy,
			this.gate(this.pacer(auth.credentials)),
			firstTurnTaken,
		);
	}

	/** An item failed and the node stops there: requests under way finish, no other starts. */
	stop(): void {
		this.stopped = true;
	}

	/**
	 * `pace` whose turns are refused once the run has stopped: checked before every attempt
	 * (retries too) and again after waiting for the budget, whose slot is then given back.
	 */
	gate(pace?: Pace): Pace {
		const refuseIfStopped = () => {
			if (this.stopped) throw new StoppedBeforeSending();
		};
		return {
			turn: async (signal) => {
				refuseIfStopped();
				const taken = pace ? await pace.turn(signal) : true;
				// Stopped while waiting: the turn is given back, unused.
				if (this.stopped && taken) pace?.answered(0, {});
				refuseIfStopped();
				return taken;
			},
			answered: (statusCode, headers) => pace?.answered(statusCode, headers),
		};
	}

	/**
	 * A turn under this run's cap and the budget of the account behind `credentials` (or of
	 * `lane`, e.g. a Cloudflare batch token, with its own budget). The budget's key holds a
	 * digest, never a key.
	 */
	pacer(
		credentials: ICredentialDataDecryptedObject,
		lane?: { key: string; budget: RequestBudget },
	): Pace {
		return this.capped(this.budget(credentials, lane));
	}

	/**
	 * The first turn of a request that may go either way: under the account's budget if it has
	 * room right now, else under `lane`'s — one turn of the run's cap either way. Undefined when
	 * the execution was cancelled first. The turn is taken: send with `firstTurnTaken`.
	 */
	async chooseLane(
		credentials: ICredentialDataDecryptedObject,
		lane: { key: string; budget: RequestBudget },
		signal?: AbortSignal,
	): Promise<'account' | 'lane' | undefined> {
		const account = this.budget(credentials);
		const other = this.budget(credentials, lane);
		let chosen: 'account' | 'lane' | undefined;
		const choose = async () => {
			chosen = account.tryTurn() ? 'account' : (await other.turn(signal)) ? 'lane' : undefined;
			return chosen !== undefined;
		};
		// The gate of `send`, for this first turn taken here.
		const gated = this.gate({
			turn: async () => await (this.ownLimit ? this.ownLimit(choose, signal) : choose()),
			answered: (status, headers) =>
				(chosen === 'lane' ? other : account).answered(status, headers),
		});
		await gated.turn(signal);
		return chosen;
	}

	/** The run's own cap (Max Requests per Second) around a budget every run on the account shares. */
	private capped(budget: AccountBudget): Pace {
		const { ownLimit } = this;
		return {
			turn: async (signal) =>
				ownLimit ? await ownLimit(() => budget.turn(signal), signal) : await budget.turn(signal),
			answered: (statusCode, headers) => budget.answered(statusCode, headers),
		};
	}

	private budget(
		credentials: ICredentialDataDecryptedObject,
		lane?: { key: string; budget: RequestBudget },
	): AccountBudget {
		const account = this.accountKey(credentials);
		return lane
			? accountBudget(`${account}:${lane.key}`, lane.budget)
			: accountBudget(account, this.provider.budget);
	}

	/** What is left of the budget of the account behind `credentials`, as `AccountBudget.room`. */
	accountRoom(credentials: ICredentialDataDecryptedObject): number {
		return this.budget(credentials).room();
	}

	/** Names the account behind `credentials` without holding its key: a SHA-256 digest. */
	accountKey(credentials: ICredentialDataDecryptedObject): string {
		let key = this.accounts.get(credentials);
		if (key === undefined) {
			const secrets = this.provider.secretFields.map((field) => String(credentials[field] ?? ''));
			key = createHash('sha256')
				.update(
					[this.provider.credentialType, this.provider.baseUrl(credentials), ...secrets].join('\n'),
				)
				.digest('hex');
			this.accounts.set(credentials, key);
		}
		return key;
	}

	once<T>(key: string, work: () => Promise<T>): Promise<T> {
		let promise = this.memo.get(key) as Promise<T> | undefined;
		if (!promise) {
			promise = work();
			this.memo.set(key, promise);
		}
		return promise;
	}

	addSecret(secret: string): void {
		if (secret) this.secrets.add(secret);
	}

	/** The secret fields of credentials this run uses: redacted from every message. */
	remember(credentials: ICredentialDataDecryptedObject): void {
		for (const secret of secretValues(this.provider, credentials)) this.secrets.add(secret);
	}

	redact(text: string): string {
		return redact(text, this.secrets);
	}
}

type KnownParameter =
	| { value: unknown }
	| { field: string; locator?: Record<string, unknown> }
	| Record<string, never>;

/** `={{ $json.id }}`, `={{ $json["id"] }}`: the one input field the expression reads, else undefined. */
function jsonField(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const match = /^=\{\{\s*\$json(?:\.([A-Za-z_$][\w$]*)|\[\s*(['"])([^'"\\]*)\2\s*\])\s*\}\}$/.exec(
		value,
	);
	return match ? (match[1] ?? match[3]) : undefined;
}

function isLocator(value: unknown): value is Record<string, unknown> & { value: unknown } {
	return typeof value === 'object' && value !== null && '__rl' in value && 'value' in value;
}

/** Whether a stored parameter value is, or holds, an expression (`={{ … }}`). */
function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (value !== null && typeof value === 'object')
		return Object.values(value).some(holdsExpression);
	return false;
}
