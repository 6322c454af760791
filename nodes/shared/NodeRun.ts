import { createHash } from 'node:crypto';

import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';

import {
	CONNECTION_ID_EMPTY,
	CONNECTION_ID_UNKNOWN,
	findConnection,
	type ConnectionScope,
} from './connections';
import { redact } from './errors';
import { takeToken, type Rate } from './pacing';
import type { ItemCall } from './ItemCall';
import { DEFAULT_RETRY_POLICY, type ResolvedAuth, type RetryPolicy } from './transport';
import type { ProviderProfile } from './types';

/** State of one execution of a node: its provider, retry policy and the keys it has seen. */
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
				? { perSecond: maxRequestsPerSecond, burst: Math.max(1, Math.min(burst, Math.floor(maxRequestsPerSecond))) }
				: provider.rate;
	}

	/**
	 * Waits for a turn under the rate of the account behind `credentials` (or of `lane`, e.g. a
	 * Cloudflare batch token, at `rate`). The bucket key holds a digest, never a key.
	 */
	pacer(credentials: ICredentialDataDecryptedObject, lane?: { key: string; rate: Rate }): () => Promise<void> {
		const account = this.accountKey(credentials);
		const key = lane ? `${account}:${lane.key}` : account;
		const rate = lane?.rate ?? this.rate;
		return async () => await takeToken(key, rate);
	}

	get scope(): ConnectionScope {
		return { provider: this.fn.getNode().type, workflowId: String(this.fn.getWorkflow().id ?? '') };
	}

	/** The node's own credential, read once per run. */
	async nodeCredentials(): Promise<ICredentialDataDecryptedObject> {
		this.credentials ??= this.fn.getCredentials(this.provider.credentialType);
		const credentials = await this.credentials;
		this.remember(credentials);
		return credentials;
	}

	/** The key for an item: the node's credential or the one its connection id stands for. */
	async authFor(call: ItemCall): Promise<ResolvedAuth> {
		const { credentialType } = this.provider;
		const mode = this.fn.getNodeParameter('authentication', call.itemIndex, 'credentials');
		if (mode !== 'connectionId') {
			return { credentialType, credentials: await this.nodeCredentials() };
		}
		const connectionId = readConnectionId(call);
		const connection = findConnection(connectionId, this.scope);
		if (!connection) throw call.badInput(CONNECTION_ID_UNKNOWN);
		this.remember(connection.credentials);
		return {
			credentialType,
			credentials: connection.credentials,
			additional: {
				credentialsDecrypted: {
					id: connection.id,
					name: 'connection',
					type: credentialType,
					data: connection.credentials,
				},
			},
		};
	}

	/** Names the account behind `credentials` without holding its key: a SHA-256 digest. */
	accountKey(credentials: ICredentialDataDecryptedObject): string {
		const secrets = this.provider.secretFields.map((field) => String(credentials[field] ?? ''));
		return createHash('sha256')
			.update([this.provider.credentialType, this.provider.baseUrl(credentials), ...secrets].join('\n'))
			.digest('hex');
	}

	/** Work done once per run and key (a Cloudflare batch token), shared by its items. */
	once<T>(key: string, work: () => Promise<T>): Promise<T> {
		let promise = this.memo.get(key) as Promise<T> | undefined;
		if (!promise) {
			promise = work();
			this.memo.set(key, promise);
		}
		return promise;
	}

	/** A secret that is not a credential field (a batch token): redacted like the keys. */
	addSecret(secret: string): void {
		if (secret) this.secrets.add(secret);
	}

	redact(text: string): string {
		return redact(text, this.secrets);
	}

	remember(credentials: ICredentialDataDecryptedObject): void {
		for (const field of this.provider.secretFields) {
			const value = credentials[field];
			if (typeof value === 'string' && value !== '') this.secrets.add(value);
		}
	}
}

export function readConnectionId(call: ItemCall): string {
	const raw = call.fn.getNodeParameter('connectionId', call.itemIndex, '') as unknown;
	const id = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
	if (id === '') throw call.badInput(CONNECTION_ID_EMPTY);
	return id;
}
