// @ts-check
'use strict';
/**
 * Queue mode, n8n's distributed engine, as n8n supports it: Redis and PostgreSQL (Debian's
 * redis-server and postgresql, installed when missing), `n8n start` plus three `n8n worker`s,
 * workflows started by webhooks, results read back from the executions API. Checks connect → delete by connection id → disconnect inside one execution
 * (connections live in the worker that runs it) and a bulk delete; then three bulk executions at
 * once on one Cloudflare account without the batch API, each as large as the account's window
 * (scaled down so that only the `Ratelimit` headers tell the real budget), so that together
 * they are three windows' worth: no 429, no lockout, every image deleted once; and three at once
 * on one Leonardo account, which sends no such headers (429s waited out, counted; no item fails).
 */
const assert = require('node:assert/strict');
const { execFileSync, spawn } = require('node:child_process');
const { mkdirSync, writeFileSync } = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const { createSandbox } = require('../../sandbox/server');
const { ownerSession } = require('./browser');
const { sandboxCredentials: credentials, SECRETS, PROVIDERS } = require('../fixtures/providers');
const { ensureDebianPackages } = require('./debian');
const { startPostgres } = require('./postgres');
const { N8nInstance, VERSIONS, CURRENT, stopProcess } = require('./n8n');

const REDIS_PORT = 6391;
const POSTGRES_PORT = 6392;
/** n8n's Bull queue in Redis (QUEUE_BULL_PREFIX `bull`, queue `jobs`). */
const QUEUE_KEY_PREFIX = 'bull:jobs';
const N8N_PORT = 5687;
const PACKAGE = 'n8n-nodes-image-storage';
const [LEONARDO, CLOUDFLARE, IMAGEKIT_ROW] = PROVIDERS;
const credentialOf = ({ sandbox }) => {
	const [type, id, name] = sandbox.credential;
	return { [type]: { id, name } };
};
const IMAGEKIT = credentialOf(IMAGEKIT_ROW);
/** Each worker runs one execution at a time: three at once are on three workers. */
const WORKERS = 3;
/**
 * The scaled-down windows the scale runs meet (the published ones are minutes long), and the
 * items of each of the three executions: Cloudflare's each as large as the window.
 */
const SCALED_LIMITS = {
	cloudflare: { limit: 60, windowMs: 10_000, lockoutMs: 300_000 },
	leonardo: { limit: 300, windowMs: 10_000 },
};
const SCALE_ITEMS = { cloudflare: 60, leonardo: 150 };

function ensureRedis() {
	ensureDebianPackages({
		command: 'redis-server',
		packages: ['redis-server'],
		purpose: 'the queue-mode check',
		skipFlag: '--no-queue',
	});
}

function waitForPort(port, timeoutMs = 15_000) {
	const deadline = Date.now() + timeoutMs;
	return new Promise((resolve, reject) => {
		const attempt = () => {
			const socket = net.connect(port, '127.0.0.1');
			socket.once('connect', () => {
				socket.end();
				resolve(undefined);
			});
			socket.once('error', () => {
				socket.destroy();
				if (Date.now() > deadline) reject(new Error(`nothing listens on ${port}`));
				else setTimeout(attempt, 200);
			});
		};
		attempt();
	});
}

const webhook = (pathName) => ({
	id: 'hook',
	name: 'Webhook',
	type: 'n8n-nodes-base.webhook',
	typeVersion: 2,
	position: [0, 0],
	webhookId: pathName,
	parameters: {
		httpMethod: 'POST',
		path: pathName,
		responseMode: 'lastNode',
		responseData: 'allEntries',
		options: {},
	},
});
const ours = (name, parameters, withCredential = true, row = IMAGEKIT_ROW) => ({
	id: name.toLowerCase().replace(/\W+/g, '-'),
	name,
	type: `${PACKAGE}.${row.node}`,
	typeVersion: 1,
	position: [0, 0],
	parameters,
	...(withCredential ? { credentials: credentialOf(row) } : {}),
});
const chain = (names) =>
	Object.fromEntries(
		names
			.slice(0, -1)
			.map((name, i) => [name, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }]),
	);

const connectionFlow = {
	id: 'queueConnection01',
	name: 'queue: connection',
	active: false,
	nodes: [
		webhook('queue-connection'),
		ours('Connect', { resource: 'connection', operation: 'connect', options: {} }),
		ours(
			'Delete',
			{
				resource: 'file',
				operation: 'delete',
				fileId: "={{ $('Webhook').item.json.body.fileId }}",
				authentication: 'connectionId',
				connectionId: "={{ $('Connect').item.json.connectionId }}",
				options: {},
			},
			false,
		),
		ours(
			'Disconnect',
			{
				resource: 'connection',
				operation: 'disconnect',
				connectionId: "={{ $('Connect').item.json.connectionId }}",
				options: {},
			},
			false,
		),
	],
	connections: chain(['Webhook', 'Connect', 'Delete', 'Disconnect']),
	settings: { executionOrder: 'v1' },
};

