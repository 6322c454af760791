import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { PACKAGE, PACKAGE_DIR } from './harness/engine';

const { switchWorkflow, PROVIDER_PACKAGES } = require('../scripts/switch-package.js');

/**
 * export/packages.json, which `npm run export` reads. The exported trees themselves are checked by
 * `npm run export:check` (the last step of `npm test`): they need npm, git and minutes.
 */
const manifest = JSON.parse(readFileSync(path.join(PACKAGE_DIR, 'export/packages.json'), 'utf8'));
const top = JSON.parse(readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8'));

describe('export/packages.json', () => {
	test('names the three provider packages, the ones scripts/switch-package.js switches to', () => {
		expect(Object.keys(manifest.packages).sort()).toEqual(Object.values(PROVIDER_PACKAGES).sort());
	});

	test.each(Object.keys(manifest.packages))(
		'%s: its own fields, a README and a CHANGELOG, words of its own',
		(name) => {
			const own = manifest.packages[name];
			expect(Object.keys(own).sort()).toEqual(['description', 'keywords', 'n8n', 'version']);
			expect(own.keywords).toContain('n8n-community-node-package');
			expect(own.n8n.nodes).toHaveLength(1);
			expect(own.n8n.credentials).toHaveLength(1);
			// The combined package ships the same node and credential.
			for (const file of [...own.n8n.nodes, ...own.n8n.credentials])
				expect([...top.n8n.nodes, ...top.n8n.credentials]).toContain(file);
			for (const file of ['README.md', 'CHANGELOG.md'])
				expect(existsSync(path.join(PACKAGE_DIR, 'export', name, file))).toBe(true);
			expect(Object.keys(manifest.words[name] ?? {}).length).toBeGreaterThan(0);
		},
	);

	test('the release workflow offers exactly these packages and calls scripts/release.mjs', () => {
		const workflow = readFileSync(path.join(PACKAGE_DIR, '.github/workflows/release.yml'), 'utf8');
		const options = /options:\n((?:\s+- .+\n)+)/.exec(workflow)?.[1] ?? '';
		expect([...options.matchAll(/- (\S+)/g)].map((m) => m[1])).toEqual(
			Object.keys(manifest.packages),
		);
		expect(workflow).toMatch(/run: node scripts\/release\.mjs "\$PACKAGE"/);
	});

	test('dev dependencies are named only: their versions are the top-level package.json’s', () => {
		for (const name of manifest.common.devDependencies)
			expect(top.devDependencies[name]).toBeDefined();
		for (const script of ['prepare', 'preinstall', 'install', 'postinstall', 'prepublish'])
			expect(manifest.common.scripts[script]).toBeUndefined();
	});

	test('every word is a valid regular expression, with what it stands for', () => {
		for (const words of Object.values(manifest.words) as Array<Record<string, string>>)
			for (const [pattern, what] of Object.entries(words)) {
				expect(() => new RegExp(pattern, 'gi')).not.toThrow();
				expect(what.length).toBeGreaterThan(0);
			}
	});
});

describe('scripts/switch-package.js', () => {
	const workflow = {
		name: 'mixed',
		nodes: [
			{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', parameters: {} },
			{
				name: 'Delete',
				type: `${PACKAGE}.imageKit`,
				parameters: { resource: 'file', operation: 'delete', fileId: '={{ $json.id }}' },
				credentials: { imageKitApi: { id: 'c1', name: 'ImageKit' } },
			},
			{ name: 'Agent tool', type: `${PACKAGE}.cloudflareImagesTool`, parameters: {} },
		],
		connections: { Start: { main: [[{ node: 'Delete', type: 'main', index: 0 }]] } },
	};

	test('rewrites node types and their Tool forms to the provider packages, keeping parameters and credentials', () => {
		const result = switchWorkflow(workflow);
		expect(result.workflow.nodes.map((n: { type: string }) => n.type)).toEqual([
			'n8n-nodes-base.manualTrigger',
			'n8n-nodes-image-storage-imagekit.imageKit',
			'n8n-nodes-image-storage-cloudflare-images.cloudflareImagesTool',
		]);
		expect(result.workflow.nodes[1].parameters).toEqual(workflow.nodes[1].parameters);
		expect(result.workflow.nodes[1].credentials).toEqual(workflow.nodes[1].credentials);
		expect(result.workflow.connections).toEqual(workflow.connections);
		expect(result.switched).toBe(2);
		expect(result.packages.sort()).toEqual([
			'n8n-nodes-image-storage-cloudflare-images',
			'n8n-nodes-image-storage-imagekit',
		]);
	});

	test('refuses a node type of the combined package it does not know', () => {
		expect(() =>
			switchWorkflow({ nodes: [{ name: 'X', type: `${PACKAGE}.somethingElse` }] }),
		).toThrow('node "X": unknown node type n8n-nodes-image-storage.somethingElse');
	});
});
