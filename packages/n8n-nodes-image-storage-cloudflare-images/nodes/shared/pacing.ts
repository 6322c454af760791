// Generated from nodes/shared/pacing.ts at the repository's top level by `npm run packages`: edit that file.
/**
 * Pacing: how fast requests may go. Each account has one budget in this process, shared by every
 * node run that uses it (`AccountBudget`); each node run adds its own cap, Max Requests per Second
 * (`RunPacing`). Every wait here ends when the execution is cancelled.
 */
import { sleep } from 'n8n-workflow';

/** A provider's published limit for one account: at most `limit` requests in any `windowMs`. */
export interface RequestBudget {
	limit: number;
	windowMs: number;
	/** Every answer says what is left of the account's budget (the `Ratelimit` header). */
	reportsRemaining?: boolean;
}

/** A route to the provider with a budget of its own (a batch host), named by `key`. */
export interface RouteBudget {
	key: string;
	budget: RequestBudget;
}

/** When one request may be sent under the budgets it counts against, and what its answer says of them. */
export interface RequestPace {
	/** Waits until the request may be sent, and counts it; false, with nothing counted, once `signal` says the execution was cancelled. */
	waitToSend(signal?: AbortSignal): Promise<boolean>;
	/** The attempt counted by the last `waitToSend` was not sent after all (a stop, a cancel): it leaves no trace. */
	withdraw(): void;
	/** Every attempt's answer (status 0 when none came): its rate headers, a 429. */
	answered(statusCode: number, headers: Record<string, string>): void;
}

/** Requests per second a bucket allows on average, and how many may go at once after a pause. */
interface Rate {
	perSecond: number;
	burst: number;
}

/**
 * One account's request budget as its provider counts it: at most `limit` requests in any
 * `windowMs`. Requests go at once while the window has room — a run that fits in what is left
 * goes at full concurrency — and wait for room when it has none.
 *
 * Two figures bound it. Our own sends in the last window (a sliding log: within it in every
 * window, however the provider places its windows), and, where the provider reports it, the
 * account's remaining budget as the provider counts it: that figure includes every other process
 * on the account (queue-mode workers, other tools), so it is followed as soon as it arrives.
 *
 * Other processes on the account see the same figure and cannot be asked what they have on the
 * way; but how fast the figure falls tells what part of the account's requests are ours (our
 * share: each of our answers is one of ours, the fall since the report before is everyone's).
 * So, where the provider reports it, a process has in flight at most a small part of the
 * reported remaining, times its share, and counts each of its own sends since the report as
 * its share of everyone's. A process that does not know its share yet starts with one request
 * in flight and adds one per answer: several processes that start together learn of each other
 * before any of them has much on the way. Near the end of the window each has one or two on the
 * way, which the reserve kept back covers.
 *
 * Margins are kept back. Of our own window, 5% (25% of a one-second window): requests reach the
 * provider a little later than they are counted, not all equally late. Of the provider's remaining
 * figure, the same and at least `MIN_RESERVE`: other processes' requests on the way.
 *
 * A 429 makes every request here wait as long as the provider asks. When that is a good part of
 * the window, the account's budget is spent, by others too (queue-mode workers on one account):
 * the fraction of the window this process uses is then halved at least — down to what the provider took
 * from it before refusing — and grows back to the whole over ten windows.
 */
export class AccountBudget {
	private limit = 0;

	private windowMs = 0;

	private windowMargin = 0;

	private reportReserve = 0;

	/** Times of our sends in the last window, oldest first (`start` is the first live one). */
	private readonly sent: number[] = [];

	private start = 0;

	private inFlight = 0;

	/** The provider's last word on the account: what was left, until when, and what we sent since. */
	private report?: { remaining: number; resetAt: number; spentSince: number };

	/** The provider reports what is left in every answer: follow it, and wait for it. */
	private reported: boolean;

	/** Our part of the account's requests, learnt from the reported figure. */
	private readonly share = new AccountShare();

	/** Wakes the requests that wait for one of ours to come back. */
	private answer?: { arrived: Promise<void>; arrive: () => void };

	private blockedUntil = 0;

	/** After a 429, the fraction of the window this process uses (1: all of it). */
	private windowFraction = 1;

