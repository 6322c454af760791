// Generated from nodes/shared/create.ts at the repository's top level by `npm run packages`: edit that file.
/**
 * Creates happen once: a generation, an upload. A create is sent again only where the provider
 * surely did not act; after an answer that was lost, the object is looked up, or the item fails
 * saying that it may exist.
 */
import type { IDataObject, NodeApiError } from 'n8n-workflow';

import type { ItemContext } from './router';
import { StoppedBeforeSending } from './stop';
import { type ApiRequest, type ApiResponse, describeFailure, succeeded } from './transport';

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
	item: ItemContext,
	request: ApiRequest,
	uncertain: UncertainCreate,
): Promise<unknown> {
	const sentAt = new Date();
	const { key, noun } = uncertain;
	const claims = createClaims(item);
	const sent = item.request({ ...request, creates: true });
	if (key !== undefined) claims.sending(key, sent);
	const response = await sent;
	if (succeeded(response, item.provider)) {
		if (key !== undefined) claims.made(key, item.itemIndex);
		return response.body;
	}
	if (!response.uncertain) throw item.failure(response);
	const found = await lookUp(item, uncertain, sentAt);
	if (found) return found;
	throw mayExist(item, response, noun, uncertain.howToCheck(sentAt));
}

/**
 * What `find` finds, unless another item of the run made or found it first. Refused by a stop,
 * the look-up tells that the object may exist.
 */
async function lookUp(
	item: ItemContext,
	uncertain: UncertainCreate,
	sentAt: Date,
): Promise<IDataObject | undefined> {
	const claims = createClaims(item);
	const found = await uncertain.find?.(sentAt).catch((error: unknown) => {
		throw toldStopped(error, `the ${uncertain.noun} may exist: ${uncertain.howToCheck(sentAt)}`);
	});
	if (!found) return undefined;
	const mine = uncertain.key === undefined || (await claims.claim(uncertain.key, item.itemIndex));
	return mine ? found : undefined;
}

/** A stop that refused the look-up, told with what the create may have done; else `error`. */
function toldStopped(error: unknown, partWay: string): unknown {
	return error instanceof StoppedBeforeSending ? new StoppedBeforeSending(partWay) : error;
}

function mayExist(
	item: ItemContext,
	response: ApiResponse,
	noun: string,
	howToCheck: string,
): NodeApiError {
	const details = `${describeFailure(response, item.provider)}; the ${noun} may exist all the same: ${howToCheck}`;
	return item.apiError(details, response.statusCode > 0 ? String(response.statusCode) : undefined);
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

/**
 * Within one node run, an object that a create names before its answer does (a custom ID, a
 * file path) belongs to at most one item: the one whose create answered for it, else the first
 * whose look-up found it.
 */
class CreateClaims {
	private readonly owners = new Map<string, number>();

	private readonly underWay = new Map<string, Set<Promise<unknown>>>();

	/** A create naming `key` is under way until `sent` settles. */
	sending(key: string, sent: Promise<unknown>): void {
		const creates = this.underWay.get(key) ?? new Set<Promise<unknown>>();
		this.underWay.set(key, creates);
		const settled = sent.then(
			() => undefined,
			() => undefined,
		);
		creates.add(settled);
		void settled.then(() => creates.delete(settled));
	}

	/** The create of item `itemIndex` answered for `key`: the object is that item's. */
	made(key: string, itemIndex: number): void {
		this.owners.set(key, itemIndex);
	}

	/**
	 * Once every create under way for `key` has answered: whether the object is no other item's
	 * (then it is `itemIndex`'s from now on).
	 */
	async claim(key: string, itemIndex: number): Promise<boolean> {
		// A create's answer outranks a look-up: wait for those still under way.
		await Promise.all([...(this.underWay.get(key) ?? [])]);
		const owner = this.owners.get(key);
		if (owner !== undefined && owner !== itemIndex) return false;
		this.owners.set(key, itemIndex);
		return true;
	}
}

/** The run's claims, made by its first create. */
function createClaims(item: ItemContext): CreateClaims {
	return item.oncePerRun('create-claims', () => new CreateClaims());
}
