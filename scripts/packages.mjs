#!/usr/bin/env node
// The one-provider packages under packages/<name>/ are generated from the top-level nodes/,
// credentials/, icons/ and examples/ (the one source of truth): `npm run packages` writes them,
// `npm run packages:check` (part of `npm test`) fails when a committed copy differs from a fresh
// generation; `--build` builds each package into its own dist/ (part of `npm run build`);
// `--lint` runs n8n's `n8n-node lint` in each package directory (`npm run lint:packages`).
//
// Each packages/<name>/package.json (hand-kept: name, version, description) names its node and
// credential in `n8n`; the copy holds those files and every file they import, found by following
// the imports, so the layout of nodes/ can change without touching this script.
import { execFileSync } from 'node:child_process';
import {
	existsSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import * as prettier from 'prettier';
import ts from 'typescript';

const require = createRequire(import.meta.url);
const { COMBINED, switchWorkflow } = require('./switch-package.js');

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGES_DIR = path.join(ROOT, 'packages');
const REFRESH = 'npm run packages';
/** What the generator owns in a package directory; everything else there is hand-kept. */
const GENERATED = [
	'nodes',
	'credentials',
	'icons',
	'examples',
	'LICENSE',
	'tsconfig.json',
	'eslint.config.mjs',
];

const read = (file) => readFileSync(path.join(ROOT, file), 'utf8');
const posix = (file) => file.split(path.sep).join('/');

/** The package directories, each with its manifest. */
export function listPackages() {
	return readdirSync(PACKAGES_DIR)
		.filter((name) => existsSync(path.join(PACKAGES_DIR, name, 'package.json')))
		.map((dir) => {
			const manifest = JSON.parse(
				readFileSync(path.join(PACKAGES_DIR, dir, 'package.json'), 'utf8'),
			);
			if (manifest.name !== dir)
				throw new Error(`packages/${dir}: package.json names ${manifest.name}`);
			// dist/nodes/X/X.node.js is built from nodes/X/X.node.ts.
			const sources = (list) =>
				(list ?? []).map((entry) => entry.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
			return {
				name: manifest.name,
				dir: path.join(PACKAGES_DIR, dir),
				manifest,
				nodes: sources(manifest.n8n?.nodes),
				credentials: sources(manifest.n8n?.credentials),
			};
		});
}

/** `file` and every file of this repository it imports, directly or not (repository-relative). */
function importClosure(entries) {
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
					existsSync(path.join(ROOT, candidate)) &&
					!candidate.endsWith('/') &&
					/\.(ts|json)$/.test(candidate),
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

/** Every generated file of one package: path inside the package → content. */
export async function generate(pkg, others) {
	const files = new Map();
	const nodeNames = new Map(); // codex file → node type name
	const sources = importClosure([...pkg.nodes, ...pkg.credentials]);
	// Nothing of another provider: none of its node folders or credentials.
	for (const other of others) {
		const foreign = [
			...other.nodes.map((node) => `${path.posix.dirname(node)}/`),
			...other.credentials,
		];
		const leak = sources.find((file) =>
			foreign.some((prefix) => file === prefix || file.startsWith(prefix)),
		);
		if (leak) throw new Error(`${pkg.name} would ship ${leak}, which belongs to ${other.name}`);
	}
	for (const file of sources) {
		if (!/^(nodes|credentials)\//.test(file))
			throw new Error(`${pkg.name}: ${file} is outside nodes/ and credentials/`);
		const header = file.endsWith('.ts')
			? `// Generated from ${file} at the repository's top level by \`${REFRESH}\`: edit that file.\n`
			: '';
		files.set(file, header + read(file));
	}
	for (const node of pkg.nodes) {
		// The node type's name: its description's `name`, which n8n's layout puts right after `displayName`.
		const name =
			/description: INodeTypeDescription = \{\s*displayName: '[^']*',\s*name: '(\w+)'/.exec(
				read(node),
			)?.[1];
		if (!name) throw new Error(`${node}: no node name found`);
		nodeNames.set(node.replace(/\.ts$/, '.json'), name);
	}
	for (const [codex, name] of nodeNames) {
		if (!existsSync(path.join(ROOT, codex))) continue;
		const json = JSON.parse(read(codex));
		json.node = `${pkg.name}.${name}`;
		for (const doc of json.resources?.primaryDocumentation ?? [])
			if (doc.url === `https://www.npmjs.com/package/${COMBINED}`)
				doc.url = `https://www.npmjs.com/package/${pkg.name}`;
		files.set(codex, await formatted(codex, JSON.stringify(json)));
	}
	for (const icon of new Set(sources.flatMap(iconsOf))) files.set(icon, read(icon));
	// The examples that use this package's nodes and no other provider's.
	const ours = new Set([...nodeNames.values()].map((name) => `${COMBINED}.${name}`));
	for (const example of readdirSync(path.join(ROOT, 'examples'))
		.filter((f) => f.endsWith('.json'))
		.sort()) {
		const workflow = JSON.parse(read(`examples/${example}`));
		const types = workflow.nodes
			.map((node) => node.type)
			.filter((type) => type.startsWith(`${COMBINED}.`));
		if (types.length === 0 || !types.every((type) => ours.has(type.replace(/Tool$/, '')))) continue;
		const switched = switchWorkflow(workflow);
		if (switched.packages.join() !== pkg.name)
			throw new Error(`examples/${example}: switched to ${switched.packages}`);
		files.set(
			`examples/${example}`,
			await formatted(`examples/${example}`, JSON.stringify(switched.workflow)),
		);
	}
	files.set('LICENSE', read('LICENSE'));
	files.set('eslint.config.mjs', read('eslint.config.mjs'));
	files.set(
		'tsconfig.json',
		await formatted(
			'tsconfig.json',
			JSON.stringify({
				$comment: `Generated by \`${REFRESH}\` from the top-level tsconfig.json: edit that file.`,
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
	return files;
}

/** Files under the generated parts of a package directory, as they are on disk. */
function onDisk(dir) {
	const files = new Map();
	const walk = (relative) => {
		const full = path.join(dir, relative);
		if (!existsSync(full)) return;
		if (statSync(full).isDirectory())
			for (const entry of readdirSync(full)) walk(posix(path.join(relative, entry)));
		else files.set(relative, readFileSync(full, 'utf8'));
	};
	GENERATED.forEach(walk);
	return files;
}

/** Differences between the committed copy and a fresh generation, as short lines. */
export async function staleFiles(pkg, others) {
	const fresh = await generate(pkg, others);
	const current = onDisk(pkg.dir);
	const lines = [];
	for (const [file, text] of fresh)
		if (!current.has(file)) lines.push(`missing   ${file}`);
		else if (current.get(file) !== text) lines.push(`differs   ${file}`);
	for (const file of current.keys()) if (!fresh.has(file)) lines.push(`extra     ${file}`);
	return lines;
}

async function write(pkg, others) {
	const fresh = await generate(pkg, others);
	for (const part of GENERATED) rmSync(path.join(pkg.dir, part), { recursive: true, force: true });
	for (const [file, text] of fresh) {
		mkdirSync(path.dirname(path.join(pkg.dir, file)), { recursive: true });
		writeFileSync(path.join(pkg.dir, file), text);
	}
	return fresh.size;
}

async function main() {
	const mode = process.argv[2] ?? '--write';
	const packages = listPackages();
	let failed = false;
	for (const pkg of packages) {
		const others = packages.filter((other) => other !== pkg);
		const where = posix(path.relative(ROOT, pkg.dir));
		if (mode === '--check') {
			const stale = await staleFiles(pkg, others);
			if (stale.length === 0)
				process.stdout.write(`${where}: up to date with nodes/, credentials/, icons/, examples/\n`);
			else {
				failed = true;
				process.stdout.write(
					`${where}: STALE, differs from a fresh generation:\n  ${stale.join('\n  ')}\n`,
				);
			}
		} else if (mode === '--build') {
			execFileSync('npm', ['run', 'build', '--silent'], {
				cwd: pkg.dir,
				stdio: ['ignore', 'ignore', 'inherit'],
			});
			process.stdout.write(`${where}: built into ${where}/dist\n`);
		} else if (mode === '--lint') {
			// n8n's own CLI in the package directory: strict mode, its template ESLint config.
			try {
				execFileSync('npm', ['run', 'lint', '--silent'], { cwd: pkg.dir, stdio: 'pipe' });
				process.stdout.write(`${where}: n8n-node lint (strict) passed\n`);
			} catch (error) {
				failed = true;
				process.stdout.write(`${where}: n8n-node lint FAILED\n${error.stdout}${error.stderr}\n`);
			}
		} else if (mode === '--write') {
			process.stdout.write(`${where}: ${await write(pkg, others)} files generated\n`);
		} else throw new Error(`unknown option ${mode} (--write, --check, --build, --lint)`);
	}
	if (failed && mode === '--lint') process.exitCode = 1;
	else if (failed) {
		process.stdout.write(
			`\nThe packages are generated copies of the top-level sources. Run \`${REFRESH}\` and commit packages/.\n`,
		);
		process.exitCode = 1;
	}
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
