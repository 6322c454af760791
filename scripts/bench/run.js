#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * `npm run bench`: bulk deletes inside a real n8n (the e2e install) against the sandbox with 25 ms
 * latency and the providers' published limits on (ImageKit, which publishes none: 40 requests/s),
 * at 10, 100, 1,000 and 10,000 items per provider. This package's node side by side with what an
 * n8n user builds from n8n's own nodes today:
 * - the HTTP Request node at its defaults (every item at once);
 * - the HTTP Request node tuned to stay under the limit (its batching option: one request per
 *   interval);
 * - the expert's workflow: ImageKit, a Code node cutting the ids into chunks of 100 → HTTP Request
 *   POST to the batch endpoint (tuned); Cloudflare, HTTP Request for a batch token → HTTP Request
 *   DELETE on the batch host (tuned to its 200/s). Leonardo has no batch route: none.
 * Times are whole workflows (every node after the item list), from n8n's run data. Also printed:
 * peak RSS of n8n, and this package's own time per item beyond its requests — the node's run
 * time during which none of its requests was at the sandbox, divided by the items.
 *
 * Options: --version=<one of scripts/n8n/versions.json; the current one by default>
 *          --quick (10 and 100 items only, for a smoke run)
 *          --markdown=<file> (also write the report there, with how it was made: BENCHMARKS.md)
 *          --only=<text> (the runs whose "provider · workflow · items" contains it; ending in a
 *          number, the one run with that label)
 */
const { execFileSync, spawn } = require('node:child_process');
const { readFileSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { createSandbox } = require('../../sandbox/server');
const { chainWorkflow, manualItems } = require('../../test/fixtures/workflows');
const {
	PROVIDERS,
	SANDBOX_KEYS,
	sandboxCredentials: credentials,
} = require('../../test/fixtures/providers');
const {
	N8nInstance,
	VERSIONS,
	CURRENT,
	ensureInstalled,
	packPackage,
} = require('../../test/e2e/n8n');

const args = new Map(
	process.argv
		.slice(2)
		.map((arg) => [arg.replace(/^--/, '').split('=')[0], arg.split('=')[1] ?? 'true']),
);
const VERSION = args.get('version') ?? CURRENT;
if (!VERSIONS[VERSION]) throw new Error(`--version: one of ${Object.keys(VERSIONS).join(', ')}`);
const SIZES = args.get('quick') === 'true' ? [10, 100] : [10, 100, 1_000, 10_000];
const ROOT = path.resolve(__dirname, '../..');
const LATENCY_MS = 25;
/** A tuned HTTP Request run longer than this is not run: its pace gives its time. */
const TUNED_MAX_SECONDS = 45;

const [LEONARDO, CLOUDFLARE, IMAGEKIT] = PROVIDERS;

/** The head of BENCHMARKS.md: how the figures below it were made. */
const METHOD = `# Benchmarks

Made by \`npm run bench -- --markdown=BENCHMARKS.md\` (it installs n8n into the e2e cache when it is
missing). Every run is one \`n8n execute\` of a workflow — Manual Trigger → the ids → one item per
id → the delete — inside a real n8n with the packed package installed, against the provider sandbox
on 127.0.0.1 with 25 ms latency per request and the providers' published limits on (Leonardo AI
2,000 a minute; Cloudflare 1,200 per 5 minutes with its 5-minute lockout, batch API 200 a second;
ImageKit, which publishes none, 40 a second). Compared with what an n8n user builds from n8n's own
nodes: the HTTP Request node (v4.2) at its defaults, tuned with its batching option to stay under
the limit, and the expert's workflow (ImageKit: a Code node cutting the ids into chunks of 100 → HTTP
Request to the batch endpoint; Cloudflare: HTTP Request for a batch token → HTTP Request to the
batch host). Workflow time is the sum of n8n's own run times of every node after the item list
(start-up excluded); API calls, 429s and deletes are counted by the sandbox; peak RSS is the
\`n8n execute\` process's high-water mark. A tuned run whose pace alone would take more than
${TUNED_MAX_SECONDS} s is not run.
`;
const BASIC_IMAGEKIT = `Basic ${Buffer.from(`${SANDBOX_KEYS.imagekit}:`).toString('base64')}`;

/** HTTP Request (v4.2) with its header auth, one request per item. */
function httpRequest(name, { method, url, auth, batching, body }) {
	return {
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method,
			url,
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'Authorization', value: auth }] },
			...(body ? { sendBody: true, contentType: 'json', specifyBody: 'json', jsonBody: body } : {}),
			options: batching ? { batching: { batch: batching } } : {},
		},
	};
}

