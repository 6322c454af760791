// @ts-check
'use strict';
/**
 * The end-to-end cases: workflow JSON run by a real n8n against the sandbox, then checked
 * on the run data and on what the sandbox holds and received.
 */
const assert = require('node:assert/strict');
const { readdirSync, readFileSync } = require('node:fs');
const path = require('node:path');

const {
	PROVIDERS: FIXTURES,
	SANDBOX_KEYS: KEYS,
	SECRETS,
	sandboxCredentials: credentials,
} = require('../fixtures/providers');

const PACKAGE = 'n8n-nodes-image-storage';
const ROOT = path.resolve(__dirname, '../..');

/** The fixture rows, with the sandbox's side of each at hand. */
const PROVIDERS = FIXTURES.map((provider) => ({
	...provider,
	...provider.sandbox,
	routePrefix: provider.sandbox.deletePrefix,
}));

let workflowCounter = 0;

/**
 * Manual Trigger → Items (Set, raw JSON) → Split Out → the chain → Done (and Errors, on the last
 * node's error output when it has `continueErrorOutput`).
 */
function workflow(name, items, chain) {
	const id = `e2eWorkflow${String(++workflowCounter).padStart(5, '0')}`;
	const nodes = [
		{
			id: 'trigger',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'items',
			name: 'Items',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [200, 0],
			parameters: { mode: 'raw', jsonOutput: JSON.stringify({ items }), options: {} },
		},
		{
			id: 'split',
			name: 'Split',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [400, 0],
			parameters: { fieldToSplitOut: 'items', options: {} },
		},
	];
	const connections = {
		Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
		Items: { main: [[{ node: 'Split', type: 'main', index: 0 }]] },
	};
	let previous = 'Split';
	chain.forEach((step, index) => {
		nodes.push({
			id: `step-${index}`,
			name: step.name,
			type: `${PACKAGE}.${step.node}`,
			typeVersion: 1,
			position: [600 + 200 * index, 0],
			parameters: step.parameters,
			...(step.onError ? { onError: step.onError } : {}),
			...(step.credential
				? {
						credentials: {
							[step.credential[0]]: { id: step.credential[1], name: step.credential[2] },
						},
					}
				: {}),
		});
		connections[previous] = { main: [[{ node: step.name, type: 'main', index: 0 }]] };
		previous = step.name;
	});
	const last = chain[chain.length - 1];
	nodes.push({
		id: 'done',
		name: 'Done',
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [1400, 0],
		parameters: {},
	});
	nodes.push({
		id: 'errors',
		name: 'Errors',
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [1400, 200],
		parameters: {},
	});
	connections[previous] = {
		main: [
			[{ node: 'Done', type: 'main', index: 0 }],
			...(last.onError === 'continueErrorOutput'
				? [[{ node: 'Errors', type: 'main', index: 0 }]]
				: []),
		],
	};
	return {
		id,
		name: `e2e: ${name}`,
		active: false,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
	};
}

/** Items on `output` of `node`'s first run. */
function outputOf(data, node, output = 0) {
	const run = data?.resultData?.runData?.[node]?.[0];
	return (run?.data?.main?.[output] ?? []).map((item) => item.json);
}

function deleteStep(p, name, extra = {}) {
	return {
		name,
		node: p.node,
		credential: p.credential,
		parameters: {
			resource: p.resource,
			operation: 'delete',
			[p.idParameter]: '={{ $json.id }}',
			...extra,
		},
	};
}

