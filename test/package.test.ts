import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { loadPackage, PACKAGE, PACKAGE_DIR } from './harness/engine';

const pkg = JSON.parse(readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8'));

const NODES: Array<
	[name: string, displayName: string, credential: string, operations: Record<string, string[]>]
> = [
	[
		'leonardoAi',
		'Leonardo AI',
		'leonardoAiApi',
		{
			image: ['delete', 'get', 'upload'],
			generation: ['create', 'delete', 'download', 'get', 'getMany'],
			user: ['get'],
			connection: ['connect', 'disconnect'],
		},
	],
	[
		'cloudflareImages',
		'Cloudflare Images',
		'cloudflareImagesApi',
		{
			image: ['delete', 'download', 'get', 'getMany', 'upload'],
			account: ['getStats'],
			connection: ['connect', 'disconnect'],
		},
	],
	[
		'imageKit',
		'ImageKit',
		'imageKitApi',
		{
			file: ['delete', 'deleteMany', 'download', 'get', 'getMany', 'upload'],
			cache: ['getPurgeStatus', 'purge'],
			connection: ['connect', 'disconnect'],
		},
	],
];

describe('package.json, as n8n and its verification read it', () => {
	test('no runtime dependencies; n8n-workflow is the only peer', () => {
		expect(pkg.name).toBe(PACKAGE);
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.license).toBe('MIT');
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.files).toEqual(['dist']);
	});

	test('no lifecycle scripts n8n would refuse', () => {
		for (const script of ['prepare', 'preinstall', 'install', 'postinstall', 'prepublish']) {
			expect(pkg.scripts[script]).toBeUndefined();
		}
	});

	test('the n8n field lists the three nodes and credentials, strict, and each file is built', () => {
		expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
		expect(pkg.n8n.strict).toBe(true);
		expect(pkg.n8n.nodes).toHaveLength(3);
		expect(pkg.n8n.credentials).toHaveLength(3);
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
			expect(existsSync(path.join(PACKAGE_DIR, file))).toBe(true);
		}
	});
});

describe.each(NODES)('node %s', (name, displayName, credential, operations) => {
	let description: INodeTypeDescription;
	beforeAll(async () => {
		const { nodeTypes } = await loadPackage();
		description = nodeTypes.getByNameAndVersion(`${PACKAGE}.${name}`, 1).description;
	});

	const property = (propertyName: string, resource: string, operation: string) =>
		description.properties.find(
			(p: INodeProperties) =>
				p.name === propertyName &&
				(p.displayOptions?.show?.resource ?? [resource]).includes(resource) &&
				(p.displayOptions?.show?.operation ?? [operation]).includes(operation) &&
				!(p.displayOptions?.hide?.resource ?? []).includes(resource),
		);

	test('identity: package, node and credential names', () => {
		expect(description.name).toBe(name);
		expect(description.displayName).toBe(displayName);
		expect(description.version).toBe(1);
		expect(description.usableAsTool).toBe(true);
		expect(description.subtitle).toBeTruthy();
		expect(description.credentials?.map((c) => c.name)).toEqual([credential]);
	});

	test('light and dark icons exist in dist', () => {
		const icon = (description.iconUrl ?? {}) as { light: string; dark: string };
		for (const url of [icon.light, icon.dark]) {
			expect(url).toBeTruthy();
			expect(existsSync(path.join(PACKAGE_DIR, url.replace(`icons/${PACKAGE}/`, '')))).toBe(true);
		}
	});

	test('resources and operations, each with an action text', () => {
		const resources = description.properties
			.find((p) => p.name === 'resource')
			?.options?.map((o) => (o as { value: string }).value);
		expect(resources).toEqual(Object.keys(operations));
		for (const [resource, ops] of Object.entries(operations)) {
			const selector = description.properties.find(
				(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource),
			);
			const options = (selector?.options ?? []) as Array<{ value: string; action?: string }>;
			expect(options.map((o) => o.value)).toEqual(ops);
			for (const option of options) expect(option.action).toBeTruthy();
		}
	});

	test('every operation has delayBefore/delayAfter; every non-connection one has authentication', () => {
		for (const [resource, ops] of Object.entries(operations)) {
			for (const operation of ops) {
				const options = property('options', resource, operation);
				const names = (options?.options ?? []).map((o) => (o as INodeProperties).name);
				expect(names).toEqual(expect.arrayContaining(['delayBefore', 'delayAfter']));
				if (operation === 'delete') expect(names).toContain('ignoreNotFound');
				if (resource !== 'connection') {
					expect(property('authentication', resource, operation)?.default).toBe('credentials');
				}
			}
		}
	});

	test('the credential is not asked for when a connection id stands in for it', () => {
		expect(description.credentials?.[0].displayOptions?.hide?.authentication).toEqual([
			'connectionId',
		]);
	});

	test('every parameter says in one line what it is; every placeholder begins with "e.g."', () => {
		const problems: string[] = [];
		const visit = (property: INodeProperties, where: string) => {
			const at = `${where}${property.name}`;
			// Resource and Operation are n8n's selectors: their options carry the descriptions.
			const selector = ['resource', 'operation'].includes(property.name);
			// An Options collection has n8n's "Add Option" button for its placeholder, no description.
			const collection = property.type === 'collection' || property.type === 'fixedCollection';
			if (collection) {
				for (const child of property.options ?? [])
					if ('type' in child) visit(child as INodeProperties, `${at}.`);
				return;
			}
			if (!selector && property.type !== 'notice' && !property.description && !property.hint)
				problems.push(`${at}: no description`);
			const text = `${property.description ?? ''}${property.hint ?? ''}`;
			if (/\n/.test(text)) problems.push(`${at}: description over more than one line`);
			if (property.placeholder && !String(property.placeholder).startsWith('e.g. '))
				problems.push(`${at}: placeholder "${String(property.placeholder)}"`);
			for (const mode of property.modes ?? []) {
				// A list mode's placeholder is a prompt ("Select an image..."), as n8n's own nodes have it.
				if (mode.type !== 'list' && mode.placeholder && !mode.placeholder.startsWith('e.g. '))
					problems.push(`${at} (${mode.name}): placeholder "${mode.placeholder}"`);
			}
		};
		for (const property of description.properties) visit(property, '');
		expect(problems).toEqual([]);
	});

	test('the codex makes "delete image", "remove image" and "cleanup" find the node', () => {
		const codex = JSON.parse(
			readFileSync(
				path.join(
					PACKAGE_DIR,
					`dist/nodes/${name.charAt(0).toUpperCase()}${name.slice(1)}/${name.charAt(0).toUpperCase()}${name.slice(1)}.node.json`,
				),
				'utf8',
			),
		);
		expect(codex.node).toBe(`${PACKAGE}.${name}`);
		expect(codex.alias).toEqual(
			expect.arrayContaining(['delete image', 'remove image', 'cleanup']),
		);
	});
});
