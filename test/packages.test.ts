import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { PackageDirectoryLoader } from 'n8n-core';

import { PACKAGE, PACKAGE_DIR } from './harness/engine';

const { switchWorkflow, PROVIDER_PACKAGES } = require('../scripts/switch-package.js');

const top = JSON.parse(readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8'));

/** Each one-provider package: its node, its credential, and the package that ships the others. */
const PACKAGES = [
	['n8n-nodes-image-storage-leonardo-ai', 'leonardoAi', 'leonardoAiApi'],
	['n8n-nodes-image-storage-cloudflare-images', 'cloudflareImages', 'cloudflareImagesApi'],
	['n8n-nodes-image-storage-imagekit', 'imageKit', 'imageKitApi'],
] as const;

async function load(dir: string) {
	const loader = new PackageDirectoryLoader(dir);
	await loader.loadAll();
	return loader;
}

test('packages/ holds exactly the three provider packages', () => {
	expect(readdirSync(path.join(PACKAGE_DIR, 'packages')).sort()).toEqual(
		PACKAGES.map(([name]) => name).sort(),
	);
	expect(Object.values(PROVIDER_PACKAGES).sort()).toEqual(PACKAGES.map(([name]) => name).sort());
});

describe.each(PACKAGES)('%s', (name, node, credential) => {
	const dir = path.join(PACKAGE_DIR, 'packages', name);
	const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));

	test('package.json: no dependencies, n8n-workflow the only peer, dist only, MIT, this repository without a directory', () => {
		expect(pkg.name).toBe(name);
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.files).toEqual(['dist']);
		expect(pkg.license).toBe('MIT');
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.repository).toEqual({ type: 'git', url: top.repository.url });
		expect(pkg.author).toEqual(top.author);
		for (const script of ['prepare', 'preinstall', 'install', 'postinstall', 'prepublish'])
			expect(pkg.scripts?.[script]).toBeUndefined();
	});

	test('package.json: devDependencies to build and lint on its own (n8n-node, tsc, eslint, n8n-workflow), at the root package’s versions', () => {
		const needed = ['@n8n/node-cli', '@types/node', 'eslint', 'n8n-workflow', 'typescript'];
		expect(Object.keys(pkg.devDependencies ?? {}).sort()).toEqual(needed);
		for (const name of needed) expect(pkg.devDependencies[name]).toBe(top.devDependencies[name]);
	});

	test('README.md links only to web addresses or its own headings: npm ships dist/ only', () => {
		const readme = readFileSync(path.join(dir, 'README.md'), 'utf8');
		const targets = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]);
		expect(targets.length).toBeGreaterThan(0);
		expect(targets.filter((target) => !/^(https:\/\/|#)/.test(target))).toEqual([]);
		for (const target of targets.filter((t) => t.startsWith(`${top.homepage}/blob/main/`)))
			expect(
				existsSync(path.join(PACKAGE_DIR, target.slice(`${top.homepage}/blob/main/`.length))),
			).toBe(true);
	});

	test('package.json: strict, and n8n lists only its provider node and credential, both built', () => {
		expect(pkg.n8n.strict).toBe(true);
		expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
		expect(pkg.n8n.nodes).toHaveLength(1);
		expect(pkg.n8n.credentials).toHaveLength(1);
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials])
			expect(existsSync(path.join(dir, file))).toBe(true);
	});

	test("n8n loads one node and one credential from its dist, described exactly as the combined package's", async () => {
		const [single, combined] = await Promise.all([load(dir), load(PACKAGE_DIR)]);
		expect(Object.keys(single.nodeTypes)).toEqual([node]);
		expect(Object.keys(single.credentialTypes)).toEqual([credential]);
		// Same parameters, outputs and credential fields: a workflow moves over unchanged (the codex
		// names each package: below).
		const description = (loader: PackageDirectoryLoader) => {
			const { iconUrl, codex, ...rest } = loader.nodeTypes[node].type
				.description as unknown as Record<string, unknown>;
			return { ...rest, hasIcons: Boolean(iconUrl), hasCodex: Boolean(codex) };
		};
		expect(description(single)).toEqual(description(combined));
		expect(single.credentialTypes[credential].type.properties).toEqual(
			combined.credentialTypes[credential].type.properties,
		);
	});

	test('its codex names the node by this package, and nothing it ships belongs to another provider', () => {
		const codex = readdirSync(path.join(dir, 'dist/nodes'), { recursive: true })
			.map(String)
			.find((file) => file.endsWith('.node.json'));
		expect(JSON.parse(readFileSync(path.join(dir, 'dist/nodes', codex!), 'utf8')).node).toBe(
			`${name}.${node}`,
		);
		const shipped = readdirSync(path.join(dir, 'dist'), { recursive: true }).map(String);
		for (const [other, otherNode, otherCredential] of PACKAGES.filter(([n]) => n !== name)) {
			const capital = (word: string) => word[0].toUpperCase() + word.slice(1);
			const theirs = shipped.filter(
				(f) => f.includes(capital(otherNode)) || f.includes(capital(otherCredential)),
			);
			expect({ other, theirs }).toEqual({ other, theirs: [] });
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
