// @ts-check
'use strict';
/**
 * Dry Run (README, Operations: Dry Run), on every route that has it — Leonardo AI's init image and
 * generation deletes, Cloudflare's image delete, ImageKit's file delete and Delete Many — in one
 * workflow: By ID in bulk (150 Cloudflare images, 30 ImageKit files), By URL, a missing ID with and
 * without Ignore Not Found. Nothing may be deleted: the sandbox receives only reads, and holds
 * every object after.
 */
const assert = require('node:assert/strict');

const { SANDBOX_ACCOUNTS } = require('../../fixtures/providers');
const { PROVIDERS, branchesWorkflow, outputOf } = require('./common');

const [LEONARDO, CLOUDFLARE, IMAGEKIT] = PROVIDERS;

const GENERATION = 'c7c9f6f8-6b6d-4e9a-9c5d-1e3a0c8d4a32';
const GENERATION_BY_URL = 'd8dae7a9-7c7e-4fab-8d6e-2f4b1d9e5b43';
const GENERATION_MISSING = 'e9ebf8ba-8d8f-4abc-9e7f-3a5c2eaf6c54';

const locator = (mode, value) => ({ __rl: true, mode, value });

/** A delete step with Dry Run on; `options` beside it. */
function dryDelete(p, name, { resource = p.resource, parameter = p.idParameter, id, options }) {
	return {
		name,
		node: p.node,
		credential: p.credential,
		parameters: {
			resource,
			operation: 'delete',
			[parameter]: id ?? '={{ $json.id }}',
			options: { dryRun: true, ...options },
		},
	};
}

/** What a Dry Run outputs for an object that is there, and for one that is not (Ignore Not Found). */
const would = (id) => ({ deleted: false, dryRun: true, wouldDelete: true, id });
const wouldNot = (id) => ({ deleted: false, dryRun: true, wouldDelete: false, notFound: true, id });

