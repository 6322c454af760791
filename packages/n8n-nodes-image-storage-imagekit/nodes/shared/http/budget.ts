// Generated from nodes/shared/http/budget.ts at the repository's top level by `npm run packages`: edit that file.
import type { Pace, RequestBudget } from '../contracts';
import { askedWaitMs } from './answers';
import { untilSettled, waitUnlessCancelled } from './wait';

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
 * way. So, where the provider reports it, a process has at most a small share of the reported
 * remaining in flight (one request, to learn the figure, before the first report of a window):
 * several processes that start together take a little each and look again, and near the end of
 * the window each has one or two on the way, which the reserve kept back covers.
 *
 * Margins are kept back. Of our own window, 5% (25% of a one-second window): requests reach the
 * provider a little later than their turn, not all equally late. Of the provider's remaining
 * figure, the same and at least `MIN_RESERVE`: other processes' requests on the way.
 *
 * A 429 makes every request here wait as long as the provider asks. When that is a good part of
 * the window, the account's budget is spent, by others too (queue-mode workers on one account):
 * this process's share of the window is then halved at least — down to what the provider took
 * from it before refusing — and grows back to the whole over ten windows.
 */
export class AccountBudget implements Pace {
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

	/** Wakes the requests that wait for one of ours to come back. */
	private answer?: { arrived: Promise<void>; arrive: () => void };

	private blockedUntil = 0;

	private share = 1;

	private shareSetAt = 0;

	lastUsed = Date.now();

	constructor(budget: RequestBudget) {
		this.reported = budget.reportsRemaining === true;
		this.setLimit(budget.limit, budget.windowMs);
	}

	/**
	 * Waits until one more request fits, and counts it as sent; false, with nothing counted, when
	 * `signal` says the execution was cancelled first.
	 */
	async turn(signal?: AbortSignal): Promise<boolean> {
		for (;;) {
			if (this.tryTurn()) return true;
			const waitMs = this.waitMs(Date.now());
			// Every request counted in flight is given back by its answer (or its failure).
			const went =
				waitMs === UNTIL_AN_ANSWER
					? await untilSettled(this.nextAnswer(), signal)
					: await waitUnlessCancelled(Math.max(1, Math.ceil(waitMs)), signal);
			if (!went) return false;
		}
	}

	/** Counts one more request as sent if it fits now, without waiting. */
	tryTurn(now = Date.now()): boolean {
		this.lastUsed = now;
		if (this.waitMs(now) > 0) return false;
		this.sent.push(now);
		this.inFlight++;
		if (this.report) this.report.spentSince++;
		return true;
	}

