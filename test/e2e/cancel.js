// @ts-check
'use strict';
/**
 * n8n's own Stop, in a real `n8n start`: a workflow is run as the editor runs it
 * (`POST /rest/workflows/:id/run`, whose answer holds the execution's id) and stopped as the
 * editor's Stop button stops it (`POST /rest/executions/:id/stop`), in the middle of
 *   (a) a Cloudflare Images bulk delete of 600 items with the batch host in use — the account's
 *       global window scaled down, so that only its `Ratelimit` headers tell the real budget and
 *       the run does not fit in what is left of it: a batch token, then both routes at once —
 *       under On Error = Stop Workflow and under Continue (using error output), as the examples;
 *   (b) a Leonardo AI generation Create with Wait for Completion, on a generation that never
 *       finishes: polled every 0.2 s (stopped between polls), and at the default 5 s (stopped in
 *       the middle of the wait).
 * Each must send nothing more once the Stop is answered (README: "A cancelled execution stops
 * waiting at once and sends nothing more"), its node's run must end (n8n's log), and n8n's
 * executions API must report the execution `canceled`.
 *
 * "After the Stop was answered" is read on one clock: the sandbox runs in this process, so the
 * time it stamps on a request's arrival (`startedAt`, Date.now() when its headers are parsed) and
 * the time this process has read the Stop's answer are the same Date.now(). n8n aborts the
 * execution before it writes the cancel to its database and answers, so a request it had under
 * way is in the sandbox's socket before the answer is in ours; what is left is the order in which
 * this process's event loop reads two sockets that became readable together — a few ms, covered
 * by TOLERANCE_MS. A request later than that was started after n8n had cancelled the execution.
 * Those that arrive while n8n handles the Stop (between its sending and its answer) are counted
 * and printed, not failed: n8n's abort falls somewhere in that time and this process cannot see
 * where.
 *
 * Every answer of the sandbox comes LATENCY_MS late, about a real API's round trip: with none,
 * the work a node does after a Stop crowds into the time n8n takes to answer it (0.1–0.5 s here)
 * and the check would see less of it.
 */
const { mkdirSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const { createSandbox } = require('../../sandbox/server');
const { sandboxCredentials: credentials, PROVIDERS } = require('../fixtures/providers');
const { chainWorkflow, manualItems } = require('../fixtures/workflows');
const { N8nInstance, stopProcess } = require('./n8n');
const { ownerHeaders, listExecutions } = require('./queue');

const [LEONARDO, CLOUDFLARE] = PROVIDERS;

/** A request that arrives at the sandbox later than this after the Stop's answer was sent after it. */
const TOLERANCE_MS = 25;
/**
 * After the Stop the sandbox is watched at least `min`, until n8n's log says the node's run ended
 * and nothing has arrived for `quiet`; at most `max` (a node still running then fails the check).
 */
const WATCH_MS = { min: 3000, quiet: 1500, max: 20_000 };

/** (a): more than the scaled global window has room for, so that the batch host takes the rest. */
const BULK_ITEMS = 600;
/** Cloudflare's global window, scaled down: 60 a minute instead of 1,200 per 5 minutes. */
const CLOUDFLARE_WINDOW = { limit: 60, windowMs: 60_000, lockoutMs: 300_000 };
/** The Stop goes once the batch host has received this many deletes: well before the end. */
const STOP_AFTER_BATCH = 40;
/** Each answer about a real API's round trip late: requests are under way when the Stop comes. */
const LATENCY_MS = 100;

/**
 * (b): the generation stays PENDING. Polled every 0.2 s, the Stop goes after this many polls; at
 * the default interval (5 s), 0.5 s after the first poll, in the middle of the wait.
 */
const POLL_INTERVAL_S = 0.2;
const STOP_AFTER_POLLS = 3;

const credentialOf = (/** @type {any} */ row) => row.sandbox.credential;

/** The bulk delete in each On Error mode: Stop Workflow (the default) and the examples' error output. */
const bulkFlows = /** @type {const} */ (['stopWorkflow', 'continueErrorOutput']).map((onError, k) =>
	chainWorkflow({
		id: `e2eCancelBulk000${k + 1}`,
		name: `cancel: Cloudflare bulk delete (${onError})`,
		head: manualItems(Array.from({ length: BULK_ITEMS }, (_, i) => ({ id: `cancel-${i}` }))),
		chain: [
			{
				name: 'Delete',
				node: CLOUDFLARE.node,
				credential: credentialOf(CLOUDFLARE),
				onError,
				parameters: {
					resource: 'image',
					operation: 'delete',
					imageId: '={{ $json.id }}',
					options: {},
				},
			},
		],
		success: { name: 'Done', type: 'n8n-nodes-base.noOp' },
		errors: { name: 'Errors', type: 'n8n-nodes-base.noOp' },
	}),
);

/** The generation's wait: polled every 0.2 s, and at the default interval (5 s). */
const generationFlows = [POLL_INTERVAL_S, 5].map((pollInterval, k) =>
	chainWorkflow({
		id: `e2eCancelWait000${k + 1}`,
		name: `cancel: Leonardo generation, waiting (polls every ${pollInterval} s)`,
		head: manualItems([{ prompt: 'a lighthouse at dusk' }]),
		chain: [
			{
				name: 'Generate',
				node: LEONARDO.node,
				credential: credentialOf(LEONARDO),
				parameters: {
					resource: 'generation',
					operation: 'create',
					prompt: '={{ $json.prompt }}',
					options: { waitForCompletion: true, pollInterval, timeout: 300 },
				},
			},
		],
	}),
);

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));
const stripColours = (/** @type {string} */ text) => text.replace(/\x1b\[[0-9;]*m/g, '');

/** n8n's REST API with the owner's session; the answer's `data`. */
async function rest(base, headers, method, route, body) {
	const response = await fetch(`${base}/rest${route}`, {
		method,
		headers: { ...headers, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
		signal: AbortSignal.timeout(30_000),
	});
	const text = await response.text();
	if (!response.ok)
		throw new Error(`${method} /rest${route}: ${response.status} ${text.slice(0, 500)}`);
	return JSON.parse(text).data;
}

/**
 * Runs the stored workflow as the editor's "Execute workflow" does, from its Manual Trigger; the
 * answer holds the execution's id. n8n 2 reads the workflow from its database and n8n 1 takes it
 * from the body (`workflowData`): both get it.
 */
async function runManually(base, headers, workflowId) {
	const workflowData = await rest(base, headers, 'GET', `/workflows/${workflowId}`);
	const started = await rest(base, headers, 'POST', `/workflows/${workflowId}/run`, {
		workflowData,
		triggerToStartFrom: { name: 'Start' },
	});
	if (!started?.executionId)
		throw new Error(`the manual run gave no execution id: ${JSON.stringify(started)}`);
	return String(started.executionId);
}

/**
 * n8n 1.123 says it is ready (`/healthz/readiness`) a moment before its REST routes are mounted
 * (`POST /rest/owner/setup` answers 404 then): waits until they answer.
 */
async function restReady(base, timeoutMs = 60_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const response = await fetch(`${base}/rest/settings`).catch(() => undefined);
		if (response?.ok) return;
		if (Date.now() > deadline)
			throw new Error(`n8n's REST API did not answer within ${timeoutMs / 1000} s`);
		await sleep(250);
	}
}

/** The execution as n8n's executions API tells it. */
async function executionOf(base, headers, id) {
	const { status, finished, mode, stoppedAt } = await rest(
		base,
		headers,
		'GET',
		`/executions/${id}`,
	);
	return { status, finished, mode, stoppedAt };
}

/** Waits until `ready()`; fails when the execution ended first (a Stop then proves nothing). */
async function waitFor(what, ready, { base, headers, executionId, timeoutMs = 60_000 }) {
	const deadline = Date.now() + timeoutMs;
	let checkedAt = Date.now();
	while (!ready()) {
		if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
		if (Date.now() - checkedAt > 1000) {
			checkedAt = Date.now();
			const { status } = await executionOf(base, headers, executionId);
			if (!['new', 'running', 'waiting', 'unknown'].includes(status))
				throw new Error(`${what}: the execution ended first (${status})`);
		}
		await sleep(5);
	}
}

/**
 * When n8n's log (text format, debug level) says the node's run ended — `Running node "<node>"
 * finished …` for this workflow — after `from` (an offset in the log): the time the line carries
 * (n8n's clock is this machine's), or undefined while it has not.
 */
function nodeEndedAt(log, from, node, workflowId, near) {
	const line = stripColours(log.slice(from))
		.split('\n')
		.find(
			(text) =>
				text.includes(`Running node "${node}" finished`) &&
				text.includes(`"workflowId": "${workflowId}"`),
		);
	const time = line && /^(\d\d):(\d\d):(\d\d)\.(\d{3})/.exec(line.trim());
	if (!time) return line ? near : undefined;
	const at = new Date(near);
	at.setHours(Number(time[1]), Number(time[2]), Number(time[3]), Number(time[4]));
	// A run across midnight: the nearest day.
	const day = 24 * 3600_000;
	const ms = at.getTime();
	return [ms - day, ms, ms + day].reduce((a, b) =>
		Math.abs(b - near) < Math.abs(a - near) ? b : a,
	);
}

/**
 * Sends n8n's Stop, as the editor's Stop button does, then watches the sandbox: at least
 * WATCH_MS.min, until the node's run has ended (n8n's log) and the sandbox has heard nothing for
 * WATCH_MS.quiet, at most WATCH_MS.max. Times are this process's Date.now(), the sandbox's clock.
 */
async function stopAndWatch({ base, headers, server, sandbox }, executionId, flow, node) {
	const logFrom = server.log().length;
	const sentAt = Date.now();
	const answer = await rest(base, headers, 'POST', `/executions/${executionId}/stop`, {});
	const answeredAt = Date.now();
	let endedAt;
	for (;;) {
		await sleep(50);
		const now = Date.now();
		endedAt ??= nodeEndedAt(server.log(), logFrom, node, flow.id, now);
		const lastArrival = sandbox.requests().reduce((last, r) => Math.max(last, r.startedAt), 0);
		if (now - answeredAt >= WATCH_MS.max) break;
		if (
			endedAt !== undefined &&
			now - answeredAt >= WATCH_MS.min &&
			now - lastArrival >= WATCH_MS.quiet
		)
			break;
	}
	const log = stripColours(server.log().slice(logFrom));
	return { sentAt, answeredAt, endedAt, watchedMs: Date.now() - answeredAt, answer, log };
}

/**
 * What the sandbox received, split by the Stop: before it was sent, while n8n handled it (to its
 * answer, plus the tolerance), and after — with how late those came.
 */
function splitByStop(requests, { sentAt, answeredAt }) {
	const before = requests.filter((r) => r.startedAt < sentAt);
	const during = requests.filter(
		(r) => r.startedAt >= sentAt && r.startedAt <= answeredAt + TOLERANCE_MS,
	);
	const after = requests.filter((r) => r.startedAt > answeredAt + TOLERANCE_MS);
	const lateness = after.map((r) => r.startedAt - answeredAt);
	return {
		before,
		during,
		after,
		over250: lateness.filter((ms) => ms > 250).length,
		latestMs: lateness.length ? Math.max(...lateness) : undefined,
	};
}

const laneNames = { cloudflare: 'global', cloudflareBatch: 'batch host' };
const byLane = (/** @type {any[]} */ list) => {
	const counts = new Map();
	for (const r of list) counts.set(r.provider, (counts.get(r.provider) ?? 0) + 1);
	return [...counts].map(([lane, n]) => `${n} ${laneNames[lane] ?? lane}`).join(' + ') || '0';
};

/**
 * What tells why: the sandbox's requests around the Stop in 50 ms slices (times from its answer),
 * the first late ones one by one, and n8n's own lines about the cancel and the node's end.
 */
function explain(requests, stop, split) {
	const from = stop.sentAt - 100;
	const slices = new Map();
	for (const r of requests.filter((entry) => entry.startedAt >= from)) {
		const slice = Math.floor((r.startedAt - stop.answeredAt) / 50) * 50;
		slices.set(slice, [...(slices.get(slice) ?? []), r]);
	}
	const sliceLines = [...slices]
		.sort(([a], [b]) => a - b)
		.map(([slice, list]) => `    ${slice >= 0 ? '+' : ''}${slice} ms: ${byLane(list)}`);
	const late = split.after
		.slice(0, 15)
		.map(
			(r) =>
				`    +${r.startedAt - stop.answeredAt} ms  ${r.provider} ${r.method} ${r.rawPath} → ${r.status}`,
		);
	const n8nLines = stop.log
		.split('\n')
		.filter((line) =>
			/Cancelling execution|Execution cancelled|Execution removed|Running node .* finished|Workflow execution finished|Skipped saving|Save execution data/.test(
				line,
			),
		)
		.map((line) => `    ${line.trim().slice(0, 220)}`);
	return [
		`  the Stop was sent ${stop.answeredAt - stop.sentAt} ms before n8n answered it (${JSON.stringify(stop.answer)}); the sandbox's requests from 100 ms before it was sent, in 50 ms slices from its answer:`,
		...sliceLines,
		...(late.length ? ['  the first requests after the answer:', ...late] : []),
		"  n8n's log after the Stop:",
		...n8nLines,
	].join('\n');
}

/**
 * One scenario: reset the sandbox, run the workflow, Stop it when `ready`, watch, read the
 * execution back. Returns its figures and what it broke (empty when it kept every promise).
 */
async function scenario(context, { label, flow, node, lanes, reset, ready, readyWhat, check }) {
	const { base, headers, sandbox } = context;
	sandbox.reset(reset);
	const begun = Date.now();
	const executionId = await runManually(base, headers, flow.id);
	await waitFor(readyWhat, () => ready(sandbox), { base, headers, executionId });
	const stop = await stopAndWatch(context, executionId, flow, node);
	const execution = await executionOf(base, headers, executionId);
	const requests = sandbox.requests().filter((r) => lanes.includes(r.provider));
	const split = splitByStop(requests, stop);
	const latest = split.latestMs === undefined ? '' : `, the last +${split.latestMs} ms`;
	const ended =
		stop.endedAt === undefined
			? `node still running ${(stop.watchedMs / 1000).toFixed(1)} s after`
			: `node ended ${stop.endedAt - stop.answeredAt >= 0 ? '+' : ''}${stop.endedAt - stop.answeredAt} ms`;
	const figures = `${label}: stopped at ${byLane(split.before)} requests, answered in ${stop.answeredAt - stop.sentAt} ms (${byLane(split.during)} meanwhile), after the answer ${byLane(split.after)} (${split.over250} > 250 ms${latest}), ${ended}, ${check.figures(sandbox, split, stop)}, execution ${execution.status} (${((Date.now() - begun) / 1000).toFixed(1)} s)`;
	const broken = [
		...check.preconditions(sandbox, split, stop),
		...(split.after.length > 0
			? [
					`${split.after.length} request(s) reached the sandbox more than ${TOLERANCE_MS} ms after n8n answered the Stop`,
				]
			: []),
		...(execution.status === 'canceled'
			? []
			: [`the execution ended ${execution.status}, not canceled (${JSON.stringify(execution)})`]),
		...(stop.endedAt === undefined
			? [
					`the node was still running ${WATCH_MS.max / 1000} s after the Stop (n8n's log: no "Running node "${node}" finished")`,
				]
			: []),
	];
	return {
		figures,
		broken: broken.length
			? [
					`${label} (execution ${executionId}): ${broken.join('; ')}\n  ${figures}\n${explain(requests, stop, split)}`,
				]
			: [],
	};
}

const SCENARIOS = [
	...bulkFlows.map((flow) => {
		const onError = flow.nodes.find((entry) => entry.name === 'Delete')?.onError;
		return {
			label: `Cloudflare, ${BULK_ITEMS} deletes (${onError})`,
			flow,
			node: 'Delete',
			lanes: ['cloudflare', 'cloudflareBatch'],
			reset: {
				seed: CLOUDFLARE.sandbox.seed(Array.from({ length: BULK_ITEMS }, (_, i) => `cancel-${i}`)),
				knobs: { latencyMs: LATENCY_MS, rateLimits: { cloudflare: CLOUDFLARE_WINDOW } },
			},
			readyWhat: `the batch host receives ${STOP_AFTER_BATCH} deletes`,
			ready: (/** @type {any} */ sandbox) =>
				sandbox.requests('cloudflareBatch').length >= STOP_AFTER_BATCH,
			check: {
				figures: (sandbox) => `${sandbox.stats().deleted} of ${BULK_ITEMS} deleted`,
				// The scenario meant what it says: the batch host in use, the Stop mid-run.
				preconditions: (sandbox, split) => [
					...(split.before.some((r) => r.provider === 'cloudflareBatch')
						? []
						: ['the batch host was not in use before the Stop']),
					...(sandbox.stats().deleted < BULK_ITEMS
						? []
						: ['every image was deleted: the Stop came too late to tell']),
				],
			},
		};
	}),
	// Between two polls; then 0.5 s into the default interval's wait (5 s), long after its poll.
	...generationFlows.map((flow, k) => {
		const pollInterval = flow.nodes.find((entry) => entry.name === 'Generate')?.parameters.options
			.pollInterval;
		const stopAfterPolls = k === 0 ? STOP_AFTER_POLLS : 1;
		return {
			label: `Leonardo, a generation created and polled every ${pollInterval} s`,
			flow,
			node: 'Generate',
			lanes: ['leonardo'],
			reset: { knobs: { generationPolls: 1_000_000, latencyMs: LATENCY_MS } },
			readyWhat: `${stopAfterPolls} poll(s) of the generation`,
			ready: (/** @type {any} */ sandbox) => {
				const done = polls(sandbox);
				if (done.length < stopAfterPolls) return false;
				return k === 0 || Date.now() - done[done.length - 1].startedAt >= 500;
			},
			check: {
				figures: (sandbox, _split, stop) =>
					`${polls(sandbox).filter((r) => r.startedAt < stop.sentAt).length} poll(s) before the Stop`,
				preconditions: (sandbox) => {
					const creates = sandbox.requests('leonardo').filter((r) => r.method === 'POST').length;
					return creates === 1 ? [] : [`${creates} generations created, not 1`];
				},
			},
		};
	}),
];

/** Leonardo's `GET /generations/<id>`: the wait's polls. */
function polls(sandbox) {
	return sandbox
		.requests('leonardo')
		.filter(
			(r) => r.method === 'GET' && /\/generations\/[^/]+$/.test(r.rawPath.split('?')[0] ?? ''),
		);
}

/**
 * The check, on one n8n version: one server, every scenario, then one verdict. Returns a line of
 * figures; throws, with what tells why, when a promise broke.
 * `cleanups`: the caller's own list, which its signal handlers run: every step is put there
 * too (each may run twice), so that an interrupted suite leaves no n8n behind.
 * @param {{ version: string, tarball: string, port: number, brokerPort: number,
 *   cleanups?: Array<() => unknown> }} options
 */
async function cancelCheck({ version, tarball, port, brokerPort, cleanups: outer = [] }) {
	/** @type {Array<() => unknown>} */
	const steps = [];
	const cleanups = {
		push: (/** @type {() => unknown} */ step) => {
			steps.push(step);
			outer.push(step);
		},
	};
	/** @type {{ child: any, base: string, log: () => string } | undefined} */
	let server;
	try {
		const begun = Date.now();
		const sandbox = createSandbox();
		const url = await sandbox.listen(0);
		cleanups.push(() => sandbox.close());
		const n8n = new N8nInstance(version, { brokerPort });
		cleanups.push(() => n8n.remove());
		await n8n.installPackage(tarball);
		const used = new Set([LEONARDO, CLOUDFLARE].map((row) => row.sandbox.credential[1]));
		await n8n.importCredentials(credentials(url).filter((entry) => used.has(entry.id)));
		await n8n.importWorkflows([...bulkFlows, ...generationFlows]);
		const started = await n8n.start(port);
		server = started;
		cleanups.push(() => stopProcess(started.child));
		await restReady(started.base);
		const headers = await ownerHeaders(started.base);
		const ready = `n8n ready in ${((Date.now() - begun) / 1000).toFixed(0)} s`;

		const context = { base: started.base, headers, server: started, sandbox: sandbox.control };
		const results = [];
		for (const spec of SCENARIOS) results.push(await scenario(context, spec));
		const figures = [ready, ...results.map((result) => result.figures)];
		const broken = results.flatMap((result) => result.broken);
		if (broken.length > 0)
			throw new Error(`${broken.join('\n')}\nevery scenario:\n  ${figures.join('\n  ')}`);
		return figures.join('; ');
	} catch (error) {
		throw await withDiagnostics(error, server, version);
	} finally {
		for (const step of steps.reverse()) await Promise.resolve(step()).catch(() => {});
	}
}

/** The failure, with the executions as n8n lists them and the tail of its log (whole: artifacts/). */
async function withDiagnostics(error, server, version) {
	let executions = 'not listed (n8n did not start)';
	let logTail = '';
	if (server) {
		const log = server.log();
		try {
			const artifacts = path.join(__dirname, 'artifacts');
			mkdirSync(artifacts, { recursive: true });
			writeFileSync(path.join(artifacts, `cancel-n8n-${version}.log`), log);
		} catch {
			// the report below still says what matters
		}
		// The last lines, without stack frames (n8n prints one for each refused request).
		logTail = stripColours(log)
			.split('\n')
			.filter((line) => line.trim() !== '' && !/^\s+at /.test(line))
			.slice(-15)
			.map((line) => `    ${line.slice(0, 300)}`)
			.join('\n');
		executions = await ownerHeaders(server.base)
			.then((headers) => listExecutions(server.base, headers))
			.then(
				(list) => list.map((e) => `${e.id} ${e.workflowId} ${e.status} ${e.mode}`).join('; '),
				(listError) => `not listed (${listError.message})`,
			);
	}
	return new Error(
		`${error?.message ?? error}\nexecutions: ${executions}\n--- n8n's log ends (whole: test/e2e/artifacts/cancel-n8n-${version}.log) ---\n${logTail}`,
		{ cause: error },
	);
}

module.exports = { cancelCheck, TOLERANCE_MS };
