// @ts-check
'use strict';
const assert = require('node:assert/strict');

const { PROVIDERS, outputOf, workflow } = require('./common');

const [leonardo, cloudflare, imagekit] = PROVIDERS;
const MAY_EXIST = /; the (image|file|generation) may exist all the same: look for it with /;

/**
 * Creates whose connection drops after the sandbox did the work: each makes exactly one object,
 * and its node outputs it (where the provider can be asked) or fails saying it may exist.
 */
function createsCase() {
	const step = (name, p, parameters) => ({
		name,
		node: p.node,
		credential: p.credential,
		onError: /** @type {const} */ ('continueRegularOutput'),
		parameters,
	});
	const fromUrl = { inputType: 'url', url: 'https://example.com/pictures/pixel.png' };
	const chain = [
		step('CF custom ID', cloudflare, {
			resource: 'image',
			operation: 'upload',
			...fromUrl,
			options: { customId: 'e2e/created-once' },
		}),
		step('CF random ID', cloudflare, { resource: 'image', operation: 'upload', ...fromUrl }),
		step('IK fixed name', imagekit, {
			resource: 'file',
			operation: 'upload',
			...fromUrl,
			fileName: 'fixed.png',
			options: { folder: '/e2e', useUniqueFileName: false },
		}),
		step('IK unique name', imagekit, {
			resource: 'file',
			operation: 'upload',
			...fromUrl,
			fileName: 'unique.png',
			options: { folder: '/e2e' },
		}),
		step('Generate', leonardo, { resource: 'generation', operation: 'create', prompt: 'a fox' }),
	];
	// The sandbox does each create, then drops the connection: the answer is lost.
	const dropAfter = (provider, pathIncludes, times) => ({
		provider,
		method: 'POST',
		pathIncludes,
		kind: 'drop-after',
		times,
	});
	return {
		name: 'creates whose answer is lost after the provider acted: one object each, output or "may exist"',
		knobs: {
			faults: [
				dropAfter('cloudflare', '/images/v1', 2),
				dropAfter('imagekit-upload', '/files/upload', 2),
				dropAfter('leonardo', '/generations', 1),
			],
		},
		workflow: workflow('creates once', [{ run: 1 }], chain),
		check: ({ code, data }, sandbox) => {
			assert.equal(code, 0, JSON.stringify(data.resultData.error ?? {}));
			const state = sandbox.state();
			const posts = (provider, pathIncludes) =>
				sandbox
					.requests(provider)
					.filter((r) => r.method === 'POST' && r.rawPath.includes(pathIncludes)).length;

			// Cloudflare: one image per upload; the custom ID one is found with a GET and output.
			assert.equal(posts('cloudflare', '/images/v1'), 2, 'one POST per Cloudflare upload');
			assert.equal(state.cloudflare.images.length, 2, 'two images, one per upload');
			assert.equal(outputOf(data, 'CF custom ID')[0].id, 'e2e/created-once');
			assert.ok(state.cloudflare.images.includes('e2e/created-once'));
			const lookUps = sandbox
				.requests('cloudflare')
				.filter((r) => r.method === 'GET' && r.rawPath.endsWith('/images/v1/e2e%2Fcreated-once'));
			assert.equal(lookUps.length, 1, 'one GET for the custom ID');
			assert.match(String(outputOf(data, 'CF random ID')[0].error), MAY_EXIST);
			assert.match(
				String(outputOf(data, 'CF random ID')[0].error),
				/Image → Get Many, Uploaded After /,
			);

			// ImageKit: one file per upload; the fixed name is found in the list and output.
			assert.equal(posts('imagekit-upload', '/files/upload'), 2, 'one POST per ImageKit upload');
			assert.equal(state.imagekit.files.length, 2, 'two files, one per upload');
			const fixed = outputOf(data, 'IK fixed name')[0];
			assert.equal(fixed.filePath, '/e2e/fixed.png', JSON.stringify(fixed));
			assert.ok(state.imagekit.files.includes(fixed.fileId));
			assert.match(String(outputOf(data, 'IK unique name')[0].error), MAY_EXIST);

			// Leonardo: one generation, charged once; the node cannot tell which is its own.
			assert.equal(posts('leonardo', '/generations'), 1, 'one POST /generations');
			assert.equal(state.leonardo.generations.length, 1, 'one generation');
			assert.match(String(outputOf(data, 'Generate')[0].error), MAY_EXIST);
			return '5 creates, 5 POSTs, 5 objects: 2 found and output, 3 failed saying they may exist';
		},
	};
}

module.exports = { createsCase };
