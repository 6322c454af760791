import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { INode, INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { loadPackage, PACKAGE, PACKAGE_DIR } from './harness/engine';

/** What README.md tells a user, checked against the package as n8n loads it. */
const readme = readFileSync(path.join(PACKAGE_DIR, 'README.md'), 'utf8');

/** The text of a `## heading` section. */
function section(heading: string): string {
	const start = readme.indexOf(`\n## ${heading}\n`);
	if (start < 0) throw new Error(`README.md has no section "${heading}"`);
	const end = readme.indexOf('\n## ', start + 1);
	return readme.slice(start, end < 0 ? undefined : end);
}

/** A markdown table's body rows, as trimmed cells. */
function tableRows(text: string, header: string): string[][] {
	const start = text.indexOf(header);
	if (start < 0) throw new Error(`README.md has no table "${header}"`);
	return text
		.slice(start)
		.split('\n')
		.slice(2)
		.filter(
			(line, index, lines) =>
				line.startsWith('|') && lines.slice(0, index).every((l) => l.startsWith('|')),
		)
		.map((line) =>
			line
				.split('|')
				.slice(1, -1)
				.map((cell) => cell.trim()),
		);
}

/** `Create (optionally …, …), Get` → `['Create', 'Get']`. */
const names = (cell: string) =>
	cell
		.replace(/\s*\([^)]*\)/g, '')
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean)
		.sort();

type Catalogue = Record<string, Record<string, string[]>>;

/** Node display name → resource name → operation names, from the loaded descriptions. */
function catalogue(descriptions: INodeTypeDescription[]): Catalogue {
	const options = (property: INodeProperties) =>
		(property.options ?? []) as Array<{ name: string; value: string }>;
	return Object.fromEntries(
		descriptions.map((description) => {
			const resources = description.properties.find((p) => p.name === 'resource');
			return [
				description.displayName,
				Object.fromEntries(
					options(resources!).map(({ name, value }) => {
						const operations = description.properties.find(
							(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(value),
						);
						return [
							name,
							options(operations!)
								.map((operation) => operation.name)
								.sort(),
						];
					}),
				),
			];
		}),
	);
}

/** The README's Operations table, read the same way; `every node` rows go to each node. */
function readmeCatalogue(nodes: string[]): Catalogue {
	const result: Catalogue = {};
	let node = '';
	for (const [nodeCell, resource, operations] of tableRows(
		section('Operations'),
		'| node | resource | operations |',
	)) {
		node = nodeCell || node;
		for (const target of node === 'every node' ? nodes : [node]) {
			result[target] ??= {};
			result[target][names(resource)[0]] = names(operations);
		}
	}
	return result;
}

describe('README.md, as a user reads it', () => {
	let descriptions: INodeTypeDescription[];
	beforeAll(async () => {
		const { nodeTypes, packageNodes } = await loadPackage();
		descriptions = packageNodes.map((type) => nodeTypes.getByNameAndVersion(type, 1).description);
	});

	test('the Operations table names every node, resource and operation the nodes have, and no other', () => {
		const loaded = catalogue(descriptions);
		expect(readmeCatalogue(Object.keys(loaded))).toEqual(loaded);
	});

	test('the example workflows it lists are exactly the files in examples/', () => {
		const linked = [...section('Usage').matchAll(/\]\(examples\/([^)]+\.json)\)/g)].map(
			(m) => m[1],
		);
		const files = readdirSync(path.join(PACKAGE_DIR, 'examples')).filter((f) =>
			f.endsWith('.json'),
		);
		expect([...new Set(linked)].sort()).toEqual(files.sort());
	});

	test.each(readdirSync(path.join(PACKAGE_DIR, 'examples')).filter((f) => f.endsWith('.json')))(
		'examples/%s imports: its nodes of this package exist, with known parameters, credentials and no issues',
		async (file) => {
			const { nodeTypes, credentialTypes, packageNodes } = await loadPackage();
			const workflow = JSON.parse(
				readFileSync(path.join(PACKAGE_DIR, 'examples', file), 'utf8'),
			) as { nodes: INode[]; connections: Record<string, unknown> };
			const nodeNames = workflow.nodes.map((node) => node.name);
			for (const from of Object.keys(workflow.connections)) expect(nodeNames).toContain(from);
			const ours = workflow.nodes.filter((node) => node.type.startsWith(`${PACKAGE}.`));
			expect(ours.length).toBeGreaterThan(0);
			for (const node of ours) {
				expect(packageNodes).toContain(node.type);
				const { description } = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
				const known = new Set(description.properties.map((property) => property.name));
				expect(Object.keys(node.parameters).filter((name) => !known.has(name))).toEqual([]);
				for (const credential of Object.keys(node.credentials ?? {}))
					expect(Object.keys(credentialTypes)).toContain(credential);
				const parameters = NodeHelpers.getNodeParameters(
					description.properties,
					node.parameters,
					true,
					false,
					node,
					description,
				);
				const issues = NodeHelpers.getNodeParametersIssues(
					description.properties,
					{ ...node, parameters: parameters ?? {} },
					description,
				);
				expect({ node: node.name, issues }).toEqual({ node: node.name, issues: null });
			}
		},
	);

	test.each(readdirSync(path.join(PACKAGE_DIR, 'examples')).filter((f) => f.endsWith('.json')))(
		'examples/%s stores each parameter as n8n saves it: an ID picker as a resource locator, options the node offers',
		async (file) => {
			const { nodeTypes } = await loadPackage();
			const workflow = JSON.parse(
				readFileSync(path.join(PACKAGE_DIR, 'examples', file), 'utf8'),
			) as { nodes: INode[] };
			const problems = workflow.nodes
				.filter((node) => node.type.startsWith(`${PACKAGE}.`))
				.flatMap((node) =>
					storedAsN8nSaves(
						node,
						nodeTypes.getByNameAndVersion(node.type, node.typeVersion).description,
					),
				);
			expect(problems).toEqual([]);
		},
	);
});

