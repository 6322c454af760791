import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';
import { createHash } from 'node:crypto';

import { redact } from '../auth/redact';
import type {
	ApiRequest,
	ApiResponse,
	ProviderProfile,
	Rate,
	ResolvedAuth,
	RetryPolicy,
} from '../contracts';
import { takeToken } from '../http/pacing';
import { DEFAULT_RETRY_POLICY, sendWithRetries } from '../http/transport';

/** State of one execution of a node: its provider, retry policy, pace and the keys it has seen. */
export class NodeRun {
	private credentials?: Promise<ICredentialDataDecryptedObject>;

	private readonly secrets = new Set<string>();

	private readonly memo = new Map<string, Promise<unknown>>();

	/** The provider's published pace, or the lower one the user chose. */
	readonly rate: Rate;

	constructor(
		readonly fn: IExecuteFunctions,
		readonly provider: ProviderProfile,
		readonly retryPolicy: RetryPolicy = DEFAULT_RETRY_POLICY,
		maxRequestsPerSecond?: number,
	) {
		const { perSecond, burst } = provider.rate;
		this.rate =
			maxRequestsPerSecond && maxRequestsPerSecond > 0 && maxRequestsPerSecond < perSecond
				? {
						perSecond: maxRequestsPerSecond,
						burst: Math.max(1, Math.min(burst, Math.floor(maxRequestsPerSecond))),
					}
				: provider.rate;
	}

	/** The node's own credential, read once per run. */
	async nodeCredentials(): Promise<ICredentialDataDecryptedObject> {
		this.credentials ??= this.fn.getCredentials(this.provider.credentialType);
		return await this.credentials;
	}

	/** Sends a request with `auth`, paced under its account's rate, retrying what is safe to retry. */
	async send(auth: ResolvedAuth, baseUrl: string, request: ApiRequest): Promise<ApiResponse> {
		return await sendWithRetries(
			this.fn,
			auth,
			baseUrl,
			request,
			this.retryPolicy,
			this.pacer(auth.credentials),
		);
	}

	/**
	 * Waits for a turn under the rate of the account behind `credentials` (or of `lane`, e.g. a
	 * Cloudflare batch token, at its own rate). The bucket key holds a digest, never a key.
	 */
	pacer(
		credentials: ICredentialDataDecryptedObject,
		lane?: { key: string; rate: Rate },
	): () => Promise<void> {
		const account = this.accountKey(credentials);
		const key = lane ? `${account}:${lane.key}` : account;
		const rate = lane?.rate ?? this.rate;
		return async () => await takeToken(key, rate);
	}

	/** Names the account behind `credentials` without holding its key: a SHA-256 digest. */
	accountKey(credentials: ICredentialDataDecryptedObject): string {
		const secrets = this.provider.secretFields.map((field) => String(credentials[field] ?? ''));
		return createHash('sha256')
			.update(
				[this.provider.credentialType, this.provider.baseUrl(credentials), ...secrets].join('\n'),
			)
			.digest('hex');
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
		for (const field of this.provider.secretFields) {
			const value = credentials[field];
			if (typeof value === 'string' && value !== '') this.secrets.add(value);
		}
	}

	redact(text: string): string {
		return redact(text, this.secrets);
	}
}