	private windowFractionSetAt = 0;

	lastUsed = Date.now();

	constructor(budget: RequestBudget) {
		this.reported = budget.reportsRemaining === true;
		this.setLimit(budget.limit, budget.windowMs);
	}

	/**
	 * Waits until one more request fits, and counts it as sent at the time returned (which
	 * `withdraw` takes); undefined, with nothing counted, when `signal` says the execution was
	 * cancelled first.
	 */
	async waitToSend(signal?: AbortSignal): Promise<number | undefined> {
		for (;;) {
			if (signal?.aborted) return undefined;
			const now = Date.now();
			if (this.trySendNow(now)) return now;
			const waitMs = this.waitMs(now);
			// Every request counted in flight is given back by its answer (or its failure).
			const went =
				waitMs === UNTIL_AN_ANSWER
					? await untilSettled(this.nextAnswer(), signal)
					: await waitUnlessCancelled(Math.max(1, Math.ceil(waitMs)), signal);
			if (!went) return undefined;
		}
	}

	/** Counts one more request as sent at `now` if it fits now, without waiting. */
	trySendNow(now = Date.now()): boolean {
		this.lastUsed = now;
		if (this.waitMs(now) > 0) return false;
		this.sent.push(now);
		this.inFlight++;
		if (this.report) this.report.spentSince++;
		return true;
	}

	/** The request counted at `sentAt` was not sent after all: it leaves the log and the flight. */
	withdraw(sentAt: number): void {
		for (let k = this.sent.length - 1; k >= this.start; k--) {
			if (this.sent[k] === sentAt) {
				this.sent.splice(k, 1);
				break;
			}
		}
		this.inFlight = Math.max(0, this.inFlight - 1);
		if (this.report && this.report.spentSince > 0) this.report.spentSince--;
		this.wakeWaiters();
	}

	/** An answer to one of our requests came back: its status and headers teach the budget. */
	answered(statusCode: number, headers: Record<string, string>): void {
		const now = Date.now();
		this.inFlight = Math.max(0, this.inFlight - 1);
		// A good answer without the figure (a proxy that strips it): there is none to follow.
		if (statusCode >= 200 && statusCode < 300 && headers.ratelimit === undefined)
			this.reported = false;
		this.learn(headers, now);
		if (statusCode === 429) this.refused(headers, now);
		this.wakeWaiters();
	}

	private wakeWaiters(): void {
		const waiting = this.answer;
		this.answer = undefined;
		waiting?.arrive();
	}

	private nextAnswer(): Promise<void> {
		if (!this.answer) {
			let arrive = () => {};
			const arrived = new Promise<void>((resolve) => (arrive = resolve));
			this.answer = { arrived, arrive };
		}
		return this.answer.arrived;
	}

	/** How long until one more request fits: 0 when it fits now, `UNTIL_AN_ANSWER` when one is back. */
	private waitMs(now: number): number {
		if (this.blockedUntil > now) return this.blockedUntil - now;
		const usable = this.usable(now);
		const windowWait =
			this.inWindow(now) < usable ? 0 : this.sent[this.sent.length - usable] + this.windowMs - now;
		const reported = this.reportedLeft(now);
		// With nothing left of what the provider reported, room comes back when its window resets.
		if (reported !== undefined && reported <= 0)
			return Math.max(windowWait, (this.report?.resetAt ?? now) - now);
		if (windowWait > 0) return windowWait;
		return this.inFlight < this.inFlightCap(now) ? 0 : UNTIL_AN_ANSWER;
	}

	/**
	 * How many of ours may be on the way at once: any number where the provider reports nothing;
	 * where it does, one until two of its reports have shown how fast the figure falls (our
	 * share), then a small part of the remaining figure times our share.
	 */
	private inFlightCap(now: number): number {
		if (!this.reported) return Infinity;
		const report = this.report;
		if (!report || report.resetAt <= now) return 1;
		// One at a time until a fall of the figure has told our share.
		if (this.share.falls === 0) return 1;
		const part = (report.remaining - this.reportReserve) * IN_FLIGHT_FRACTION * this.share.ours();
		return Math.max(1, Math.floor(part));
	}