/** @returns {Array<{ name: string, workflow: any, seed?: any, knobs?: any, check: (result: any, sandbox: any) => void }>} */
function buildCases() {
	const cases = [];
	for (const p of PROVIDERS) {
		const items = [{ id: 'keep-1' }, { id: '  ' }, { id: 'missing-1' }, { id: 'keep-2' }];
		cases.push({
			name: `${p.key}: delete with On Error = continueRegularOutput`,
			seed: p.seed(['keep-1', 'keep-2', 'bystander']),
			workflow: workflow(`${p.key} continue`, items, [
				{ ...deleteStep(p, 'Delete'), onError: 'continueRegularOutput' },
			]),
			check: ({ code, data }, sandbox) => {
				assert.equal(code, 0);
				assert.deepEqual(outputOf(data, 'Delete'), [
					{ deleted: true, id: 'keep-1' },
					{ error: p.emptyMessage },
					{ error: `${p.failurePrefix}${p.notFound}` },
					{ deleted: true, id: 'keep-2' },
				]);
				assert.deepEqual(p.remaining(sandbox.state()), ['bystander']);
				assert.equal(sandbox.requests(p.key).filter((r) => r.method === 'DELETE').length, 3);
			},
		});
		cases.push({
			name: `${p.key}: delete with On Error = continueErrorOutput`,
			seed: p.seed(['keep-1', 'keep-2']),
			workflow: workflow(`${p.key} error output`, items, [
				{ ...deleteStep(p, 'Delete'), onError: 'continueErrorOutput' },
			]),
			check: ({ code, data }) => {
				assert.equal(code, 0);
				assert.deepEqual(outputOf(data, 'Done'), [
					{ deleted: true, id: 'keep-1' },
					{ deleted: true, id: 'keep-2' },
				]);
				assert.deepEqual(outputOf(data, 'Errors'), [
					{ id: '  ', error: p.emptyMessage },
					{ id: 'missing-1', error: `${p.failurePrefix}${p.notFound}` },
				]);
			},
		});
		cases.push({
			name: `${p.key}: delete with On Error = stopWorkflow`,
			seed: p.seed(['keep-1', 'bystander']),
			workflow: workflow(
				`${p.key} stop`,
				[{ id: 'keep-1' }, { id: 'missing-1' }],
				[deleteStep(p, 'Delete')],
			),
			check: ({ code, data }, sandbox) => {
				assert.equal(code, 1);
				assert.equal(data.resultData.error.message, `${p.failurePrefix}${p.notFound}`);
				assert.equal(data.resultData.error.httpCode, '404');
				assert.equal(data.resultData.lastNodeExecuted, 'Delete');
				assert.equal(data.resultData.runData.Done, undefined);
				assert.deepEqual(p.remaining(sandbox.state()), ['bystander']);
			},
		});
		cases.push({
			name: `${p.key}: connect → delete by connection id → disconnect → delete refused`,
			seed: p.seed(['keep-1']),
			workflow: workflow(
				`${p.key} connection`,
				[{ id: 'keep-1' }],
				[
					{
						name: 'Connect',
						node: p.node,
						credential: p.credential,
						parameters: { resource: 'connection', operation: 'connect', options: {} },
					},
					{
						...deleteStep(p, 'Delete', {
							[p.idParameter]: "={{ $('Split').item.json.id }}",
							authentication: 'connectionId',
							connectionId: "={{ $('Connect').item.json.connectionId }}",
						}),
						credential: undefined,
					},
					{
						name: 'Disconnect',
						node: p.node,
						parameters: {
							resource: 'connection',
							operation: 'disconnect',
							connectionId: "={{ $('Connect').item.json.connectionId }}",
						},
					},
					{
						...deleteStep(p, 'Delete Again', {
							[p.idParameter]: "={{ $('Split').item.json.id }}",
							authentication: 'connectionId',
							connectionId: "={{ $('Connect').item.json.connectionId }}",
						}),
						credential: undefined,
						onError: 'continueRegularOutput',
					},
				],
			),
			check: ({ code, data, output }, sandbox) => {
				assert.equal(code, 0);
				const [connection] = outputOf(data, 'Connect');
				assert.match(connection.connectionId, /^conn_/);
				assert.equal(connection.provider, `${PACKAGE}.${p.node}`);
				assert.deepEqual(outputOf(data, 'Delete'), [{ deleted: true, id: 'keep-1' }]);
				assert.deepEqual(outputOf(data, 'Disconnect'), [
					{ disconnected: true, connectionId: connection.connectionId },
				]);
				assert.deepEqual(outputOf(data, 'Delete Again'), [
					{ error: 'Connection ID not found or expired. Connect again, or use credentials.' },
				]);
				assert.deepEqual(p.remaining(sandbox.state()), []);
				for (const secret of SECRETS)
					assert.ok(!output.includes(secret), 'a key appears in the output');
			},
		});
		const hostile = ['a/b', '../x', 'x?y#z', '%2e%2e', 'café 🖼', 'line\r\nbreak'];
		cases.push({
			name: `${p.key}: hostile ids reach the provider as exactly one path segment`,
			seed: p.seed([...hostile.map((id) => id.trim()), 'x', 'b']),
			workflow: workflow(
				`${p.key} hostile`,
				[...hostile.map((id) => ({ id })), { id: '..' }],
				[{ ...deleteStep(p, 'Delete'), onError: 'continueRegularOutput' }],
			),
			check: ({ code, data }, sandbox) => {
				assert.equal(code, 0);
				const out = outputOf(data, 'Delete');
				assert.deepEqual(
					out.slice(0, hostile.length),
					hostile.map((id) => ({ deleted: true, id })),
				);
				assert.match(out[hostile.length].error, /ID cannot be "\.\."/);
				// Requests run concurrently: compare as sets; one request per id, nothing else.
				const paths = sandbox
					.requests(p.key)
					.filter((r) => r.method === 'DELETE')
					.map((r) => r.rawPath);
				assert.deepEqual(
					paths.sort(),
					hostile.map((id) => `${p.routePrefix}${encodeURIComponent(id)}`).sort(),
				);
				assert.deepEqual(p.remaining(sandbox.state()).sort(), ['b', 'x']);
			},
		});
		cases.push({
			name: `${p.key}: a wrong key fails clearly and never shows`,
			seed: p.seed(['keep-1']),
			workflow: workflow(
				`${p.key} wrong key`,
				[{ id: 'keep-1' }],
				[{ ...deleteStep(p, 'Delete'), credential: p.wrongCredential }],
			),
			check: ({ code, data, output }, sandbox) => {
				assert.equal(code, 1);
				assert.equal(data.resultData.error.message, `${p.failurePrefix}${p.unauthorized}`);
				for (const secret of SECRETS)
					assert.ok(!output.includes(secret), 'a key appears in the output');
				assert.deepEqual(p.remaining(sandbox.state()), ['keep-1']);
			},
		});
	}

	cases.push({
		name: 'leonardo: generation delete, and a 404 for an unknown id with ignoreNotFound',
		seed: { leonardo: { generations: [{ id: 'gen-1' }] } },
		knobs: { leonardoUnknownDelete: '404' },
		workflow: workflow(
			'leonardo generation',
			[{ id: 'gen-1' }, { id: 'gen-unknown' }],
			[
				{
					name: 'Delete',
					node: 'leonardoAi',
					credential: PROVIDERS[0].credential,
					parameters: {
						resource: 'generation',
						operation: 'delete',
						generationId: '={{ $json.id }}',
						options: { ignoreNotFound: true },
					},
				},
			],
		),
		check: ({ code, data }, sandbox) => {
			assert.equal(code, 0);
			assert.deepEqual(outputOf(data, 'Delete'), [
				{ deleted: true, id: 'gen-1' },
				{ deleted: false, id: 'gen-unknown', notFound: true },
			]);
			assert.deepEqual(sandbox.state().leonardo.generations, []);
		},
	});
	cases.push({
		name: 'cloudflare: the global API key authenticates with X-Auth-Email and X-Auth-Key',
		seed: { cloudflare: { images: [{ id: 'keep-1' }] } },
		workflow: workflow(
			'cloudflare global key',
			[{ id: 'keep-1' }],
			[
				{
					...deleteStep(PROVIDERS[1], 'Delete'),
					credential: [
						'cloudflareImagesApi',
						'sandboxCfGlobal01',
						'Cloudflare Images (sandbox, global key)',
					],
				},
			],
		),
		check: ({ code, data }, sandbox) => {
			assert.equal(code, 0);
			assert.deepEqual(outputOf(data, 'Delete'), [{ deleted: true, id: 'keep-1' }]);
			assert.deepEqual(
				sandbox.requests('cloudflare').map((r) => r.auth),
				['global-key'],
			);
		},
	});
	cases.push(uploadsCase());
	cases.push(...bulkCases());
	cases.push(...faultCases());
	cases.push(...exampleCases());
	return cases;
}

