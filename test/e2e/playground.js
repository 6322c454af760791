// @ts-check
'use strict';
/**
 * The README's first command, as a new user meets it: `npm run dev` started as a child process
 * (on the cache it finds: in CI an empty one, so it installs n8n itself), then checked from the
 * outside like a user would — the owner login it prints, the example workflows and the sandbox
 * credentials in n8n, an example executed over n8n's REST API twice with the sample data reset in
 * between as the banner says, and SIGTERM leaving no process behind.
 */
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const { mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const net = require('node:net');
const { tmpdir } = require('node:os');
const path = require('node:path');

const { ROOT, VERSIONS, CURRENT } = require('./n8n');

const PORTS = { n8n: 5682, sandbox: 8797, broker: 5699 };
const EXAMPLE = 'bulk-delete-imagekit.json';

/** Every process below `pid` (children, their children…), from /proc. */
function descendants(/** @type {number} */ pid) {
	const children = new Map();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
		} catch {
			// gone meanwhile
		}
	}
	const found = [];
	const queue = [pid];
	while (queue.length > 0)
		for (const child of children.get(/** @type {number} */ (queue.shift())) ?? [])
			(found.push(child), queue.push(child));
	return found;
}

function alive(/** @type {number} */ pid) {
	try {
		process.kill(pid, 0);
		return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
	} catch {
		return false;
	}
}

function listening(/** @type {number} */ port) {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.once('connect', () => (socket.destroy(), resolve(true)));
		socket.once('error', () => resolve(false));
	});
}

