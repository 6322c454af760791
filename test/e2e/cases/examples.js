// @ts-check
'use strict';
const assert = require('node:assert/strict');
const { readdirSync, readFileSync } = require('node:fs');
const path = require('node:path');

const { filesOf, outputOf } = require('./common');

const ROOT = path.resolve(__dirname, '../../..');

/**
 * Every workflow in examples/ (or a provider package's examples/), with its `e2e` block: what to
 * seed and what must hold after — `exitCode`, `outputCounts`, `outputs`, `files` (the binary data
 * a node outputs: per item, each field's file name and type), `remaining`, `generations`.
 *
 * `runs` adds runs of the same example, each a case of its own (its workflow imported under
 * `<id>r<n>`): a `name`, the same checks, its own `seed` (else the example's), and `set` — node
 * name → parameter path → value, e.g. `{ "Settings": { "assignments.assignments.0.value": false } }`
 * — for what a user changes after the first run.
 */
function exampleCases(dir = path.join(ROOT, 'examples')) {
	let files = [];
	try {
		files = readdirSync(dir).filter((file) => file.endsWith('.json'));
	} catch {
		return [];
	}
	return files.flatMap((file) => {
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
		const { runs = [], ...first } = e2e;
		return [first, ...runs].map((run, index) => ({
			name: index === 0 ? `example ${file}` : `example ${file}, ${run.name}`,
			seed: index === 0 ? run.seed : (run.seed ?? first.seed),
			workflow: {
				...workflowData,
				...(index === 0
					? {}
					: { id: `${workflowData.id}r${index}`, name: `${workflowData.name} (${run.name})` }),
				nodes: changed(nodes, run.set ?? {}, file),
				active: false,
			},
			check: (result, sandbox) => checkRun(run, result, sandbox),
		}));
	});
}

/** The nodes with `set` applied: node name → parameter path (dots, list indexes) → value. */
function changed(nodes, set, file) {
	const copy = structuredClone(nodes);
	for (const [name, values] of Object.entries(set)) {
		const node = copy.find((candidate) => candidate.name === name);
		if (!node) throw new Error(`${file}: e2e run sets parameters of "${name}", no node of it`);
		for (const [pathText, value] of Object.entries(values)) {
			const keys = pathText.split('.');
			let at = node.parameters;
			for (const key of keys.slice(0, -1)) {
				if (at?.[key] === undefined)
					throw new Error(`${file}: "${name}" has no parameter ${pathText}`);
				at = at[key];
			}
			if (!(keys.at(-1) in at)) throw new Error(`${file}: "${name}" has no parameter ${pathText}`);
			at[keys.at(-1)] = value;
		}
	}
	return copy;
}

function checkRun(e2e, { code, data }, sandbox) {
	assert.equal(code, e2e.exitCode ?? 0);
	for (const [node, count] of Object.entries(e2e.outputCounts ?? {})) {
		assert.equal(outputOf(data, node).length, count, `items out of ${node}`);
	}
	for (const [node, items] of Object.entries(e2e.outputs ?? {})) {
		assert.deepEqual(outputOf(data, node), items, `items out of ${node}`);
	}
	for (const [node, items] of Object.entries(e2e.files ?? {})) {
		assert.deepEqual(filesOf(data, node), items, `files out of ${node}`);
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
			state.leonardo.generations.filter((generation) => generation.status === status).length,
			count,
			`${status} generations`,
		);
	}
}

module.exports = { exampleCases };
