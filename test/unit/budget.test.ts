// The account budget on a virtual clock, where concurrent sleepers wake in time order, against
// a provider that counts fixed windows across all its clients: a supplement to the engine tests
// and the e2e queue-mode check, which run it against the sandbox.
import type { IExecuteFunctions } from 'n8n-workflow';

import { cloudflareImages } from '../../nodes/CloudflareImages/profile';
import { leonardoAi } from '../../nodes/LeonardoAi/profile';
import { imageKit } from '../../nodes/ImageKit/profile';
import { NodeRun } from '../../nodes/shared/item';
import {
	Budget,
	forgetIdleBudgets,
	type NamedBudget,
	type RequestBudget,
	RunPacing,
} from '../../nodes/shared/pacing';
import { StoppedBeforeSending } from '../../nodes/shared/stop';
import type { ProviderProfile } from '../../nodes/shared/transport';

let now = 1_000_000;
const timers: Array<{ at: number; order: number; wake: () => void }> = [];
let order = 0;
const sleep = async (ms: number) =>
	await new Promise<void>((wake) => timers.push({ at: now + ms, order: order++, wake }));
jest.mock('n8n-workflow', () => ({ sleep: jest.fn(async (ms: number) => await sleep(ms)) }));

/** Runs `work` while moving the clock to each next wake-up, until everything has finished. */
async function onVirtualClock(work: Promise<unknown>): Promise<void> {
	let finished = false;
	void work.finally(() => (finished = true));
	while (!finished) {
		for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
		if (timers.length === 0) continue;
		timers.sort((a, b) => a.at - b.at || a.order - b.order);
		const next = timers.shift()!;
		now = Math.max(now, next.at);
		next.wake();
	}
	await work;
}

/** The most requests in any window of `windowMs` (sliding: the strictest way to count). */
function busiestWindow(times: number[], windowMs: number): number {
	const sorted = [...times].sort((a, b) => a - b);
	let most = 0;
	let first = 0;
	for (let last = 0; last < sorted.length; last++) {
		while (sorted[last] - sorted[first] >= windowMs) first++;
		most = Math.max(most, last - first + 1);
	}
	return most;
}

/**
 * A provider that counts fixed windows per account across every client, refuses past the limit
 * with 429 and Retry-After, and (when `reports`) sends Cloudflare's `Ratelimit` headers.
 */
function provider(limit: number, windowMs: number, reports: boolean) {
	let windowStart = now;
	let count = 0;
	const accepted: number[] = [];
	let refused = 0;
	return {
		accepted,
		refused: () => refused,
		receive(): { status: number; headers: Record<string, string> } {
			while (now >= windowStart + windowMs) {
				windowStart += windowMs;
				count = 0;
			}
			count++;
			const resetSeconds = String(Math.ceil((windowStart + windowMs - now) / 1000));
			if (count > limit) {
				refused++;
				return { status: 429, headers: { 'retry-after': resetSeconds } };
			}
			accepted.push(now);
			const headers: Record<string, string> = reports
				? {
						ratelimit: `"default";r=${limit - count};t=${resetSeconds}`,
						'ratelimit-policy': `"default";q=${limit};w=${windowMs / 1000}`,
					}
				: {};
			return { status: 200, headers };
		},
	};
}

/**
 * One process's node run: `concurrency` items in flight, each waiting for the budget, then `latencyMs`
 * on the way (or as `latency` says for each request); a 429 is waited out and the request sent
 * again, as the transport does.
 */
async function process(
	budget: Budget,
	api: ReturnType<typeof provider>,
	requests: number,
	concurrency: number,
	latencyMs = 20,
	latency: (request: number) => number = () => latencyMs,
): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < requests) {
			next++;
			for (;;) {
				await budget.waitToSend();
				const way = latency(next);
				await sleep(way / 2);
				const { status, headers } = api.receive();
				await sleep(way / 2);
				budget.answered(status, headers);
				if (status !== 429) break;
			}
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
}

