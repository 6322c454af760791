// One budget per provider account, whatever each node run caps itself at: a supplement on the
// pacer alone, on a virtual clock where concurrent sleepers wake in order, as they would.
import type { IExecuteFunctions } from 'n8n-workflow';

import { NodeRun } from '../../nodes/shared/engine/NodeRun';
import { forgetIdleBuckets } from '../../nodes/shared/http/pacing';

let now = 1_000_000;
const timers: Array<{ at: number; wake: () => void }> = [];
jest.mock('n8n-workflow', () => ({
	sleep: jest.fn(
		async (ms: number) => await new Promise<void>((wake) => timers.push({ at: now + ms, wake })),
	),
}));

/** Runs `work` while moving the clock to each next wake-up, until everything has finished. */
async function onVirtualClock(work: Promise<unknown>): Promise<void> {
	let finished = false;
	void work.finally(() => (finished = true));
	while (!finished) {
		for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
		if (timers.length === 0) continue;
		timers.sort((a, b) => a.at - b.at);
		const next = timers.shift()!;
		now = Math.max(now, next.at);
		next.wake();
	}
	await work;
}

/** How far the busiest stretch of `sent` goes past `burst + rate × t` (0 or less: within it). */
function excess(sent: number[], rate: { perSecond: number; burst: number }): number {
	const sorted = [...sent].sort((a, b) => a - b);
	let worst = -Infinity;
	for (let first = 0; first < sorted.length; first++) {
		for (let last = first; last < sorted.length; last++) {
			const allowed = rate.burst + (rate.perSecond * (sorted[last] - sorted[first])) / 1000 + 1;
			worst = Math.max(worst, last - first + 1 - allowed);
		}
	}
	return worst;
}

const provider = {
	credentialType: 'cloudflareImagesApi',
	secretFields: ['apiToken'],
	baseUrl: () => 'https://api.cloudflare.com/client/v4/accounts/a',
	verifyRequest: () => ({ method: 'GET' as const, path: '/' }),
	errorMessage: () => undefined,
	concurrency: 16,
	rate: { perSecond: 3.9, burst: 10 },
};

beforeEach(() => {
	jest.spyOn(Date, 'now').mockImplementation(() => now);
	forgetIdleBuckets(-1);
});
afterEach(() => jest.restoreAllMocks());

test('a run capped at 1/s and an uncapped run on one account never pass the account budget together', async () => {
	const fn = {} as IExecuteFunctions;
	const credentials = { apiToken: 'token-1' };
	const fast = new NodeRun(fn, provider).pacer(credentials);
	const slow = new NodeRun(fn, provider, undefined, 1).pacer(credentials);
	const all: number[] = [];
	const slowSent: number[] = [];
	// Each run with several items in flight, as the item loop has them.
	const worker = async (pace: () => Promise<void>, count: number, log?: number[]) => {
		for (let i = 0; i < count; i++) {
			await pace();
			all.push(now);
			log?.push(now);
		}
	};
	const started = now;
	await onVirtualClock(
		Promise.all([
			...Array.from({ length: 8 }, () => worker(fast, 8)),
			...Array.from({ length: 8 }, () => worker(slow, 2, slowSent)),
		]),
	);
	expect(all).toHaveLength(80);
	// In no stretch of time do the two runs together send more than the account allows…
	expect(excess(all, provider.rate)).toBeLessThanOrEqual(0);
	// …the capped run keeps to its own cap…
	expect(excess(slowSent, { perSecond: 1, burst: 1 })).toBeLessThanOrEqual(0);
	// …and the whole took about what the account's budget needs: (80 - 10) / 3.9 s.
	expect((now - started) / 1000).toBeGreaterThan(17);
});
