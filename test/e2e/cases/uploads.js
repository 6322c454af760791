// @ts-check
'use strict';
const assert = require('node:assert/strict');

const { PACKAGE } = require('../../fixtures/workflows');
const { nextWorkflowId, outputOf } = require('./common');

const PNG_BASE64 =
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/**
 * Binary uploads and reads at Cloudflare and ImageKit: what the examples do not cover. `only`:
 * one provider's branch (`cloudflareImages` or `imageKit`), for a package that ships only its node.
 * @param {'cloudflareImages' | 'imageKit'} [only]
 */
function uploadsCase(only) {
	const withCf = only !== 'imageKit';
	const withIk = only !== 'cloudflareImages';
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
		...(withCf ? cloudflareNodes() : []),
		...(withIk ? imageKitNodes() : []),
	];
	function cloudflareNodes() {
		return [
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
		];
	}
	function imageKitNodes() {
		return [
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
	}
	const link = (from, to) => [from, { main: [[{ node: to, type: 'main', index: 0 }]] }];
	const connections = Object.fromEntries([
		link('Start', 'Sample image'),
		link('Sample image', 'To file'),
		...(withCf ? [link('CF Upload', 'CF Get'), link('CF Get', 'CF Stats')] : []),
		...(withIk
			? [
					link('IK Upload', 'IK Get'),
					link('IK Get', 'IK Delete'),
					link('IK Delete', 'IK Purge Status'),
				]
			: []),
	]);
	connections['To file'] = {
		main: [
			[
				...(withCf ? [{ node: 'CF Upload', type: 'main', index: 0 }] : []),
				...(withIk ? [{ node: 'IK Upload', type: 'main', index: 0 }] : []),
			],
		],
	};
	const where = [withCf ? 'Cloudflare' : '', withIk ? 'ImageKit' : ''].filter(Boolean);
	return {
		name: `uploads from binary and reads at ${where.join(' and ')}${withIk ? '; delete with cache purge' : ''}`,
		workflow: {
			id: nextWorkflowId(),
			name: 'e2e: uploads',
			active: false,
			nodes,
			connections,
			settings: { executionOrder: 'v1' },
		},
		check: ({ code, data }, sandbox) => {
			assert.equal(code, 0, JSON.stringify(data.resultData.error ?? {}));
			if (withCf) {
				assert.equal(outputOf(data, 'CF Get')[0].id, 'e2e/pixel');
				assert.deepEqual(outputOf(data, 'CF Get')[0].meta, { from: 'e2e' });
				assert.deepEqual(outputOf(data, 'CF Stats')[0].count.current, 1);
				assert.deepEqual(sandbox.state().cloudflare.images, ['e2e/pixel']);
			}
			if (withIk) {
				// An upload answers in the upload shape: its thumbnail is `thumbnailUrl`.
				assert.match(String(outputOf(data, 'IK Upload')[0].thumbnailUrl), /^https:\/\//);
				assert.equal(outputOf(data, 'IK Get')[0].filePath, '/e2e/pixel.png');
				assert.deepEqual(outputOf(data, 'IK Get')[0].tags, ['a', 'b']);
				assert.equal(outputOf(data, 'IK Delete')[0].deleted, true);
				assert.match(outputOf(data, 'IK Purge Status')[0].status, /^(Pending|Completed)$/);
				assert.deepEqual(sandbox.state().imagekit.files, []);
			}
		},
	};
}

module.exports = { uploadsCase };