const LEONARDO: RequestBudget = { limit: 2000, windowMs: 60_000 };

/** A Cloudflare account's budget as the package makes it, published as `window`: with its rule. */
function cloudflareBudget(window: RequestBudget = { limit: 1200, windowMs: 300_000 }): Budget {
	// The account's window is the last (the burst policy's 200 a second comes first).
	const named = cloudflareImages.budgetsFor({ method: 'DELETE', path: '/images/v1/x' }).at(-1)!;
	return new Budget(window, named.readHeaders, named.rule?.());
}

beforeEach(() => {
	jest.spyOn(Date, 'now').mockImplementation(() => now);
	forgetIdleBudgets(-1);
});
afterEach(() => jest.restoreAllMocks());

test('a run that fits in the window goes at full concurrency: 1,000 Leonardo deletes never wait for the budget', async () => {
	const api = provider(2000, 60_000, false);
	const started = now;
	await onVirtualClock(process(new Budget(LEONARDO), api, 1000, 32));
	expect(api.accepted).toHaveLength(1000);
	// 1,000 requests, 32 at a time, 20 ms each: only the requests' own time.
	expect(now - started).toBe(Math.ceil(1000 / 32) * 20);
});

test('a run larger than the window: 5,000 Leonardo deletes, no window past the limit, ≥ 90% of it used', async () => {
	const api = provider(2000, 60_000, false);
	const started = now;
	await onVirtualClock(process(new Budget(LEONARDO), api, 5000, 32));
	expect(api.refused()).toBe(0);
	expect(api.accepted).toHaveLength(5000);
	expect(busiestWindow(api.accepted, 60_000)).toBeLessThanOrEqual(2000);
	// Three windows' worth: the first two full to the margin, the rest at the start of the third.
	const windows = Math.ceil((now - started) / 60_000);
	expect(windows).toBe(3);
	expect(5000 / windows / 2000).toBeGreaterThanOrEqual(0.8);
	expect(busiestWindow(api.accepted, 60_000) / 2000).toBeGreaterThanOrEqual(0.9);
});

test("two runs on one account, one capped at 1/s: together within the account's window, the capped one within its cap", async () => {
	const account = 'account-of-token-1';
	const budget: NamedBudget = { name: 'account', budget: { limit: 100, windowMs: 10_000 } };
	const fast = new RunPacing().pace(account, [budget]);
	const slow = new RunPacing(1).pace(account, [budget]);
	const all: number[] = [];
	const slowSent: number[] = [];
	const worker = async (pace: typeof fast, count: number, log?: number[]) => {
		for (let i = 0; i < count; i++) {
			await pace.waitToSend();
			all.push(now);
			log?.push(now);
			pace.answered(200, {});
		}
	};
	await onVirtualClock(
		Promise.all([
			...Array.from({ length: 8 }, () => worker(fast, 40)),
			...Array.from({ length: 4 }, () => worker(slow, 5, slowSent)),
		]),
	);
	expect(all).toHaveLength(340);
	expect(busiestWindow(all, 10_000)).toBeLessThanOrEqual(100);
	expect(busiestWindow(slowSent, 1000)).toBeLessThanOrEqual(1);
});

test("three processes on one Cloudflare account follow the provider's remaining budget: no 429, every request done", async () => {
	// The published figure says 1,200 per 5 minutes; the account really has 300 per minute, and
	// only the headers say so.
	const api = provider(300, 60_000, true);
	const budgets = [1, 2, 3].map(() => cloudflareBudget());
	await onVirtualClock(Promise.all(budgets.map((budget) => process(budget, api, 400, 32))));
	expect(api.refused()).toBe(0);
	expect(api.accepted).toHaveLength(1200);
});

