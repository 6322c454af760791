#!/usr/bin/env node
// `npm run scan`: n8n's publication checks on this repository's package, run here as n8n runs them
// after publishing.
// 1. The layout: one package.json in the repository (n8n's tooling refuses a package published
//    from a repository that holds several), no `repository.directory`, and `repository` and
//    `homepage` naming a repository of the package's own name.
// 2. The scanner's source leg: like the scanner, the repository's source as GitHub serves it
//    (`--commit=<rev>`: `git archive` of that commit, extracted with `tar`; by default the tracked
//    and unignored files, which is what the next commit will hold), the directory whose
//    package.json has the package's name (`findPackageRoot`), linted by its own `analyzePackage`
//    (inline eslint-disable comments ignored).
// 3. The tarball leg: `npm pack`, unpacked, linted the same way; every JavaScript file it ships
//    must be built from a source under nodes/ or credentials/, which the source leg lints.
// 4. The next scanner's YARA threat rules (vendor/yara) on the tarball.
// Only the scanner's provenance leg needs a published package. Exits non-zero on any failure.
import { execFileSync } from 'node:child_process';
import {
	cpSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
	analyzePackage,
	findPackageRoot,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const commit = process.argv.find((arg) => arg.startsWith('--commit='))?.slice('--commit='.length);
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

/** Files under `dir`, relative to it, that end with one of `extensions`. */
function filesUnder(dir, extensions) {
	if (!existsSync(dir)) return [];
	return readdirSync(dir, { recursive: true })
		.map(String)
		.filter((file) => extensions.some((ext) => file.endsWith(ext)))
		.filter((file) => statSync(path.join(dir, file)).isFile())
		.map((file) => file.split(path.sep).join('/'));
}

/** The repository as the scanner downloads it: a commit's archive, or the next commit's files. */
function sourceSnapshot(into) {
	if (commit) {
		// As GitHub serves it: a .tar.gz with one top folder, stripped on extraction.
		const archive = path.join(into, '..', 'source.tgz');
		execFileSync(
			'git',
			['archive', '--format=tar.gz', '--prefix=repository/', '-o', archive, commit],
			{ cwd: root },
		);
		execFileSync('tar', ['-xzf', archive, '-C', into, '--strip-components=1']);
		return `git archive ${commit}`;
	}
	const listed = execFileSync(
		'git',
		['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
		{ cwd: root },
	);
	for (const file of listed.toString().split('\0').filter(Boolean)) {
		if (!existsSync(path.join(root, file))) continue; // deleted, not yet committed
		mkdirSync(path.dirname(path.join(into, file)), { recursive: true });
		cpSync(path.join(root, file), path.join(into, file));
	}
	return 'the working tree';
}

function report(name, failures) {
	process.stdout.write(
		`  ${name}: ${failures.length === 0 ? 'passed' : `FAILED\n    ${failures.join('\n    ')}`}\n`,
	);
	return failures.length === 0;
}

/** One package.json, no `repository.directory`, repository and homepage of the package's name. */
function layout(sourceRoot) {
	const failures = [];
	const manifests = filesUnder(sourceRoot, ['package.json']).filter(
		(file) => path.posix.basename(file) === 'package.json',
	);
	if (manifests.join() !== 'package.json')
		failures.push(
			`the repository holds ${manifests.length} package.json files (${manifests.join(', ')}): n8n's tooling wants exactly one, at the top`,
		);
	const { name, repository, homepage } = manifest;
	if (repository?.directory !== undefined)
		failures.push(`package.json: repository.directory is set (${repository.directory})`);
	const own = /^(git\+)?https:\/\/github\.com\/[\w.-]+\/([\w.-]+?)(\.git)?$/.exec(
		repository?.url ?? '',
	);
	if (own?.[2] !== name)
		failures.push(
			`package.json: repository.url (${repository?.url}) is not a repository named ${name}`,
		);
	const base = (repository?.url ?? '').replace(/^git\+/, '').replace(/\.git$/, '');
	if (!own || !(homepage === base || String(homepage).startsWith(`${base}#`)))
		failures.push(`package.json: homepage (${homepage}) is not ${base}`);
	return report('layout: one package.json, its own repository', failures);
}

async function leg(name, dir, patterns) {
	const result = await analyzePackage(dir, patterns);
	const details = result.passed ? [] : [result.message, result.details ?? result.error ?? ''];
	return report(name, details.filter(Boolean));
}

const work = mkdtempSync(path.join(tmpdir(), 'scan-'));
try {
	const sourceRoot = path.join(work, 'source');
	mkdirSync(sourceRoot);
	process.stdout.write(
		`${manifest.name}, its source as the scanner finds it: ${sourceSnapshot(sourceRoot)}\n`,
	);
	let passed = layout(sourceRoot);

	const found = findPackageRoot(sourceRoot, manifest.name);
	if (!found) {
		process.stdout.write(`  FAILED: no package.json named ${manifest.name} in the source\n`);
		process.exit(1);
	}
	const sources = ['nodes', 'credentials'].flatMap((dir) =>
		filesUnder(path.join(found, dir), ['.js', '.ts', '.json']).map((file) => `${dir}/${file}`),
	);
	passed =
		(await leg(
			`scanner, source leg (package.json and ${sources.length} files under nodes/, credentials/)`,
			found,
			SOURCE_FILE_PATTERNS,
		)) && passed;

	const packDir = mkdtempSync(path.join(work, 'pack-'));
	const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', packDir], {
		cwd: root,
	})
		.toString()
		.trim()
		.split('\n')
		.pop();
	execFileSync('tar', ['-xzf', path.join(packDir, tarball), '-C', packDir]);
	const unpacked = path.join(packDir, 'package');
	const shipped = filesUnder(path.join(unpacked, 'dist'), ['.js']);
	passed =
		(await leg(`scanner, tarball leg (${tarball}: ${shipped.length} .js files)`, unpacked, [
			'**/*.js',
			'package.json',
		])) && passed;
	// What ships must be what the source leg linted: dist/<path>.js from <path>.ts there.
	const unlinted = shipped.filter((file) => !sources.includes(file.replace(/\.js$/, '.ts')));
	passed =
		report(
			'every shipped .js file built from a linted source',
			shipped.length === 0
				? ['the tarball ships no .js file under dist/: build first']
				: unlinted.map((file) => `dist/${file}: no source under nodes/ or credentials/`),
		) && passed;

	try {
		const output = execFileSync(
			process.execPath,
			[path.join(root, 'vendor/yara/scan.mjs'), path.join(packDir, tarball)],
			{ cwd: root, encoding: 'utf8' },
		);
		const [, version = '?', threats = '?'] =
			/\(GuardDog ([^)]+)\): (\d+) threat-/.exec(output) ?? [];
		passed =
			report(
				`YARA threat rules on the tarball (${threats} threat-* rules, GuardDog ${version})`,
				[],
			) && passed;
	} catch (error) {
		passed =
			report('YARA threat rules on the tarball', [`${error.stdout}${error.stderr}`]) && passed;
	}
	process.exitCode = passed ? 0 : 1;
} finally {
	rmSync(work, { recursive: true, force: true });
}
