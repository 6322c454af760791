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
 * Environment: N8N_PORT (5678), SANDBOX_PORT (8787), N8N_RUNNERS_BROKER_PORT (5679),
 * PLAYGROUND_FOLDER (n8n's user folder; <cache>/dev-user), N8N_E2E_CACHE (where n8n is installed).
 */
const { execFileSync } = require('node:child_process');
const { mkdirSync, readdirSync, readFileSync, rmSync } = require('node:fs');
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

const N8N_PORT = Number(process.env.N8N_PORT ?? 5678);
const SANDBOX_PORT = Number(process.env.SANDBOX_PORT ?? 8787);
const BROKER_PORT = Number(process.env.N8N_RUNNERS_BROKER_PORT ?? 5679);
const USER_FOLDER = process.env.PLAYGROUND_FOLDER ?? path.join(CACHE, 'dev-user');

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

async function main() {
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

	step(`Starting the provider sandbox on 127.0.0.1:${SANDBOX_PORT}, seeded with sample images`);
	// ImageKit's files on the sandbox's own port, so that Download works here; a reset keeps it.
	// Leonardo's generated images stay on cdn.leonardo.ai URLs: By URL takes only those, and a
	// user copies them from outputs (sandbox/README.md).
	const sandbox = createSandbox({ knobs: { imagekitFilesOnSandbox: true } });
	sandbox.control.reset({ seed: 'sample' });
	const sandboxUrl = await sandbox.listen(SANDBOX_PORT);

	// The playground's user folder outlives a run (workflows you edit stay); the package is
	// reinstalled on every start.
	const n8n = new N8nInstance(CURRENT, { userFolder: USER_FOLDER, brokerPort: BROKER_PORT });
	// What a user needs from n8n's own log: its warnings and errors (a node that fails to load,
	// a crashed execution), not the debug stream the e2e suite reads.
	Object.assign(n8n.env, { N8N_LOG_FORMAT: 'text', N8N_LOG_LEVEL: 'warn' });
	step('Installing the package, sandbox credentials and example workflows into n8n');
	rmSync(path.join(n8n.userFolder, '.n8n/nodes'), { recursive: true, force: true });
	await n8n.installPackage(tarball);
	await n8n.importCredentials(
		credentials(sandboxUrl).filter((credential) => !credential.id.startsWith('wrongKey')),
	);
	const workflows = examples();
	await n8n.importWorkflows(workflows);

	step(`Starting n8n on http://127.0.0.1:${N8N_PORT}`);
	const server = await n8n.start(N8N_PORT, {
		echo: (line) => process.stdout.write(`  n8n │ ${line}\n`),
	});
	await ownerSession(server.base);

	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		process.stdout.write('\nStopping n8n and the sandbox…\n');
		server.child.removeAllListeners('exit');
		await stopProcess(server.child);
		await sandbox.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	server.child.on('exit', async (code) => {
		process.stdout.write(`\nn8n exited (${code}).\n${server.log().slice(-2000)}\n`);
		await sandbox.close();
		process.exit(1);
	});
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
			` n8n ${CURRENT} with n8n-nodes-image-storage: http://127.0.0.1:${N8N_PORT}`,
			`   log in as ${OWNER.email} / ${OWNER.password}`,
			'',
			` Credentials (pointing at the sandbox, no real key needed):`,
			'   Leonardo AI (sandbox) · Cloudflare Images (sandbox) · Cloudflare Images (sandbox, global key) · ImageKit (sandbox)',
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
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exit(1);
});