/** Items per provider in the fault run; FAULT_ITEMS=1000 for the full-size run. */
const FAULT_ITEMS = Number(process.env.FAULT_ITEMS ?? 300);

/**
 * Faults drawn in order, each with the share of requests SPEC's fault mix gives it:
 * 10% 503, 5% 429 with Retry-After, 5% lost after the delete, 5% lost before, 2% too slow.
 */
function faultMix(timeoutMs) {
	const mix = [
		{ kind: 'status', status: 503, share: 0.1 },
		{ kind: 'status', status: 429, retryAfter: 1, share: 0.05 },
		{ kind: 'drop-after', share: 0.05 },
		{ kind: 'drop-before', share: 0.05 },
		{ kind: 'slow', delayMs: timeoutMs + 500, share: 0.02 },
	];
	let left = 1;
	const drawn = mix.map(({ share, ...fault }) => {
		const rate = share / left;
		left -= share;
		return { ...fault, rate };
	});
	// Each kind once, first, whatever the draw: a bulk path makes few requests.
	const once = mix.map(({ share: _share, ...fault }) => ({ ...fault, times: 1 }));
	return [...once, ...drawn];
}

/** Deletes under injected faults: each image deleted exactly once, every item `deleted: true`. */
function faultCases() {
	const cases = [];
	for (const p of PROVIDERS) {
		const ids = Array.from({ length: FAULT_ITEMS }, (_, i) => `fault-${i}`);
		cases.push({
			name: `${p.key}: ${FAULT_ITEMS} deletes through 503s, 429s, lost answers and slow answers`,
			seed: p.seed(ids),
			knobs: { faults: faultMix(1000) },
			workflow: workflow(
				`${p.key} faults`,
				ids.map((id) => ({ id })),
				[
					{
						...deleteStep(p, 'Delete', { options: { requestTimeout: 1, maxRetries: 10 } }),
						onError: 'continueRegularOutput',
					},
				],
			),
			check: ({ code, data }, sandbox) => {
				assert.equal(code, 0);
				const out = outputOf(data, 'Delete');
				assert.equal(out.length, FAULT_ITEMS, 'one output per item');
				assert.deepEqual(
					out.filter((item) => item.deleted !== true),
					[],
					'every item deleted: true',
				);
				assert.deepEqual(
					out.map((item) => item.id),
					ids,
					'input order',
				);
				const stats = sandbox.stats();
				assert.deepEqual(p.remaining(sandbox.state()), []);
				assert.equal(stats.deleted, FAULT_ITEMS);
				assert.deepEqual(stats.deletedMoreThanOnce, [], 'each image deleted exactly once');
				assert.ok(stats.faultsInjected >= 5, 'every kind of fault met at least once');
				return `${FAULT_ITEMS} items, ${stats.faultsInjected} faults injected, ${stats.requests} requests, 0 duplicates, 0 lost`;
			},
		});
		cases.push({
			name: `${p.key}: a provider answering 503 forever fails every item clearly, in bounded time`,
			seed: p.seed(ids.slice(0, 20)),
			knobs: { faults: [{ kind: 'status', status: 503, rate: 1 }] },
			workflow: workflow(
				`${p.key} never heals`,
				ids.slice(0, 20).map((id) => ({ id })),
				[
					{
						...deleteStep(p, 'Delete', { options: { maxRetries: 2 } }),
						onError: 'continueRegularOutput',
					},
				],
			),
			check: ({ code, data }, sandbox) => {
				assert.equal(code, 0);
				const out = outputOf(data, 'Delete');
				assert.equal(out.length, 20);
				for (const item of out)
					assert.equal(item.error, `${p.failurePrefix}503 Service Unavailable`);
				assert.equal(p.remaining(sandbox.state()).length, 20);
				const seconds = data.resultData.runData.Delete[0].executionTime / 1000;
				assert.ok(seconds < 60, `finished in ${seconds} s`);
				return `20 items failed in ${seconds.toFixed(1)} s`;
			},
		});
	}
	return cases;
}

