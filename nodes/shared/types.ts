import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestMethods,
} from 'n8n-workflow';

import type { ItemCall } from './ItemCall';
import type { Rate } from './pacing';

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
	/** An earlier attempt may have reached the provider before its answer was lost. */
	uncertain: boolean;
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
	/** The pace that keeps one account under the provider's published limit. */
	rate: Rate;
}

/** One operation: `execute` answers one input item. */
export interface Operation {
	/** Completes the message "Failed to <action>. API error: …", e.g. `delete image`. */
	action: string;
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
	/** One outcome per call, in order: its output, or the error that fails that item. */
	execute(calls: ItemCall[]): Promise<Array<IDataObject | Error>>;
}

export type OperationMap = Record<string, Record<string, Operation>>;
