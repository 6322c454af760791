// Review (outside reading): Cloudflare's `Ratelimit` / `Ratelimit-Policy` headers as lists the node
// has not seen. Cloudflare documents them only as "List of service limit items" / "List of quota
// policy items" (developers.cloudflare.com/fundamentals/api/reference/limits, changelog 2025-09-03),
// naming `"default"` and `"burst"` in its examples; which other policies an account lists is not
// documented.
//
// README, In bulk: "its `Ratelimit` headers list several policies: the node follows the account's
// 5-minute window, not the per-second one listed with it" and "Requests go at full speed while the
// account's window has room, and wait for room when it has none … Cloudflare 1,200 per 5 minutes
// (then a 5-minute lockout)".
import nock from 'nock';

import { runWorkflow } from '../harness/engine';
import { CREDENTIALS, cloudflareImage, deleteParameters } from '../harness/providers';
import { chainWorkflow } from '../harness/workflows';

const DELETE = /^\/client\/v4\/accounts\/acc123\/images\/v1\/img\d+$/;
const DONE = { success: true, errors: [], messages: [], result: {} };
const LOCKED = {
	success: false,
	errors: [{ code: 971, message: 'Please wait and consider throttling your request speed' }],
	messages: [],
	result: null,
};

/**
 * One Cloudflare account's 5-minute window as Cloudflare holds it: `left` requests, resetting in
 * `resetSeconds`, then 1,200 again; past it, 429 with Retry-After 300 (the lockout). `headers`
 * words each answer's rate headers from what is left and the seconds to the reset.
 */
function account(
	left: number,
	resetSeconds: number,
	headers: (left: number, reset: number) => Record<string, string>,
) {
	let resetAt = Date.now() + resetSeconds * 1000;
	const seen = { ok: 0, refused: 0, inFlight: 0, peak: 0 };
	nock('https://api.cloudflare.com')
		.delete(DELETE)
		.times(Infinity)
		.reply(async () => {
			const now = Date.now();
			if (now >= resetAt) {
				left = 1200;
				resetAt = now + 300_000;
			}
			const reset = Math.max(1, Math.ceil((resetAt - now) / 1000));
			if (left <= 0) {
				seen.refused++;
				return [429, LOCKED, { ...headers(0, reset), 'Retry-After': '300' }];
			}
			left--;
			seen.peak = Math.max(seen.peak, ++seen.inFlight);
			await new Promise((resolve) => setTimeout(resolve, 20));
			seen.inFlight--;
			seen.ok++;
			return [200, DONE, headers(left, reset)];
		});
	return seen;
}

async function deletes(count: number) {
	return await runWorkflow(
		chainWorkflow(
			Array.from({ length: count }, (_, i) => ({ id: `img${i}` })),
			[
				{
					type: cloudflareImage.node,
					credentialType: cloudflareImage.credentialType,
					onError: 'continueRegularOutput',
					parameters: deleteParameters(cloudflareImage),
				},
			],
		),
		{ credentials: CREDENTIALS },
	);
}

test('control: with only "default" listed, 90 deletes against 80 left (reset in 2 s) wait for the reset: no 429', async () => {
	const seen = account(80, 2, (left, reset) => ({
		Ratelimit: `"default";r=${left};t=${reset}`,
		'Ratelimit-Policy': '"default";q=1200;w=300',
	}));
	const result = await deletes(90);
	expect(seen.refused).toBe(0);
	expect(result.outputs('Node 1')[0].every((item) => item.json.deleted === true)).toBe(true);
});

test('the same account also listing a longer policy ("hour", q=5000 w=3600): the node follows it instead of the 5-minute window, and meets 429s (the 5-minute lockout)', async () => {
	let hourLeft = 4000;
	const seen = account(80, 2, (left, reset) => ({
		Ratelimit: `"default";r=${left};t=${reset}, "hour";r=${--hourLeft};t=3000`,
		'Ratelimit-Policy': '"default";q=1200;w=300, "hour";q=5000;w=3600',
	}));
	const result = await deletes(90);
	// Today: 10 × 429, each item failing with the lockout's message.
	expect(seen.refused).toBe(0);
	expect(result.outputs('Node 1')[0].every((item) => item.json.deleted === true)).toBe(true);
});

test('Ratelimit in another draft\'s form ("limit=1200, remaining=900, reset=200"): the account has room, yet the node sends one delete at a time for the whole run', async () => {
	const seen = account(900, 200, (left, reset) => ({
		Ratelimit: `limit=1200, remaining=${left}, reset=${reset}`,
		'Ratelimit-Policy': '1200;w=300',
	}));
	const result = await deletes(64);
	expect(seen.refused).toBe(0);
	expect(result.outputs('Node 1')[0].every((item) => item.json.deleted === true)).toBe(true);
	// Today: 1 — the node waits for a figure it cannot read, and never sends a second request at once.
	expect(seen.peak).toBeGreaterThan(1);
});

test('Ratelimit listing only the "burst" item (the policy lists both): one delete at a time for the whole run', async () => {
	const seen = account(900, 200, () => ({
		Ratelimit: '"burst";r=190;t=1',
		'Ratelimit-Policy': '"burst";q=200;w=1, "default";q=1200;w=300',
	}));
	await deletes(64);
	expect(seen.refused).toBe(0);
	expect(seen.peak).toBeGreaterThan(1);
});