	/** An answer to one of our requests came back: its status and headers teach the budget. */
	answered(statusCode: number, headers: Record<string, string>): void {
		const now = Date.now();
		this.inFlight = Math.max(0, this.inFlight - 1);
		// An answer without the figure (a proxy that strips it): there is none to follow.
		if (statusCode > 0 && headers.ratelimit === undefined) this.reported = false;
		this.learn(headers, now);
		if (statusCode === 429) this.refused(headers, now);
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
	 * where it does, one until its figure for this window arrives, then a small share of it.
	 */
	private inFlightCap(now: number): number {
		if (!this.reported) return Infinity;
		const report = this.report;
		if (!report || report.resetAt <= now) return 1;
		return Math.max(1, Math.floor((report.remaining - this.reportReserve) * IN_FLIGHT_SHARE));
	}

	/** How many more requests could go right now: for a caller with another way to send. */
	room(now = Date.now()): number {
		if (this.blockedUntil > now) return 0;
		const left = this.usable(now) - this.inWindow(now);
		return Math.max(0, Math.min(left, this.reportedLeft(now) ?? left));
	}

	/** What the provider's last report leaves us, reserve kept; undefined without a live report. */
	private reportedLeft(now: number): number | undefined {
		const report = this.report;
		if (!report || report.resetAt <= now) return undefined;
		return report.remaining - report.spentSince - this.reportReserve;
	}

	private usable(now: number): number {
		return Math.max(1, Math.floor((this.limit - this.windowMargin) * this.currentShare(now)));
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

	/** After a 429 a share of the window, growing back to all of it over `RECOVERY_WINDOWS`. */
	private currentShare(now: number): number {
		if (this.share >= 1) return 1;
		const grown = this.share + (now - this.shareSetAt) / (RECOVERY_WINDOWS * this.windowMs);
		if (grown >= 1) this.share = 1;
		return Math.min(1, grown);
	}

	private refused(headers: Record<string, string>, now: number): void {
		const askedMs = askedWaitMs(headers);
		this.blockedUntil = Math.max(this.blockedUntil, now + (askedMs ?? 1000));
		// A wait for a good part of the window is the account's budget spent — by others too, as
		// queue-mode workers do; a short one is a passing refusal, waited out and no more.
		const budgetSpent = askedMs === undefined || askedMs >= this.windowMs * SPENT_WAIT_SHARE;
		// Once per refusal burst (the requests in flight all meet the same 429): at most half the
		// share, and no more than what the provider took from us in this window before refusing.
		if (budgetSpent && now - this.shareSetAt > 1000) {
			const taken = this.sent.length - this.start - this.inFlight;
			const usable = this.limit - this.windowMargin;
			this.share = Math.max(MIN_SHARE, Math.min(this.currentShare(now) / 2, taken / usable));
			this.shareSetAt = now;
		}
	}

	/**
	 * Cloudflare: `Ratelimit: "default";r=<remaining>;t=<seconds to reset>` and
	 * `Ratelimit-Policy: "default";q=<quota>;w=<window seconds>`. ImageKit: `X-RateLimit-Limit`
	 * per `X-RateLimit-Interval` milliseconds.
	 */
	private learn(headers: Record<string, string>, now: number): void {
		const policy = parameters(headers['ratelimit-policy']);
		const quota = Number(policy.q);
		const windowSeconds = Number(policy.w);
		if (quota > 0 && windowSeconds > 0) this.setLimit(quota, windowSeconds * 1000);
		const imageKitLimit = Number(headers['x-ratelimit-limit']);
		const imageKitInterval = Number(headers['x-ratelimit-interval']);
		if (imageKitLimit > 0 && imageKitInterval > 0) this.setLimit(imageKitLimit, imageKitInterval);

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
		if (newWindow || remaining <= current.remaining - current.spentSince) {
			this.report = { remaining, resetAt, spentSince: this.inFlight };
		}
	}

	private setLimit(limit: number, windowMs: number): void {
		this.limit = limit;
		this.windowMs = windowMs;
		// A request is counted here when its turn comes, and at the provider when it arrives, a
		// little later and not always equally later: in a short window that skew is a larger part.
		this.windowMargin = Math.ceil(limit * Math.max(0.05, ARRIVAL_SKEW_MS / windowMs));
		this.reportReserve = Math.min(Math.ceil(limit / 2), Math.max(this.windowMargin, MIN_RESERVE));
	}
}

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

/** How much later than its turn a request may reach the provider (building it, a busy process). */
const ARRIVAL_SKEW_MS = 250;

/** After a 429, the share of the window grows back to the whole over this many windows. */
const RECOVERY_WINDOWS = 10;

/** A 429 that asks to wait at least this share of the window says the account's budget is spent. */
const SPENT_WAIT_SHARE = 0.1;

/**
 * Of the provider's reported remaining, the share a process may have in flight: the requests of
 * several processes that read the same figure together stay within it.
 */
const IN_FLIGHT_SHARE = 0.1;

/** Kept back of the provider's remaining figure at least: others' last requests on the way. */
const MIN_RESERVE = 8;

/** A wait that ends when one of our requests comes back, not at a time. */
const UNTIL_AN_ANSWER = Infinity;

/** The least share of the window a refused process keeps. */
const MIN_SHARE = 0.05;

/** Budgets by account key (and by Cloudflare batch token), shared by every node run in the process. */
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
