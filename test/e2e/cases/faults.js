// @ts-check
'use strict';
const assert = require('node:assert/strict');

const { PROVIDERS, deleteStep, outputOf, workflow } = require('./common');

/** Items per provider in the fault run; FAULT_ITEMS=1000 for the full-size run. */
const FAULT_ITEMS = Number(process.env.FAULT_ITEMS ?? 300);

/**
 * Faults drawn in order, each with its share of the requests:
 * 10% 503, 5% 429 with Retry-After, 5% lost after the delete, 5% lost before, 2% too slow.
 */
function faultMix(timeoutMs) {
	const mix = [
		{ kind: 'status', status: 503, share: 0.1 },
		{ kind: 'status', status: 429, retryAfter: 1, share: 0.05 },
		{ kind: 'drop-after', share: 0.05 },
		{ kind: 'drop-before', share: 0.05 },
		{ kind: 'slow', delayMs: timeoutMs + 500, share: 0.02 },
	];
	let left = 1;
	const drawn = mix.map(({ share, ...fault }) => {
		const rate = share / left;
		left -= share;
		return { ...fault, rate };
	});
	// Each kind once, first, whatever the draw: a bulk path makes few requests.
	const once = mix.map(({ share: _share, ...fault }) => ({ ...fault, times: 1 }));
	return [...once, ...drawn];
}

/** Deletes under injected faults: each image deleted exactly once, every item `deleted: true`. */
function faultCases() {
	const cases = [];
	for (const p of PROVIDERS) {
		const ids = Array.from({ length: FAULT_ITEMS }, (_, i) => `fault-${i}`);
		cases.push({
			name: `${p.key}: ${FAULT_ITEMS} deletes through 503s, 429s, lost answers and slow answers`,
			seed: p.seed(ids),
			knobs: { faults: faultMix(1000) },
			workflow: workflow(
				`${p.key} faults`,
				ids.map((id) => ({ id })),
				[
					{
						...deleteStep(p, 'Delete', { options: { requestTimeout: 1, maxRetries: 10 } }),
						onError: 'continueRegularOutput',
					},
				],
			),
			check: ({ code, data }, sandbox) => {
				assert.equal(code, 0);
				const out = outputOf(data, 'Delete');
				assert.equal(out.length, FAULT_ITEMS, 'one output per item');
				assert.deepEqual(
					out.filter((item) => item.deleted !== true),
					[],
					'every item deleted: true',
				);
				assert.deepEqual(
					out.map((item) => item.id),
					ids,
					'input order',
				);
				const stats = sandbox.stats();
				assert.deepEqual(p.remaining(sandbox.state()), []);
				assert.equal(stats.deleted, FAULT_ITEMS);
				assert.deepEqual(stats.deletedMoreThanOnce, [], 'each image deleted exactly once');
				assert.ok(stats.faultsInjected >= 5, 'every kind of fault met at least once');
				return `${FAULT_ITEMS} items, ${stats.faultsInjected} faults injected, ${stats.requests} requests, 0 duplicates, 0 lost`;
			},
		});
		cases.push({
			name: `${p.key}: a provider answering 503 forever fails every item clearly, in bounded time`,
			seed: p.seed(ids.slice(0, 20)),
			knobs: { faults: [{ kind: 'status', status: 503, rate: 1 }] },
			workflow: workflow(
				`${p.key} never heals`,
				ids.slice(0, 20).map((id) => ({ id })),
				[
					{
						...deleteStep(p, 'Delete', { options: { maxRetries: 2 } }),
						onError: 'continueRegularOutput',
					},
				],
			),
			check: ({ code, data }, sandbox) => {
				assert.equal(code, 0);
				const out = outputOf(data, 'Delete');
				assert.equal(out.length, 20);
				for (const item of out)
					assert.equal(item.error, `${p.failurePrefix}503 Service Unavailable`);
				assert.equal(p.remaining(sandbox.state()).length, 20);
				const seconds = data.resultData.runData.Delete[0].executionTime / 1000;
				assert.ok(seconds < 60, `finished in ${seconds} s`);
				return `20 items failed in ${seconds.toFixed(1)} s`;
			},
		});
	}
	return cases;
}

module.exports = { faultCases, FAULT_ITEMS };
