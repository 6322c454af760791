// @ts-check
'use strict';
/**
 * Every operation of the three nodes, run by a real n8n against mocks made from the providers'
 * own OpenAPI specifications (Stoplight Prism, the way the providers' SDKs are tested): Prism
 * refuses a request the spec does not allow. Reports each operation's outcome; fails when a mock
 * refused one. Not covered: Leonardo's presigned S3 upload and Cloudflare's batch host (no spec
 * describes them; the sandbox does).
 */
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

const { chainWorkflow } = require('../fixtures/workflows');
const { N8nInstance, VERSIONS, CURRENT, stopProcess, ROOT } = require('./n8n');

const SPECS = path.join(ROOT, 'test/fixtures/provider-specs');
const PORTS = { leonardo: 4311, cloudflare: 4312, imagekit: 4313 };
const UUID = '8f5e3c1a-2b4d-4e6f-9a8b-7c6d5e4f3a2b';
const CREDENTIALS = [
	{
		id: 'prismLeonardo0001',
		name: 'Leonardo AI (spec mock)',
		type: 'leonardoAiApi',
		data: { apiKey: 'prism-key', baseUrl: `http://127.0.0.1:${PORTS.leonardo}` },
	},
	{
		id: 'prismCloudflare01',
		name: 'Cloudflare Images (spec mock)',
		type: 'cloudflareImagesApi',
		data: {
			accountId: 'acc123',
			authType: 'apiToken',
			apiToken: 'prism-token',
			baseUrl: `http://127.0.0.1:${PORTS.cloudflare}`,
		},
	},
	{
		id: 'prismImageKit0001',
		name: 'ImageKit (spec mock)',
		type: 'imageKitApi',
		data: {
			privateKey: 'private_prism',
			baseUrl: `http://127.0.0.1:${PORTS.imagekit}`,
			uploadBaseUrl: `http://127.0.0.1:${PORTS.imagekit}`,
		},
	},
];
const credentialOf = {
	leonardoAi: CREDENTIALS[0],
	cloudflareImages: CREDENTIALS[1],
	imageKit: CREDENTIALS[2],
};

/** Every operation, with parameters the specs accept as data. */
const OPERATIONS = [
	['leonardoAi', { resource: 'image', operation: 'get', imageId: UUID }],
	['leonardoAi', { resource: 'image', operation: 'delete', imageId: UUID }],
	[
		'leonardoAi',
		{
			resource: 'generation',
			operation: 'create',
			prompt: 'a red fox',
			options: {
				numImages: 1,
				negativePrompt: 'blur',
				initImageId: UUID,
				initStrength: 0.5,
				width: 512,
				height: 512,
			},
		},
	],
	['leonardoAi', { resource: 'generation', operation: 'get', generationId: UUID }],
	[
		'leonardoAi',
		{
			resource: 'generation',
			operation: 'getMany',
			returnAll: false,
			limit: 5,
			options: { userId: UUID },
		},
	],
	['leonardoAi', { resource: 'generation', operation: 'delete', generationId: UUID }],
	['leonardoAi', { resource: 'user', operation: 'get' }],
	['leonardoAi', { resource: 'connection', operation: 'connect' }],
	[
		'cloudflareImages',
		{
			resource: 'image',
			operation: 'upload',
			inputType: 'url',
			url: 'https://example.com/a.png',
			options: { metadata: '{"a":1}', requireSignedURLs: false },
		},
	],
	['cloudflareImages', { resource: 'image', operation: 'get', imageId: 'img1' }],
	['cloudflareImages', { resource: 'image', operation: 'getMany', returnAll: false, limit: 10 }],
	['cloudflareImages', { resource: 'image', operation: 'delete', imageId: 'img1' }],
	['cloudflareImages', { resource: 'account', operation: 'getStats' }],
	['cloudflareImages', { resource: 'connection', operation: 'connect' }],
	[
		'imageKit',
		{
			resource: 'file',
			operation: 'upload',
			inputType: 'url',
			url: 'https://example.com/a.png',
			fileName: 'a.png',
			options: { folder: '/x', useUniqueFileName: true },
		},
	],
	['imageKit', { resource: 'file', operation: 'get', fileId: 'file1' }],
	[
		'imageKit',
		{ resource: 'file', operation: 'getMany', returnAll: false, limit: 5, options: { path: '/x' } },
	],
	['imageKit', { resource: 'file', operation: 'delete', fileId: 'file1' }],
	['imageKit', { resource: 'file', operation: 'deleteMany', fileIds: 'file1, file2' }],
	['imageKit', { resource: 'cache', operation: 'purge', url: 'https://ik.imagekit.io/x/a.png' }],
	['imageKit', { resource: 'cache', operation: 'getPurgeStatus', requestId: 'req1' }],
	['imageKit', { resource: 'connection', operation: 'connect' }],
];

