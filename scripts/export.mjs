#!/usr/bin/env node
// `npm run export -- <dir> [package…]`: writes each provider package as a repository of its own,
// `<dir>/<package name>/`, from this repository's sources. n8n's tooling wants a published
// package's repository to hold exactly one package.json, so the provider packages are not kept
// here: they are generated, checked (scripts/export-check.mjs) and released (scripts/release.mjs).
//
// A tree holds:
// - the package's node and credential and every file they import, found by following the imports
//   (so the layout of nodes/ can change without touching this script), the icons they name, its
//   codex file naming the package, and the examples that use only its node, switched to it;
// - package.json: the combined package's fields, with those of export/packages.json over them
//   (dev dependencies at the top-level package.json's versions), repository and homepage its own;
// - package-lock.json: the top-level lock file pruned to those dev dependencies, offline, by npm;
// - README.md and CHANGELOG.md from export/<name>/ (includes, placeholders, links made absolute);
// - LICENSE, eslint.config.mjs, tsconfig.json from the top-level ones; export/template/ (CI and
//   publish workflows, .gitignore, .npmrc); scripts/scan.mjs and vendor/yara/, its own checks.
import { execFileSync } from 'node:child_process';
import {
	copyFileSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import * as prettier from 'prettier';
import ts from 'typescript';

const require = createRequire(import.meta.url);
const { COMBINED, switchWorkflow } = require('./switch-package.js');

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const read = (file) => readFileSync(path.join(ROOT, file), 'utf8');
const posix = (file) => file.split(path.sep).join('/');

/** export/packages.json: the provider packages, their own fields and their words. */
export const MANIFEST = JSON.parse(read('export/packages.json'));
const TOP = JSON.parse(read('package.json'));

/** Files copied as they are into every tree (the repository's own checks, and their rules). */
const COPIED = ['LICENSE', 'eslint.config.mjs', 'scripts/scan.mjs', 'vendor/yara'];
/** Files every tree gets from export/template/, at the same path. */
const TEMPLATE = 'export/template';

/** Every file below `dir` (repository-relative), sorted. */
function filesBelow(dir) {
	return readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile())
		.map((entry) =>
			posix(path.relative(ROOT, path.join(entry.parentPath ?? entry.path, entry.name))),
		)
		.sort();
}

/** One provider package as this repository describes it. */
export function describePackage(name) {
	const own = MANIFEST.packages[name];
	if (!own) throw new Error(`export/packages.json has no package ${name}`);
	// dist/nodes/X/X.node.js is built from nodes/X/X.node.ts.
	const sources = (list) =>
		list.map((entry) => entry.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
	const [node] = sources(own.n8n.nodes);
	const [credential] = sources(own.n8n.credentials);
	const text = read(node);
	// The node type's name: its description's `name`, which n8n's layout puts right after `displayName`.
	const described =
		/description: INodeTypeDescription = \{\s*displayName: '([^']*)',\s*name: '(\w+)'/.exec(text);
	if (!described) throw new Error(`${node}: no displayName and name found`);
	const credentialType = /\bname = '(\w+)'/.exec(read(credential))?.[1];
	if (!credentialType) throw new Error(`${credential}: no credential name found`);
	return {
		name,
		own,
		node,
		credential,
		displayName: described[1],
		nodeName: described[2],
		credentialType,
		repository: `${MANIFEST.repositoryOwner}/${name}`,
	};
}

export const PACKAGE_NAMES = Object.keys(MANIFEST.packages);

/** `entries` and every file of this repository they import, directly or not (repository-relative). */
export function importClosure(entries) {
	const found = new Set();
	const visit = (file) => {
		if (found.has(file)) return;
		if (!existsSync(path.join(ROOT, file))) throw new Error(`${file} does not exist`);
		found.add(file);
		if (!file.endsWith('.ts')) return;
		for (const { fileName } of ts.preProcessFile(read(file), true, true).importedFiles) {
			if (!fileName.startsWith('.')) continue;
			const base = posix(path.join(path.dirname(file), fileName));
			const target = [base, `${base}.ts`, `${base}/index.ts`].find(
				(candidate) =>
					/\.(ts|json)$/.test(candidate) &&
					existsSync(path.join(ROOT, candidate)) &&
					statSync(path.join(ROOT, candidate)).isFile(),
			);
			if (!target) throw new Error(`${file}: cannot resolve ${fileName}`);
			visit(target);
		}
	};
	entries.forEach(visit);
	return [...found].sort();
}