/** The variants per provider: how each deletes the ids of `$json.ids`, one item per id. */
/**
 * The package's own time per item is measured where neither latency nor a budget makes it wait:
 * no latency, and a run small enough for the provider's window (ImageKit: the sandbox's headers
 * lift its limit).
 */
const OWN_TIME_RUN = {
	kind: 'this package, own time (no latency, inside the limits)',
	knobs: { latencyMs: 0, rateLimits: { imagekit: { limit: 1_000_000, windowMs: 1000 } } },
};
const OWN_TIME_SIZES = { imagekit: 10_000, leonardo: 1_000, cloudflare: 100 };
/** The same measure for the HTTP Request node: what n8n's request path costs per request. */
const BASELINE_RUN = {
	kind: 'HTTP Request, defaults, own time (no latency, inside the limits)',
	knobs: OWN_TIME_RUN.knobs,
};

function variants(url) {
	const idInUrl = (prefix) =>
		`={{ ${JSON.stringify(`${url}${prefix}`)} + encodeURIComponent($json.ids) }}`;
	const ours = (p) => ({
		kind: 'this package',
		chain: [
			{
				name: 'Delete',
				node: p.node,
				parameters: {
					resource: p.resource,
					operation: 'delete',
					[p.idParameter]: '={{ $json.ids }}',
					options: {},
				},
				credential: p.sandbox.credential,
			},
		],
	});
	const oneByOne = (p, kind, batching) => ({
		kind,
		batching,
		chain: [
			httpRequest('Delete', {
				method: 'DELETE',
				url: idInUrl(p.sandbox.deletePrefix),
				auth: p.sandbox.auth,
				batching,
			}),
		],
	});
	return {
		[IMAGEKIT.key]: [
			ours(IMAGEKIT),
			{ ...ours(IMAGEKIT), ...OWN_TIME_RUN },
			oneByOne(IMAGEKIT, 'HTTP Request, defaults'),
			oneByOne(IMAGEKIT, 'HTTP Request, tuned (1 per 30 ms)', { batchSize: 1, batchInterval: 30 }),
			{
				kind: 'expert: Code chunks of 100 → HTTP Request batch endpoint (1 per 30 ms)',
				chain: [
					{
						name: 'Chunks',
						type: 'n8n-nodes-base.code',
						typeVersion: 2,
						parameters: {
							jsCode: [
								'const ids = $input.all().map((item) => item.json.ids);',
								'const chunks = [];',
								'for (let i = 0; i < ids.length; i += 100) chunks.push({ json: { fileIds: ids.slice(i, i + 100) } });',
								'return chunks;',
							].join('\n'),
						},
					},
					httpRequest('Delete', {
						method: 'POST',
						url: `${url}/imagekit/v1/files/batch/deleteByFileIds`,
						auth: BASIC_IMAGEKIT,
						body: '={{ JSON.stringify({ fileIds: $json.fileIds }) }}',
						batching: { batchSize: 1, batchInterval: 30 },
					}),
				],
			},
		],
		[CLOUDFLARE.key]: [
			ours(CLOUDFLARE),
			{ ...ours(CLOUDFLARE), ...OWN_TIME_RUN },
			{ ...oneByOne(CLOUDFLARE, ''), ...BASELINE_RUN },
			oneByOne(CLOUDFLARE, 'HTTP Request, defaults'),
			oneByOne(CLOUDFLARE, 'HTTP Request, tuned (1 per 260 ms)', {
				batchSize: 1,
				batchInterval: 260,
			}),
			{
				kind: 'expert: HTTP Request batch token → batch host (10 per 55 ms)',
				// The token is asked once, before the items are made: one item reaches it.
				beforeItems: [
					httpRequest('Token', {
						method: 'GET',
						url: `${url}/cloudflare/client/v4/accounts/${SANDBOX_KEYS.cloudflareAccount}/images/v1/batch_token`,
						auth: CLOUDFLARE.sandbox.auth,
					}),
				],
				chain: [
					httpRequest('Delete', {
						method: 'DELETE',
						url: idInUrl('/cloudflare-batch/images/v1/'),
						auth: "=Bearer {{ $('Token').first().json.result.token }}",
						batching: { batchSize: 10, batchInterval: 55 },
					}),
				],
			},
		],
		[LEONARDO.key]: [
			ours(LEONARDO),
			{ ...ours(LEONARDO), ...OWN_TIME_RUN },
			{ ...oneByOne(LEONARDO, ''), ...BASELINE_RUN },
			oneByOne(LEONARDO, 'HTTP Request, defaults'),
			oneByOne(LEONARDO, 'HTTP Request, tuned (1 per 31 ms)', { batchSize: 1, batchInterval: 31 }),
		],
	};
}

