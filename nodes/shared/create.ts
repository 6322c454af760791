/**
 * Creates happen once. A create is sent again only where the provider surely did not act; after
 * an answer that was lost, the object is looked up, or the item fails saying that it may exist.
 * Once made, the object is the item's: a later failure or stop of that item tells it.
 */
import type { IDataObject, NodeApiError } from 'n8n-workflow';

import type { ItemContext } from './item';
import { StoppedBeforeSending } from './stop';
import { type ApiRequest, type ApiResponse, isSuccessStatus, succeeded } from './transport';

/** What a create makes, and what it does when an attempt may have made it without saying so. */
export interface CreateSpec {
	/** The object, as the messages name it. */
	noun: string;
	/** The made object's id in the create's answer (or in what `find` found). */
	idIn(answer: unknown): string | undefined;
	/** What a later failure or stop says of the object the item made, after `made <noun> <id>`. */
	madeWords?(id: string): string;
	/** What names the object before the answer does (an id or a path the request sets); set with `find`. */
	key?: string;
	/**
	 * Looks for the one object the attempt made, created at or after `since` (the time the create
	 * was sent, to the second before: providers may round), and gives it in the shape of the
	 * create's answer: undefined unless it is surely that one (one that was there before is not).
	 */
	find?(since: number): Promise<IDataObject | undefined>;
	/** How a user looks for it, e.g. `look for it with … created since <time>`. */
	howToCheck(since: number): string;
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
	spec: CreateSpec,
): Promise<unknown> {
	const since = wholeSecond(new Date().getTime());
	const { key, noun } = spec;
	const claims = await createClaims(item);
	const sent = item.request({ ...request, creates: true });
	if (key !== undefined) claims.sending(key, sent);
	const response = await sent;
	if (succeeded(response, item.provider)) {
		if (key !== undefined) claims.made(key, item.itemIndex);
		return made(item, spec, response.body);
	}
	// A 2xx the node cannot read (a cut body, a provider error inside it) was taken all the same.
	const mayHaveMade = response.uncertain || isSuccessStatus(response);
	if (!mayHaveMade) throw item.failure(response);
	const found = await lookUp(item, spec, since);
	if (found) return made(item, spec, found);
	throw mayExist(item, response, noun, spec.howToCheck(since));
}

/** `answer`, its object recorded as the item's: a later failure or stop of the item tells it. */
function made(item: ItemContext, spec: CreateSpec, answer: unknown): unknown {
	const id = spec.idIn(answer);
	if (id !== undefined)
		item.did(`made ${spec.noun} ${id}${spec.madeWords ? ` ${spec.madeWords(id)}` : ''}`, id);
	return answer;
}

/**
 * What `find` finds, unless another item of the run made or found it first. Refused by a stop,
 * the look-up tells that the object may exist.
 */
async function lookUp(
	item: ItemContext,
	spec: CreateSpec,
	since: number,
): Promise<IDataObject | undefined> {
	const claims = await createClaims(item);
	const found = await spec.find?.(since).catch((error: unknown) => {
		throw toldStopped(error, `the ${spec.noun} may exist: ${spec.howToCheck(since)}`);
	});
	if (!found) return undefined;
	const mine = spec.key === undefined || (await claims.claim(spec.key, item.itemIndex));
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
	return item.failure(response, { more: `; the ${noun} may exist all the same: ${howToCheck}` });
}

/** `since` as ISO text: a time a user can paste into a filter. */
export function sinceText(since: number): string {
	return new Date(since).toISOString().replace('.000Z', 'Z');
}

function wholeSecond(time: number): number {
	return Math.floor(time / 1000) * 1000;
}

/**
 * Within one node run and account, an object that a create names before its answer does belongs
 * to at most one item: the one whose create answered for it, else the first whose look-up found it.
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

/** The run's claims on the item's account, made by its first create. */
async function createClaims(item: ItemContext): Promise<CreateClaims> {
	return await item.oncePerAccount('create claims', () => new CreateClaims());
}
