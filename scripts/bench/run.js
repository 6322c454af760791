#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * `npm run bench`: bulk deletes inside a real n8n (the e2e install) against the sandbox with 25 ms
 * latency and the providers' limits on (ImageKit, which publishes none: 40 requests/s), our nodes
 * side by side with n8n's HTTP Request node doing the same job — at default settings, and with
 * its batching option tuned to stay under the limit. Prints a Markdown table.
 *
 * Options: --version=<one of scripts/n8n/versions.json; the current one by default>   --quick (fewer items, for a smoke run)
 */
const { spawn } = require('node:child_process');
const { readFileSync } = require('node:fs');
const os = require('node:os');

const { createSandbox } = require('../../sandbox/server');
const { chainWorkflow, manualItems } = require('../../test/fixtures/workflows');
const {
	PROVIDERS,
	WORDS,
	sandboxCredentials: credentials,
} = require('../../test/fixtures/providers');
const {
	N8nInstance,
	VERSIONS,
	CURRENT,
	ensureInstalled,
	packPackage,
} = require('../../test/e2e/n8n');
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const args = new Map(
	process.argv
		.slice(2)
		.map((arg) => [arg.replace(/^--/, '').split('=')[0], arg.split('=')[1] ?? 'true']),
);
const VERSION = args.get('version') ?? CURRENT;
if (!VERSIONS[VERSION]) throw new Error(`--version: one of ${Object.keys(VERSIONS).join(', ')}`);
const QUICK = args.get('quick') === 'true';
const ROOT = path.resolve(__dirname, '../..');
const LATENCY_MS = 25;

/** The runs: provider, items, which node, and how the sandbox is set. */
function plan(url) {
	const n = (full, quick) => (QUICK ? quick : full);
	const [leonardo, cloudflare, imagekit] = PROVIDERS;
	const ours = (/** @type {typeof PROVIDERS[number]} */ p) => ({
		key: p.key,
		seedOf: p.sandbox.seed,
		provider: p.displayName,
		kind: 'this package',
		nodeType: p.node,
		resource: p.resource,
		idParameter: p.idParameter,
		credential: p.sandbox.credential,
	});
	const http = (p, kind, batching) => ({
		key: p.key,
		seedOf: p.sandbox.seed,
		provider: p.displayName,
		kind,
		http: {
			routeOf: (id) => `${url}${p.sandbox.deletePrefix}${encodeURIComponent(id)}`,
			auth: p.sandbox.auth,
			batching,
		},
	});
	return [
		{
			items: n(10_000, 500),
			...ours(imagekit),
		},
		{ items: n(10_000, 500), ...http(imagekit, 'HTTP Request, defaults') },
		{
			items: n(1_000, 100),
			...http(imagekit, 'HTTP Request, batching 1 per 30 ms', {
				batchSize: 1,
				batchInterval: 30,
			}),
		},
		{
			items: n(2_000, 300),
			...ours(cloudflare),
		},
		{
			items: n(100, 30),
			...ours(cloudflare),
			kind: 'this package, batch API refused',
			faults: [
				{
					provider: 'cloudflare',
					pathIncludes: 'batch_token',
					kind: 'status',
					status: 403,
					body: JSON.stringify({
						success: false,
						errors: [WORDS.cloudflare.authError],
					}),
				},
			],
		},
		{
			items: n(2_000, 300),
			...http(cloudflare, 'HTTP Request, defaults'),
		},
		{
			items: n(100, 30),
			...http(cloudflare, 'HTTP Request, batching 1 per 260 ms', {
				batchSize: 1,
				batchInterval: 260,
			}),
		},
		{
			items: n(1_000, 200),
			...ours(leonardo),
		},
		{
			items: n(1_000, 200),
			...http(leonardo, 'HTTP Request, defaults'),
		},
	];
}

/** Manual Trigger → the ids → one item per id → Delete (this package's node, or HTTP Request). */
function workflow(id, run, ids) {
	const remove = run.http
		? {
				name: 'Delete',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				parameters: {
					method: 'DELETE',
					url: `={{ ${JSON.stringify(run.http.routeOf('ID_PLACEHOLDER')).replace('ID_PLACEHOLDER', '" + $json.ids + "')} }}`,
					sendHeaders: true,
					headerParameters: { parameters: [{ name: 'Authorization', value: run.http.auth }] },
					options: run.http.batching ? { batching: { batch: run.http.batching } } : {},
				},
			}
		: {
				name: 'Delete',
				node: run.nodeType,
				parameters: {
					resource: run.resource,
					operation: 'delete',
					[run.idParameter]: '={{ $json.ids }}',
					options: {},
				},
				credential: run.credential,
			};
	return chainWorkflow({
		id,
		name: `bench ${run.provider} ${run.kind}`,
		head: manualItems(ids, 'ids'),
		chain: [remove],
	});
}

