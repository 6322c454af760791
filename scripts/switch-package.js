#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * Moves exported n8n workflows from the combined package (n8n-nodes-image-storage) to the
 * one-provider packages: each node type `n8n-nodes-image-storage.<node>` becomes
 * `<provider package>.<node>`. Parameters and credentials stay as they are (the credential types
 * keep their names), so the workflow runs with the credentials it had.
 *
 *   node switch-package.js exported.json > switched.json
 *
 * `exported.json`: a workflow downloaded from the editor, or `n8n export:workflow` output (one
 * workflow or an array). No dependencies: the file can be downloaded and run on its own.
 * Prints to stderr which packages the switched workflows need installed.
 */
const { readFileSync } = require('node:fs');

const COMBINED = 'n8n-nodes-image-storage';

/** Each node of the combined package and the one-provider package that ships it. */
const PROVIDER_PACKAGES = {
	leonardoAi: 'n8n-nodes-image-storage-leonardo-ai',
	cloudflareImages: 'n8n-nodes-image-storage-cloudflare-images',
	imageKit: 'n8n-nodes-image-storage-imagekit',
};

/**
 * Node types of the combined package (and their `…Tool` form, used when an AI Agent has the node
 * as a tool) rewritten to their provider package; returns the packages the workflow now needs.
 * @param {any} workflow @returns {{ workflow: any, switched: number, packages: string[] }}
 */
function switchWorkflow(workflow) {
	const packages = new Set();
	let switched = 0;
	const nodes = (workflow.nodes ?? []).map((/** @type {any} */ node) => {
		const match = /^n8n-nodes-image-storage\.(\w+?)(Tool)?$/.exec(String(node.type));
		if (!match) return node;
		const target = PROVIDER_PACKAGES[/** @type {keyof typeof PROVIDER_PACKAGES} */ (match[1])];
		if (!target) throw new Error(`node "${node.name}": unknown node type ${node.type}`);
		packages.add(target);
		switched++;
		return { ...node, type: `${target}.${match[1]}${match[2] ?? ''}` };
	});
	return { workflow: { ...workflow, nodes }, switched, packages: [...packages] };
}

function main() {
	const [file] = process.argv.slice(2);
	if (!file || file.startsWith('-')) {
		process.stderr.write('usage: node switch-package.js <exported workflow(s).json> > out.json\n');
		return 2;
	}
	const input = JSON.parse(readFileSync(file, 'utf8'));
	const results = (Array.isArray(input) ? input : [input]).map(switchWorkflow);
	const output = results.map((result) => result.workflow);
	process.stdout.write(`${JSON.stringify(Array.isArray(input) ? output : output[0], null, 2)}\n`);
	const switched = results.reduce((sum, result) => sum + result.switched, 0);
	const packages = [...new Set(results.flatMap((result) => result.packages))];
	process.stderr.write(
		`${switched} node(s) of ${COMBINED} switched in ${results.length} workflow(s).` +
			(packages.length ? ` Install before importing: ${packages.join(', ')}.` : '') +
			'\n',
	);
	return 0;
}

if (require.main === module) process.exitCode = main();

module.exports = { COMBINED, PROVIDER_PACKAGES, switchWorkflow };
