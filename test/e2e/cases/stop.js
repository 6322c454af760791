// @ts-check
'use strict';
const assert = require('node:assert/strict');

const { PROVIDERS, deleteStep, outputOf, workflow } = require('./common');

/**
 * On Error = Stop Workflow in real n8n: once an item's failure has reached the node, no request
 * starts (the sandbox's request log, with arrival and answer times, shows it), requests under way
 * finish, and the error in n8n's run data lists in its description the items that were done.
 */
function stopCases() {
	const [leonardo, cloudflare, imagekit] = PROVIDERS;
	return [...[leonardo, cloudflare].map(oneByOneCase), imagekitBatchCase(imagekit)];
}

/** Ids listed on the description's `Their IDs: …` line. */
function describedIds(description) {
	const line = description.split('\n').find((text) => text.startsWith('Their IDs: '));
	return line ? line.slice('Their IDs: '.length).replace(/\.$/, '').split(', ') : [];
}

/** The requests of `lane` that arrived after `known` (ms): none may. */
function startedAfter(sandbox, lane, known) {
	return sandbox.requests(lane).filter((request) => request.startedAt > known);
}

/**
 * 80 deletes, 32 at a time: item 5 is unknown and its answer comes at 0.4 s; the others take
 * 2.5 s. So the first 32 are all under way when the failure arrives, and the others never go.
 * Cloudflare's first two requests go one after the other, to learn what is left of the account's
 * window and how fast it falls (the process's share of the account): there, items 2–33 are the 32
 * under way.
 */
function oneByOneCase(p) {
	const sent = p.key === 'cloudflare' ? 34 : 32;
	const ids = Array.from({ length: 80 }, (_, i) => (i === 5 ? 'stop-gone-5' : `stop-ok-${i}`));
	const seeded = ids.filter((id) => id !== 'stop-gone-5');
	return {
		name: `${p.key}: Stop Workflow — after item 5 fails, no delete starts; those under way finish and the error's description lists them`,
		seed: p.seed(seeded),
		knobs: {
			faults: [
				{ pathIncludes: 'stop-gone-', kind: 'slow', delayMs: 400, rate: 1 },
				{ pathIncludes: 'stop-ok-', kind: 'slow', delayMs: 2500, rate: 1 },
			],
		},
		workflow: workflow(
			`${p.key} stop`,
			ids.map((id) => ({ id })),
			[deleteStep(p, 'Delete')],
		),
		check: ({ code, data }, sandbox) => {
			assert.notEqual(code, 0, 'the workflow failed');
			const { error } = data.resultData;
			assert.equal(error.message, `${p.failurePrefix}${p.notFound}`);
			const deletes = sandbox.requests(p.key).filter((request) => request.method === 'DELETE');
			const failure = deletes.find((request) => request.rawPath.endsWith('/stop-gone-5'));
			assert.ok(failure, 'the failing delete was sent');
			assert.deepEqual(startedAfter(sandbox, p.key, failure.endedAt), [], 'nothing after it');
			assert.equal(deletes.length, sent, 'those under way when the failure was known, no more');
			const remaining = new Set(p.remaining(sandbox.state()));
			const deleted = seeded.filter((id) => !remaining.has(id));
			assert.equal(deleted.length, sent - 1);
			assert.ok(
				error.description.includes(
					`Done before the stop (${sent - 1} of 80 items): items 0–4, 6–${sent - 1}.`,
				),
				error.description,
			);
			assert.deepEqual(describedIds(error.description), deleted);
			assert.deepEqual(outputOf(data, 'Done'), []);
			return `${sent} deletes sent (last arrival ${Math.max(...deletes.map((r) => r.startedAt)) - failure.startedAt} ms after the failing one's, its answer at +${failure.endedAt - failure.startedAt} ms), ${sent - 1} done and listed`;
		},
	};
}

/**
 * 250 deletes in 3 batch calls, all under way at once: the first to arrive is refused (400), the
 * second answers slowly (1.5 s more) and deletes its files, the third meets a 503 whose retry
 * would come after the refusal is known: it is not sent.
 */
function imagekitBatchCase(p) {
	const ids = Array.from({ length: 250 }, (_, i) => `stop-file-${i}`);
	const BATCH = 'deleteByFileIds';
	return {
		name: `${p.key}: Stop Workflow on the batch path — after a refused batch call no call starts, a retry included; the error's description lists the files deleted`,
		seed: p.seed(ids),
		knobs: {
			// Every answer waits 0.3 s: the three calls have all arrived before the refusal leaves.
			latencyMs: 300,
			faults: [
				{ pathIncludes: BATCH, kind: 'status', status: 400, times: 1 },
				{ pathIncludes: BATCH, kind: 'slow', delayMs: 1500, times: 1 },
				{ pathIncludes: BATCH, kind: 'status', status: 503, times: 1 },
			],
		},
		workflow: workflow(
			`${p.key} stop`,
			ids.map((id) => ({ id })),
			[deleteStep(p, 'Delete')],
		),
		check: ({ code, data }, sandbox) => {
			assert.notEqual(code, 0, 'the workflow failed');
			const { error } = data.resultData;
			assert.equal(error.message, `${p.failurePrefix}400 Bad Request`);
			const calls = sandbox.requests(p.key);
			assert.deepEqual(
				calls.map((call) => call.status).sort(),
				[200, 400, 503],
				'three batch calls, no retry',
			);
			const refused = calls.find((call) => call.status === 400);
			assert.deepEqual(startedAfter(sandbox, p.key, refused.endedAt), [], 'nothing after it');
			const remaining = new Set(p.remaining(sandbox.state()));
			const deleted = ids.filter((id) => !remaining.has(id));
			assert.ok(deleted.length === 100 || deleted.length === 50, `${deleted.length} deleted`);
			assert.match(
				error.description,
				new RegExp(`Done before the stop \\(${deleted.length} of 250 items\\)`),
			);
			assert.deepEqual(describedIds(error.description), deleted);
			return `3 batch calls (400, slow 200, 503 not retried), ${deleted.length} files deleted and listed`;
		},
	};
}

module.exports = { stopCases };
