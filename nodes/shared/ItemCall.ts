import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { describeFailure } from './errors';
import type { NodeRun } from './NodeRun';
import type { Rate } from './pacing';
import { sendWithRetries, succeeded } from './transport';
import type { ApiRequest, ApiResponse, Operation } from './types';

/** What an operation gets to answer one input item: its parameters, requests and errors. */
export class ItemCall {
	constructor(
		readonly fn: IExecuteFunctions,
		readonly itemIndex: number,
		readonly run: NodeRun,
		readonly operation: Operation,
	) {}

	/** A value of the operation's `options` collection. */
	option<T>(name: string, fallback: T): T {
		const options = this.fn.getNodeParameter('options', this.itemIndex, {}) as IDataObject;
		const value = options[name];
		return value === undefined || value === null || value === '' ? fallback : (value as T);
	}

	/** A node parameter of this item. */
	param<T>(name: string, fallback?: T): T {
		return this.fn.getNodeParameter(name, this.itemIndex, fallback) as T;
	}

	/** The credential data this item's requests use (node credential or connection). */
	async credentials(): Promise<ICredentialDataDecryptedObject> {
		return (await this.run.authFor(this)).credentials;
	}

	/** Sends a request with this item's key, retrying what is safe to retry. */
	async request(request: ApiRequest): Promise<ApiResponse> {
		const auth = await this.run.authFor(this);
		const baseUrl = this.run.provider.baseUrl(auth.credentials);
		return await sendWithRetries(this.fn, auth, baseUrl, request, this.run.retryPolicy, this.run.pacer(auth.credentials));
	}

	/**
	 * Sends a request that carries its own authorization (a presigned URL, a batch token).
	 * `lane` paces it apart from the account's API requests.
	 */
	async requestWithoutKey(request: ApiRequest & { baseUrl: string }, lane?: { key: string; rate: Rate }): Promise<ApiResponse> {
		const pace = lane ? this.run.pacer(await this.credentials(), lane) : undefined;
		return await sendWithRetries(this.fn, undefined, request.baseUrl, request, this.run.retryPolicy, pace);
	}

	/** Sends a request and returns its JSON body, or throws the error contract's failure. */
	async requestJson(request: ApiRequest): Promise<unknown> {
		const response = await this.request(request);
		if (!succeeded(response, this.run.provider)) throw this.failure(response);
		return response.body;
	}

	/**
	 * The error for a refused request: "Failed to <action>. API error: <details>".
	 * `fallbackDetails` words an answer without a message; `httpCode` overrides the status
	 * where it misleads (Leonardo says "not found" with a 200).
	 */
	failure(
		response: ApiResponse,
		{ fallbackDetails, httpCode: code }: { fallbackDetails?: string; httpCode?: string } = {},
	): NodeApiError {
		const details = this.run.redact(describeFailure(response, this.run.provider, fallbackDetails));
		const message = `Failed to ${this.operation.action}. API error: ${details}`;
		const httpCode = code ?? (response.statusCode > 0 ? String(response.statusCode) : undefined);
		const error = new NodeApiError(this.fn.getNode(), { message, httpCode } as JsonObject, {
			message,
			httpCode,
			itemIndex: this.itemIndex,
		});
		// NodeApiError swaps messages that mention ECONNRESET and the like for generic texts.
		error.message = message;
		return error;
	}

	/** "Failed to <action>. API error: <details>" for an answer that makes no sense, or a wait that ended badly. */
	failureWith(details: string, httpCode?: string): NodeApiError {
		const answer = { statusCode: 0, statusText: '', headers: {}, body: undefined, uncertain: false, networkError: details };
		return this.failure(answer, { httpCode });
	}

	/** The error for input that must not reach the provider. */
	badInput(message: string): NodeOperationError {
		return new NodeOperationError(this.fn.getNode(), message, { itemIndex: this.itemIndex });
	}
}