	/** How many more requests could go right now: for a caller with another way to send. */
	requestsLeftNow(now = Date.now()): number {
		if (this.blockedUntil > now) return 0;
		const left = this.usable(now) - this.inWindow(now);
		return Math.max(0, Math.min(left, Math.floor(this.reportedLeft(now) ?? left)));
	}

	/**
	 * What the provider's last report leaves us, reserve kept: each of our sends since then
	 * stands for our share of everyone's. Undefined without a live report.
	 */
	private reportedLeft(now: number): number | undefined {
		const report = this.report;
		if (!report || report.resetAt <= now) return undefined;
		// Each of the others (about 1 / share − 1 of them) may have one more on the way.
		const reserve = Math.max(this.reportReserve, Math.ceil(1 / this.share.ours()));
		return report.remaining - report.spentSince / this.share.ours() - reserve;
	}

	private usable(now: number): number {
		return Math.max(
			1,
			Math.floor((this.limit - this.windowMargin) * this.currentWindowFraction(now)),
		);
	}

	/** Our sends in the last window (older ones are let go). */
	private inWindow(now: number): number {
		while (this.start < this.sent.length && this.sent[this.start] <= now - this.windowMs)
			this.start++;
		if (this.start > 1024 && this.start * 2 > this.sent.length) {
			this.sent.splice(0, this.start);
			this.start = 0;
		}
		return this.sent.length - this.start;
	}

	/** After a 429 a fraction of the window, growing back to all of it over `RECOVERY_WINDOWS`. */
	private currentWindowFraction(now: number): number {
		if (this.windowFraction >= 1) return 1;
		const grown =
			this.windowFraction + (now - this.windowFractionSetAt) / (RECOVERY_WINDOWS * this.windowMs);
		if (grown >= 1) this.windowFraction = 1;
		return Math.min(1, grown);
	}

	private refused(headers: Record<string, string>, now: number): void {
		const askedMs = askedWaitMs(headers);
		this.blockedUntil = Math.max(this.blockedUntil, now + (askedMs ?? 1000));
		// A wait for a good part of the window is the account's budget spent — by others too, as
		// queue-mode workers do; a short one is a passing refusal, waited out and no more.
		const budgetSpent = askedMs === undefined || askedMs >= this.windowMs * SPENT_WAIT_FRACTION;
		// Once per refusal burst (the requests in flight all meet the same 429): at most half the
		// part, and no more than what the provider took from us in this window before refusing.
		if (budgetSpent && now - this.windowFractionSetAt > 1000) {
			const taken = this.sent.length - this.start - this.inFlight;
			const usable = this.limit - this.windowMargin;
			this.windowFraction = Math.max(
				MIN_WINDOW_FRACTION,
				Math.min(this.currentWindowFraction(now) / 2, taken / usable),
			);
			this.windowFractionSetAt = now;
		}
	}

	/**
	 * The IETF draft headers `Ratelimit: "default";r=<remaining>;t=<seconds to reset>` and
	 * `Ratelimit-Policy: "default";q=<quota>;w=<window seconds>`, and the older
	 * `X-RateLimit-Limit` per `X-RateLimit-Interval` milliseconds.
	 */
	private learn(headers: Record<string, string>, now: number): void {
		const policy = parameters(headers['ratelimit-policy']);
		const quota = Number(policy.q);
		const windowSeconds = Number(policy.w);
		if (quota > 0 && windowSeconds > 0) this.setLimit(quota, windowSeconds * 1000);
		const limitHeader = Number(headers['x-ratelimit-limit']);
		const intervalHeader = Number(headers['x-ratelimit-interval']);
		if (limitHeader > 0 && intervalHeader > 0) this.setLimit(limitHeader, intervalHeader);

		const state = parameters(headers.ratelimit);
		const remaining = Number(state.r);
		const resetSeconds = Number(state.t);
		if (state.r === undefined || !Number.isFinite(remaining) || !Number.isFinite(resetSeconds))
			return;
		const resetAt = now + resetSeconds * 1000;
		const current = this.report;
		// A report from a new window replaces the old; within one window, only a lower figure
		// counts (answers overtake one another). Requests still in flight may not be in it yet.
		const newWindow = !current || current.resetAt <= now || resetAt > current.resetAt + 1000;
		this.share.observe(remaining, newWindow);
		if (newWindow || remaining <= current.remaining - current.spentSince) {
			this.report = { remaining, resetAt, spentSince: this.inFlight };
		}
	}