function dryRunCases() {
	const many = (count, prefix) => Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
	const cloudflareIds = many(150, 'dry-image');
	const imagekitIds = many(30, 'dry-file');
	const seed = {
		leonardo: {
			initImages: [{ id: 'init-1' }, { id: 'init-2' }],
			generations: [{ id: GENERATION }, { id: GENERATION_BY_URL }],
		},
		cloudflare: { images: [...cloudflareIds, 'shop/red.png'].map((id) => ({ id })) },
		imagekit: {
			files: [
				...imagekitIds.map((id) => ({ id })),
				{ id: 'ik-by-url', name: 'red.jpg', folder: '/shop' },
				{ id: 'ik-same-name', name: 'red.jpg', folder: '/old' },
				{ id: 'many-1' },
				{ id: 'many-2' },
			],
		},
	};
	const continueOnError = (step) => ({ ...step, onError: 'continueRegularOutput' });
	const ignore = { ignoreNotFound: true };
	const strict = (p) => continueOnError(dryDelete(p, `${p.displayName} strict`, { options: {} }));
	const deleteMany = (name, fileIds) => ({
		name,
		node: IMAGEKIT.node,
		credential: IMAGEKIT.credential,
		parameters: {
			resource: 'file',
			operation: 'deleteMany',
			fileIds,
			options: { dryRun: true },
		},
	});
	const workflow = branchesWorkflow('dry run on every delete route', [
		{
			name: 'Leonardo images',
			items: [{ id: 'init-1' }, { id: 'init-2' }, { id: 'init-missing' }],
			chain: [dryDelete(LEONARDO, 'Leonardo image', { options: ignore })],
		},
		{
			name: 'Leonardo missing image',
			items: [{ id: 'init-1' }, { id: 'init-missing' }],
			chain: [strict(LEONARDO)],
		},
		{
			name: 'Leonardo generations',
			items: [{ id: GENERATION }, { id: GENERATION_MISSING }],
			chain: [
				dryDelete(LEONARDO, 'Leonardo generation', {
					resource: 'generation',
					parameter: 'generationId',
					options: ignore,
				}),
			],
		},
		{
			name: 'Leonardo URL',
			items: [{}],
			chain: [
				dryDelete(LEONARDO, 'Leonardo generation By URL', {
					resource: 'generation',
					parameter: 'generationId',
					id: locator(
						'url',
						`https://cdn.leonardo.ai/users/${SANDBOX_ACCOUNTS.leonardoUserId}/generations/${GENERATION_BY_URL}/image_0.png`,
					),
				}),
			],
		},
		{
			name: 'Cloudflare bulk',
			items: [...cloudflareIds, 'cf-missing'].map((id) => ({ id })),
			chain: [dryDelete(CLOUDFLARE, 'Cloudflare image', { options: ignore })],
		},
		{
			name: 'Cloudflare URL',
			items: [{}],
			chain: [
				dryDelete(CLOUDFLARE, 'Cloudflare image By URL', {
					id: locator(
						'url',
						`https://imagedelivery.net/${SANDBOX_ACCOUNTS.cloudflareHash}/shop%2Fred.png/public`,
					),
				}),
			],
		},
		{ name: 'Cloudflare missing', items: [{ id: 'cf-missing' }], chain: [strict(CLOUDFLARE)] },
		{
			name: 'ImageKit bulk',
			items: [...imagekitIds, 'ik-missing'].map((id) => ({ id })),
			// Purge Cache too: a Dry Run purges nothing either.
			chain: [dryDelete(IMAGEKIT, 'ImageKit file', { options: { ...ignore, purgeCache: true } })],
		},
		{
			name: 'ImageKit URL',
			items: [{}],
			chain: [
				dryDelete(IMAGEKIT, 'ImageKit file By URL', {
					id: locator('url', `${SANDBOX_ACCOUNTS.imagekitEndpoint}/tr:w-200/shop/red.jpg?v=1`),
				}),
			],
		},
		{ name: 'ImageKit missing', items: [{ id: 'ik-missing' }], chain: [strict(IMAGEKIT)] },
		{
			name: 'ImageKit many',
			items: [{}],
			chain: [
				deleteMany('ImageKit Delete Many', 'many-1, many-2\nmany-missing'),
				deleteMany('ImageKit Delete Many, empty list', '={{ [] }}'),
			],
		},
	]);
	return [
		{
			name: 'dry run: every delete route (Leonardo image and generation, Cloudflare 150 images, ImageKit 30 files and Delete Many), By ID and By URL, sends only reads; everything is still there',
			seed,
			workflow,
			check: ({ code, data }, sandbox) => {
				assert.equal(code, 0, JSON.stringify(data.resultData.error ?? {}));
				const out = (node) => outputOf(data, node);
				const notFound = (p) => ({
					error: `${p.failurePrefix}${p.notFound}`,
					httpCode: '404',
					reason: 'notFound',
				});

				assert.deepEqual(out('Leonardo image'), [
					would('init-1'),
					would('init-2'),
					wouldNot('init-missing'),
				]);
				// Without Ignore Not Found, a missing ID fails as the delete would.
				assert.deepEqual(out('Leonardo AI strict'), [would('init-1'), notFound(LEONARDO)]);
				assert.deepEqual(out('Leonardo generation'), [
					would(GENERATION),
					wouldNot(GENERATION_MISSING),
				]);
				assert.deepEqual(out('Leonardo generation By URL'), [would(GENERATION_BY_URL)]);

				assert.deepEqual(out('Cloudflare image'), [
					...cloudflareIds.map(would),
					wouldNot('cf-missing'),
				]);
				assert.deepEqual(out('Cloudflare image By URL'), [would('shop/red.png')]);
				assert.deepEqual(out('Cloudflare Images strict'), [notFound(CLOUDFLARE)]);

				// With Purge Cache, each file found tells the URL a purge would clear.
				assert.deepEqual(out('ImageKit file'), [
					...imagekitIds.map((id) => ({
						...would(id),
						wouldPurge: `${SANDBOX_ACCOUNTS.imagekitEndpoint}/${id}.png`,
					})),
					wouldNot('ik-missing'),
				]);
				assert.deepEqual(out('ImageKit file By URL'), [would('ik-by-url')]);
				assert.deepEqual(out('ImageKit strict'), [notFound(IMAGEKIT)]);
				assert.deepEqual(out('ImageKit Delete Many'), [
					{
						deleted: [],
						notFound: ['many-missing'],
						dryRun: true,
						wouldDelete: ['many-1', 'many-2'],
					},
				]);
				assert.deepEqual(out('ImageKit Delete Many, empty list'), [
					{ deleted: [], notFound: [], dryRun: true, wouldDelete: [] },
				]);

				// Only reads reached the sandbox: no DELETE, no batch delete, no purge, no batch token.
				const requests = sandbox.requests();
				const writes = requests.filter((r) => r.method !== 'GET');
				assert.deepEqual(
					writes.map((r) => `${r.method} ${r.rawPath}`),
					[],
					'requests other than GET',
				);
				assert.ok(
					!requests.some((r) => /batch_token|deleteByFileIds|purge/.test(r.rawPath)),
					'a batch token, batch delete or purge was asked for',
				);
				assert.equal(sandbox.requests('cloudflareBatch').length, 0, 'the batch host was used');
				assert.deepEqual(sandbox.deletes(), {});
				const state = sandbox.state();
				assert.deepEqual(state.leonardo.initImages, ['init-1', 'init-2']);
				assert.deepEqual(
					state.leonardo.generations.map((g) => g.id),
					[GENERATION, GENERATION_BY_URL],
				);
				assert.deepEqual(state.cloudflare.images, [...cloudflareIds, 'shop/red.png']);
				assert.deepEqual(
					state.imagekit.files,
					seed.imagekit.files.map((file) => file.id),
				);
				// Each object looked up once: 150 + 2 Cloudflare images, 30 + 4 + 3 ImageKit files.
				const reads = (lane, pattern) =>
					sandbox.requests(lane).filter((r) => pattern.test(r.rawPath)).length;
				assert.equal(reads('cloudflare', /\/images\/v1\/[^/]+$/), 153);
				assert.equal(reads('imagekit', /\/details$/), 36);
				const byLane = Object.entries(sandbox.stats().byProvider)
					.map(
						([lane, { requests: count, rateLimited }]) =>
							`${lane} ${count} GET${rateLimited ? ` (${rateLimited} answered 429)` : ''}`,
					)
					.join(', ');
				return `${requests.length} requests, all reads: ${byLane}`;
			},
		},
	];
}

module.exports = { dryRunCases };