/** Runs of many items take the bulk paths: counted at the sandbox, with its limits on. */
function bulkCases() {
	const many = (count, prefix) => Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
	const imagekitIds = many(150, 'bulk-file');
	const cloudflareIds = many(30, 'bulk-image');
	return [
		{
			name: 'imagekit: 150 deletes go in 2 batch calls, each item answered in order',
			seed: { imagekit: { files: [...imagekitIds, 'bystander'].map((id) => ({ id })) } },
			workflow: workflow(
				'imagekit bulk',
				imagekitIds.map((id) => ({ id })),
				[deleteStep(PROVIDERS[2], 'Delete')],
			),
			check: ({ code, data }, sandbox) => {
				assert.equal(code, 0);
				assert.deepEqual(
					outputOf(data, 'Delete'),
					imagekitIds.map((id) => ({ deleted: true, id })),
				);
				const calls = sandbox.requests('imagekit');
				assert.equal(calls.length, 2);
				assert.ok(
					calls.every(
						(call) =>
							call.rawPath === '/imagekit/v1/files/batch/deleteByFileIds' && call.status === 200,
					),
				);
				assert.deepEqual(sandbox.state().imagekit.files, ['bystander']);
			},
		},
		{
			name: 'cloudflare: 30 deletes go through the batch API with one batch token',
			seed: { cloudflare: { images: cloudflareIds.map((id) => ({ id })) } },
			workflow: workflow(
				'cloudflare bulk',
				cloudflareIds.map((id) => ({ id })),
				[deleteStep(PROVIDERS[1], 'Delete')],
			),
			check: ({ code, data }, sandbox) => {
				assert.equal(code, 0);
				assert.deepEqual(
					outputOf(data, 'Delete'),
					cloudflareIds.map((id) => ({ deleted: true, id })),
				);
				assert.deepEqual(
					sandbox.requests('cloudflare').map((call) => call.rawPath),
					[`/cloudflare/client/v4/accounts/${KEYS.cloudflareAccount}/images/v1/batch_token`],
				);
				const batch = sandbox.requests('cloudflareBatch');
				assert.equal(batch.length, 30);
				assert.ok(batch.every((call) => call.status === 200 && call.auth === 'bearer'));
				assert.deepEqual(sandbox.state().cloudflare.images, []);
			},
		},
	];
}