/** Webhook → Split Out (`body.ids`) → the provider's delete, one item per id. */
const bulkFlowFor = (row, id, pathName) => ({
	id,
	name: `queue: bulk delete (${row.displayName})`,
	active: false,
	nodes: [
		webhook(pathName),
		{
			id: 'split',
			name: 'Split',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [0, 0],
			parameters: { fieldToSplitOut: 'body.ids', options: { destinationFieldName: 'id' } },
		},
		ours(
			'Delete',
			{
				resource: row.resource,
				operation: 'delete',
				[row.idParameter]: '={{ $json.id }}',
				options: {},
			},
			true,
			row,
		),
	],
	connections: chain(['Webhook', 'Split', 'Delete']),
	settings: { executionOrder: 'v1' },
});
const bulkFlow = bulkFlowFor(IMAGEKIT_ROW, 'queueBulkDelete01', 'queue-bulk');
const cloudflareFlow = bulkFlowFor(CLOUDFLARE, 'queueBulkCloudfl01', 'queue-bulk-cloudflare');
const leonardoFlow = bulkFlowFor(LEONARDO, 'queueBulkLeonard01', 'queue-bulk-leonardo');
const FLOWS = [connectionFlow, bulkFlow, cloudflareFlow, leonardoFlow];

/**
 * A webhook's answer comes within seconds here (a scale run's within about a minute): a hang ends
 * after this, with the diagnostics, before fetch's own 300 s limit ends it without them.
 */
const WEBHOOK_TIMEOUT_MS = { first: 150_000, scale: 280_000 };

async function post(url, body, timeoutMs = WEBHOOK_TIMEOUT_MS.first) {
	let response;
	try {
		response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
			signal: AbortSignal.timeout(timeoutMs),
		});
	} catch (error) {
		const why = error?.name === 'TimeoutError' ? `no answer in ${timeoutMs / 1000} s` : error;
		throw new Error(`${url}: ${why}`, { cause: error });
	}
	const text = await response.text();
	if (!response.ok) throw new Error(`${url}: ${response.status} ${text.slice(0, 500)}`);
	return JSON.parse(text);
}

/**
 * The failure, with what tells where an execution stopped: the executions as n8n's API lists them,
 * the queue as Redis holds it (waiting: no worker took the job; active: a worker holds it) and the
 * telling lines of each process's log (errors, stalled jobs, exits); the whole logs go to
 * test/e2e/artifacts/. Each look is bounded and may fail alone: the failure is always reported.
 */
async function withDiagnostics(error, main, workerLogs) {
	const logs = [
		['main', main?.log() ?? ''],
		...workerLogs.map((log, k) => [`worker ${k + 1}`, log.text]),
	];
	try {
		const artifacts = path.join(__dirname, 'artifacts');
		mkdirSync(artifacts, { recursive: true });
		for (const [name, text] of logs)
			writeFileSync(path.join(artifacts, `queue-${name.replace(' ', '-')}.log`), text);
	} catch {
		// the report below still says what matters
	}
	const telling = (text) =>
		text
			.split('\n')
			.filter((line) => /error|warn|stall|fail|exit|execution \d+|job/i.test(line))
			.slice(-12)
			.map((line) => `    ${line.slice(0, 300)}`)
			.join('\n');
	const executions = main
		? await withTimeout(
				ownerHeaders(main.base).then((headers) => listExecutions(main.base, headers)),
				30_000,
			).then(
				(list) => list.map((e) => `${e.id} ${e.workflowId} ${e.status} ${e.mode}`).join('; '),
				(listError) => `not listed (${listError.message})`,
			)
		: 'not listed (n8n did not start)';
	const queue = ['wait', 'active', 'failed', 'completed']
		.map((state) => `${state} ${redisCount(state)}`)
		.join(', ');
	const report = logs.map(([name, text]) => `--- ${name} ---\n${telling(text)}`).join('\n');
	return new Error(
		`${error?.message ?? error}\nexecutions: ${executions}\nqueue (Redis): ${queue}\n${report}`,
		{ cause: error },
	);
}

/** The owner's session, as headers for n8n's REST API. */
async function ownerHeaders(base) {
	const cookie = await ownerSession(base);
	return { cookie: `${cookie.name}=${cookie.value}` };
}

