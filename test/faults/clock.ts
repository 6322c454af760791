/**
 * n8n-workflow with a `sleep` the fault scheduler holds: every wait of the node (Delay Before and
 * After, backoff, pacing, polls) becomes an event that happens only when the scheduler releases
 * it, like an answer. Time is virtual: `Date.now` is the real clock plus what released sleeps
 * skipped, so a released sleep finds its deadline come. As n8n-workflow 2.x's own `sleep`, a
 * sleep given a signal rejects with the signal's reason when it aborts (it is then no longer
 * pending); one without a signal waits for its release whatever happens.
 *
 *   jest.mock('n8n-workflow', () => jest.requireActual('./clock').workflowWithHeldSleep());
 */

export interface HeldSleep {
	id: number;
	ms: number;
	/** Virtual time at which it would have ended. */
	deadline: number;
	/** Whether it was given an abort signal (n8n's cancel can end it). */
	withSignal: boolean;
	/** Event number (see `clock.event`) at which it began. */
	since: number;
	release(): void;
}

export const clock = {
	/** Virtual milliseconds added to the real clock. */
	skipped: 0,
	/** Sleeps waiting for their release, in the order they began. */
	pending: [] as HeldSleep[],
	/** Counts everything that happens (requests, sleeps): the scheduler waits for it to stand still. */
	event: 0,
	/** Counts what the node does (requests, sleeps begun or ended by its signal). */
	activity: 0,
	/** When false (outside a scheduled run), sleeps end at once. */
	holding: false,
	/** Sleeps that began, with the event they began at (for the invariants). */
	started: [] as Array<{ ms: number; since: number; withSignal: boolean }>,
	/** Sleeps that a signal ended while they were pending, with the event at which it did. */
	aborted: [] as Array<{ ms: number; at: number }>,
};

/** The last events, in words (for a counterexample's or a diagnosis' story). */
export const recent: string[] = [];

/** Counts one event (and, when the node did it, its activity); returns its number. */
export function tick(label: string, byNode = false): number {
	clock.event++;
	if (byNode) clock.activity++;
	recent.push(`#${clock.event} ${label} @${performance.now().toFixed(1)}`);
	if (recent.length > 12) recent.shift();
	return clock.event;
}

let ids = 0;
const realNow = Date.now.bind(Date);

export function now(): number {
	return realNow() + clock.skipped;
}

/** Moves virtual time on to `deadline` (never back). */
export function advanceTo(deadline: number): void {
	const current = now();
	if (deadline > current) clock.skipped += deadline - current;
}

async function heldSleep(ms: number, signal?: AbortSignal): Promise<void> {
	const since = tick(`sleep ${ms} ms begins`, true);
	clock.started.push({ ms, since, withSignal: signal !== undefined });
	if (signal?.aborted) throw abortReason(signal);
	if (!clock.holding) {
		clock.skipped += Math.max(0, ms);
		return;
	}
	return await new Promise<void>((resolve, reject) => {
		const held: HeldSleep = {
			id: ++ids,
			ms,
			deadline: now() + Math.max(0, ms),
			withSignal: signal !== undefined,
			since,
			release: () => {
				remove();
				signal?.removeEventListener('abort', onAbort);
				advanceTo(held.deadline);
				resolve();
			},
		};
		const remove = () => {
			const index = clock.pending.indexOf(held);
			if (index >= 0) clock.pending.splice(index, 1);
		};
		const onAbort = () => {
			remove();
			tick(`sleep ${ms} ms aborted`, true);
			clock.aborted.push({ ms, at: clock.event });
			reject(abortReason(signal!));
		};
		signal?.addEventListener('abort', onAbort, { once: true });
		clock.pending.push(held);
	});
}

function abortReason(signal: AbortSignal): Error {
	const reason: unknown = signal.reason;
	return reason instanceof Error ? reason : new Error(String(reason ?? 'aborted'));
}

export function workflowWithHeldSleep(): object {
	return { ...jest.requireActual('n8n-workflow'), sleep: jest.fn(heldSleep) };
}

/** Virtual time for everything that reads `Date.now` (the node's pacing, deadlines; the fakes). */
export function useVirtualTime(): void {
	jest.spyOn(Date, 'now').mockImplementation(now);
}

/** A fresh clock for one scheduled run. */
export function resetClock(): void {
	clock.pending.length = 0;
	clock.started.length = 0;
	clock.aborted.length = 0;
	clock.holding = false;
}