/** `n8n execute`, sampling the process's resident memory while it runs. */
function executeMeasured(n8n, workflowId) {
	return new Promise((resolve) => {
		const child = spawn(n8n.config.bin, ['execute', `--id=${workflowId}`, '--rawOutput'], {
			env: n8n.env,
			cwd: n8n.userFolder,
		});
		let stdout = '';
		let peakKb = 0;
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', () => {});
		const sampler = setInterval(() => {
			try {
				const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
				const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
				peakKb = Math.max(peakKb, kb);
			} catch {
				// exited
			}
		}, 100);
		child.on('exit', (code) => {
			clearInterval(sampler);
			let data;
			for (const line of stdout.split('\n')) {
				if (!line.startsWith('{')) continue;
				try {
					const message = JSON.parse(line).message;
					if (typeof message === 'string' && message.includes('"resultData"'))
						data = JSON.parse(message).data;
				} catch {
					// not ours
				}
			}
			resolve({ code, data, peakMb: Math.round(peakKb / 1024) });
		});
	});
}

async function main() {
	await ensureInstalled([VERSIONS[VERSION].line]);
	execFileSync('npm', ['run', 'build', '--silent'], {
		cwd: ROOT,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	const sandbox = createSandbox();
	const url = await sandbox.listen(0);
	const n8n = new N8nInstance(VERSION, { brokerPort: 5695 });
	try {
		const tarball = await packPackage(n8n.userFolder);
		await n8n.installPackage(tarball);
		await n8n.importCredentials(
			credentials(url).filter((credential) => !credential.id.startsWith('wrongKey')),
		);
		const runs = plan(url).map((run, index) => {
			const ids = Array.from({ length: run.items }, (_, i) => `bench-${index}-${i}`);
			return {
				...run,
				ids,
				workflow: workflow(`benchWorkflow${String(index).padStart(5, '0')}`, run, ids),
			};
		});
		await n8n.importWorkflows(runs.map((run) => run.workflow));

		const rows = [];
		for (const run of runs) {
			const { key } = run;
			sandbox.control.reset({
				knobs: { latencyMs: LATENCY_MS, rateLimited: true, faults: run.faults ?? [] },
				seed: run.seedOf(run.ids),
			});
			const { control } = sandbox;
			process.stderr.write(`running ${run.provider} · ${run.kind} · ${run.items} items…\n`);
			const result = await executeMeasured(n8n, run.workflow.id);
			const taskData = result.data?.resultData?.runData?.Delete?.[0];
			const seconds = (taskData?.executionTime ?? 0) / 1000;
			const stats = control.stats();
			const deletedCount = stats.deleted;
			const calls = control
				.requests()
				.filter((entry) =>
					entry.provider.startsWith(key === 'cloudflare' ? 'cloudflare' : key),
				).length;
			rows.push({
				provider: run.provider,
				kind: run.kind,
				items: run.items,
				calls,
				seconds,
				perSecond: seconds > 0 ? deletedCount / seconds : 0,
				rateLimited: stats.rateLimited,
				failed: run.items - deletedCount,
				duplicates: stats.deletedMoreThanOnce.length,
				peakMb: result.peakMb,
				status: result.code === 0 ? 'ok' : 'failed',
			});
		}
		print(rows);
	} finally {
		await sandbox.close();
		n8n.remove();
	}
}

function print(rows) {
	const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
	const lines = [
		`n8n ${VERSION} (Node ${VERSIONS[VERSION].node}), sandbox on 127.0.0.1 with ${LATENCY_MS} ms latency and the published limits on (ImageKit: 40 requests/s); ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; ${new Date().toISOString().slice(0, 10)}`,
		'',
		'| provider | run | items | API calls | node run (s) | deletes/s | 429s | items not deleted | deleted twice | peak RSS of n8n (MB) | workflow |',
		'|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
		...rows.map(
			(r) =>
				`| ${r.provider} | ${r.kind} | ${r.items} | ${r.calls} | ${r.seconds.toFixed(1)} | ${r.perSecond.toFixed(1)} | ${r.rateLimited} | ${r.failed} | ${r.duplicates} | ${r.peakMb} | ${r.status} |`,
		),
	];
	const ratio = (provider, ours, theirs) => {
		const a = rows.find((r) => r.provider === provider && r.kind === ours);
		const b = rows.find((r) => r.provider === provider && r.kind === theirs);
		return a && b && b.perSecond > 0
			? `${provider}: ${(a.perSecond / b.perSecond).toFixed(1)}× the deletes/s of "${theirs}"`
			: undefined;
	};
	lines.push(
		'',
		...[
			ratio('ImageKit', 'this package', 'HTTP Request, batching 1 per 30 ms'),
			ratio('Cloudflare Images', 'this package', 'HTTP Request, batching 1 per 260 ms'),
			ratio('Leonardo AI', 'this package', 'HTTP Request, defaults'),
		]
			.filter(Boolean)
			.map((line) => `- ${line}`),
	);
	process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exit(1);
});