	private setLimit(limit: number, windowMs: number): void {
		this.limit = limit;
		this.windowMs = windowMs;
		// A request is counted here when it may go, and at the provider when it arrives, a
		// little later and not always equally later: in a short window that skew is a larger part.
		this.windowMargin = Math.ceil(limit * Math.max(0.05, ARRIVAL_SKEW_MS / windowMs));
		this.reportReserve = Math.min(Math.ceil(limit / 2), Math.max(this.windowMargin, MIN_RESERVE));
	}
}

/**
 * Our part of an account's requests, from the remaining figure its provider reports in each of
 * our answers: each answer is one of ours, and the figure's fall since the lowest one reported
 * before is everyone's (answers overtake one another: a higher figure is an older one). Both are
 * averaged over about the last `1 / SHARE_WEIGHT` answers, so that a process that joins or
 * leaves the account is seen within a few dozen answers.
 */
class AccountShare {
	/** The falls seen so far (answers after the first of a window). */
	falls = 0;

	private lowest?: number;

	/** The figure's average fall per answer of ours: 1 when we are alone on the account. */
	private fallPerAnswer = 1;

	observe(remaining: number, newWindow: boolean): void {
		if (newWindow || this.lowest === undefined) {
			this.lowest = remaining;
			return;
		}
		const fall = Math.min(1 / MIN_SHARE, Math.max(0, this.lowest - remaining));
		this.lowest = Math.min(this.lowest, remaining);
		// The first fall is the first reading; later ones are averaged in.
		this.fallPerAnswer =
			this.falls === 0
				? Math.max(1, fall)
				: this.fallPerAnswer + SHARE_WEIGHT * (fall - this.fallPerAnswer);
		this.falls++;
	}

	/** From `MIN_SHARE` to 1 (alone on the account). */
	ours(): number {
		return this.fallPerAnswer <= 1 ? 1 : Math.max(MIN_SHARE, 1 / this.fallPerAnswer);
	}
}

/** How much each new answer weighs in the share's averages. */
const SHARE_WEIGHT = 0.1;

/** The least share a process assumes: 1 of 128 processes on the account. */
const MIN_SHARE = 1 / 128;

/** `"default";r=10;t=5` → `{ r: '10', t: '5' }` (the first policy of a list). */
function parameters(value: string | undefined): Record<string, string> {
	const result: Record<string, string> = {};
	if (!value) return result;
	const [first] = value.split(',');
	for (const part of first.split(';').slice(1)) {
		const [key, raw] = part.split('=');
		if (key && raw !== undefined) result[key.trim()] = raw.trim();
	}
	return result;
}

/** How much later than it is counted a request may reach the provider (building it, a busy process). */
const ARRIVAL_SKEW_MS = 250;

/** After a 429, the fraction of the window used grows back to the whole over this many windows. */
const RECOVERY_WINDOWS = 10;

/** A 429 that asks to wait at least this fraction of the window says the account's budget is spent. */
const SPENT_WAIT_FRACTION = 0.1;

/**
 * Of the provider's reported remaining, the part a process may have in flight: the requests of
 * several processes that read the same figure together stay within it.
 */
const IN_FLIGHT_FRACTION = 0.1;

/** Kept back of the provider's remaining figure at least: others' last requests on the way. */
const MIN_RESERVE = 8;

/** A wait that ends when one of our requests comes back, not at a time. */
const UNTIL_AN_ANSWER = Infinity;

/** The least fraction of the window a refused process keeps. */
const MIN_WINDOW_FRACTION = 0.05;

/** Budgets by account key (and by route with a budget of its own), shared by every node run in the process. */
const budgets = new Map<string, AccountBudget>();

export function accountBudget(key: string, budget: RequestBudget): AccountBudget {
	let found = budgets.get(key);
	if (!found) {
		forgetIdleBudgets();
		found = new AccountBudget(budget);
		budgets.set(key, found);
	}
	return found;
}