function workflowOf(id, provider, variant, ids) {
	const [start, ...items] = manualItems(ids, 'ids');
	return chainWorkflow({
		id,
		name: `bench ${provider.displayName} ${variant.kind} ${ids.length}`,
		head: [start, ...(variant.beforeItems ?? []), ...items],
		chain: variant.chain,
	});
}

/** `n8n execute`, sampling the process's resident memory while it runs. */
function executeMeasured(n8n, workflowId) {
	return new Promise((resolve) => {
		// BENCH_CPU_PROF=<folder>: n8n writes a CPU profile of each run there.
		const profile = process.env.BENCH_CPU_PROF;
		const child = spawn(n8n.config.bin, ['execute', `--id=${workflowId}`, '--rawOutput'], {
			env: {
				...n8n.env,
				...(profile ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profile}` } : {}),
			},
			cwd: n8n.userFolder,
		});
		let stdout = '';
		let peakKb = 0;
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', () => {});
		const sampler = setInterval(() => {
			try {
				const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
				peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
			} catch {
				// exited
			}
		}, 100);
		child.on('exit', (code) => {
			clearInterval(sampler);
			resolve({ code, data: runDataOf(stdout), peakMb: Math.round(peakKb / 1024) });
		});
	});
}

/**
 * The run data in `n8n execute --rawOutput`'s output: the one log line whose message holds
 * `resultData` (not simply the last JSON line, which may be another log line).
 */
function runDataOf(stdout) {
	for (const line of stdout.split('\n')) {
		if (!line.startsWith('{')) continue;
		try {
			const parsed = JSON.parse(line);
			if (parsed?.data?.resultData) return parsed.data;
			const message = parsed.message;
			if (typeof message === 'string' && message.includes('"resultData"'))
				return JSON.parse(message).data;
		} catch {
			// another line
		}
	}
	return undefined;
}

const HEAD_NODES = new Set(['Start', 'Items', 'Split']);

/** Seconds of every node after the item list, from the run data. */
function workflowSeconds(data) {
	const runData = data?.resultData?.runData ?? {};
	let ms = 0;
	for (const [name, runs] of Object.entries(runData)) {
		if (HEAD_NODES.has(name)) continue;
		for (const run of runs) ms += run.executionTime ?? 0;
	}
	return ms / 1000;
}

/** The Delete node's run time during which none of its requests was at the sandbox. */
function idleMs(data, requests) {
	const task = data?.resultData?.runData?.Delete?.[0];
	if (!task) return undefined;
	const from = task.startTime;
	const to = from + task.executionTime;
	const spans = requests
		.map((r) => [Math.max(from, r.startedAt), Math.min(to, r.endedAt || to)])
		.filter(([a, b]) => b > a)
		.sort((x, y) => x[0] - y[0]);
	let busy = 0;
	let end = from;
	for (const [a, b] of spans) {
		if (b <= end) continue;
		busy += b - Math.max(a, end);
		end = b;
	}
	return task.executionTime - busy;
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
		const byProvider = variants(url);
		const runs = [];
		for (const provider of [IMAGEKIT, CLOUDFLARE, LEONARDO]) {
			for (const items of SIZES) {
				for (const variant of byProvider[provider.key]) {
					const ids = Array.from({ length: items }, (_, i) => `bench-${runs.length}-${i}`);
					const id = `benchWorkflow${String(runs.length).padStart(5, '0')}`;
					const paceSeconds = variant.batching
						? (items / variant.batching.batchSize) * (variant.batching.batchInterval / 1000)
						: 0;
					const label = `${provider.displayName} · ${variant.kind} · ${items}`;
					const ownTimeSize = Math.min(OWN_TIME_SIZES[provider.key], Math.max(...SIZES));
					if (variant.knobs && items !== ownTimeSize) continue;
					const only = args.get('only');
					// "… · 1000" is one run; any other text, every run that contains it.
					if (only && !(/\d$/.test(only) ? label === only : label.includes(only))) continue;
					runs.push({
						provider,
						variant,
						items,
						ids,
						skipped: paceSeconds > TUNED_MAX_SECONDS ? paceSeconds : undefined,
						workflow: workflowOf(id, provider, variant, ids),
					});
				}
			}
		}
		await n8n.importWorkflows(runs.filter((run) => !run.skipped).map((run) => run.workflow));

		const rows = [];
		for (const run of runs) {
			const row = { provider: run.provider, kind: run.variant.kind, items: run.items };
			rows.push(row);
			if (run.skipped) {
				row.skipped = run.skipped;
				continue;
			}
			sandbox.control.reset({
				knobs: { latencyMs: LATENCY_MS, rateLimited: true },
				seed: run.provider.sandbox.seed(run.ids),
			});
			if (run.variant.knobs) sandbox.control.setKnobs(run.variant.knobs);
			process.stderr.write(`running ${run.provider.displayName} · ${row.kind} · ${run.items}…\n`);
			const result = await executeMeasured(n8n, run.workflow.id);
			const stats = sandbox.control.stats();
			const requests = sandbox.control
				.requests()
				.filter((entry) => entry.provider.startsWith(run.provider.key));
			const seconds = workflowSeconds(result.data);
			const idle = run.variant.knobs ? idleMs(result.data, requests) : undefined;
			Object.assign(row, {
				calls: requests.length,
				seconds,
				perSecond: seconds > 0 ? stats.deleted / seconds : 0,
				rateLimited: stats.rateLimited,
				failed: run.items - stats.deleted,
				duplicates: stats.deletedMoreThanOnce.length,
				peakMb: result.peakMb,
				ok: result.code === 0 && result.data !== undefined,
				overheadMs: idle === undefined ? undefined : idle / run.items,
				busiestMinute:
					run.provider.key === 'leonardo' ? busiestWindow(requests, 60_000) : undefined,
			});
		}
		const markdown = report(rows);
		process.stdout.write(`${markdown}\n`);
		const target = args.get('markdown');
		if (target) writeFileSync(target, `${METHOD}\n${markdown}\n`);
	} finally {
		await sandbox.close();
		n8n.remove();
	}
}

function busiestWindow(requests, windowMs) {
	const times = requests.map((r) => r.startedAt).sort((a, b) => a - b);
	let most = 0;
	for (let first = 0, last = 0; last < times.length; last++) {
		while (times[last] - times[first] >= windowMs) first++;
		most = Math.max(most, last - first + 1);
	}
	return most;
}

/** Deletes/s of `a` over `b`, when `b` finished with every item deleted. */
function ratio(a, b) {
	if (!a || !b || b.skipped || !b.ok || b.failed > 0 || !(b.perSecond > 0)) return undefined;
	return a.perSecond / b.perSecond;
}

function report(rows) {
	const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
	const fmt = (value, digits = 1) =>
		value === undefined ? '—' : Number(value).toFixed(digits).replace(/\.0+$/, '');
	const lines = [
		`n8n ${VERSION} (Node ${VERSIONS[VERSION].node}), sandbox on 127.0.0.1 with ${LATENCY_MS} ms latency and the published limits on (ImageKit: 40 requests/s); ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; ${new Date().toISOString().slice(0, 10)}. Generated by \`npm run bench\`.`,
		'',
		'| provider | workflow | items | API calls | workflow time (s) | deletes/s | 429s | not deleted | deleted twice | peak RSS (MB) | own time per item (ms) |',
		'|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
	];
	for (const r of rows) {
		if (r.skipped) {
			lines.push(
				`| ${r.provider.displayName} | ${r.kind} | ${r.items} | | not run: its pace alone takes ${fmt(r.skipped, 0)} s | | | | | | |`,
			);
			continue;
		}
		lines.push(
			`| ${r.provider.displayName} | ${r.kind}${r.ok ? '' : ' (failed)'} | ${r.items} | ${r.calls} | ${fmt(r.seconds, 2)} | ${fmt(r.perSecond)} | ${r.rateLimited} | ${r.failed} | ${r.duplicates} | ${r.peakMb} | ${r.overheadMs === undefined ? '' : fmt(r.overheadMs, 3)} |`,
		);
	}
	lines.push(
		'',
		'**This package against the others** (deletes/s; "—" where the other lost items or was not run):',
		'',
	);
	lines.push(
		'| provider | items | vs defaults | vs tuned | vs expert | 429s (ours) | target met |',
	);
	lines.push('|---|---:|---:|---:|---:|---:|---|');
	const verdicts = [];
	for (const provider of [IMAGEKIT, CLOUDFLARE, LEONARDO]) {
		for (const items of SIZES) {
			const of = (prefix) =>
				rows.find((r) => r.provider === provider && r.items === items && r.kind.startsWith(prefix));
			const ours = of('this package');
			const vs = {
				defaults: ratio(ours, of('HTTP Request, defaults')),
				tuned: ratio(ours, of('HTTP Request, tuned')),
				expert: ratio(ours, of('expert')),
			};
			const met =
				ours?.ok &&
				ours.failed === 0 &&
				ours.rateLimited === 0 &&
				(vs.defaults === undefined || vs.defaults >= 1) &&
				(vs.expert === undefined || vs.expert >= 1) &&
				(vs.tuned === undefined || vs.tuned >= 30);
			verdicts.push(met);
			const x = (value) => (value === undefined ? '—' : `${fmt(value, 2)}×`);
			lines.push(
				`| ${provider.displayName} | ${items} | ${x(vs.defaults)} | ${x(vs.tuned)} | ${x(vs.expert)} | ${ours?.rateLimited ?? '—'} | ${met ? 'yes' : 'no'} |`,
			);
		}
	}
	const biggest = Math.max(...SIZES);
	const overhead = rows
		.filter((r) => r.overheadMs !== undefined && r.kind === OWN_TIME_RUN.kind)
		.map((r) => {
			const baseline = rows.find(
				(b) => b.provider === r.provider && b.kind === BASELINE_RUN.kind && b.items === r.items,
			);
			const beyond =
				baseline?.overheadMs === undefined
					? ''
					: `; the HTTP Request node's, for the same requests: ${fmt(baseline.overheadMs, 3)} ms, so ${fmt(Math.max(0, r.overheadMs - baseline.overheadMs), 3)} ms beyond n8n's request path`;
			return `${r.provider.displayName} ${fmt(r.overheadMs, 3)} ms at ${r.items} items${beyond}`;
		});
	const leonardo = rows.find(
		(r) => r.provider === LEONARDO && r.kind === 'this package' && r.items === biggest,
	);
	lines.push(
		'',
		'Targets: at every size, this package at least as fast as every alternative that deleted every item, and at least 30× the tuned HTTP Request node, with no 429;',
		`its own time per item at most 0.2 ms; Leonardo: no 429 and at least 90% of 2,000 a minute in its busiest minute.`,
		'"Own time per item": the node\'s run time during which none of its requests was at the sandbox, divided by the items, in runs where neither latency nor a budget makes it wait.',
		'',
		`- Speed and 429s: ${verdicts.filter(Boolean).length} of ${verdicts.length} provider × size cells met.`,
		`- Own time per item: ${overhead.join('. ') || '—'}.`,
		leonardo
			? `- Leonardo AI, ${biggest} deletes: ${leonardo.rateLimited} 429s; busiest minute ${leonardo.busiestMinute} requests (${fmt((100 * leonardo.busiestMinute) / 2000, 0)}% of 2,000).`
			: '',
	);
	return lines.join('\n');
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exit(1);
});
