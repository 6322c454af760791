// @ts-check
'use strict';
/**
 * Queue mode, n8n's distributed engine: Redis (Debian's redis-server, installed when missing),
 * `n8n start` plus one `n8n worker`, workflows started by webhooks, results read back from the
 * executions API. Checks connect → delete by connection id → disconnect inside one execution
 * (connections live in the worker that runs it) and a bulk delete.
 */
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');

const { createSandbox } = require('../../sandbox/server');
const { ownerSession } = require('./browser');
const { sandboxCredentials: credentials, SECRETS } = require('../fixtures/providers');
const { ensureDebianPackages } = require('./debian');
const { N8nInstance, VERSIONS, CURRENT, stopProcess } = require('./n8n');

const REDIS_PORT = 6391;
const N8N_PORT = 5687;
const PACKAGE = 'n8n-nodes-image-storage';
const IMAGEKIT = { imageKitApi: { id: 'sandboxImageKit01', name: 'ImageKit (sandbox)' } };

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
const ours = (name, parameters, withCredential = true) => ({
	id: name.toLowerCase().replace(/\W+/g, '-'),
	name,
	type: `${PACKAGE}.imageKit`,
	typeVersion: 1,
	position: [0, 0],
	parameters,
	...(withCredential ? { credentials: IMAGEKIT } : {}),
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

const bulkFlow = {
	id: 'queueBulkDelete01',
	name: 'queue: bulk delete',
	active: false,
	nodes: [
		webhook('queue-bulk'),
		{
			id: 'split',
			name: 'Split',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [0, 0],
			parameters: { fieldToSplitOut: 'body.ids', options: { destinationFieldName: 'id' } },
		},
		ours('Delete', {
			resource: 'file',
			operation: 'delete',
			fileId: '={{ $json.id }}',
			options: {},
		}),
	],
	connections: chain(['Webhook', 'Split', 'Delete']),
	settings: { executionOrder: 'v1' },
};

async function post(url, body) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`${url}: ${response.status} ${text.slice(0, 500)}`);
	return JSON.parse(text);
}

/** Returns a line of figures; throws on any failed check. */
async function queueModeCheck(tarball) {
	ensureRedis();
	const cleanups = [];
	try {
		const redis = spawn(
			'redis-server',
			['--port', String(REDIS_PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
			{ detached: true, stdio: 'ignore' },
		);
		cleanups.push(() => stopProcess(redis, 2000));
		await waitForPort(REDIS_PORT);

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
		});
		await n8n.installPackage(tarball);
		await n8n.importCredentials(
			credentials(url).filter((credential) => credential.type === 'imageKitApi'),
		);
		await n8n.importWorkflows([connectionFlow, bulkFlow]);
		for (const flow of [connectionFlow, bulkFlow]) {
			const published = await n8n.n8n(['publish:workflow', `--id=${flow.id}`]);
			if (published.code !== 0)
				throw new Error(`publish:workflow failed:\n${published.stdout}${published.stderr}`);
		}

		const main = await n8n.start(N8N_PORT);
		cleanups.push(() => stopProcess(main.child));
		let workerLog = '';
		const worker = spawn(n8n.config.bin, ['worker', '--concurrency=5'], {
			env: { ...n8n.env, N8N_RUNNERS_BROKER_PORT: '5699' },
			cwd: n8n.userFolder,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		worker.stdout.on('data', (chunk) => (workerLog += chunk));
		worker.stderr.on('data', (chunk) => (workerLog += chunk));
		cleanups.push(() => stopProcess(worker));
		const deadline = Date.now() + 60_000;
		while (!/worker.*ready|ready.*worker/i.test(workerLog) && Date.now() < deadline)
			await new Promise((resolve) => setTimeout(resolve, 300));

		const connection = await post(`${main.base}/webhook/queue-connection`, { fileId: 'queue-one' });
		const bulk = await post(`${main.base}/webhook/queue-bulk`, { ids }).catch((error) => {
			throw new Error(`${error.message}\n--- worker log ---\n${workerLog.slice(-3000)}`);
		});

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
		const cookie = await ownerSession(main.base);
		const headers = { cookie: `${cookie.name}=${cookie.value}` };
		const list = await (await fetch(`${main.base}/rest/executions?limit=10`, { headers })).json();
		const executions = list.data?.results ?? list.data ?? [];
		assert.equal(executions.length, 2, JSON.stringify(list).slice(0, 500));
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
		assert.match(workerLog, new RegExp(`execution ${connectionExecution.id}`, 'i'));
		const leaked = SECRETS.filter(
			(secret) =>
				JSON.stringify(detail).includes(secret) ||
				workerLog.includes(secret) ||
				main.log().includes(secret),
		);
		assert.deepEqual(leaked, [], 'no key in the stored execution or the logs');
		return `2 webhook executions on the worker: connection chain, 150 deletes in ${batchCalls.length} batch calls`;
	} finally {
		for (const step of cleanups.reverse()) await Promise.resolve(step()).catch(() => {});
	}
}

module.exports = { queueModeCheck };