/**
 * What is wrong in how `node` stores its parameters, read against the parameters its description
 * shows for them: a resource locator stored as a plain string (the editor shows an empty "Mode…"),
 * a locator with a mode it does not have, a plain parameter stored as a locator, or an option the
 * operation's Options collection does not offer (n8n keeps it, and nothing reads it).
 */
function storedAsN8nSaves(node: INode, description: INodeTypeDescription): string[] {
	const resolved =
		NodeHelpers.getNodeParameters(
			description.properties,
			node.parameters,
			true,
			false,
			node,
			description,
		) ?? {};
	const problems: string[] = [];
	for (const property of description.properties) {
		if (!(property.name in node.parameters)) continue;
		if (!NodeHelpers.displayParameter(resolved, property, node, description)) continue;
		const stored = node.parameters[property.name];
		const where = `${node.name}: ${property.name} (${property.displayName})`;
		const locator =
			typeof stored === 'object' && stored !== null && !Array.isArray(stored) && '__rl' in stored
				? (stored as { __rl: unknown; mode?: unknown; value?: unknown })
				: undefined;
		if (property.type === 'resourceLocator') {
			const modes = (property.modes ?? []).map((mode) => mode.name);
			if (!locator || locator.__rl !== true)
				problems.push(
					`${where} is stored as ${JSON.stringify(stored)}, not as a resource locator {"__rl": true, "mode": "${modes.includes('id') ? 'id' : modes[0]}", "value": …}`,
				);
			else if (!modes.includes(String(locator.mode)))
				problems.push(
					`${where}: mode ${JSON.stringify(locator.mode)} is none of ${modes.join(', ')}`,
				);
			else if (typeof locator.value !== 'string')
				problems.push(`${where}: its value is ${JSON.stringify(locator.value)}, not a string`);
		} else if (locator) {
			problems.push(`${where} is a ${property.type} parameter, stored as a resource locator`);
		} else if (property.type === 'collection' && typeof stored === 'object' && stored !== null) {
			const offered = new Set((property.options ?? []).map((option) => option.name));
			for (const name of Object.keys(stored).filter((name) => !offered.has(name)))
				problems.push(`${where}: no option "${name}" (it offers ${[...offered].join(', ')})`);
		}
	}
	return problems;
}
