// @ts-check
'use strict';
/**
 * The README's first command, as a new user meets it: `npm run dev` started as a child process
 * (on the cache it finds: in CI an empty one, so it installs n8n itself), then checked from the
 * outside like a user would — the owner login it prints, the example workflows and the sandbox
 * credentials in n8n (each named in the banner), an example executed over n8n's REST API twice
 * with the sample data reset in between as the banner says, and SIGTERM leaving no process behind.
 * That run meets what most n8n users have: another n8n on this machine. Its ports (5678, and 5679
 * for its task runners) and the sandbox's 8787 are held first, so the playground must pick others
 * and say so. Before it, two short ones: a port set in the environment that is taken stops it at
 * once, naming the port; and when n8n itself stops while starting (its broker port taken from
 * under it), the playground prints n8n's own words and leaves nothing running.
 */
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const { mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const net = require('node:net');
const { tmpdir } = require('node:os');
const path = require('node:path');

const { ROOT, VERSIONS, CURRENT } = require('./n8n');

/** The ports set in the environment where a check sets them (not the usual ones). */
const PORTS = { n8n: 5682, sandbox: 8797, broker: 5699 };
/** The playground's usual ports: those of an n8n already running, and of the sandbox. */
const USUAL = { n8n: 5678, broker: 5679, sandbox: 8787 };
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

/**
 * Listens on each port at 127.0.0.1 as another program would (a port someone else holds already
 * is just as taken). @returns {Promise<() => Promise<void>>} closes them
 */
async function holdPorts(/** @type {number[]} */ ports) {
	const servers = await Promise.all(
		ports.map(
			(port) =>
				new Promise((resolve, reject) => {
					const server = net.createServer((socket) => socket.destroy());
					server.once('error', (/** @type {NodeJS.ErrnoException} */ error) =>
						error.code === 'EADDRINUSE' ? resolve(undefined) : reject(error),
					);
					server.listen(port, '127.0.0.1', () => resolve(server));
				}),
		),
	);
	return async () => {
		await Promise.all(
			servers.map(
				(server) =>
					server && new Promise((resolve) => /** @type {net.Server} */ (server).close(resolve)),
			),
		);
	};
}

/** A port nothing listens on now. @returns {Promise<number>} */
function somePort() {
	return new Promise((resolve, reject) => {
		const probe = net.createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = /** @type {net.AddressInfo} */ (probe.address());
			probe.close(() => resolve(port));
		});
	});
}

/**
 * `npm run dev` as a user starts it, with `env` over this process's environment (the port
 * variables removed first: each run says which it sets).
 */
