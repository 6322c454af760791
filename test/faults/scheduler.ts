/**
 * Runs one workflow through n8n's engine (`runWorkflow`) against a `World`, with every answer
 * and every wait held until the scheduler releases it.
 *
 * The loop: wait until the process is quiescent — every answer released so far has reached the
 * node's HTTP client (its response ended, or its error was raised), and then nothing new (no
 * request, no wait) has happened for `QUIET_TURNS` turns of the event loop and `QUIET_MS` of real
 * time — then, if this is the step chosen for it, cancel the execution as n8n's Stop does; then
 * release ONE held thing: an answer (any of those held, in a generated order) or the wait with
 * the earliest deadline (timers do not overtake each other; answers may overtake them). A
 * released wait moves virtual time to its deadline. The loop ends when n8n's run has ended and
 * nothing is held.
 *
 * So each release is an event the node learns of alone, and a request that arrives after a
 * release was started after the node knew of it: a request "already on the way" (its sending
 * begun) when the node learnt of a failure, or when the execution was cancelled, has reached
 * nock before. The margin is measured (`quietStats`): in these runs the node's next request or
 * wait always came within one idle turn of the event before it; quiescence asks for 30 turns and
 * 2 ms, and a near miss (half of both) fails the file's harness check.
 *
 * One thing runs on real time: the node's Request Timeout (a timer of its own). A timeout fault
 * holds its answer until that timer has surely fired; runs that draw one use a short Request
 * Timeout, so that an answer held long may also be given up by the node (the fake then knows it
 * may have been, see `Arrival.mayBeAbandoned`).
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import nock from 'nock';

import { runWorkflow, type RunResult, type WorkflowJson } from '../harness/engine';
import { resetPacing } from '../harness/pacing';
import { clock, recent, resetClock, tick, type HeldSleep } from './clock';
import type { Arrival, World } from './model';

/** Turns of the event loop without any new event that make the process quiescent. */
const QUIET_TURNS = 30;
/** …and at least this long in real time (so that a 0 ms timer under the node has had its turn). */
const QUIET_MS = 2;
/** Releases at most: a run that needs more is reported as stuck. */
const MAX_STEPS = 6000;

export interface Schedule {
	/** At step s, the release is `eligible[releases[s] % eligible.length]` (oldest first beyond). */
	releases: number[];
	/** Cancel the execution (n8n's Stop) right before this step, if it has not ended by then. */
	cancelAt?: number;
	/** Seeds `Math.random` (the node's backoff jitter), so that a run replays. */
	randomSeed: number;
}

export interface Observation {
	result?: RunResult;
	/** `runWorkflow` itself failed (not the workflow): a harness problem. */
	runError?: unknown;
	/** `clock.event` at which the execution was cancelled. */
	cancelledAt?: number;
	/** Waits still held after the cancel, that the scheduler had to release for the node to go on. */
	sleepsAfterCancel: Array<{ ms: number; since: number }>;
	/** Whether n8n's run had ended when the cancel would have come (then there is none). */
	endedBeforeCancel: boolean;
	steps: number;
	stuck?: string;
	/** What was released, step by step (for a counterexample's story). */
	trace: string[];
}

