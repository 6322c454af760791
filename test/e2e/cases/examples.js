// @ts-check
'use strict';
const assert = require('node:assert/strict');
const { readdirSync, readFileSync } = require('node:fs');
const path = require('node:path');

const { outputOf } = require('./common');

const ROOT = path.resolve(__dirname, '../../..');

/**
 * Every workflow in examples/ (or a provider package's examples/), with its `e2e` block: what to
 * seed and what must hold after.
 */
function exampleCases(dir = path.join(ROOT, 'examples')) {
	let files = [];
	try {
		files = readdirSync(dir).filter((file) => file.endsWith('.json'));
	} catch {
		return [];
	}
	return files.map((file) => {
		const example = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
		const { e2e } = example.meta ?? {};
		if (!e2e)
			throw new Error(
				`${path.relative(ROOT, dir)}/${file} has no meta.e2e block saying how to check it`,
			);
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

module.exports = { exampleCases };
