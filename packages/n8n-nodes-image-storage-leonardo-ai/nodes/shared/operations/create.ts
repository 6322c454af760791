// Generated from nodes/shared/operations/create.ts at the repository's top level by `npm run packages`: edit that file.
import type { IDataObject, NodeApiError } from 'n8n-workflow';

import type { ApiRequest, ApiResponse, ItemCall } from '../contracts';
import { StoppedBeforeSending } from '../engine/stop';
import { describeFailure, succeeded } from '../http/answers';

/** What a create does when an attempt may have made its object but did not say so. */
export interface UncertainCreate {
	/** The object, as the failure names it: `generation`, `image`, `file`. */
	noun: string;
	/** What names the object before the answer does (a custom ID, a file path); set with `find`. */
	key?: string;
	/**
	 * Looks for the one object the attempt made, sent at `sentAt`, and gives it in the shape of
	 * the create's answer: undefined unless it is surely that one (one that was there before is not).
	 */
	find?(sentAt: Date): Promise<IDataObject | undefined>;
	/** How a user looks for it, e.g. `look for it with Generation → Get Many`. */
	howToCheck(sentAt: Date): string;
}

/**
 * Sends a request that creates one object and returns its answer's JSON body; it is sent again
 * only where the provider surely did not act (transport). After an attempt that may have acted —
 * a lost answer, a timeout, a 5xx other than 503 — what `find` finds stands for the answer;
 * otherwise the item fails: "Failed to <task>. API error: <details>; the <noun> may exist all
 * the same: <how to check>".
 */
export async function sendCreate(
	call: ItemCall,
	request: ApiRequest,
	uncertain: UncertainCreate,
): Promise<unknown> {
	const sentAt = new Date();
	const { key, noun } = uncertain;
	const sent = call.request({ ...request, creates: true });
	if (key !== undefined) call.createClaims.sending(key, sent);
	const response = await sent;
	if (succeeded(response, call.provider)) {
		if (key !== undefined) call.createClaims.made(key, call.itemIndex);
		return response.body;
	}
	if (!response.uncertain) throw call.failure(response);
	const found = await lookUp(call, uncertain, sentAt);
	if (found) return found;
	throw mayExist(call, response, noun, uncertain.howToCheck(sentAt));
}

/**
 * What `find` finds, unless another item of the run made or found it first. Refused by a stop,
 * the look-up tells that the object may exist.
 */
async function lookUp(
	call: ItemCall,
	uncertain: UncertainCreate,
	sentAt: Date,
): Promise<IDataObject | undefined> {
	const found = await uncertain.find?.(sentAt).catch((error: unknown) => {
		throw toldStopped(error, `the ${uncertain.noun} may exist: ${uncertain.howToCheck(sentAt)}`);
	});
	if (!found) return undefined;
	const mine =
		uncertain.key === undefined || (await call.createClaims.claim(uncertain.key, call.itemIndex));
	return mine ? found : undefined;
}

/** A stop that refused the look-up, told with what the create may have done; else `error`. */
function toldStopped(error: unknown, partWay: string): unknown {
	return error instanceof StoppedBeforeSending ? new StoppedBeforeSending(partWay) : error;
}

function mayExist(
	call: ItemCall,
	response: ApiResponse,
	noun: string,
	howToCheck: string,
): NodeApiError {
	const details = `${describeFailure(response, call.provider)}; the ${noun} may exist all the same: ${howToCheck}`;
	return call.apiError(details, response.statusCode > 0 ? String(response.statusCode) : undefined);
}

/**
 * Whether a provider's timestamp is not before `sentAt` (to the second: providers may round):
 * an object older than the create was there before it, and is not its doing.
 */
export function madeSince(timestamp: unknown, sentAt: Date): boolean {
	const time = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
	return !Number.isNaN(time) && time >= wholeSecond(sentAt).getTime();
}

/** `sentAt` to the second before, as ISO text: a time a user can paste into a filter. */
export function sinceText(sentAt: Date): string {
	return wholeSecond(sentAt).toISOString().replace('.000Z', 'Z');
}

function wholeSecond(time: Date): Date {
	return new Date(Math.floor(time.getTime() / 1000) * 1000);
}
