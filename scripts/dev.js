#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * `npm run dev`: the playground. Installs the current n8n of scripts/n8n/versions.json when the
 * cache lacks it, builds and packs the package, starts the provider sandbox seeded with sample
 * images, and starts n8n at http://127.0.0.1:5678 with the package installed, sandbox credentials
 * for the three providers, the example workflows and an owner account. Ctrl-C (or SIGTERM) stops
 * everything it started.
 *
 * Ports: n8n 5678, its task runners' broker 5679, the sandbox 8787 — each, when something else
 * listens there (another n8n, most often), a free port the kernel picks, said in the output and
 * the banner. A port set in the environment (N8N_PORT, N8N_RUNNERS_BROKER_PORT, SANDBOX_PORT) is
 * used as it is: when it is taken, the playground stops at once and says so.
 *
 * Environment: those three, PLAYGROUND_FOLDER (n8n's user folder; <cache>/dev-user),
 * N8N_E2E_CACHE (where n8n is installed).
 */
const { execFileSync } = require('node:child_process');
const { mkdirSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const readline = require('node:readline');

const { createSandbox } = require('../sandbox/server');
const { sandboxCredentials: credentials } = require('../test/fixtures/providers');
const {
	N8nInstance,
	CURRENT,
	VERSIONS,
	ensureInstalled,
	packPackage,
	stopProcess,
	ROOT,
	CACHE,
} = require('../test/e2e/n8n');
const { ownerSession, OWNER } = require('../test/e2e/browser');

const USER_FOLDER = process.env.PLAYGROUND_FOLDER ?? path.join(CACHE, 'dev-user');

/** What the playground listens on, all on 127.0.0.1. */
const PORTS = {
	n8n: { variable: 'N8N_PORT', preferred: 5678, what: 'n8n', suspect: 'another n8n?' },
	broker: {
		variable: 'N8N_RUNNERS_BROKER_PORT',
		preferred: 5679,
		what: "n8n's task-runner broker",
		suspect: "another n8n's task runners?",
	},
	sandbox: {
		variable: 'SANDBOX_PORT',
		preferred: 8787,
		what: 'the provider sandbox',
		suspect: 'another playground, or npm run sandbox?',
	},
};

/** A stop the user can act on: printed without a stack trace. */
class PlaygroundError extends Error {}

/** The port set in the environment for `spec`, if any. @returns {number | undefined} */
function portFromEnv(/** @type {typeof PORTS.n8n} */ spec) {
	const value = process.env[spec.variable];
	if (value === undefined || value === '') return undefined;
	const port = Number(value);
	if (!Number.isInteger(port) || port < 1 || port > 65535)
		throw new PlaygroundError(`${spec.variable}=${value} is not a port number (1–65535).`);
	return port;
}

/** Whether `port` can be listened on at 127.0.0.1 now. @returns {Promise<boolean>} */
function isFree(/** @type {number} */ port) {
	return new Promise((resolve, reject) => {
		const probe = net.createServer();
		probe.once('error', (/** @type {NodeJS.ErrnoException} */ error) =>
			['EADDRINUSE', 'EACCES'].includes(error.code ?? '') ? resolve(false) : reject(error),
		);
		probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
	});
}

/** A port the kernel says is free, none of `avoid`. @returns {Promise<number>} */
async function anyFreePort(/** @type {Set<number>} */ avoid) {
	for (;;) {
		const port = await new Promise((resolve, reject) => {
			const probe = net.createServer();
			probe.once('error', reject);
			probe.listen(0, '127.0.0.1', () => {
				const { port: chosen } = /** @type {net.AddressInfo} */ (probe.address());
				probe.close(() => resolve(chosen));
			});
		});
		if (!avoid.has(port)) return port;
	}
}

function takenByEnv(/** @type {typeof PORTS.n8n} */ spec, /** @type {number} */ port) {
	return new PlaygroundError(
		`${spec.variable}=${port}: that port is in use (${spec.suspect}), so ${spec.what} cannot listen there.\n` +
			`Stop what listens on ${port}, set ${spec.variable} to a free port, or unset it: the playground then picks a free one.`,
	);
}

/**
 * The port for `spec`: the one set in the environment (stops when it is taken), else its usual
 * port, else — said in `notes` — one the kernel picks.
 * @param {typeof PORTS.n8n} spec @param {Set<number>} chosen the ports already given out
 * @param {string[]} notes
 */
async function choosePort(spec, chosen, notes) {
	const fixed = portFromEnv(spec);
	if (fixed !== undefined) {
		if (chosen.has(fixed))
			throw new PlaygroundError(
				`${spec.variable}=${fixed} is the port of another part of the playground: choose another.`,
			);
		if (!(await isFree(fixed))) throw takenByEnv(spec, fixed);
		chosen.add(fixed);
		return fixed;
	}
	if (!chosen.has(spec.preferred) && (await isFree(spec.preferred))) {
		chosen.add(spec.preferred);
		return spec.preferred;
	}
	const port = await anyFreePort(chosen);
	chosen.add(port);
	notes.push(
		`port ${spec.preferred} is in use (${spec.suspect}), so ${spec.what} listens on ${port}`,
	);
	return port;
}

/** One line n8n printed (JSON at info level here), as a user reads it. */
function readable(/** @type {string} */ line) {
	const plain = line.replace(new RegExp('\u001b\\[[0-9;]*m', 'g'), '');
	if (!plain.startsWith('{')) return { level: undefined, lines: [plain] };
	try {
		const entry = JSON.parse(plain);
		const lines = String(entry.message ?? '')
			.split('\n')
			.filter((text) => text.trim());
		return { level: String(entry.level ?? ''), lines };
	} catch {
		return { level: undefined, lines: [plain] };
	}
}

/** The end of what n8n printed, every level, for when it has exited. */
function tailOf(/** @type {string} */ log, count = 25) {
	const lines = log
		.split('\n')
		.filter((line) => line.trim())
		.flatMap((line) => {
			const { level, lines: texts } = readable(line);
			return texts.map((text) => `  n8n │ ${level ? `${level.padEnd(5)} ` : ''}${text}`);
		});
	return lines.length ? lines.slice(-count).join('\n') : '  (n8n printed nothing)';
}

function step(/** @type {string} */ text) {
	process.stdout.write(`\n▸ ${text}\n`);
}

/** The example workflows as n8n imports them. */
function examples() {
	return readdirSync(path.join(ROOT, 'examples'))
		.filter((file) => file.endsWith('.json'))
		.map((file) => {
			const { meta: _meta, ...workflow } = JSON.parse(
				readFileSync(path.join(ROOT, 'examples', file), 'utf8'),
			);
			return workflow;
		});
}

/** The sandbox credentials the playground imports: every one but those with a wrong key. */
function playgroundCredentials(/** @type {string} */ sandboxUrl) {
	return credentials(sandboxUrl).filter((credential) => !credential.id.startsWith('wrongKey'));
}

/** `items` joined with " · " on lines of at most `width` characters, each after `indent`. */
function wrap(/** @type {string[]} */ items, indent = '   ', width = 100) {
	const lines = [];
	let line = '';
	for (const item of items) {
		const next = line ? `${line} · ${item}` : item;
		if (line && indent.length + next.length > width) {
			lines.push(`${indent}${line} ·`);
			line = item;
		} else line = next;
	}
	if (line) lines.push(`${indent}${line}`);
	return lines;
}

/** What has been started, so that a stop — Ctrl-C at any point, or a failure — ends all of it. */
const running = {
	/** @type {ReturnType<typeof createSandbox> | undefined} */ sandbox: undefined,
	/** @type {InstanceType<typeof N8nInstance> | undefined} */ n8n: undefined,
};
let stopping = false;

async function shutdown(/** @type {number} */ code) {
	if (stopping) return;
	stopping = true;
	const child = running.n8n?.child;
	if (child) {
		await stopProcess(child);
		// Whatever n8n left in its process group (its task runner) when it ended on its own.
		try {
			process.kill(-(/** @type {number} */ (child.pid)), 'SIGKILL');
		} catch {
			// none left
		}
	}
	await running.sandbox?.close();
	process.exit(code);
}

async function main() {
	const stopBySignal = () => {
		// A terminal's Ctrl-C reaches npm and this process both, and npm passes it on too.
		if (stopping) return;
		process.stdout.write('\nStopping n8n and the sandbox…\n');
		void shutdown(0);
	};
	process.on('SIGINT', stopBySignal);
	process.on('SIGTERM', stopBySignal);

	// A port set in the environment that is taken now stops the playground before the minutes of
	// installing and building.
	for (const spec of Object.values(PORTS)) {
		const fixed = portFromEnv(spec);
		if (fixed !== undefined && !(await isFree(fixed))) throw takenByEnv(spec, fixed);
	}

	step(
		`n8n ${CURRENT} on Node ${VERSIONS[CURRENT].node}: installed into ${CACHE} when missing (minutes, the first time only)`,
	);
	await ensureInstalled([VERSIONS[CURRENT].line]);

	step('Building and packing n8n-nodes-image-storage');
	execFileSync('npm', ['run', 'build', '--silent'], {
		cwd: ROOT,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	const packDir = path.join(CACHE, 'dev-pack');
	rmSync(packDir, { recursive: true, force: true });
	mkdirSync(packDir, { recursive: true });
	const tarball = await packPackage(packDir);

	/** @type {Set<number>} */
	const chosen = new Set();
	/** @type {string[]} */
	const notes = [];
	const sandboxPort = await choosePort(PORTS.sandbox, chosen, notes);
	step(`Starting the provider sandbox on 127.0.0.1:${sandboxPort}, seeded with sample images`);
	for (const note of notes) process.stdout.write(`  ${note}\n`);
	// ImageKit's files on the sandbox's own port, so that Download works here; a reset keeps it.
	// Leonardo's generated images stay on cdn.leonardo.ai URLs: By URL takes only those, and a
	// user copies them from outputs (sandbox/README.md).
	const sandbox = createSandbox({ knobs: { imagekitFilesOnSandbox: true } });
	running.sandbox = sandbox;
	sandbox.control.reset({ seed: 'sample' });
	const sandboxUrl = await sandbox.listen(sandboxPort).catch((error) => {
		if (error.code !== 'EADDRINUSE') throw error;
		throw new PlaygroundError(
			`Port ${sandboxPort} was taken just now, before ${PORTS.sandbox.what} could listen there: run npm run dev again.`,
		);
	});

	// The playground's user folder outlives a run (workflows you edit stay); the package is
	// reinstalled on every start.
	const n8n = new N8nInstance(CURRENT, { userFolder: USER_FOLDER });
	running.n8n = n8n;
	step('Installing the package, sandbox credentials and example workflows into n8n');
	rmSync(path.join(n8n.userFolder, '.n8n/nodes'), { recursive: true, force: true });
	await n8n.installPackage(tarball);
	const imported = playgroundCredentials(sandboxUrl);
	await n8n.importCredentials(imported);
	const workflows = examples();
	await n8n.importWorkflows(workflows);

	// Chosen as late as possible: the ports are free when n8n starts binding them.
	const n8nNotes = [];
	const n8nPort = await choosePort(PORTS.n8n, chosen, n8nNotes);
	const brokerPort = await choosePort(PORTS.broker, chosen, n8nNotes);
	step(
		`Starting n8n on http://127.0.0.1:${n8nPort} (its task-runner broker on 127.0.0.1:${brokerPort})`,
	);
	for (const note of n8nNotes) process.stdout.write(`  ${note}\n`);
	// n8n logs at info level, as JSON: what it says when it stops is often at info level (a port
	// in use). Printed as it comes: its warnings and errors (a node that fails to load, a crashed
	// execution); everything, from its end, when it exits.
	const echo = (/** @type {string} */ line) => {
		const { level, lines } = readable(line);
		if (level === undefined || level === 'warn' || level === 'error')
			for (const text of lines) process.stdout.write(`  n8n │ ${text}\n`);
	};
	let server;
	try {
		server = await n8n.start(n8nPort, {
			echo,
			env: {
				N8N_RUNNERS_BROKER_PORT: String(brokerPort),
				N8N_LOG_FORMAT: 'json',
				N8N_LOG_LEVEL: 'info',
			},
		});
	} catch (error) {
		const log = /** @type {{ log?: string }} */ (error).log;
		if (log === undefined) throw error;
		const how = error.timedOut
			? 'was not ready after 2 minutes, and was stopped'
			: `stopped before it was ready (${error.signal ? `killed by ${error.signal}` : `exit code ${error.exitCode}`})`;
		const advice = /already in use|EADDRINUSE/i.test(log)
			? [
					'',
					'A port n8n needs was taken after the playground found it free. Run npm run dev again',
					'(it picks free ports again), or set N8N_PORT and N8N_RUNNERS_BROKER_PORT to ports you know are free.',
				]
			: [];
		throw new PlaygroundError(
			[`n8n ${how}. The end of what it printed:`, tailOf(log), ...advice].join('\n'),
		);
	}
	server.child.once('close', (code, signal) => {
		if (stopping) return;
		process.stdout.write(
			`\nn8n exited (${signal ? `killed by ${signal}` : `exit code ${code}`}). The end of what it printed:\n${tailOf(server.log())}\n`,
		);
		void shutdown(1);
	});
	await ownerSession(server.base);
	if (process.stdin.isTTY) {
		readline.createInterface({ input: process.stdin }).on('line', (line) => {
			if (line.trim() !== 'r') return;
			sandbox.control.reset({ seed: 'sample' });
			process.stdout.write('  Sample data reset: every sample image is back.\n');
		});
	}

	process.stdout.write(
		[
			'',
			'────────────────────────────────────────────────────────────────────────',
			` n8n ${CURRENT} with n8n-nodes-image-storage: http://127.0.0.1:${n8nPort}`,
			`   log in as ${OWNER.email} / ${OWNER.password}`,
			...(n8nPort === PORTS.n8n.preferred || portFromEnv(PORTS.n8n) !== undefined
				? []
				: [
						`   (port ${PORTS.n8n.preferred} is in use, ${PORTS.n8n.suspect} This one is on ${n8nPort}.)`,
					]),
			'',
			` Credentials (pointing at the sandbox, no real key needed):`,
			...wrap(imported.map((credential) => credential.name)),
			` Example workflows: ${workflows.map((workflow) => workflow.name).join(' · ')}`,
			'',
			` Provider sandbox: ${sandboxUrl}`,
			`   what it holds: ${sandboxUrl}/_sandbox/state   what it received: ${sandboxUrl}/_sandbox/requests`,
			'   sample ids: Leonardo init images 0f0e5b9a-0000-4000-8000-00000000000[1-6], Cloudflare sample-[1-6], ImageKit sample-file-[1-6]',
			'',
			' The examples delete the samples: to run one again, reset the sample data —',
			`   type r and Enter here, or: curl -X POST '${sandboxUrl}/_sandbox/reset?seed=sample'`,
			' With real keys: create real credentials in this n8n and pick them in the nodes.',
			' n8n prints its warnings and errors below (n8n │). Ctrl-C stops n8n and the sandbox.',
			'────────────────────────────────────────────────────────────────────────',
			'',
		].join('\n'),
	);
}

main().catch((error) => {
	process.stderr.write(
		error instanceof PlaygroundError ? `\n${error.message}\n` : `${error.stack ?? error}\n`,
	);
	void shutdown(1);
});
