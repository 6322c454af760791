// Generated from nodes/shared/engine/Call.ts at the repository's top level by `npm run packages`: edit that file.
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	NodeApiError,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { resolveAuth } from '../auth/resolve';
import type {
	ApiRequest,
	ApiResponse,
	CreateClaims,
	ItemCall,
	Operation,
	ProviderProfile,
	RequestBudget,
	ResolvedAuth,
} from '../contracts';
import { contractError, describeFailure, succeeded } from '../http/answers';
import { cancelled, sendWithRetries } from '../http/transport';
import { cancelSignal } from '../http/wait';
import type { NodeRun } from './NodeRun';

/** The engine's side of `ItemCall`: one input item of one node run. */
export class Call implements ItemCall {
	private resolved?: Promise<ResolvedAuth>;

	constructor(
		readonly fn: IExecuteFunctions,
		readonly itemIndex: number,
		private readonly run: NodeRun,
		private readonly operation: Operation,
	) {}

	get createClaims(): CreateClaims {
		return this.run.createClaims;
	}

	get provider(): ProviderProfile {
		return this.run.provider;
	}

	option<T>(name: string, fallback: T): T {
		const options = this.param<IDataObject>('options', {});
		const value = options[name];
		return value === undefined || value === null || value === '' ? fallback : (value as T);
	}

	param<T>(name: string, fallback?: T): T {
		return this.run.parameter(name, this.itemIndex, fallback);
	}

	async auth(): Promise<ResolvedAuth> {
		const { run } = this;
		this.resolved ??= resolveAuth(this, run.provider.credentialType, () => run.nodeAuth()).then(
			(auth) => {
				run.remember(auth.credentials);
				return auth;
			},
		);
		return await this.resolved;
	}

	async request(request: ApiRequest): Promise<ApiResponse> {
		const auth = await this.auth();
		return await this.run.send(auth, this.provider.baseUrl(auth.credentials), request);
	}

	async requestWithoutKey(
		request: ApiRequest & { baseUrl: string },
		lane?: { key: string; budget: RequestBudget },
	): Promise<ApiResponse> {
		const pace = lane ? this.run.pacer((await this.auth()).credentials, lane) : undefined;
		return await sendWithRetries(
			this.fn,
			undefined,
			request.baseUrl,
			request,
			this.run.retryPolicy,
			this.run.gate(pace),
		);
	}

	async requestOrLane(
		request: ApiRequest,
		laneRequest: ApiRequest & { baseUrl: string },
		lane: { key: string; budget: RequestBudget },
	): Promise<ApiResponse> {
		const { run } = this;
		const auth = await this.auth();
		const signal = cancelSignal(this.fn);
		const chosen = await run.chooseLane(auth.credentials, lane, signal);
		if (chosen === undefined) throw cancelled(this.fn);
		if (chosen === 'account')
			return await run.send(auth, this.provider.baseUrl(auth.credentials), request, true);
		return await sendWithRetries(
			this.fn,
			undefined,
			laneRequest.baseUrl,
			laneRequest,
			run.retryPolicy,
			run.gate(run.pacer(auth.credentials, lane)),
			true,
		);
	}

	async requestJson(request: ApiRequest): Promise<unknown> {
		const response = await this.request(request);
		if (!succeeded(response, this.provider)) throw this.failure(response);
		return response.body;
	}

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

	apiError(details: string, httpCode?: string, task = this.operation.task): NodeApiError {
		const message = `Failed to ${task}. API error: ${this.run.redact(details)}`;
		return contractError(this.fn.getNode(), message, httpCode, this.itemIndex);
	}

	badInput(message: string): NodeOperationError {
		return new NodeOperationError(this.fn.getNode(), message, { itemIndex: this.itemIndex });
	}

	async accountRoom(): Promise<number> {
		return this.run.accountRoom((await this.auth()).credentials);
	}

	once<T>(key: string, work: () => Promise<T>): Promise<T> {
		return this.run.once(key, work);
	}

	accountKey(credentials: ICredentialDataDecryptedObject): string {
		return this.run.accountKey(credentials);
	}

	addSecret(secret: string): void {
		this.run.addSecret(secret);
	}
}