test('three processes on one Leonardo account (no budget headers): 429s are waited out, bounded, and every request done', async () => {
	const api = provider(500, 10_000, false);
	const budgets = [1, 2, 3].map(() => new Budget({ limit: 500, windowMs: 10_000 }));
	const started = now;
	await onVirtualClock(Promise.all(budgets.map((budget) => process(budget, api, 1000, 32))));
	expect(api.accepted).toHaveLength(3000);
	// Each process meets 429s with what it has in flight, and halves its share: a few bursts.
	expect(api.refused()).toBeLessThan(3 * 32 * 4);
	// The whole took about what the account allows: 3,000 at 500 per 10 s is 6 windows.
	expect((now - started) / 10_000).toBeLessThan(9);
});

test('passing 429s (a one-second Retry-After, 5% of answers) are waited out without shrinking the share', async () => {
	const api = provider(2000, 60_000, false);
	const flaky = {
		...api,
		receive(): { status: number; headers: Record<string, string> } {
			// Every 20th answer refuses for a second, as a busy provider may now and then.
			if (++answers % 20 === 0) return { status: 429, headers: { 'retry-after': '1' } };
			return api.receive();
		},
	};
	let answers = 0;
	const started = now;
	await onVirtualClock(process(new Budget(LEONARDO), flaky, 300, 32));
	expect(api.accepted).toHaveLength(300);
	// About one second per refusal burst, never the rest of a minute's window.
	expect(now - started).toBeLessThan(20_000);
});

describe.each([
	['the window scaled to 60 per 10 s (the queue-mode check)', 60, 10_000, [3, 5]],
	["Cloudflare's own 1,200 per 5 minutes", 1200, 300_000, [3]],
])('%s', (_name, limit, windowMs, counts) => {
	test.each(counts)(
		'%i processes on one Cloudflare account start together, each with a run as large as the window: not one 429, every request done',
		async (processes) => {
			const api = provider(limit, windowMs, true);

			// Each process's requests take their own, varying time on the way (15–45 ms).
			const runs = Array.from({ length: processes }, (_, k) =>
				process(
					cloudflareBudget({ limit, windowMs }),
					api,
					limit,
					32,
					20,
					(n) => 15 + ((n * 7 + k * 11) % 31),
				),
			);
			await onVirtualClock(Promise.all(runs));
			expect(api.refused()).toBe(0);
			expect(api.accepted).toHaveLength(processes * limit);
		},
	);
});

/**
 * A provider like `provider`, whose window already has `spent` requests counted: other processes
 * worked on the account before these start.
 */
function providerWithSpent(limit: number, windowMs: number, spent: number) {
	const api = provider(limit, windowMs, true);
	for (let k = 0; k < spent; k++) api.receive();
	api.accepted.length = 0;
	return api;
}

describe("many processes on one Cloudflare account (1,200 per 5 minutes): each learns its share from how fast the account's figure falls", () => {
	test.each([
		// [processes, requests each, already spent in the window, ms between starts]
		[12, 200, 0, 0],
		[16, 150, 0, 0],
		[16, 50, 900, 0],
		[12, 100, 900, 0],
		[32, 75, 0, 100],
	])(
		'%i processes, %i requests each, %i of the window already spent, starting %i ms apart: not one 429, every request done',
		async (processes, each, spent, stagger) => {
			const api = providerWithSpent(1200, 300_000, spent);
			const runs = Array.from({ length: processes }, async (_, k) => {
				await sleep(k * stagger);
				await process(cloudflareBudget(), api, each, 32, 20, (n) => 15 + ((n * 7 + k * 11) % 91));
			});
			await onVirtualClock(Promise.all(runs));
			expect(api.refused()).toBe(0);
			expect(api.accepted).toHaveLength(processes * each);
		},
		30_000,
	);

	test('alone on the account, a process goes at full concurrency after its first two answers', async () => {
		const api = providerWithSpent(1200, 300_000, 100);
		const budget = cloudflareBudget();
		let inFlight = 0;
		let peak = 0;
		const request = async () => {
			await budget.waitToSend();
			peak = Math.max(peak, ++inFlight);
			await sleep(20);
			const { status, headers } = api.receive();
			inFlight--;
			budget.answered(status, headers);
		};
		// Two in a row: the second answer's figure fell by one, ours.
		await onVirtualClock(request().then(request));
		await onVirtualClock(Promise.all(Array.from({ length: 32 }, request)));
		expect(peak).toBe(32);
	});
});