/** Budgets of accounts idle for a while are dropped: memory stays bounded by active accounts. */
export function forgetIdleBudgets(idleMs = 10 * 60_000, now = Date.now()): void {
	for (const [key, budget] of budgets) if (now - budget.lastUsed > idleMs) budgets.delete(key);
}

/**
 * The pace of one node run: its own cap (Max Requests per Second) around the budgets of the
 * accounts it sends to. A budget is named by its account's key, a digest that holds no secret.
 */
export class RunPacing {
	private readonly cap?: ReturnType<typeof requestsPerSecondCap>;

	constructor(
		private readonly providerBudget: RequestBudget,
		maxRequestsPerSecond?: number,
	) {
		if (maxRequestsPerSecond && maxRequestsPerSecond > 0) {
			const burst = Math.max(1, Math.min(10, Math.floor(maxRequestsPerSecond)));
			this.cap = requestsPerSecondCap({ perSecond: maxRequestsPerSecond, burst });
		}
	}

	/** A request's pace: this run's cap, then the account's budget (or `route`'s own). */
	pace(account: string, route?: RouteBudget): RequestPace {
		return countedPace(this.budget(account, route), this.cap);
	}

	/**
	 * Counts the first attempt of a request that may go either way: under the account's budget if
	 * it has room right now, else under `route`'s — once under the run's cap either way. Undefined
	 * when the execution was cancelled first. `guard` wraps the wait (the stop of the run). The
	 * attempt is counted under the pace returned with it: send it with `firstSendCounted`.
	 */
	async chooseRoute(
		account: string,
		route: RouteBudget,
		guard: (pace: RequestPace) => RequestPace,
		signal?: AbortSignal,
	): Promise<{ chosen: 'account' | 'route'; pace: RequestPace } | undefined> {
		// Retries of the chosen request wait under the run's cap; its first attempt is counted once here.
		const accountPace = countedPace(this.budget(account), this.cap);
		const routePace = countedPace(this.budget(account, route), this.cap);
		let chosen: { chosen: 'account' | 'route'; pace: RequestPace } | undefined;
		const choose = async () => {
			if (signal?.aborted) return false;
			if (accountPace.trySendNow()) chosen = { chosen: 'account', pace: accountPace };
			else if (await routePace.waitWithoutCap(signal))
				chosen = { chosen: 'route', pace: routePace };
			return chosen !== undefined;
		};
		const went = await guard({
			waitToSend: async () => await (this.cap ? this.cap(choose, signal) : choose()),
			withdraw: () => chosen?.pace.withdraw(),
			answered: (status, headers) => chosen?.pace.answered(status, headers),
		}).waitToSend(signal);
		return went ? chosen : undefined;
	}

	/** How many more requests the account's budget allows right now. */
	requestsLeftNow(account: string): number {
		return this.budget(account).requestsLeftNow();
	}

	private budget(account: string, route?: RouteBudget): AccountBudget {
		return route
			? accountBudget(`${account}:${route.key}`, route.budget)
			: accountBudget(account, this.providerBudget);
	}
}

/**
 * One request's pace under `budget` (and the run's `cap`): it remembers when its attempt was
 * counted, so that an attempt not sent after all is withdrawn from the log, not left in it.
 */
function countedPace(
	budget: AccountBudget,
	cap?: ReturnType<typeof requestsPerSecondCap>,
): RequestPace & { trySendNow(): boolean; waitWithoutCap(signal?: AbortSignal): Promise<boolean> } {
	let countedAt: number | undefined;
	const wait = async (signal?: AbortSignal) => {
		countedAt = await budget.waitToSend(signal);
		return countedAt !== undefined;
	};
	return {
		waitToSend: async (signal) =>
			cap ? await cap(() => wait(signal), signal) : await wait(signal),
		waitWithoutCap: wait,
		trySendNow: () => {
			const now = Date.now();
			if (!budget.trySendNow(now)) return false;
			countedAt = now;
			return true;
		},
		withdraw: () => {
			if (countedAt !== undefined) budget.withdraw(countedAt);
			countedAt = undefined;
		},
		answered: (statusCode, headers) => {
			countedAt = undefined;
			budget.answered(statusCode, headers);
		},
	};
}

interface Bucket {
	rate: Rate;
	tokens: number;
	updatedAt: number;
}

