/**
 * Pacing: how fast requests may go. Each of an account's budgets (its whole window, or one
 * endpoint's) is one object in this process, shared by every node run that uses it (`Budget`);
 * each node run adds its own cap, Max Requests per Second (`RunPacing`). Every wait here ends
 * when the execution is cancelled.
 */
import { sleep } from 'n8n-workflow';

/** A provider's published limit: at most `limit` requests in any `windowMs`. */
export interface RequestBudget {
	limit: number;
	windowMs: number;
}

/** What a response's headers say of a budget, as the provider's profile reads them. */
export interface BudgetHeaders {
	/** The limit and its window, where the provider states them. */
	limit?: number;
	windowMs?: number;
	/** How long the provider asks to wait before the next request. */
	waitMs?: number;
}

/**
 * A rule of the provider's that a budget follows besides its window, such as a figure of what is
 * left for the whole account that every response reports. Made by the provider's profile.
 */
export interface BudgetRule {
	/** How long until one more request may go: 0 now, `UNTIL_AN_ANSWER` when one of ours is answered. */
	waitMs(now: number, inFlight: number): number;
	/** How many more may go right now, where the rule knows. */
	left(now: number): number | undefined;
	/** One of ours was counted, or its count withdrawn (it was not sent after all). */
	counted(change: 1 | -1): void;
	/** One of ours was answered (status 0: no answer came); `inFlight`, ours still on the way. */
	answered(statusCode: number, headers: Record<string, string>, inFlight: number): void;
}

/** One budget a request counts against, by name (`account`, or an endpoint's). */
export interface NamedBudget {
	name: string;
	budget: RequestBudget;
	/** Reads the provider's rate headers for this budget. */
	readHeaders?(headers: Record<string, string>): BudgetHeaders;
	/** The provider's own rule for this budget, made once per account. */
	rule?(): BudgetRule;
}

/** When one request may be sent under the budgets it counts against, and what its answer says of them. */
export interface RequestPace {
	/** Waits until the request may be sent, and counts it; false, with nothing counted, once `signal` says the execution was cancelled. */
	waitToSend(signal?: AbortSignal): Promise<boolean>;
	/** Counts the request if every budget has room right now (the run's cap aside); false, nothing counted, else. */
	trySendNow(): boolean;
	/** `waitToSend` without the run's cap: for a caller that waits under the cap itself. */
	waitWithoutCap(signal?: AbortSignal): Promise<boolean>;
	/** The attempt counted last was not sent after all (a stop, a cancel): it leaves no trace. */
	withdraw(): void;
	/** Every attempt's answer (status 0 when none came): its rate headers, a 429. */
	answered(statusCode: number, headers: Record<string, string>): void;
}

/** A wait that ends when one of our requests comes back, not at a time. */
export const UNTIL_AN_ANSWER = Infinity;

/**
 * One budget as its provider counts it: at most `limit` requests in any `windowMs`. Requests go at
 * once while the window has room — a run that fits in what is left goes at full concurrency — and
 * wait for room when it has none. Our own sends in the last window are a sliding log: within the
 * limit in every window, however the provider places its windows. 5% of the window (25% of a
 * one-second window) is kept back: requests reach the provider a little later than they are
 * counted, not all equally late.
 *
 * A 429 makes every request here wait as long as the provider asks. When that is a good part of
 * the window, the budget is spent, by others too (another process on the account): the fraction
 * of the window this process uses is then halved at least — down to what the provider took from
 * it before refusing — and grows back to the whole over ten windows.
 */
export class Budget {
	private limit = 0;

	private windowMs = 0;

	private windowMargin = 0;

	/** Times of our sends in the last window, oldest first (`start` is the first live one). */
	private readonly sent: number[] = [];

	private start = 0;

	private inFlight = 0;

	/** Wakes the requests that wait for one of ours to come back. */
	private answer?: { arrived: Promise<void>; arrive: () => void };

	private blockedUntil = 0;

	/** After a 429, the fraction of the window this process uses (1: all of it). */
	private windowFraction = 1;

	private windowFractionSetAt = 0;