/** The newest executions, as n8n's executions API lists them. */
async function listExecutions(base, headers) {
	const list = await (await fetch(`${base}/rest/executions?limit=20`, { headers })).json();
	return list.data?.results ?? list.data ?? [];
}

/** How many of n8n's Bull jobs are in `state` (a list or a sorted set, by state). */
function redisCount(state) {
	const command = ['wait', 'active'].includes(state) ? 'LLEN' : 'ZCARD';
	try {
		return execFileSync(
			'redis-cli',
			['-p', String(REDIS_PORT), command, `${QUEUE_KEY_PREFIX}:${state}`],
			{ encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] },
		).trim();
	} catch {
		return '?';
	}
}

function withTimeout(promise, ms) {
	let timer;
	const timeout = new Promise((_, reject) => {
		timer = setTimeout(() => reject(new Error(`no answer in ${ms / 1000} s`)), ms);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Returns a line of figures; throws on any failed check. */
async function queueModeCheck(tarball) {
	ensureRedis();
	const cleanups = [];
	/** @type {{ base: string, log: () => string } | undefined} */
	let main;
	/** @type {{ text: string }[]} */
	const workerLogs = [];
	try {
		const redis = spawn(
			'redis-server',
			['--port', String(REDIS_PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
			{ detached: true, stdio: 'ignore' },
		);
		cleanups.push(() => stopProcess(redis, 2000));
		await waitForPort(REDIS_PORT);
		const postgres = await startPostgres(POSTGRES_PORT);
		cleanups.push(() => postgres.stop());

		const sandbox = createSandbox();
		const url = await sandbox.listen(0);
		cleanups.push(() => sandbox.close());
		const ids = Array.from({ length: 150 }, (_, i) => `queue-${i}`);
		sandbox.control.seed({
			imagekit: { files: [{ id: 'queue-one' }, ...ids.map((id) => ({ id }))] },
		});

		const n8n = new N8nInstance(CURRENT, { brokerPort: 5696 });
		cleanups.push(() => n8n.remove());
		Object.assign(n8n.env, {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(REDIS_PORT),
			N8N_LOG_FORMAT: 'text',
			...postgres.env,
		});
		await n8n.installPackage(tarball);
		const used = new Set(PROVIDERS.map((row) => row.sandbox.credential[1]));
		await n8n.importCredentials(credentials(url).filter((credential) => used.has(credential.id)));
		await n8n.importWorkflows(FLOWS);
		for (const flow of FLOWS) {
			const published = await n8n.n8n(['publish:workflow', `--id=${flow.id}`]);
			if (published.code !== 0)
				throw new Error(`publish:workflow failed:\n${published.stdout}${published.stderr}`);
		}

		const started = await n8n.start(N8N_PORT);
		main = started;
		cleanups.push(() => stopProcess(started.child));
		for (let k = 0; k < WORKERS; k++) {
			const log = { text: '' };
			workerLogs.push(log);
			const worker = spawn(n8n.config.bin, ['worker', '--concurrency=1'], {
				env: { ...n8n.env, N8N_RUNNERS_BROKER_PORT: String(5699 + k * 10) },
				cwd: n8n.userFolder,
				stdio: ['ignore', 'pipe', 'pipe'],
				detached: true,
			});
			worker.stdout.on('data', (chunk) => (log.text += chunk));
			worker.stderr.on('data', (chunk) => (log.text += chunk));
			worker.once('exit', (code, signal) => (log.text += `\n[worker exited: ${code ?? signal}]\n`));
			cleanups.push(() => stopProcess(worker));
		}
		const workerLog = () => workerLogs.map((log) => log.text).join('\n');
		const deadline = Date.now() + 90_000;
		const ready = (log) => /worker.*ready|ready.*worker/i.test(log.text);
		while (!workerLogs.every(ready) && Date.now() < deadline)
			await new Promise((resolve) => setTimeout(resolve, 300));
		if (!workerLogs.every(ready))
			throw new Error(`not every worker is ready:\n${workerLog().slice(-3000)}`);

		const connection = await post(`${main.base}/webhook/queue-connection`, { fileId: 'queue-one' });
		const bulk = await post(`${main.base}/webhook/queue-bulk`, { ids });

		assert.equal(connection.length, 1);
		assert.equal(connection[0].disconnected, true);
		assert.match(connection[0].connectionId, /^conn_/);
		assert.deepEqual(
			bulk,
			ids.map((id) => ({ deleted: true, id })),
		);
		assert.deepEqual(sandbox.control.state().imagekit.files, []);
		const batchCalls = sandbox.control
			.requests('imagekit')
			.filter((entry) => entry.rawPath.endsWith('/batch/deleteByFileIds'));
		assert.equal(batchCalls.length, 2);

		// The executions API: both ran in queue mode, on the worker, and their data is stored.
		const headers = await ownerHeaders(main.base);
		const executions = await listExecutions(main.base, headers);
		assert.equal(executions.length, 2, JSON.stringify(executions).slice(0, 500));
		assert.ok(
			executions.every(
				(execution) => execution.status === 'success' && execution.mode === 'webhook',
			),
		);
		const { parse } = require(path.join(VERSIONS[CURRENT].dir, 'node_modules/flatted'));
		const connectionExecution = executions.find(
			(execution) => execution.workflowId === connectionFlow.id,
		);
		const detail = await (
			await fetch(`${main.base}/rest/executions/${connectionExecution.id}`, { headers })
		).json();
		const runData = parse(detail.data.data).resultData.runData;
		assert.deepEqual(runData.Delete[0].data.main[0][0].json, { deleted: true, id: 'queue-one' });
		assert.equal(runData.Connect[0].data.main[0][0].json.connectionId, connection[0].connectionId);
		assert.match(workerLog(), new RegExp(`execution ${connectionExecution.id}`, 'i'));
		assert.doesNotMatch(
			`${main.log()}\n${workerLog()}`,
			/not officially supported with sqlite/i,
			'n8n runs on PostgreSQL, as queue mode needs',
		);
		const leaked = SECRETS.filter(
			(secret) =>
				JSON.stringify(detail).includes(secret) ||
				workerLog().includes(secret) ||
				main.log().includes(secret),
		);
		assert.deepEqual(leaked, [], 'no key in the stored execution or the logs');
		const scale = await scaleRuns(main.base, sandbox, workerLogs);
		return `n8n on PostgreSQL; 2 webhook executions on a worker: connection chain, 150 deletes in ${batchCalls.length} batch calls; ${scale}`;
	} catch (error) {
		throw await withDiagnostics(error, main, workerLogs);
	} finally {
		for (const step of cleanups.reverse()) await Promise.resolve(step()).catch(() => {});
	}
}

/**
 * Three bulk executions at once per provider, one on each worker, on one account whose window the
 * sandbox scales down: Cloudflare (batch API refused) must meet no 429 at all, following the
 * remaining budget every answer reports; Leonardo reports none, so its 429s are waited out.
 */
async function scaleRuns(base, sandbox, workerLogs) {
	const figures = [];
	for (const [row, flow, pathName] of [
		[CLOUDFLARE, cloudflareFlow, 'queue-bulk-cloudflare'],
		[LEONARDO, leonardoFlow, 'queue-bulk-leonardo'],
	]) {
		const items = SCALE_ITEMS[row.key];
		const batches = [0, 1, 2].map((k) =>
			Array.from({ length: items }, (_, i) => `${row.key}-scale-${k}-${i}`),
		);
		sandbox.control.reset({ seed: row.sandbox.seed(batches.flat()) });
		sandbox.control.setKnobs({ rateLimits: SCALED_LIMITS, cloudflareBatchTokens: false });
		const logsBefore = workerLogs.map((log) => log.text.length);
		const started = Date.now();
		const outputs = await Promise.all(
			batches.map((ids) => post(`${base}/webhook/${pathName}`, { ids }, WEBHOOK_TIMEOUT_MS.scale)),
		);
		const seconds = (Date.now() - started) / 1000;
		outputs.forEach((output, k) =>
			assert.deepEqual(
				output,
				batches[k].map((id) => ({ deleted: true, id })),
				`${flow.name}, execution ${k + 1}`,
			),
		);
		const stats = sandbox.control.stats();
		assert.deepEqual(row.sandbox.remaining(sandbox.control.state()), [], `${row.key}: all deleted`);
		assert.deepEqual(stats.deletedMoreThanOnce, [], `${row.key}: none deleted twice`);
		assert.equal(stats.deleted, 3 * items);
		const refused = stats.byProvider[row.key]?.rateLimited ?? 0;
		const busy = workerLogs.filter((log, k) => log.text.length > logsBefore[k]).length;
		if (row.key === 'cloudflare') {
			assert.equal(busy, WORKERS, 'Cloudflare: the three executions ran on three workers');
			assert.equal(refused, 0, 'Cloudflare: no 429, no lockout');
		}
		const limit = SCALED_LIMITS[row.key];
		figures.push(
			`${row.displayName}: 3 × ${items} deletes at once on ${busy} workers, window ${limit.limit}/${limit.windowMs / 1000} s, ${seconds.toFixed(1)} s, ${refused} 429s`,
		);
	}
	return figures.join('; ');
}

module.exports = { queueModeCheck, ownerHeaders, listExecutions };