async function until(
	/** @type {() => Promise<boolean> | boolean} */ condition,
	/** @type {number} */ timeoutMs,
	/** @type {string} */ what,
) {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/**
 * Runs an imported workflow the way the editor's "Execute workflow" does, and waits for the stored
 * execution. @returns {Promise<any>} the execution's run data
 */
async function executeOverRest(
	/** @type {string} */ base,
	/** @type {Record<string, string>} */ headers,
	/** @type {string} */ id,
) {
	const workflow = (await (await fetch(`${base}/rest/workflows/${id}`, { headers })).json()).data;
	const trigger = workflow.nodes.find(
		(/** @type {any} */ node) => node.type === 'n8n-nodes-base.manualTrigger',
	);
	// n8n 2 runs the stored workflow from the named trigger; n8n 1 takes the workflow in the body.
	const started = await fetch(`${base}/rest/workflows/${id}/run`, {
		method: 'POST',
		headers: { ...headers, 'content-type': 'application/json' },
		body: JSON.stringify({ workflowData: workflow, triggerToStartFrom: { name: trigger.name } }),
	});
	const body = await started.json();
	assert.ok(
		started.ok && body.data?.executionId,
		`the run was not started: ${started.status} ${JSON.stringify(body).slice(0, 300)}`,
	);
	const { parse } = require(path.join(VERSIONS[CURRENT].dir, 'node_modules/flatted'));
	let execution;
	await until(
		async () => {
			execution = (
				await (await fetch(`${base}/rest/executions/${body.data.executionId}`, { headers })).json()
			).data;
			return Boolean(
				execution?.finished || ['success', 'error', 'crashed'].includes(execution?.status),
			);
		},
		60_000,
		`execution ${body.data.executionId}`,
	);
	return parse(execution.data).resultData;
}

/** @param {(line: string) => void} echo */
async function playgroundCheck(echo) {
	const folder = mkdtempSync(path.join(tmpdir(), 'playground-e2e-'));
	const env = {
		...process.env,
		N8N_PORT: String(PORTS.n8n),
		SANDBOX_PORT: String(PORTS.sandbox),
		N8N_RUNNERS_BROKER_PORT: String(PORTS.broker),
		PLAYGROUND_FOLDER: folder,
	};
	const child = spawn('npm', ['run', 'dev', '--silent'], {
		cwd: ROOT,
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	const take = (/** @type {Buffer} */ chunk) => {
		output += chunk;
		for (const line of String(chunk).split('\n')) if (line.trim()) echo(line);
	};
	child.stdout.on('data', take);
	child.stderr.on('data', take);
	const exited = new Promise((resolve) =>
		child.once('exit', (code, signal) => resolve({ code, signal })),
	);
	/** @type {number[]} */
	let family = [];
	try {
		// From an empty cache this includes installing n8n (minutes).
		await until(
			() => output.includes('Ctrl-C stops n8n') || child.exitCode !== null,
			30 * 60_000,
			'the playground banner',
		);
		assert.equal(child.exitCode, null, `npm run dev exited early:\n${output.slice(-3000)}`);

		const base = /n8n-nodes-image-storage: (http:\/\/\S+)/.exec(output)?.[1];
		const [, email, password] = /log in as (\S+) \/ (\S+)/.exec(output) ?? [];
		const sandboxUrl = /Provider sandbox: (http:\/\/\S+)/.exec(output)?.[1];
		assert.ok(
			base && email && password && sandboxUrl,
			`the banner lacks the URL, the login or the sandbox:\n${output.slice(-2000)}`,
		);
		const login = await fetch(`${base}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: email, password }),
		});
		assert.equal(login.status, 200, 'the printed owner login works');
		const headers = { cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] };

		const workflows = (await (await fetch(`${base}/rest/workflows`, { headers })).json()).data;
		const examples = readdirSync(path.join(ROOT, 'examples')).map((file) =>
			JSON.parse(readFileSync(path.join(ROOT, 'examples', file), 'utf8')),
		);
		assert.deepEqual(
			workflows.map((/** @type {any} */ workflow) => workflow.name).sort(),
			examples.map((example) => example.name).sort(),
			'every example workflow is in n8n',
		);
		const stored = (await (await fetch(`${base}/rest/credentials`, { headers })).json()).data;
		const types = new Set(stored.map((/** @type {any} */ credential) => credential.type));
		for (const type of ['leonardoAiApi', 'cloudflareImagesApi', 'imageKitApi'])
			assert.ok(types.has(type), `a ${type} sandbox credential`);

		const example = JSON.parse(readFileSync(path.join(ROOT, 'examples', EXAMPLE), 'utf8'));
		const expected = example.meta.e2e;
		const counts = (/** @type {any} */ result) =>
			Object.fromEntries(
				Object.keys(expected.outputCounts).map((node) => [
					node,
					result.runData[node]?.[0]?.data?.main?.[0]?.length ?? 0,
				]),
			);
		const first = await executeOverRest(base, headers, example.id);
		assert.deepEqual(
			counts(first),
			expected.outputCounts,
			'the example run gives its documented items',
		);

		// Run again: the samples are gone, so everything fails — until the reset the banner gives.
		const resetCommand = /curl -X POST '([^']+)'/.exec(output)?.[1];
		assert.ok(resetCommand?.startsWith(sandboxUrl), 'the banner says how to reset the sample data');
		const reset = await fetch(resetCommand, { method: 'POST' });
		assert.equal(reset.status, 200);
		const again = await executeOverRest(base, headers, example.id);
		assert.deepEqual(
			counts(again),
			expected.outputCounts,
			'after the reset the example runs as the first time',
		);
		const state = await (await fetch(`${sandboxUrl}/_sandbox/state`)).json();
		assert.deepEqual(state.imagekit.files, expected.remaining.imagekit);

		// SIGTERM to `npm run dev` (what a supervisor or `kill` sends) stops everything it started.
		family = descendants(/** @type {number} */ (child.pid));
		assert.ok(family.length >= 2, `the playground and n8n under npm: ${family.length} processes`);
		child.kill('SIGTERM');
		await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
		await until(
			() => family.every((pid) => !alive(pid)),
			20_000,
			'every process of the playground to end',
		).catch(() => {});
		const left = family.filter(alive);
		assert.deepEqual(left, [], `processes left after SIGTERM: ${left.join(', ')}`);
		for (const port of [PORTS.n8n, PORTS.sandbox])
			assert.equal(await listening(port), false, `port ${port} freed`);
		return `login, ${workflows.length} examples, ${types.size} credential types, "${example.name}" run twice over REST with a reset between, ${family.length} processes ended by SIGTERM`;
	} finally {
		if (child.exitCode === null)
			family.push(
				...descendants(/** @type {number} */ (child.pid)),
				/** @type {number} */ (child.pid),
			);
		for (const pid of family.filter(alive)) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {
				// gone
			}
		}
		rmSync(folder, { recursive: true, force: true });
	}
}

module.exports = { playgroundCheck };