	lastUsed = Date.now();

	constructor(
		budget: RequestBudget,
		private readonly readHeaders?: NamedBudget['readHeaders'],
		private readonly rule?: BudgetRule,
	) {
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
		this.rule?.counted(1);
		return true;
	}

	/** The request counted at `sentAt` was not sent after all: it leaves the log and the flight. */
	withdraw(sentAt: number): void {
		this.unlog(sentAt);
		this.inFlight = Math.max(0, this.inFlight - 1);
		this.rule?.counted(-1);
		this.wakeWaiters();
	}

	/**
	 * An answer to one of our requests came back: its status and headers teach the budget. A 429
	 * is this budget's when `refusedHere` (a request counted against several budgets: the most
	 * particular one refused it). The request counted at `sentAt` is logged from now on: the
	 * provider counted it when it arrived, some time before its answer and maybe well after it
	 * was counted here, so its place in the window frees a window after the answer.
	 */
	answered(
		statusCode: number,
		headers: Record<string, string>,
		refusedHere = true,
		sentAt?: number,
	): void {
		const now = Date.now();
		this.inFlight = Math.max(0, this.inFlight - 1);
		if (sentAt !== undefined && this.unlog(sentAt)) this.sent.push(now);
		const news = this.readHeaders?.(headers) ?? {};
		if (news.limit && news.limit > 0 && news.windowMs && news.windowMs > 0)
			this.setLimit(news.limit, news.windowMs);
		this.rule?.answered(statusCode, headers, this.inFlight);
		if (statusCode === 429 && refusedHere) this.refused(retryAfterMs(headers) ?? news.waitMs, now);
		this.wakeWaiters();
	}

	/** How many more requests could go right now: for a caller with another way to send. */
	requestsLeftNow(now = Date.now()): number {
		if (this.blockedUntil > now) return 0;
		const left = this.usable(now) - this.inWindow(now);
		return Math.max(0, Math.min(left, Math.floor(this.rule?.left(now) ?? left)));
	}