export async function runScheduled(
	world: World,
	workflow: WorkflowJson,
	credentials: Record<string, ICredentialDataDecryptedObject>,
	schedule: Schedule,
): Promise<Observation> {
	resetPacing();
	resetClock();
	const random = jest.spyOn(Math, 'random').mockImplementation(mulberry32(schedule.randomSeed));
	const scopes = world.serve();
	world.start();
	clock.holding = true;
	const observation: Observation = {
		sleepsAfterCancel: [],
		endedBeforeCancel: false,
		steps: 0,
		trace: [],
	};
	let cancel: (() => void) | undefined;
	let settled = false;
	const running = runWorkflow(workflow, {
		credentials,
		whileRunning: (stop) => (cancel = stop),
	}).then(
		(result) => {
			settled = true;
			observation.trace.push(`#${clock.event} n8n's run ended`);
			observation.result = result;
		},
		(error: unknown) => {
			settled = true;
			observation.runError = error;
		},
	);
	try {
		let idle = 0;
		for (let step = 0; ; ) {
			// (The engine's start — loading, reading binary data — is not watched for near misses.)
			await quiet(world, observation, step > 0);
			if (schedule.cancelAt === step && observation.cancelledAt === undefined) {
				if (settled || !cancel) observation.endedBeforeCancel = true;
				else {
					observation.cancelledAt = tick('cancel');
					observation.trace.push(`#${clock.event} cancel`);
					cancel();
					await quiet(world, observation);
				}
			}
			const held = world.held().sort((a, b) => a.seq - b.seq);
			const earliest = Math.min(...clock.pending.map((sleep) => sleep.deadline));
			const timers = clock.pending.filter((sleep) => sleep.deadline === earliest);
			const cancelled = observation.cancelledAt !== undefined;
			// After a cancel, answers first: a node that stops is never made to look as if it waited.
			const eligible: Array<Arrival | HeldSleep> =
				cancelled && held.length > 0 ? held : [...held, ...timers];
			if (eligible.length === 0) {
				if (settled) break;
				// Nothing held, the run not ended: something runs on real time (none expected).
				if (++idle > 500) {
					observation.stuck = 'the run neither ended nor waited on anything held';
					break;
				}
				await new Promise((resolve) => setTimeout(resolve, 2));
				continue;
			}
			idle = 0;
			if (step >= MAX_STEPS) {
				observation.stuck = `more than ${MAX_STEPS} releases`;
				break;
			}
			const chosen = eligible[(schedule.releases[step] ?? 0) % eligible.length];
			if ('route' in chosen) {
				observation.trace.push(
					`#${clock.event + 1} answer #${chosen.seq} ${chosen.method} ${chosen.origin}${chosen.path.split('?')[0]} [${chosen.fault}]`,
				);
				chosen.release!();
			} else {
				if (cancelled) observation.sleepsAfterCancel.push({ ms: chosen.ms, since: chosen.since });
				observation.trace.push(`#${clock.event + 1} wait of ${chosen.ms} ms ends`);
				tick(`wait of ${chosen.ms} ms ends`);
				chosen.release();
			}
			step++;
			observation.steps = step;
		}
	} finally {
		clock.holding = false;
		// Let anything still held go, so that nothing of this run outlives it.
		for (const sleep of [...clock.pending]) sleep.release();
		for (const arrival of world.held()) arrival.release!();
		await quiet(world, observation);
		if (!settled) await Promise.race([running, new Promise((resolve) => setTimeout(resolve, 200))]);
		world.stopServing();
		for (const scope of scopes) scope.persist(false);
		nock.cleanAll();
		random.mockRestore();
	}
	return observation;
}

/**
 * Near misses of quiescence: the node did something after an idle stretch of at least half of
 * both QUIET_TURNS and QUIET_MS (with the events before it). None is expected: the node's own
 * code waits only with n8n's `sleep` (held here), and the libraries under it (n8n-core, axios,
 * follow-redirects, nock) take at most immediates and 0 ms timers between a decision to send
 * and the request reaching nock. Runs with a short Request Timeout are not watched (the node
 * then acts on a timer of its own, by design).
 */
export const quietStats = { longestTurns: 0, longestMs: 0, nearMisses: [] as string[] };

/**
 * Waits until every released answer has reached the node and then nothing has happened for
 * `QUIET_TURNS` turns of the event loop and `QUIET_MS` real milliseconds.
 */
async function quiet(world: World, observation: Observation, watch = false): Promise<void> {
	let stable = 0;
	const since = performance.now();
	let idleSince = performance.now();
	let activity = clock.activity;
	while (stable < QUIET_TURNS || performance.now() - idleSince < QUIET_MS) {
		const before = clock.event;
		await new Promise((resolve) => setImmediate(resolve));
		if (watch && clock.activity !== activity && world.spec.requestTimeoutMs >= 30_000) {
			const idleMs = performance.now() - idleSince;
			quietStats.longestTurns = Math.max(quietStats.longestTurns, stable);
			quietStats.longestMs = Math.max(quietStats.longestMs, idleMs);
			if (stable >= QUIET_TURNS / 2 && idleMs >= QUIET_MS / 2 && quietStats.nearMisses.length < 5)
				quietStats.nearMisses.push(
					`${stable} turns, ${idleMs.toFixed(1)} ms, then: ${recent.join(' | ')}`,
				);
		}
		activity = clock.activity;
		if (world.undelivered() > 0) {
			stable = 0;
			idleSince = performance.now();
			// nock answers on a 0 ms timer; a timeout fault waits for the node's own timer.
			await new Promise((resolve) => setTimeout(resolve, 1));
			idleSince = performance.now();
			if (performance.now() - since > 15_000) {
				observation.trace.push('an answer released but never taken: given up on');
				for (const arrival of world.arrivals)
					if (arrival.released !== undefined) arrival.done = true;
			}
			continue;
		}
		if (clock.event === before) stable++;
		else {
			stable = 0;
			idleSince = performance.now();
		}
	}
}

function mulberry32(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