/** A wait under the account's budget: false when the execution was cancelled first. */
type AccountWait = () => Promise<boolean>;

/**
 * A limiter of one node run's own (Max Requests per Second); it holds no account: the account's
 * budget is still waited for inside it, on every route the run sends through.
 * `next` (the account's wait) runs inside it, one request at a time, so that a wait for the
 * account cannot let the run's requests bunch up past its cap once the account frees.
 */
function requestsPerSecondCap(
	rate: Rate,
): (next: AccountWait, signal?: AbortSignal) => Promise<boolean> {
	const bucket: Bucket = { rate, tokens: rate.burst, updatedAt: Date.now() };
	let queue: Promise<unknown> = Promise.resolve();
	return async (next, signal) => {
		const sent = queue.then(async () => {
			if (!(await take(bucket, signal))) return false;
			const went = await next();
			// The cap counts from when the request left: a wait for the account is not saved up.
			bucket.updatedAt = Date.now();
			return went;
		});
		queue = sent.catch(() => undefined);
		return await sent;
	};
}

/** Takes a token, waiting for one; false when the execution was cancelled first. */
async function take(bucket: Bucket, signal?: AbortSignal): Promise<boolean> {
	const { rate } = bucket;
	for (;;) {
		const now = Date.now();
		bucket.tokens = Math.min(
			rate.burst,
			bucket.tokens + ((now - bucket.updatedAt) * rate.perSecond) / 1000,
		);
		bucket.updatedAt = now;
		if (bucket.tokens >= 1) {
			bucket.tokens -= 1;
			return true;
		}
		const waitMs = Math.max(1, Math.ceil(((1 - bucket.tokens) * 1000) / rate.perSecond));
		if (!(await waitUnlessCancelled(waitMs, signal))) return false;
	}
}

/** `Retry-After` (seconds or an HTTP date), else `X-RateLimit-Reset` (milliseconds). */
export function askedWaitMs(headers: Record<string, string>): number | undefined {
	const retryAfter = headers['retry-after'];
	if (retryAfter !== undefined && retryAfter.trim() !== '') {
		const seconds = Number(retryAfter);
		if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
		const date = Date.parse(retryAfter);
		if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
	}
	const reset = Number(headers['x-ratelimit-reset']);
	if (headers['x-ratelimit-reset'] !== undefined && Number.isFinite(reset))
		return Math.max(0, reset);
	return undefined;
}

/** One listener per execution's cancel signal, however many requests wait on it. */
const cancellations = new WeakMap<AbortSignal, Promise<void>>();

function whenCancelled(signal: AbortSignal): Promise<void> {
	let cancelled = cancellations.get(signal);
	if (!cancelled) {
		cancelled = new Promise((resolve) =>
			signal.addEventListener('abort', () => resolve(), { once: true }),
		);
		cancellations.set(signal, cancelled);
	}
	return cancelled;
}

/**
 * Waits `ms`; false as soon as `signal` says the execution was cancelled. n8n-workflow 2.x's
 * `sleep` takes the signal and clears its timer on it; 1.x's ignores it (its `sleepWithAbort`
 * is gone in 2.x), so the wait ends on the signal's event and leaves that sleep to run out.
 */
export async function waitUnlessCancelled(ms: number, signal?: AbortSignal): Promise<boolean> {
	const slept = sleep(ms, signal);
	// 2.x rejects the sleep when the signal aborts: that is the cancellation, seen below.
	return await untilSettled(
		slept.catch(() => undefined),
		signal,
	);
}

/** Waits until `event` settles; false as soon as `signal` says the execution was cancelled. */
export async function untilSettled(event: Promise<void>, signal?: AbortSignal): Promise<boolean> {
	if (signal?.aborted) return false;
	await Promise.race([event, ...(signal ? [whenCancelled(signal)] : [])]);
	return signal?.aborted !== true;
}

/** The execution's cancel signal; none where requests are sent for the editor (list searches). */
export function cancelSignal(fn: object): AbortSignal | undefined {
	const context = fn as { getExecutionCancelSignal?: () => AbortSignal | undefined };
	return typeof context.getExecutionCancelSignal === 'function'
		? context.getExecutionCancelSignal()
		: undefined;
}