	/** Takes one send logged at `sentAt` out of the log; false when it has left the window already. */
	private unlog(sentAt: number): boolean {
		for (let k = this.sent.length - 1; k >= this.start; k--) {
			if (this.sent[k] === sentAt) {
				this.sent.splice(k, 1);
				return true;
			}
		}
		return false;
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
		const ruleWait = this.rule?.waitMs(now, this.inFlight) ?? 0;
		if (ruleWait > 0 && ruleWait !== UNTIL_AN_ANSWER) return Math.max(windowWait, ruleWait);
		return windowWait > 0 ? windowWait : ruleWait;
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

	private refused(askedMs: number | undefined, now: number): void {
		this.blockedUntil = Math.max(this.blockedUntil, now + (askedMs ?? 1000));
		// A wait for a good part of the window is the budget spent — by others too; a short one is
		// a passing refusal, waited out and no more.
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

	private setLimit(limit: number, windowMs: number): void {
		this.limit = limit;
		this.windowMs = windowMs;
		// A request is counted here when it may go, and at the provider when it arrives, a
		// little later and not always equally later: in a short window that skew is a larger part.
		this.windowMargin = Math.ceil(limit * Math.max(0.05, ARRIVAL_SKEW_MS / windowMs));
	}
}

/** How much later than it is counted a request may reach the provider (building it, a busy process). */
export const ARRIVAL_SKEW_MS = 250;

/** After a 429, the fraction of the window used grows back to the whole over this many windows. */
const RECOVERY_WINDOWS = 10;

/** A 429 that asks to wait at least this fraction of the window says the budget is spent. */
const SPENT_WAIT_FRACTION = 0.1;

/** The least fraction of the window a refused process keeps. */
const MIN_WINDOW_FRACTION = 0.05;

/** Budgets by account and name, shared by every node run in the process. */
const budgets = new Map<string, Budget>();

function budgetOf(account: string, named: NamedBudget): Budget {
	const key = `${account}:${named.name}`;
	let found = budgets.get(key);
	if (!found) {
		forgetIdleBudgets();
		found = new Budget(named.budget, named.readHeaders, named.rule?.());
		budgets.set(key, found);
	}
	return found;
}

/** Budgets idle for a while are dropped: memory stays bounded by the accounts in use. */
export function forgetIdleBudgets(idleMs = 10 * 60_000, now = Date.now()): void {
	for (const [key, budget] of budgets) if (now - budget.lastUsed > idleMs) budgets.delete(key);
}

/**
 * The pace of one node run: its own cap (Max Requests per Second) around the budgets of the
 * accounts it sends to. An account is named by a digest that holds no secret.
 */
export class RunPacing {
	private readonly cap?: ReturnType<typeof requestsPerSecondCap>;

	constructor(maxRequestsPerSecond?: number) {
		if (maxRequestsPerSecond && maxRequestsPerSecond > 0) {
			const burst = Math.max(1, Math.min(10, Math.floor(maxRequestsPerSecond)));
			this.cap = requestsPerSecondCap({ perSecond: maxRequestsPerSecond, burst });
		}
	}

	/**
	 * One request's pace under this run's cap and the account's budgets it counts against (the
	 * most particular last: a 429 is its).
	 */
	pace(account: string, named: NamedBudget[]): RequestPace {
		return countedPace(
			named.map((one) => budgetOf(account, one)),
			this.cap,
		);
	}

	/** How many more requests a budget of the account allows right now. */
	requestsLeftNow(account: string, named: NamedBudget): number {
		return budgetOf(account, named).requestsLeftNow();
	}
}

/**
 * One request's pace under `budgets` (and the run's `cap`): counted under every budget or none,
 * and it remembers when, so that an attempt not sent after all is withdrawn, not left in the log.
 */
function countedPace(
	budgets: Budget[],
	cap?: ReturnType<typeof requestsPerSecondCap>,
): RequestPace {
	let countedAt: number[] = [];
	const withdraw = () => {
		countedAt.forEach((at, k) => budgets[k].withdraw(at));
		countedAt = [];
	};
	const wait = async (signal?: AbortSignal) => {
		countedAt = [];
		for (const budget of budgets) {
			const at = await budget.waitToSend(signal);
			if (at === undefined) {
				withdraw();
				return false;
			}
			countedAt.push(at);
		}
		return true;
	};
	return {
		waitToSend: async (signal) =>
			cap ? await cap(() => wait(signal), signal) : await wait(signal),
		waitWithoutCap: wait,
		trySendNow: () => {
			const now = Date.now();
			countedAt = [];
			for (const budget of budgets) {
				if (!budget.trySendNow(now)) {
					withdraw();
					return false;
				}
				countedAt.push(now);
			}
			return true;
		},
		withdraw,
		answered: (statusCode, headers) => {
			const sentAt = countedAt;
			countedAt = [];
			budgets.forEach((budget, k) =>
				budget.answered(statusCode, headers, k === budgets.length - 1, sentAt[k]),
			);
		},
	};
}

/** Requests per second a bucket allows on average, and how many may go at once after a pause. */
interface Rate {
	perSecond: number;
	burst: number;
}

interface Bucket {
	rate: Rate;
	tokens: number;
	updatedAt: number;
}

/**
 * A limiter of one node run's own (Max Requests per Second); it holds no account: the account's
 * budgets are still waited for inside it, on every way the run sends.
 * `next` (the account's wait) runs inside it, one request at a time, so that a wait for the
 * account cannot let the run's requests bunch up past its cap once the account frees.
 */
function requestsPerSecondCap(
	rate: Rate,
): (next: () => Promise<boolean>, signal?: AbortSignal) => Promise<boolean> {
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

/** HTTP's `Retry-After`: seconds, or a date. */
export function retryAfterMs(headers: Record<string, string>): number | undefined {
	const retryAfter = headers['retry-after'];
	if (retryAfter === undefined || retryAfter.trim() === '') return undefined;
	const seconds = Number(retryAfter);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(retryAfter);
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
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
async function untilSettled(event: Promise<void>, signal?: AbortSignal): Promise<boolean> {
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