const PNG_BASE64 =
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** Binary uploads and reads at Cloudflare and ImageKit: what the examples do not cover. */
function uploadsCase() {
	const cf = {
		cloudflareImagesApi: { id: 'sandboxCloudfla01', name: 'Cloudflare Images (sandbox)' },
	};
	const ik = { imageKitApi: { id: 'sandboxImageKit01', name: 'ImageKit (sandbox)' } };
	const ours = (id, name, nodeType, parameters, credentials) => ({
		id,
		name,
		type: `${PACKAGE}.${nodeType}`,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials,
	});
	const nodes = [
		{
			id: 'start',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'png',
			name: 'Sample image',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [0, 0],
			parameters: { mode: 'raw', jsonOutput: JSON.stringify({ png: PNG_BASE64 }), options: {} },
		},
		{
			id: 'file',
			name: 'To file',
			type: 'n8n-nodes-base.convertToFile',
			typeVersion: 1.1,
			position: [0, 0],
			parameters: {
				operation: 'toBinary',
				sourceProperty: 'png',
				options: { fileName: 'pixel.png', mimeType: 'image/png' },
			},
		},
		ours(
			'cf1',
			'CF Upload',
			'cloudflareImages',
			{
				resource: 'image',
				operation: 'upload',
				inputType: 'binary',
				binaryPropertyName: 'data',
				options: { customId: 'e2e/pixel', metadata: '{"from":"e2e"}' },
			},
			cf,
		),
		ours(
			'cf2',
			'CF Get',
			'cloudflareImages',
			{ resource: 'image', operation: 'get', imageId: '={{ $json.id }}', options: {} },
			cf,
		),
		ours(
			'cf3',
			'CF Stats',
			'cloudflareImages',
			{ resource: 'account', operation: 'getStats', options: {} },
			cf,
		),
		ours(
			'ik1',
			'IK Upload',
			'imageKit',
			{
				resource: 'file',
				operation: 'upload',
				inputType: 'binary',
				binaryPropertyName: 'data',
				fileName: '',
				options: { folder: '/e2e', tags: 'a,b', useUniqueFileName: false },
			},
			ik,
		),
		ours(
			'ik2',
			'IK Get',
			'imageKit',
			{ resource: 'file', operation: 'get', fileId: '={{ $json.fileId }}', options: {} },
			ik,
		),
		ours(
			'ik3',
			'IK Delete',
			'imageKit',
			{
				resource: 'file',
				operation: 'delete',
				fileId: '={{ $json.fileId }}',
				options: { purgeCache: true },
			},
			ik,
		),
		ours(
			'ik4',
			'IK Purge Status',
			'imageKit',
			{
				resource: 'cache',
				operation: 'getPurgeStatus',
				requestId: '={{ $json.purgeRequestId }}',
				options: {},
			},
			ik,
		),
	];
	const link = (from, to) => [from, { main: [[{ node: to, type: 'main', index: 0 }]] }];
	const connections = Object.fromEntries([
		link('Start', 'Sample image'),
		link('Sample image', 'To file'),
		link('CF Upload', 'CF Get'),
		link('CF Get', 'CF Stats'),
		link('IK Upload', 'IK Get'),
		link('IK Get', 'IK Delete'),
		link('IK Delete', 'IK Purge Status'),
	]);
	connections['To file'] = {
		main: [
			[
				{ node: 'CF Upload', type: 'main', index: 0 },
				{ node: 'IK Upload', type: 'main', index: 0 },
			],
		],
	};
	return {
		name: 'uploads from binary and reads at Cloudflare and ImageKit; delete with cache purge',
		workflow: {
			id: `e2eWorkflow${String(++workflowCounter).padStart(5, '0')}`,
			name: 'e2e: uploads',
			active: false,
			nodes,
			connections,
			settings: { executionOrder: 'v1' },
		},
		check: ({ code, data }, sandbox) => {
			assert.equal(code, 0, JSON.stringify(data.resultData.error ?? {}));
			assert.equal(outputOf(data, 'CF Get')[0].id, 'e2e/pixel');
			assert.deepEqual(outputOf(data, 'CF Get')[0].meta, { from: 'e2e' });
			assert.deepEqual(outputOf(data, 'CF Stats')[0].count.current, 1);
			assert.equal(outputOf(data, 'IK Get')[0].filePath, '/e2e/pixel.png');
			assert.deepEqual(outputOf(data, 'IK Get')[0].tags, ['a', 'b']);
			assert.equal(outputOf(data, 'IK Delete')[0].deleted, true);
			assert.match(outputOf(data, 'IK Purge Status')[0].status, /^(Pending|Completed)$/);
			assert.deepEqual(sandbox.state().imagekit.files, []);
			assert.deepEqual(sandbox.state().cloudflare.images, ['e2e/pixel']);
		},
	};
}