/**
 * The spec Prism is given: the trimmed one, less its `webhooks` (the trimmed ImageKit spec keeps
 * webhooks whose schemas were trimmed away, and Prism refuses a document with dangling refs).
 */
function mockableSpec(name, dir) {
	const { webhooks: _webhooks, ...spec } = JSON.parse(
		readFileSync(path.join(SPECS, `${name}.trimmed.json`), 'utf8'),
	);
	const file = path.join(dir, `${name}.json`);
	writeFileSync(file, JSON.stringify(spec));
	return file;
}

function startPrism(name, port, dir) {
	// Prism 5.16 asks for Node 24: it runs on the Node 24 the current n8n runs on.
	const child = spawn(
		path.join(VERSIONS[CURRENT].nodeBin, 'node'),
		[
			path.join(ROOT, 'node_modules/@stoplight/prism-cli/dist/index.js'),
			'mock',
			'-h',
			'127.0.0.1',
			'-p',
			String(port),
			mockableSpec(name, dir),
		],
		{
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		},
	);
	let log = '';
	child.stdout.on('data', (chunk) => (log += chunk));
	child.stderr.on('data', (chunk) => (log += chunk));
	return { child, log: () => log };
}

async function ready(port, mock) {
	const deadline = Date.now() + 60_000;
	while (!mock.log().includes('Prism is listening')) {
		if (mock.child.exitCode !== null || Date.now() > deadline)
			throw new Error(`Prism on ${port} did not start:\n${mock.log().slice(-2000)}`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/** @param {string} tarball */
async function prismCheck(tarball) {
	const dir = mkdtempSync(path.join(tmpdir(), 'prism-specs-'));
	const mocks = Object.entries(PORTS).map(([name, port]) => ({
		port,
		mock: startPrism(name, port, dir),
	}));
	const n8n = new N8nInstance(CURRENT, { brokerPort: 5697 });
	try {
		await Promise.all(mocks.map(({ port, mock }) => ready(port, mock)));
		await n8n.installPackage(tarball);
		await n8n.importCredentials(CREDENTIALS);
		const workflows = OPERATIONS.map(([node, parameters], index) =>
			chainWorkflow({
				id: `prismOperation${String(index).padStart(4, '0')}`,
				name: `spec mock: ${node} ${parameters.resource}.${parameters.operation}`,
				head: [{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', parameters: {} }],
				chain: [
					{
						name: 'Operation',
						node,
						parameters,
						onError: 'continueRegularOutput',
						credential: [credentialOf[node].type, credentialOf[node].id, credentialOf[node].name],
					},
				],
			}),
		);
		await n8n.importWorkflows(workflows);
		const outcomes = [];
		for (const [index, workflow] of workflows.entries()) {
			const result = await n8n.execute(workflow.id);
			const items = result.data?.resultData?.runData?.Operation?.[0]?.data?.main?.[0] ?? [];
			const error = items.map((item) => item.json.error).find(Boolean);
			const [node, parameters] = OPERATIONS[index];
			outcomes.push({
				operation: `${node} ${parameters.resource}.${parameters.operation}`,
				error,
				items: items.length,
			});
		}
		// A refusal by the spec's mock: Prism answers 4xx to a request the spec does not allow.
		const refused = outcomes.filter((outcome) =>
			/API error: (4\d\d|.*(invalid|violation|Unprocessable))/i.test(outcome.error ?? ''),
		);
		const others = outcomes.filter((outcome) => outcome.error && !refused.includes(outcome));
		assert.deepEqual(refused, [], 'operations the spec mocks refused');
		const report = others.map((outcome) => `${outcome.operation}: ${outcome.error}`);
		return `${outcomes.length} operations, 0 refused${report.length ? `; answered but not accepted by the node: ${report.join(' | ')}` : ''}`;
	} finally {
		for (const { mock } of mocks) await stopProcess(mock.child, 2000);
		n8n.remove();
		rmSync(dir, { recursive: true, force: true });
	}
}

module.exports = { prismCheck, OPERATIONS };
