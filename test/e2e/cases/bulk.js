// @ts-check
'use strict';
const assert = require('node:assert/strict');

const { SANDBOX_KEYS: KEYS } = require('../../fixtures/providers');
const { PROVIDERS, deleteStep, outputOf, workflow } = require('./common');

/** Runs of many items take the bulk paths: counted at the sandbox, with its limits on. */
function bulkCases() {
	const many = (count, prefix) => Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
	const imagekitIds = many(150, 'bulk-file');
	const cloudflareIds = many(150, 'bulk-image');
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
			name: 'cloudflare: 150 deletes, more than the global window has left, all go through the batch API (one batch token), leaving the window to other work',
			seed: { cloudflare: { images: cloudflareIds.map((id) => ({ id })) } },
			// A window of 60, of which the token's answer says 59 are left: 8 are kept back for
			// other processes, so 150 deletes do not fit, and the whole run takes the batch API.
			knobs: { rateLimits: { cloudflare: { limit: 60, windowMs: 300_000, lockoutMs: 300_000 } } },
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
				const [token, ...global] = sandbox.requests('cloudflare');
				assert.equal(
					token.rawPath,
					`/cloudflare/client/v4/accounts/${KEYS.cloudflareAccount}/images/v1/batch_token`,
				);
				assert.deepEqual(global, [], 'no delete on the global API');
				const batch = sandbox.requests('cloudflareBatch');
				assert.equal(batch.length, 150);
				assert.ok(batch.every((call) => call.status === 200 && call.auth === 'bearer'));
				assert.deepEqual(sandbox.state().cloudflare.images, []);
			},
		},
	];
}

module.exports = { bulkCases };