function launch(
	/** @type {Record<string, string>} */ env,
	/** @type {(line: string) => void} */ echo,
) {
	const base = { ...process.env };
	for (const name of ['N8N_PORT', 'SANDBOX_PORT', 'N8N_RUNNERS_BROKER_PORT']) delete base[name];
	const child = spawn('npm', ['run', 'dev', '--silent'], {
		cwd: ROOT,
		env: { ...base, ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	const take = (/** @type {Buffer} */ chunk) => {
		output += chunk;
		for (const line of String(chunk).split('\n')) if (line.trim()) echo(line);
	};
	child.stdout.on('data', take);
	child.stderr.on('data', take);
	/** @type {Promise<{ code: number | null, signal: string | null }>} */
	const exited = new Promise((resolve) =>
		child.once('close', (code, signal) => resolve({ code, signal })),
	);
	return { child, output: () => output, exited };
}

/** Ends `child` and everything below it that is still alive (after a failed check). */
function killAll(/** @type {import('node:child_process').ChildProcess} */ child, family = []) {
	if (child.exitCode === null && child.signalCode === null)
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
}

/**
 * A port set in the environment that something else holds: the playground stops at once (before
 * installing or building anything), naming the variable and the port.
 */
async function takenPortSetByUser(/** @type {(line: string) => void} */ echo) {
	const port = await somePort();
	const release = await holdPorts([port]);
	const run = launch({ N8N_RUNNERS_BROKER_PORT: String(port) }, echo);
	try {
		const ended = await Promise.race([
			run.exited,
			new Promise((resolve) => setTimeout(() => resolve(undefined), 60_000)),
		]);
		assert.ok(ended, `npm run dev kept running with N8N_RUNNERS_BROKER_PORT=${port} taken`);
		assert.notEqual(/** @type {any} */ (ended).code, 0, 'it exits with a failure');
		assert.match(
			run.output(),
			new RegExp(`N8N_RUNNERS_BROKER_PORT=${port}: that port is in use`),
			`it names the taken port:\n${run.output().slice(-2000)}`,
		);
		assert.doesNotMatch(run.output(), /Building and packing/, 'it stops before building');
		assert.doesNotMatch(run.output(), /\n\s+at /, 'no stack trace: a message for the user');
	} finally {
		killAll(run.child);
		await release();
	}
}

/**
 * n8n itself stops while starting — its task-runner broker's port taken just after the playground
 * found it free: the playground prints n8n's own words (at n8n's info level), exits with a
 * failure, and leaves no process and no port behind.
 */
async function n8nStopsWhileStarting(/** @type {(line: string) => void} */ echo) {
	const folder = mkdtempSync(path.join(tmpdir(), 'playground-e2e-'));
	const run = launch(
		{
			N8N_PORT: String(PORTS.n8n),
			SANDBOX_PORT: String(PORTS.sandbox),
			N8N_RUNNERS_BROKER_PORT: String(PORTS.broker),
			PLAYGROUND_FOLDER: folder,
		},
		echo,
	);
	let release = async () => {};
	/** @type {number[]} */
	let family = [];
	try {
		// From an empty cache this includes installing n8n (minutes).
		await until(
			() => run.output().includes('▸ Starting n8n on') || run.child.exitCode !== null,
			30 * 60_000,
			'the playground to start n8n',
		);
		assert.equal(
			run.child.exitCode,
			null,
			`npm run dev exited early:\n${run.output().slice(-3000)}`,
		);
		// n8n needs seconds before it listens: the broker's port is someone else's first.
		release = await holdPorts([PORTS.broker]);
		family = descendants(/** @type {number} */ (run.child.pid));
		const ended = await Promise.race([
			run.exited,
			new Promise((resolve) => setTimeout(() => resolve(undefined), 120_000)),
		]);
		assert.ok(ended, 'npm run dev ended after n8n stopped');
		assert.notEqual(/** @type {any} */ (ended).code, 0, 'it exits with a failure');
		const output = run.output();
		assert.match(output, /n8n stopped before it was ready \(exit code \d+\)/, output.slice(-3000));
		assert.match(
			output,
			new RegExp(`n8n │ .*Task Broker's port ${PORTS.broker} is already in use`),
			`n8n's own reason is printed:\n${output.slice(-3000)}`,
		);
		assert.match(output, /Run npm run dev again/, 'and what to do');
		await until(() => family.every((pid) => !alive(pid)), 20_000, 'every process to end').catch(
			() => {},
		);
		const left = family.filter(alive);
		assert.deepEqual(left, [], `processes left: ${left.join(', ')}`);
		for (const port of [PORTS.n8n, PORTS.sandbox])
			assert.equal(await listening(port), false, `port ${port} freed`);
	} finally {
		killAll(run.child, family);
		await release();
		rmSync(folder, { recursive: true, force: true });
	}
}

/**
 * The whole playground, with another n8n's ports (and the sandbox's) held.
 * @param {(line: string) => void} echo
 */
async function withPortsTaken(echo) {
	const folder = mkdtempSync(path.join(tmpdir(), 'playground-e2e-'));
	const release = await holdPorts(Object.values(USUAL));
	const run = launch({ PLAYGROUND_FOLDER: folder }, echo);
	const { child, exited } = run;
	/** @type {number[]} */
	let family = [];
	try {
		// From an empty cache this includes installing n8n (minutes).
		await until(
			() => run.output().includes('Ctrl-C stops n8n') || child.exitCode !== null,
			30 * 60_000,
			'the playground banner',
		);
		const output = run.output();
		assert.equal(child.exitCode, null, `npm run dev exited early:\n${output.slice(-3000)}`);

		const base = /n8n-nodes-image-storage: (http:\/\/\S+)/.exec(output)?.[1];
		const [, email, password] = /log in as (\S+) \/ (\S+)/.exec(output) ?? [];
		const sandboxUrl = /Provider sandbox: (http:\/\/\S+)/.exec(output)?.[1];
		assert.ok(
			base && email && password && sandboxUrl,
			`the banner lacks the URL, the login or the sandbox:\n${output.slice(-2000)}`,
		);
		const ports = {
			n8n: Number(new URL(base).port),
			sandbox: Number(new URL(sandboxUrl).port),
			broker: Number(/task-runner broker on 127\.0\.0\.1:(\d+)/.exec(output)?.[1]),
		};
		for (const [name, port] of Object.entries(ports))
			assert.ok(
				port && port !== USUAL[/** @type {keyof typeof USUAL} */ (name)],
				`${name} on a free port, not the taken ${USUAL[/** @type {keyof typeof USUAL} */ (name)]}: ${port}`,
			);
		for (const usual of Object.values(USUAL))
			assert.match(output, new RegExp(`port ${usual} is in use`), `it says ${usual} is taken`);
		assert.match(
			output,
			new RegExp(`\\(port 5678 is in use, another n8n\\? This one is on ${ports.n8n}\\.\\)`),
			'the banner says why n8n is not on 5678',
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
		// The banner names every credential the playground made, and no other.
		const listed = (/ Credentials \(.*\):\n([\s\S]*?)\n Example workflows/.exec(output)?.[1] ?? '')
			.split(/ ·\s*/)
			.map((name) => name.trim())
			.filter(Boolean);
		assert.deepEqual(
			listed.sort(),
			stored.map((/** @type {any} */ credential) => credential.name).sort(),
			'the banner lists every credential in n8n',
		);

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
		const resetCommand = /curl -X POST '([^']+)'/.exec(run.output())?.[1];
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
		for (const port of Object.values(ports))
			assert.equal(await listening(port), false, `port ${port} freed`);
		return `with 5678, 5679 and 8787 taken: n8n on ${ports.n8n}, its broker on ${ports.broker}, the sandbox on ${ports.sandbox}; login, ${workflows.length} examples, ${stored.length} credentials (each in the banner), "${example.name}" run twice over REST with a reset between, ${family.length} processes ended by SIGTERM`;
	} finally {
		killAll(child, family);
		await release();
		rmSync(folder, { recursive: true, force: true });
	}
}

/** @param {(line: string) => void} echo */
async function playgroundCheck(echo) {
	await takenPortSetByUser(echo);
	await n8nStopsWhileStarting(echo);
	const figures = await withPortsTaken(echo);
	return `a taken port set by the user refused at once; n8n stopping while it starts shows its reason; ${figures}`;
}

module.exports = { playgroundCheck };