test('Cloudflare answers that carry no remaining figure (a proxy stripped it): the budget stops waiting for one and goes at full concurrency', () => {
	const budget = cloudflareBudget();
	// Before any answer: one request, to learn the figure.
	expect(budget.trySendNow()).toBe(true);
	expect(budget.trySendNow()).toBe(false);
	budget.answered(200, {});
	const taken = Array.from({ length: 32 }, () => budget.trySendNow()).filter(Boolean).length;
	expect(taken).toBe(32);
});

test('a request that waited for the budget and is then refused by a stop gives its place back: one counted, one withdrawn', async () => {
	const fn = {
		getNode: () => ({ parameters: {} }),
		getNodeParameter: (_name: string, _index: number, fallback: unknown) => fallback,
	} as unknown as IExecuteFunctions;
	const run = new NodeRun(fn, imageKit);
	const slots = { taken: 0, withdrawn: 0, answered: 0 };
	// Another item fails while this request waits for the account's budget.
	const pace = {
		waitToSend: async () => {
			slots.taken++;
			run.stopped = true;
			return true;
		},
		waitWithoutCap: async () => true,
		trySendNow: () => true,
		withdraw: () => {
			slots.withdrawn++;
		},
		answered: () => {
			slots.answered++;
		},
	};
	await expect(run.refuseAfterStop(pace).waitToSend()).rejects.toThrow(StoppedBeforeSending);
	expect(slots).toEqual({ taken: 1, withdrawn: 1, answered: 0 });
});

test("the providers' published windows, as README names them: Leonardo AI 2,000 a minute (1,900 used, 5% kept back) and 100 generation creates a minute, Cloudflare 200 a second and 1,200 per 5 minutes", () => {
	const budgetsOf = (profile: ProviderProfile, method: 'GET' | 'POST', path: string) =>
		profile.budgetsFor({ method, path }).map(({ budget }) => budget);
	expect(budgetsOf(leonardoAi, 'GET', '/me')).toEqual([{ limit: 2000, windowMs: 60_000 }]);
	// docs.leonardo.ai, API limits: "Create a Generation, /v1/generations: 100 per minute".
	expect(budgetsOf(leonardoAi, 'POST', '/generations')).toEqual([
		{ limit: 2000, windowMs: 60_000 },
		{ limit: 100, windowMs: 60_000 },
	]);
	// developers.cloudflare.com/fundamentals/api/reference/limits: "Client API per IP | 200/second"
	// beside "Client API per user/account token | 1200/5 minutes".
	expect(budgetsOf(cloudflareImages, 'GET', '/images/v1/x')).toEqual([
		{ limit: 200, windowMs: 1000 },
		{ limit: 1200, windowMs: 300_000 },
	]);
	const leonardo = new Budget({ limit: 2000, windowMs: 60_000 });
	let taken = 0;
	while (taken < 5000 && leonardo.trySendNow()) taken++;
	expect(taken).toBe(1900);
});

