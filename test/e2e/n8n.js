// @ts-check
'use strict';
/**
 * A real n8n, headless: the versions of scripts/n8n/versions.json, a fresh user folder
 * with the packed package installed the way n8n's Community Nodes installer does it, and
 * `n8n import:*` / `n8n execute` driven as child processes.
 */
const { execFile, spawn } = require('node:child_process');
const { existsSync, mkdirSync, writeFileSync, rmSync, mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

const { LINES, CACHE, layout, ensureInstalled } = require('../../scripts/n8n/install');

const ROOT = path.resolve(__dirname, '../..');

/** The tested n8n versions (scripts/n8n/versions.json), each on the Node it needs. */
const VERSIONS = Object.fromEntries(
	Object.keys(LINES).map((name) => {
		const install = layout(/** @type {keyof typeof LINES} */ (name));
		const node = install.line.node === 'system' ? process.versions.node : install.line.node;
		return [
			install.line.n8n,
			{
				line: name,
				node,
				dir: install.dir,
				bin: install.bin,
				nodeBin: install.nodeBin,
				env: install.line.env,
			},
		];
	}),
);
/** The n8n the playground, the browser and queue checks and the bench run. */
const CURRENT = LINES.current.n8n;

const ENCRYPTION_KEY = 'e2e-fixed-encryption-key-0123456789';

/**
 * @returns {Promise<{ code: number, signal: string | null, pid: number | undefined,
 *   stdout: string, stderr: string }>} code: 1 when a signal ended the process
 */
function run(command, args, options = {}) {
	return new Promise((resolve) => {
		const child = execFile(
			command,
			args,
			{ maxBuffer: 512 * 1024 * 1024, ...options },
			(error, stdout, stderr) => {
				resolve({
					code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
					signal: /** @type {any} */ (error)?.signal ?? null,
					pid: child.pid,
					stdout,
					stderr,
				});
			},
		);
	});
}

/** `n8n execute` runs that died of a signal after n8n had chosen its exit code (see exit-code.cjs). */
const crashesAfterExit = [];

/** `npm pack`s the built package in `dir` (the combined one, or a provider package's clone); returns the tarball path. */
async function packPackage(destination, dir = ROOT) {
	const result = await run('npm', ['pack', '--pack-destination', destination, '--silent'], {
		cwd: dir,
	});
	if (result.code !== 0) throw new Error(`npm pack failed:\n${result.stderr}`);
	return path.join(destination, result.stdout.trim().split('\n').pop() ?? '');
}

class N8nInstance {
	/**
	 * @param {string} version one of VERSIONS
	 * @param {{ brokerPort?: number, userFolder?: string }} [options]
	 */
	constructor(version, options = {}) {
		this.version = version;
		this.config = VERSIONS[version];
		this.userFolder = options.userFolder ?? mkdtempSync(path.join(tmpdir(), `n8n-e2e-${version}-`));
		this.brokerPort = options.brokerPort ?? 5679;
		this.env = {
			...process.env,
			...this.config.env,
			PATH: `${this.config.nodeBin}:${process.env.PATH}`,
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			DB_TYPE: 'sqlite',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			N8N_LOG_FORMAT: 'json',
			// Debug: the e2e suite scans everything n8n prints for keys.
			N8N_LOG_LEVEL: 'debug',
			N8N_LOG_OUTPUT: 'console',
			N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
			// n8n 3.0's local mode: binary data on disk (the in-memory default is gone there).
			N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
		};
	}

	/** Installs the tarball as n8n's Community Nodes installer would (beside any installed before). */
	async installPackage(tarball) {
		const nodesDir = path.join(this.userFolder, '.n8n/nodes');
		mkdirSync(nodesDir, { recursive: true });
		// Kept across installs, as n8n keeps it: a second package installs beside the first.
		if (!existsSync(path.join(nodesDir, 'package.json')))
			writeFileSync(
				path.join(nodesDir, 'package.json'),
				'{ "name": "installed-nodes", "private": true }\n',
			);
		const result = await run(
			'npm',
			[
				'install',
				tarball,
				'--omit=dev',
				'--legacy-peer-deps',
				'--ignore-scripts',
				'--no-audit',
				'--no-fund',
			],
			{ cwd: nodesDir },
		);
		if (result.code !== 0)
			throw new Error(`installing the package into n8n failed:\n${result.stderr}`);
	}

	/** @param {string[]} args @param {Record<string, string>} [env] beside the instance's own */
	n8n(args, env = {}) {
		return run(this.config.bin, args, { env: { ...this.env, ...env }, cwd: this.userFolder });
	}

	async importCredentials(credentials) {
		const file = path.join(this.userFolder, 'credentials.json');
		writeFileSync(file, JSON.stringify(credentials, null, 2));
		const result = await this.n8n(['import:credentials', `--input=${file}`]);
		// The import file holds plain keys: it must not outlive the import.
		rmSync(file, { force: true });
		if (result.code !== 0)
			throw new Error(`import:credentials failed:\n${result.stdout}${result.stderr}`);
	}

	async importWorkflows(workflows) {
		const dir = path.join(this.userFolder, 'workflows');
		rmSync(dir, { recursive: true, force: true });
		mkdirSync(dir, { recursive: true });
		for (const workflow of workflows)
			writeFileSync(path.join(dir, `${workflow.id}.json`), JSON.stringify(workflow, null, 2));
		const result = await this.n8n(['import:workflow', '--separate', `--input=${dir}`]);
		if (result.code !== 0)
			throw new Error(`import:workflow failed:\n${result.stdout}${result.stderr}`);
	}

	/**
	 * Makes stored workflows callable by others (Execute Workflow, from the database): n8n 2 runs
	 * a sub-workflow only in its published version (`n8n publish:workflow`); n8n 1 runs the stored
	 * one. An execution that calls them needs `subWorkflowEnv` too.
	 * @param {string[]} ids
	 */
	async publishWorkflows(ids) {
		if (Object.keys(this.subWorkflowEnv()).length === 0) return;
		for (const id of ids) {
			const result = await this.n8n(['publish:workflow', `--id=${id}`]);
			if (result.code !== 0)
				throw new Error(`publish:workflow --id=${id} failed:\n${result.stdout}${result.stderr}`);
		}
	}

	/**
	 * What `n8n execute` needs to call a published sub-workflow: n8n 2's publication service reads
	 * the published version from a table that `n8n start` fills (its outbox), not
	 * `publish:workflow`; without the service, n8n 2 reads the version `publish:workflow` set.
	 * @returns {Record<string, string>}
	 */
	subWorkflowEnv() {
		return Number(this.version.split('.')[0]) >= 2
			? { N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'false' }
			: {};
	}

	/** `n8n export:workflow --all` into `file` (an array of workflows), as a user backs them up. */
	async exportWorkflows(file) {
		const result = await this.n8n(['export:workflow', '--all', `--output=${file}`]);
		if (result.code !== 0)
			throw new Error(`export:workflow failed:\n${result.stdout}${result.stderr}`);
	}

	/** `n8n import:workflow` of one file (a workflow or an array); same ids replace the stored ones. */
	async importWorkflowFile(file) {
		const result = await this.n8n(['import:workflow', `--input=${file}`]);
		if (result.code !== 0)
			throw new Error(`import:workflow failed:\n${result.stdout}${result.stderr}`);
	}

	/**
	 * Runs one workflow with `n8n execute` and returns its run data, exit code and raw output.
	 * @param {string} workflowId @param {Record<string, string>} [env] beside the instance's own
	 * @returns {Promise<{ code: number, data: any, output: string }>}
	 */
	async execute(workflowId, env = {}) {
		const preloadPath = path.join(__dirname, 'exit-code.cjs').replace(/[\\"]/g, '\\$&');
		const nodeOptions = `${this.env.NODE_OPTIONS ?? ''} --require "${preloadPath}"`.trim();
		const result = await this.n8n(['execute', `--id=${workflowId}`, '--rawOutput'], {
			...env,
			NODE_OPTIONS: nodeOptions,
		});
		let output = `${result.stdout}\n${result.stderr}`;
		let data;
		for (const line of result.stdout.split('\n')) {
			if (!line.startsWith('{')) continue;
			try {
				const message = JSON.parse(line).message;
				if (
					typeof message === 'string' &&
					message.startsWith('{') &&
					message.includes('"resultData"')
				) {
					data = JSON.parse(message).data;
				}
			} catch {
				// not a log line of ours
			}
		}
		if (result.signal) {
			const chosen = [
				...result.stderr.matchAll(new RegExp(`\\[exit-code ${result.pid} (\\d+)\\]`, 'g')),
			].at(-1);
			// Only the known crash: SIGSEGV in isolated-vm's teardown, after the result was printed.
			const engine = this.env.N8N_EXPRESSION_ENGINE ?? 'vm';
			if (result.signal === 'SIGSEGV' && engine !== 'legacy' && chosen && data !== undefined) {
				crashesAfterExit.push({ version: this.version, signal: result.signal });
				result.code = Number(chosen[1]);
			} else {
				output += `\n[n8n was killed by ${result.signal}]`;
			}
		}
		return { code: result.code, data, output };
	}

	/**
	 * Starts `n8n start` on `port`; resolves once n8n reports ready. When n8n exits before that, the
	 * error carries everything it printed (`error.log`), read to the end of its output.
	 * @param {number} port
	 * @param {{ echo?: (line: string) => void, env?: Record<string, string> }} [options]
	 *   echo: each line n8n prints; env: over the instance's own and this method's
	 */
	async start(port, { echo, env = {} } = {}) {
		const child = spawn(this.config.bin, ['start'], {
			env: {
				...this.env,
				N8N_PORT: String(port),
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				N8N_HOST: '127.0.0.1',
				N8N_SECURE_COOKIE: 'false',
				N8N_LOG_FORMAT: 'text',
				N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
				...env,
			},
			cwd: this.userFolder,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		/** The last `n8n start`, from its spawn on: whoever stops early can end it. */
		this.child = child;
		let log = '';
		let partial = '';
		const take = (/** @type {Buffer} */ chunk) => {
			log += chunk;
			if (!echo) return;
			const lines = (partial + chunk).split('\n');
			partial = lines.pop() ?? '';
			for (const line of lines) if (line.trim()) echo(line);
		};
		child.stdout.on('data', take);
		child.stderr.on('data', take);
		// 'exit' can come before the last of its output has been read: 'close' comes after it.
		const closed = new Promise((resolve) => child.once('close', resolve));
		const base = `http://127.0.0.1:${port}`;
		const deadline = Date.now() + 120_000;
		while (Date.now() < deadline) {
			if (child.exitCode !== null || child.signalCode !== null) {
				await closed;
				if (partial.trim() && echo) echo(partial);
				const how = child.signalCode
					? `killed by ${child.signalCode}`
					: `exit code ${child.exitCode}`;
				const error = new Error(
					`n8n start exited early (${how}):\n${log.trim() ? log.slice(-3000) : '(n8n printed nothing)'}`,
				);
				Object.assign(error, { log, exitCode: child.exitCode, signal: child.signalCode });
				throw error;
			}
			try {
				const response = await fetch(`${base}/healthz/readiness`);
				if (response.ok) return { child, base, log: () => log };
			} catch {
				// not listening yet
			}
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		await stopProcess(child);
		const error = new Error(`n8n did not become ready:\n${log.slice(-3000)}`);
		Object.assign(error, { log, timedOut: true });
		throw error;
	}

	remove() {
		rmSync(this.userFolder, { recursive: true, force: true });
	}
}

/** Ends a detached child and everything it started: SIGTERM, then SIGKILL after `graceMs`. */
async function stopProcess(child, graceMs = 8000) {
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	const signal = (name) => {
		try {
			process.kill(-child.pid, name);
		} catch {
			// already gone
		}
	};
	signal('SIGTERM');
	const timer = new Promise((resolve) => setTimeout(() => resolve('timeout'), graceMs));
	if ((await Promise.race([exited, timer])) === 'timeout') signal('SIGKILL');
	else signal('SIGKILL'); // the task runner and other children of the group
}

module.exports = {
	VERSIONS,
	CURRENT,
	N8nInstance,
	ensureInstalled,
	packPackage,
	stopProcess,
	crashesAfterExit,
	ROOT,
	CACHE,
};
