// @ts-check
'use strict';
/**
 * Deletes as users run them, per provider: the three On Error modes, connections, hostile ids,
 * wrong keys; Leonardo generations; Cloudflare's global API key.
 */
const assert = require('node:assert/strict');

const { SANDBOX_ACCOUNTS, SECRETS } = require('../../fixtures/providers');
const { PACKAGE } = require('../../fixtures/workflows');
const { PROVIDER_PACKAGES } = require('../../../scripts/switch-package');
const { PROVIDERS, deleteStep, outputOf, workflow } = require('./common');

function deleteCases() {
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
					{ error: p.emptyMessage, reason: 'invalidInput' },
					{ error: `${p.failurePrefix}${p.notFound}`, httpCode: '404', reason: 'notFound' },
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
					// On the error output n8n keeps `error` and `message`: there `message` is the reason.
					{ id: '  ', error: p.emptyMessage, message: 'invalidInput' },
					{ id: 'missing-1', error: `${p.failurePrefix}${p.notFound}`, message: 'notFound' },
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
				// The node's own type: the combined package's, or its provider package's (packages.js).
				assert.ok(
					[`${PACKAGE}.${p.node}`, `${PROVIDER_PACKAGES[p.node]}.${p.node}`].includes(
						connection.provider,
					),
					`provider ${connection.provider}`,
				);
				assert.deepEqual(outputOf(data, 'Delete'), [{ deleted: true, id: 'keep-1' }]);
				assert.deepEqual(outputOf(data, 'Disconnect'), [
					{ disconnected: true, connectionId: connection.connectionId },
				]);
				assert.deepEqual(outputOf(data, 'Delete Again'), [
					{
						error: 'Connection ID not found or expired. Connect again, or use credentials.',
						reason: 'auth',
					},
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
	cases.push(locatorCase(), otherAccountCase());
	return cases;
}

/**
 * Ids as the editor's resource locators store them, in one chain: Cloudflare By URL (a delivery
 * URL, custom ID with a slash), ImageKit By URL (looked up: a transformation in the URL),
 * Leonardo By URL (a generated image's URL) and ImageKit From List — each deletes its own object.
 */
function locatorCase() {
	const [leonardo, cloudflare, imagekit] = PROVIDERS;
	const locator = (mode, value) => ({ __rl: true, mode, value });
	const step = (p, name, resource, parameter, value) => ({
		name,
		node: p.node,
		credential: p.credential,
		parameters: { resource, operation: 'delete', [parameter]: value },
	});
	const generationId = 'a5a7d4d6-4f4b-4c7e-9a3b-9c1f8a6b2e10';
	return {
		name: 'resource locators: By URL (Cloudflare, ImageKit, Leonardo) and From List (ImageKit) delete their own objects',
		seed: {
			cloudflare: { images: [{ id: 'shop/red.png' }, { id: 'bystander' }] },
			imagekit: {
				files: [
					{ id: 'ik-by-url', name: 'red.jpg', folder: '/shop' },
					{ id: 'ik-same-name', name: 'red.jpg', folder: '/old' },
					{ id: 'ik-from-list' },
				],
			},
			leonardo: { generations: [{ id: generationId }, { id: 'gen-bystander' }] },
		},
		workflow: workflow(
			'resource locators',
			[{}],
			[
				step(
					cloudflare,
					'Cloudflare',
					'image',
					'imageId',
					locator(
						'url',
						`https://imagedelivery.net/${SANDBOX_ACCOUNTS.cloudflareHash}/shop%2Fred.png/public`,
					),
				),
				step(
					imagekit,
					'ImageKit URL',
					'file',
					'fileId',
					locator('url', `${SANDBOX_ACCOUNTS.imagekitEndpoint}/tr:w-200/shop/red.jpg?v=1`),
				),
				step(
					leonardo,
					'Leonardo',
					'generation',
					'generationId',
					locator(
						'url',
						`https://cdn.leonardo.ai/users/${SANDBOX_ACCOUNTS.leonardoUserId}/generations/${generationId}/image_0.png`,
					),
				),
				step(imagekit, 'ImageKit list', 'file', 'fileId', locator('list', 'ik-from-list')),
			],
		),
		check: ({ code, data }, sandbox) => {
			assert.equal(code, 0);
			assert.deepEqual(outputOf(data, 'Cloudflare'), [{ deleted: true, id: 'shop/red.png' }]);
			assert.deepEqual(outputOf(data, 'ImageKit URL'), [{ deleted: true, id: 'ik-by-url' }]);
			assert.deepEqual(outputOf(data, 'Leonardo'), [{ deleted: true, id: generationId }]);
			assert.deepEqual(outputOf(data, 'ImageKit list'), [{ deleted: true, id: 'ik-from-list' }]);
			const state = sandbox.state();
			assert.deepEqual(state.cloudflare.images, ['bystander']);
			assert.deepEqual(state.imagekit.files, ['ik-same-name']);
			assert.deepEqual(
				state.leonardo.generations.map((g) => g.id),
				['gen-bystander'],
			);
		},
	};
}

/**
 * A URL names one object of this account, or nothing: a URL of another account — another
 * Cloudflare hash, the second ImageKit account's endpoint, another Leonardo user — naming an id
 * or path this account also has fails its item and deletes nothing; each account's own URL still
 * deletes exactly its object (the second ImageKit account's `/shop/red.jpg`, not the main one's).
 */
function otherAccountCase() {
	const [leonardo, cloudflare, imagekit] = PROVIDERS;
	const locator = (mode, value) => ({ __rl: true, mode, value });
	const step = (p, name, resource, parameter, url, credential = p.credential) => ({
		name,
		node: p.node,
		credential,
		parameters: { resource, operation: 'delete', [parameter]: locator('url', url) },
		onError: 'continueRegularOutput',
	});
	const generationId = 'b6b8e5e7-5a5c-4d8f-8b4c-0d2f9b7c3f21';
	const generationUrl = (user) =>
		`https://cdn.leonardo.ai/users/${user}/generations/${generationId}/image_0.png`;
	const { cloudflareHash, imagekitEndpoint, imagekitSecondEndpoint, leonardoUserId } =
		SANDBOX_ACCOUNTS;
	return {
		name: 'resource locators: a URL of another account (Cloudflare hash, ImageKit second account, Leonardo user) deletes nothing; own URLs delete exactly their object',
		seed: {
			cloudflare: { images: [{ id: 'logo' }, { id: 'own-image' }] },
			imagekit: {
				files: [
					{ id: 'ik-main-red', name: 'red.jpg', folder: '/shop' },
					{ id: 'ik-second-red', name: 'red.jpg', folder: '/shop', account: 'second' },
				],
			},
			leonardo: { generations: [{ id: generationId }] },
		},
		workflow: workflow(
			'urls of another account',
			[{}],
			[
				step(
					cloudflare,
					'Cloudflare other',
					'image',
					'imageId',
					'https://imagedelivery.net/T3RoZXJBY2NvdW50SGFzaA/logo/public',
				),
				step(
					imagekit,
					'ImageKit other',
					'file',
					'fileId',
					`${imagekitSecondEndpoint}/shop/red.jpg`,
				),
				step(
					leonardo,
					'Leonardo other',
					'generation',
					'generationId',
					generationUrl('0c6e2d7a-1111-4000-8000-00000000beef'),
				),
				step(
					cloudflare,
					'Cloudflare own',
					'image',
					'imageId',
					`https://imagedelivery.net/${cloudflareHash}/own-image/public`,
				),
				step(
					imagekit,
					'ImageKit second own',
					'file',
					'fileId',
					`${imagekitSecondEndpoint}/tr:w-100/shop/red.jpg`,
					imagekit.secondCredential,
				),
				step(leonardo, 'Leonardo own', 'generation', 'generationId', generationUrl(leonardoUserId)),
			],
		),
		check: ({ code, data }, sandbox) => {
			assert.equal(code, 0);
			const refused = (node) => {
				const out = outputOf(data, node);
				assert.equal(out.length, 1, node);
				return out[0].error;
			};
			assert.match(
				refused('Cloudflare other'),
				/^The URL names an image of another Cloudflare account: its account hash is T3RoZXJBY2NvdW50SGFzaA, this account's is /,
			);
			assert.equal(
				refused('ImageKit other'),
				`The URL names a file of another ImageKit account: ${imagekitSecondEndpoint}/shop/red.jpg is not under this account's URL endpoint ${imagekitEndpoint}. Please provide a URL of this account's files, or use the credential of the account the URL belongs to.`,
			);
			assert.match(
				refused('Leonardo other'),
				/^The URL names a generation of another Leonardo AI user: its user ID is 0c6e2d7a-1111-4000-8000-00000000beef, this key's is /,
			);
			assert.deepEqual(outputOf(data, 'Cloudflare own'), [{ deleted: true, id: 'own-image' }]);
			assert.deepEqual(outputOf(data, 'ImageKit second own'), [
				{ deleted: true, id: 'ik-second-red' },
			]);
			assert.deepEqual(outputOf(data, 'Leonardo own'), [{ deleted: true, id: generationId }]);
			// Exactly the three own objects were deleted, once each; no other delete was sent.
			assert.deepEqual(sandbox.deletes(), {
				'cloudflare:own-image': 1,
				'imagekit:ik-second-red': 1,
				[`leonardo:${generationId}`]: 1,
			});
			const deleteRequests = sandbox
				.requests()
				.filter((r) => r.method === 'DELETE' || r.rawPath.includes('deleteByFileIds'))
				.map((r) => r.rawPath);
			assert.deepEqual(deleteRequests, [
				`${cloudflare.routePrefix}own-image`,
				`${imagekit.routePrefix}ik-second-red`,
				`/leonardo/api/rest/v1/generations/${generationId}`,
			]);
			const state = sandbox.state();
			assert.deepEqual(state.cloudflare.images, ['logo']);
			assert.deepEqual(state.imagekit.files, ['ik-main-red']);
			assert.deepEqual(state.imagekit.secondAccountFiles, []);
			assert.deepEqual(state.leonardo.generations, []);
			// Each account's fact (hash, user) was asked once per node run.
			const asked = (lane, part) =>
				sandbox.requests(lane).filter((r) => r.rawPath.includes(part)).length;
			assert.equal(asked('cloudflare', '/images/v2'), 2);
			assert.equal(asked('leonardo', '/me'), 2);
		},
	};
}

module.exports = { deleteCases };