describe("the providers' own rules, as their profiles pace them (sources: sandbox/RULES.md)", () => {
	test('Leonardo AI: 100 generation creates a minute beside 2,000 requests a minute (docs.leonardo.ai/v1.0/reference/limits, "Create a Generation … /v1/generations … 100 per minute"): 300 creates and 300 deletes started together, not one 429, the deletes at their own pace', async () => {
		const account = 'leonardo-account';
		const creates = leonardoAi.budgetsFor({ method: 'POST', path: '/generations' });
		const deletes = leonardoAi.budgetsFor({ method: 'DELETE', path: '/generations/g' });
		const allApi = provider(2000, 60_000, false);
		const createApi = provider(100, 60_000, false);
		const started = now;
		const deletedAt: number[] = [];
		const createdAt: number[] = [];
		const send = async (named: NamedBudget[], log: number[], isCreate: boolean) => {
			const pace = new RunPacing().pace(account, named);
			for (;;) {
				await pace.waitToSend();
				await sleep(10);
				// The provider counts a create in both of its limits.
				const answer = isCreate ? createApi.receive() : allApi.receive();
				if (isCreate && answer.status !== 429) allApi.receive();
				await sleep(10);
				pace.answered(answer.status, answer.headers);
				if (answer.status !== 429) break;
			}
			log.push(now);
		};
		const many = (count: number, named: NamedBudget[], log: number[], isCreate: boolean) =>
			Array.from({ length: count }, () => send(named, log, isCreate));
		await onVirtualClock(
			Promise.all([
				...many(300, creates, createdAt, true),
				...many(300, deletes, deletedAt, false),
			]),
		);
		expect(createApi.refused() + allApi.refused()).toBe(0);
		expect(createdAt).toHaveLength(300);
		expect(busiestWindow(createdAt, 60_000)).toBeLessThanOrEqual(100);
		// The deletes did not wait for the creates' window: all within the first second.
		expect(Math.max(...deletedAt) - started).toBeLessThan(1000);
		// The creates took the windows they need: 300 at 95 a minute (5% kept back) is 3 windows and a bit.
		expect((Math.max(...createdAt) - started) / 60_000).toBeGreaterThan(3);
	});

	test('Cloudflare: Ratelimit-Policy is a list; the account budget follows the policy with the longest window and the Ratelimit item of its name, not the first listed (developers.cloudflare.com/fundamentals/api/reference/limits)', () => {
		const budget = cloudflareBudget();
		const both = {
			ratelimit: '"default";r=1100;t=200',
			'ratelimit-policy': '"burst";q=200;w=1, "default";q=1200;w=300',
		};
		expect(budget.trySendNow()).toBe(true);
		budget.answered(200, both);
		// What is left of the 5-minute window, less the 60 kept back; not the burst policy's 200.
		expect(budget.requestsLeftNow()).toBe(1100 - 60);
		// A refusal by the burst policy reports the burst item only: the account's figure stands.
		expect(budget.trySendNow()).toBe(true);
		budget.answered(429, {
			ratelimit: '"burst";r=0;t=1',
			'ratelimit-policy': '"burst";q=200;w=1, "default";q=1200;w=300',
			'retry-after': '1',
		});
		now += 1000;
		expect(budget.requestsLeftNow()).toBeGreaterThan(1000);
	});

	test('ImageKit: every endpoint has its own limits, told by its own X-RateLimit-* headers (ImageKit docs, rate limits: "Every endpoint can have different limits"): a purge refused for a minute holds back no delete', () => {
		const budgetOf = (method: 'GET' | 'POST' | 'DELETE', path: string, host?: string) =>
			imageKit.budgetsFor({ method, path, host });
		const purge = budgetOf('POST', '/v1/files/purge');
		const remove = budgetOf('DELETE', '/v1/files/f1');
		expect(
			new Set(
				[
					purge,
					remove,
					budgetOf('GET', '/v1/files/f1/details'),
					budgetOf('POST', '/v1/files/batch/deleteByFileIds'),
					budgetOf('GET', '/v1/files/purge/r1'),
					budgetOf('GET', '/v1/files'),
				].map(([named]) => named.name),
			).size,
		).toBe(6);
		// "Except for upload API, all our APIs are rate-limited."
		expect(budgetOf('POST', '/api/v1/files/upload', 'upload')).toEqual([]);
		const pacing = new RunPacing();
		const purgePace = pacing.pace('ik-account', purge);
		expect(purgePace.trySendNow()).toBe(true);
		purgePace.answered(429, {
			'x-ratelimit-limit': '10',
			'x-ratelimit-interval': '1000',
			'x-ratelimit-reset': '60000',
		});
		expect(pacing.requestsLeftNow('ik-account', purge[0])).toBe(0);
		expect(pacing.requestsLeftNow('ik-account', remove[0])).toBeGreaterThan(0);
	});
});