/** Icons a node or credential names as `file:<path>`, relative to its own file. */
function iconsOf(file) {
	return [...read(file).matchAll(/'file:([^']+\.svg)'/g)].map((match) =>
		posix(path.join(path.dirname(file), match[1])),
	);
}

async function formatted(file, text) {
	const options = (await prettier.resolveConfig(path.join(ROOT, file))) ?? {};
	return await prettier.format(text, { ...options, filepath: file });
}

/** The code: node, credential, what they import, icons, codex, examples. */
async function codeFiles(pkg, files) {
	const sources = importClosure([pkg.node, pkg.credential]);
	// No file of another package's node folder, nor its credential.
	for (const other of PACKAGE_NAMES.filter((name) => name !== pkg.name).map(describePackage)) {
		const foreign = [`${path.posix.dirname(other.node)}/`, other.credential];
		const leak = sources.find((file) => foreign.some((prefix) => file.startsWith(prefix)));
		if (leak) throw new Error(`${pkg.name} would ship ${leak}, which belongs to ${other.name}`);
	}
	for (const file of sources) {
		if (!/^(nodes|credentials)\//.test(file))
			throw new Error(`${pkg.name}: ${file} is outside nodes/ and credentials/`);
		files.set(file, read(file));
	}
	const codex = pkg.node.replace(/\.ts$/, '.json');
	if (existsSync(path.join(ROOT, codex))) {
		const json = JSON.parse(read(codex));
		json.node = `${pkg.name}.${pkg.nodeName}`;
		for (const doc of json.resources?.primaryDocumentation ?? [])
			if (doc.url === `https://www.npmjs.com/package/${COMBINED}`)
				doc.url = `https://www.npmjs.com/package/${pkg.name}`;
		files.set(codex, await formatted(codex, JSON.stringify(json)));
	}
	for (const icon of new Set(sources.flatMap(iconsOf))) files.set(icon, read(icon));
	// The examples that use this package's node and no other of the combined package.
	const ours = `${COMBINED}.${pkg.nodeName}`;
	for (const example of filesBelow('examples').filter((file) => file.endsWith('.json'))) {
		const workflow = JSON.parse(read(example));
		const types = workflow.nodes
			.map((node) => node.type.replace(/Tool$/, ''))
			.filter((type) => type.startsWith(`${COMBINED}.`));
		if (types.length === 0 || !types.every((type) => type === ours)) continue;
		files.set(example, await formatted(example, JSON.stringify(switchWorkflow(workflow).workflow)));
	}
}

/** The package's package.json: the combined package's, with its own fields over them. */
function manifestOf(pkg) {
	const { version, description, keywords, n8n } = pkg.own;
	const devDependencies = Object.fromEntries(
		MANIFEST.common.devDependencies.map((dependency) => {
			const version = TOP.devDependencies[dependency];
			if (!version)
				throw new Error(`export/packages.json: ${dependency} is no devDependency of package.json`);
			return [dependency, version];
		}),
	);
	return {
		name: pkg.name,
		version,
		description,
		keywords,
		license: TOP.license,
		homepage: pkg.repository,
		author: TOP.author,
		repository: { type: 'git', url: `${pkg.repository}.git` },
		engines: TOP.engines,
		files: TOP.files,
		scripts: MANIFEST.common.scripts,
		n8n: { ...TOP.n8n, credentials: n8n.credentials, nodes: n8n.nodes },
		peerDependencies: TOP.peerDependencies,
		devDependencies,
	};
}

/**
 * The lock file: the top-level one, pruned by npm to this package's dev dependencies, offline, so
 * the tree is the one this repository installs and tests, resolved by nothing new.
 */
function lockOf(packageJson) {
	const dir = mkdtempSync(path.join(tmpdir(), 'export-lock-'));
	try {
		writeFileSync(path.join(dir, 'package.json'), packageJson);
		copyFileSync(path.join(ROOT, 'package-lock.json'), path.join(dir, 'package-lock.json'));
		execFileSync(
			'npm',
			[
				'install',
				'--package-lock-only',
				'--offline',
				'--ignore-scripts',
				'--no-audit',
				'--no-fund',
				'--loglevel=error',
			],
			{ cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
		);
		return readFileSync(path.join(dir, 'package-lock.json'), 'utf8');
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** The text between `<!-- region: name -->` and `<!-- /region: name -->` in `file`. */
function region(file, name) {
	const text = read(file);
	const start = text.indexOf(`<!-- region: ${name} -->\n`);
	const end = text.indexOf(`<!-- /region: ${name} -->`);
	if (start < 0 || end < start) throw new Error(`${file} has no region "${name}"`);
	return text.slice(start + `<!-- region: ${name} -->\n`.length, end).replace(/\n$/, '');
}

/**
 * A README or CHANGELOG of export/<name>/ as its repository shows it: `<!-- include: file#region -->`
 * lines replaced by that region (text shared with the top-level README or between the packages'
 * READMEs, written once), `{{placeholders}}` filled, relative links made absolute links into the
 * package's repository (they work there and on npm) after checking that the tree has the file.
 */
export function renderDocument(pkg, file, tree) {
	const values = {
		package: pkg.name,
		displayName: pkg.displayName,
		nodeType: `${pkg.name}.${pkg.nodeName}`,
		combinedNodeType: `${COMBINED}.${pkg.nodeName}`,
		credentialType: pkg.credentialType,
		combined: COMBINED,
		repository: pkg.repository,
		source: TOP.homepage,
	};
	let text = read(file);
	for (let depth = 0; /<!-- include: /.test(text); depth++) {
		if (depth > 3) throw new Error(`${file}: includes nested too deep`);
		text = text.replace(/^<!-- include: ([^#\s]+)#([\w-]+) -->$/gm, (_, from, name) =>
			region(from, name),
		);
	}
	text = text.replace(/\{\{(\w+)\}\}/g, (whole, key) => {
		if (!(key in values)) throw new Error(`${file}: unknown placeholder ${whole}`);
		return values[key];
	});
	const marker = /<!--\s*\/?(region|include)\b.*/.exec(text);
	if (marker) throw new Error(`${file}: a marker is left: ${marker[0]}`);
	return text.replace(/\]\(([^)\s#:]+)(#[^)\s]*)?\)/g, (whole, target, anchor = '') => {
		const relative = path.posix.normalize(target);
		if (!tree.has(relative) && ![...tree.keys()].some((f) => f.startsWith(`${relative}/`)))
			throw new Error(`${file}: links to ${target}, which ${pkg.name}'s tree does not hold`);
		return `](${pkg.repository}/blob/main/${relative}${anchor})`;
	});
}

/** Every file of one package's tree: path inside the tree → content. */
export async function generate(name) {
	const pkg = describePackage(name);
	const files = new Map();
	await codeFiles(pkg, files);
	for (const entry of COPIED)
		for (const file of statSync(path.join(ROOT, entry)).isDirectory() ? filesBelow(entry) : [entry])
			files.set(file, readFileSync(path.join(ROOT, file)));
	for (const file of filesBelow(TEMPLATE))
		files.set(path.posix.relative(TEMPLATE, file), readFileSync(path.join(ROOT, file)));
	files.set(
		'tsconfig.json',
		await formatted(
			'tsconfig.json',
			JSON.stringify({
				compilerOptions: {
					...JSON.parse(read('tsconfig.json')).compilerOptions,
					types: [],
					rootDir: '.',
					outDir: './dist/',
				},
				include: ['credentials/**/*', 'nodes/**/*', 'nodes/**/*.json'],
			}),
		),
	);
	const packageJson = await formatted('package.json', JSON.stringify(manifestOf(pkg)));
	files.set('package.json', packageJson);
	files.set('package-lock.json', lockOf(packageJson));
	const documents = ['README.md', 'CHANGELOG.md'];
	// Each may link to the other: both are in the tree before either is rendered.
	for (const document of documents) files.set(document, '');
	for (const document of documents)
		files.set(document, renderDocument(pkg, `export/${name}/${document}`, files));
	return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Writes `<into>/<name>/` (replacing what was there); returns the tree's directory. */
export async function exportPackage(name, into) {
	const files = await generate(name);
	const dir = path.join(into, name);
	rmSync(dir, { recursive: true, force: true });
	for (const [file, content] of files) {
		mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
		writeFileSync(path.join(dir, file), content);
	}
	return dir;
}

async function main() {
	const [into, ...names] = process.argv.slice(2);
	if (!into || into.startsWith('-')) {
		process.stderr.write(`usage: npm run export -- <dir> [${PACKAGE_NAMES.join(' ')}]\n`);
		return 2;
	}
	for (const name of names.length > 0 ? names : PACKAGE_NAMES) {
		const dir = await exportPackage(name, path.resolve(into));
		process.stdout.write(`${name}: ${dir}\n`);
	}
	return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = await main();
