#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * `npm run dev`: the playground. Builds and packs the package, starts the provider sandbox
 * seeded with sample images, and starts n8n 2.41.1 at http://127.0.0.1:5678 with the package
 * installed, sandbox credentials for the three providers, the example workflows and an owner
 * account. Ctrl-C stops everything it started.
 *
 * Environment: N8N_PORT (5678), SANDBOX_PORT (8787), N8N_E2E_CACHE (where n8n is installed).
 */
const { execFileSync } = require('node:child_process');
const { mkdirSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const path = require('node:path');

const { createSandbox, seedSample } = require('../sandbox/server');
const { credentials } = require('../test/e2e/cases');
const { N8nInstance, packPackage, stopProcess, ROOT, CACHE } = require('../test/e2e/n8n');
const { ownerSession, OWNER } = require('../test/e2e/browser');

const N8N_PORT = Number(process.env.N8N_PORT ?? 5678);
const SANDBOX_PORT = Number(process.env.SANDBOX_PORT ?? 8787);

function step(text) {
	process.stdout.write(`\n▸ ${text}\n`);
}

async function main() {
	step('Installing n8n 2.41.1 (Node 24) into the cache when missing — minutes the first time only');
	execFileSync('bash', [path.join(ROOT, 'scripts/e2e/install-n8n.sh'), 'v2'], { stdio: 'inherit' });

	step('Building and packing n8n-nodes-image-storage');
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
	const packDir = path.join(CACHE, 'dev-pack');
	rmSync(packDir, { recursive: true, force: true });
	mkdirSync(packDir, { recursive: true });
	const tarball = await packPackage(packDir);

	step(`Starting the provider sandbox on 127.0.0.1:${SANDBOX_PORT}, seeded with sample images`);
	const sandbox = createSandbox();
	seedSample(sandbox.sandbox);
	const sandboxUrl = await sandbox.listen(SANDBOX_PORT);

	// A playground user folder that lives in the cache: the package is reinstalled on every start.
	const n8n = new N8nInstance('2.41.1', { userFolder: path.join(CACHE, 'dev-user'), brokerPort: 5679 });
	n8n.env.N8N_LOG_FORMAT = 'text';
	step('Installing the package, sandbox credentials and example workflows into n8n');
	rmSync(path.join(n8n.userFolder, '.n8n/nodes'), { recursive: true, force: true });
	await n8n.installPackage(tarball);
	await n8n.importCredentials(credentials(sandboxUrl).filter((credential) => !credential.id.startsWith('wrongKey')));
	const examples = readdirSync(path.join(ROOT, 'examples'))
		.filter((file) => file.endsWith('.json'))
		.map((file) => {
			const { meta: _meta, ...workflow } = JSON.parse(readFileSync(path.join(ROOT, 'examples', file), 'utf8'));
			return workflow;
		});
	await n8n.importWorkflows(examples);

	step(`Starting n8n on http://127.0.0.1:${N8N_PORT}`);
	const server = await n8n.start(N8N_PORT);
	await ownerSession(server.base);

	const stop = async () => {
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

	process.stdout.write(
		[
			'',
			'────────────────────────────────────────────────────────────────────────',
			` n8n with n8n-nodes-image-storage: http://127.0.0.1:${N8N_PORT}`,
			`   log in as ${OWNER.email} / ${OWNER.password}`,
			'',
			` Credentials (pointing at the sandbox, no real key needed):`,
			'   Leonardo AI (sandbox) · Cloudflare Images (sandbox) · Cloudflare Images (sandbox, global key) · ImageKit (sandbox)',
			` Example workflows: ${examples.map((workflow) => workflow.name).join(' · ')}`,
			'',
			` Provider sandbox: ${sandboxUrl}`,
			`   what it holds: ${sandboxUrl}/_sandbox/state   what it received: ${sandboxUrl}/_sandbox/requests`,
			'   sample ids: Leonardo init images 0f0e5b9a-0000-4000-8000-00000000000[1-6], Cloudflare sample-[1-6], ImageKit sample-file-[1-6]',
			'',
			' With real keys: create real credentials in this n8n and pick them in the nodes.',
			' Ctrl-C stops n8n and the sandbox.',
			'────────────────────────────────────────────────────────────────────────',
			'',
		].join('\n'),
	);
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exit(1);
});
