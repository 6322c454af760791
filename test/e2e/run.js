#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * `npm run test:e2e`: the playground (`npm run dev`) checked from outside, then the packed package
 * inside a real n8n — every version of scripts/n8n/versions.json, each on its own Node — against the
 * provider sandbox, then each one-provider package — exported, released to a local bare repository
 * and built in a fresh clone of it, as its own repository builds it — alone and all of them beside
 * the combined package (test/e2e/packages.js), then n8n's Stop in a running `n8n start`
 * (test/e2e/cancel.js), a browser check of the editor and a queue-mode check.
 * Closes with "N passed, N failed"; leaves no process running.
 *
 * Options: --versions=<n8n versions, comma-separated>   --no-playground   --no-prism   --no-browser
 *   --no-queue   --no-packages   --no-cancel
 *   --only=<text in a case name> (naming a provider package: only that one is exported and run;
 *   the cancel check's name holds "cancel")
 * Environment: FAULT_ITEMS (items per provider in the fault run, 300 by default; 1000 full size),
 *   RULES_CREATES (Leonardo generation creates in the rules case, 300 by default: about 3 minutes).
 */
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const { createSandbox } = require('../../sandbox/server');
const { buildCases } = require('./cases');
const { sandboxCredentials: credentials, SECRETS } = require('../fixtures/providers');
const {
	VERSIONS,
	CURRENT,
	N8nInstance,
	crashesAfterExit,
	ensureInstalled,
	packPackage,
	ROOT,
	CACHE,
} = require('./n8n');
const { playgroundCheck } = require('./playground');
const { prismCheck } = require('./prism');
const { browserCheck } = require('./browser');
const { queueModeCheck } = require('./queue');
const { cancelCheck } = require('./cancel');
const { packageChecks, preparePackages } = require('./packages');

const args = new Map(
	process.argv.slice(2).map((arg) => {
		const [key, value] = arg.replace(/^--/, '').split('=');
		return [key, value ?? 'true'];
	}),
);
const versions = (args.get('versions') ?? Object.keys(VERSIONS).join(',')).split(',');
const unknown = versions.filter((version) => !VERSIONS[version]);
if (unknown.length > 0)
	throw new Error(
		`--versions: ${unknown.join(', ')} not in scripts/n8n/versions.json (${Object.keys(VERSIONS).join(', ')})`,
	);
const only = args.get('only');

const results = [];
const cleanups = [];

function record(name, error, ms, figures) {
	results.push({ name, error });
	const mark = error ? 'FAIL' : 'ok  ';
	process.stdout.write(
		`${mark} ${name} (${(ms / 1000).toFixed(1)} s)${figures ? ` — ${figures}` : ''}\n`,
	);
	if (error) {
		// The whole message (it may carry n8n's output), then where it was thrown.
		const frames = String(error.stack ?? '')
			.split('\n')
			.filter((line) => line.trim().startsWith('at '))
			.slice(0, 4);
		process.stdout.write(
			`     ${[String(error.message ?? error), ...frames].join('\n').split('\n').join('\n     ')}\n`,
		);
	}
}

async function runVersion(version, index, tarballs, cases) {
	const sandbox = createSandbox();
	const url = await sandbox.listen(0);
	cleanups.push(() => sandbox.close());
	// The checks read the sandbox through its control API (reset copies knobs: both versions run a case).
	const view = sandbox.control;
	const brokerPort = 5690 + index;
	const runCases = (n8n, label, list) => executeCases(n8n, label, list, view);
	if (cases.length > 0) {
		const started = Date.now();
		const n8n = new N8nInstance(version, { brokerPort });
		cleanups.push(() => n8n.remove());
		try {
			await n8n.installPackage(tarballs.combined);
			await n8n.importCredentials(credentials(url));
			// Sub-workflows a case's workflow calls are imported beside it, and published.
			const called = cases.flatMap((c) => c.workflows ?? []);
			await n8n.importWorkflows([...cases.map((c) => c.workflow), ...called]);
			await n8n.publishWorkflows(called.map((workflow) => workflow.id));
			record(
				`n8n ${version}: package installed from the tarball, credentials and ${cases.length + called.length} workflows imported`,
				undefined,
				Date.now() - started,
			);
			await runCases(n8n, `n8n ${version}`, cases);
			// The stored executions and everything else n8n keeps in its database.
			const begunScan = Date.now();
			const leaked = scanFolderForSecrets(n8n.userFolder);
			record(
				`n8n ${version}: no key or token in the stored executions, database or logs (${leaked.scanned} files)`,
				leaked.found.length ? new Error(`found in ${leaked.found.join(', ')}`) : undefined,
				Date.now() - begunScan,
			);
		} catch (error) {
			record(`n8n ${version}: set-up`, error, Date.now() - started);
		}
		n8n.remove();
	}
	if (args.get('no-packages') !== 'true')
		await packageChecks({
			version,
			brokerPort,
			combinedTarball: tarballs.combined,
			packages: tarballs.packages,
			credentials: credentials(url),
			view,
			only,
			runCases,
			record,
			cleanups,
		});
}

/** Runs each case's workflow with `n8n execute` after resetting the sandbox to its seed. */
async function executeCases(n8n, label, cases, view) {
	for (const c of cases) {
		const begun = Date.now();
		view.reset({ seed: c.seed, knobs: c.knobs });
		let error;
		let figures;
		let result;
		try {
			result = await n8n.execute(c.workflow.id, c.workflows ? n8n.subWorkflowEnv() : {});
			if (!result.data)
				throw new Error(`no run data in n8n's output:\n${result.output.slice(-4000)}`);
			figures = await c.check(result, view);
			// Everything n8n printed, at debug level, is scanned for keys and tokens.
			const leaked = SECRETS.filter((secret) => result.output.includes(secret));
			if (leaked.length > 0) throw new Error(`${leaked.length} secret(s) in n8n's output`);
		} catch (caught) {
			error = caught;
			// What n8n said is the first thing to read when a run failed.
			if (result && result.code !== 0)
				error.message += `\n--- n8n exited ${result.code}; its output ends:\n${result.output.slice(-3000)}`;
		}
		record(`${label}: ${c.name}`, error, Date.now() - begun, figures);
	}
}

/** Every file n8n wrote in its user folder (database, logs), read as bytes and searched. */
function scanFolderForSecrets(folder) {
	const { readdirSync, readFileSync, statSync } = require('node:fs');
	const found = [];
	let scanned = 0;
	const walk = (dir) => {
		for (const name of readdirSync(dir)) {
			const file = path.join(dir, name);
			if (name === 'node_modules') continue;
			const stat = statSync(file);
			if (stat.isDirectory()) walk(file);
			else if (stat.size < 512 * 1024 * 1024) {
				scanned++;
				const bytes = readFileSync(file);
				if (SECRETS.some((secret) => bytes.includes(secret)))
					found.push(path.relative(folder, file));
			}
		}
	};
	walk(folder);
	return { found, scanned };
}

async function main() {
	const begun = Date.now();
	process.stdout.write('Preparing: build and npm pack\n');
	execFileSync('npm', ['run', 'build', '--silent'], {
		cwd: ROOT,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	const packDir = mkdtempSync(path.join(tmpdir(), 'n8n-e2e-pack-'));
	cleanups.push(() => rmSync(packDir, { recursive: true, force: true }));
	const tarball = await packPackage(packDir);
	const packages =
		args.get('no-packages') === 'true'
			? []
			: await preparePackages(packDir, only, record, cleanups);

	// The playground goes first, on the cache as it finds it (in CI: empty, so `npm run dev`
	// installs the current n8n itself), while the other versions install beside it.
	const lines = [...new Set([CURRENT, ...versions].map((version) => VERSIONS[version].line))];
	process.stdout.write(
		`Preparing: n8n ${versions.join(', ')} (installed into ${CACHE} when missing; progress below)\n`,
	);
	// Held as a value until awaited: a failed install must not end the process mid-playground.
	const installing = ensureInstalled(lines.filter((line) => line !== VERSIONS[CURRENT].line)).then(
		() => undefined,
		(error) => error,
	);
	if (args.get('no-playground') !== 'true') {
		const begunPlayground = Date.now();
		try {
			const figures = await playgroundCheck((line) =>
				process.stdout.write(`  playground │ ${line}\n`),
			);
			record(
				"playground: `npm run dev` with another n8n's ports taken serves n8n on free ones with the examples and sandbox credentials, an example runs again after a reset, SIGTERM leaves no process; a taken fixed port and n8n stopping while it starts are told",
				undefined,
				Date.now() - begunPlayground,
				figures,
			);
		} catch (error) {
			record('playground: npm run dev', error, Date.now() - begunPlayground);
		}
	}
	const installError = await installing;
	if (installError) throw installError;
	await ensureInstalled(lines);

	const cases = buildCases().filter((c) => !only || c.name.includes(only));
	// The versions run side by side: each has its own sandbox, user folder and broker port.
	await Promise.all(
		versions.map((version, index) =>
			runVersion(version, index, { combined: tarball, packages }, cases),
		),
	);

	// One `n8n start` per version, one after the other (the check reads timings around a Stop).
	if (args.get('no-cancel') !== 'true') {
		for (const [index, version] of versions.entries()) {
			const name = `n8n ${version}: cancel — n8n's Stop (REST) during a Cloudflare bulk delete on the batch host and a Leonardo generation wait: nothing reaches the provider after the Stop was answered, the node's run ends, the execution is canceled`;
			if (only && !name.includes(only)) continue;
			const begunCancel = Date.now();
			try {
				const figures = await cancelCheck({
					version,
					tarball,
					port: 5684 + index,
					brokerPort: 5694 + index,
					cleanups,
				});
				record(name, undefined, Date.now() - begunCancel, figures);
			} catch (error) {
				record(name, error, Date.now() - begunCancel);
			}
		}
	}

	if (args.get('no-prism') !== 'true') {
		const begunPrism = Date.now();
		try {
			const figures = await prismCheck(tarball);
			record(
				`spec mocks (Prism, from the providers' OpenAPI specifications): every operation of the three nodes, in n8n ${CURRENT}, none refused`,
				undefined,
				Date.now() - begunPrism,
				figures,
			);
		} catch (error) {
			record('spec mocks (Prism)', error, Date.now() - begunPrism);
		}
	}

	if (args.get('no-browser') !== 'true') {
		const begunBrowser = Date.now();
		try {
			const { shots, figures } = await browserCheck(tarball);
			record(
				`browser: n8n's credential test advises on wrong keys; the editor finds the three nodes for "delete image"; the Image ID list shows the sandbox's images newest first, a search narrows it, the pick is the image Execute step deletes (${shots.join(', ')})`,
				undefined,
				Date.now() - begunBrowser,
				figures,
			);
		} catch (error) {
			record('browser: editor check', error, Date.now() - begunBrowser);
		}
	}

	if (args.get('no-queue') !== 'true' && versions.includes(CURRENT)) {
		const begunQueue = Date.now();
		try {
			const figures = await queueModeCheck(tarball);
			record(
				'queue mode (Redis, PostgreSQL, n8n start + three n8n workers, webhooks, executions API)',
				undefined,
				Date.now() - begunQueue,
				figures,
			);
		} catch (error) {
			record('queue mode', error, Date.now() - begunQueue);
		}
	}

	for (const version of new Set(crashesAfterExit.map((crash) => crash.version)))
		process.stdout.write(
			`note n8n ${version}: ${crashesAfterExit.filter((crash) => crash.version === version).length} \`n8n execute\` run(s) died of SIGSEGV after printing their result and choosing their exit code (isolated-vm's teardown, test/e2e/exit-code.cjs); the chosen code was used\n`,
		);
	const failed = results.filter((r) => r.error).length;
	process.stdout.write(`\nend-to-end: ${((Date.now() - begun) / 1000).toFixed(0)} s\n`);
	process.stdout.write(`${results.length - failed} passed, ${failed} failed\n`);
	return failed === 0 ? 0 : 1;
}

async function cleanup() {
	for (const step of cleanups.reverse()) {
		try {
			await step();
		} catch {
			// best effort
		}
	}
}

main()
	.then(async (code) => {
		await cleanup();
		process.exit(code);
	})
	.catch(async (error) => {
		process.stdout.write(`${error.stack ?? error}\n`);
		await cleanup();
		process.stdout.write(
			`${results.filter((r) => !r.error).length} passed, ${results.filter((r) => r.error).length + 1} failed\n`,
		);
		process.exit(1);
	});
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, async () => {
		await cleanup();
		process.exit(130);
	});
}