/** Every workflow in examples/, with its `e2e` block: what to seed and what must hold after. */
function exampleCases() {
	const dir = path.join(ROOT, 'examples');
	let files = [];
	try {
		files = readdirSync(dir).filter((file) => file.endsWith('.json'));
	} catch {
		return [];
	}
	return files.map((file) => {
		const example = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
		const { e2e } = example.meta ?? {};
		if (!e2e) throw new Error(`examples/${file} has no meta.e2e block saying how to check it`);
		// `n8n execute` needs a manual start: a schedule trigger gives way to one of the same name.
		const nodes = example.nodes.map((node) =>
			node.type === 'n8n-nodes-base.scheduleTrigger'
				? { ...node, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} }
				: node,
		);
		const { meta: _meta, ...workflowData } = example;
		return {
			name: `example ${file}`,
			seed: e2e.seed,
			workflow: { ...workflowData, nodes, active: false },
			check: ({ code, data }, sandbox) => {
				assert.equal(code, e2e.exitCode ?? 0);
				for (const [node, count] of Object.entries(e2e.outputCounts ?? {})) {
					assert.equal(outputOf(data, node).length, count, `items out of ${node}`);
				}
				for (const [node, items] of Object.entries(e2e.outputs ?? {})) {
					assert.deepEqual(outputOf(data, node), items, `items out of ${node}`);
				}
				const state = sandbox.state();
				for (const [provider, ids] of Object.entries(e2e.remaining ?? {})) {
					const held =
						provider === 'leonardo'
							? state.leonardo.initImages
							: provider === 'cloudflare'
								? state.cloudflare.images
								: state.imagekit.files;
					assert.deepEqual(
						[...held].sort(),
						[...ids].sort(),
						`${provider} holds what the example should leave`,
					);
				}
				for (const [status, count] of Object.entries(e2e.generations ?? {})) {
					assert.equal(
						sandbox
							.state()
							.leonardo.generations.filter((generation) => generation.status === status).length,
						count,
						`${status} generations`,
					);
				}
			},
		};
	});
}

module.exports = { buildCases };
