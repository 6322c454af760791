#!/usr/bin/env node
// `npm run scan`: n8n's verification gate, run here as it runs after publishing, on the combined
// package and on every package under packages/. Like the scanner, it takes the repository's
// source as GitHub would serve it (`--commit=<rev>`: `git archive` of that commit, extracted with
// `tar`; by default the working tree's tracked and unignored files, which is what the next commit
// will hold), finds the directory whose package.json has the package's name (`findPackageRoot`),
// and lints it with its own `analyzePackage` (inline eslint-disable comments ignored); then it
// lints the packed tarball. It also checks that every JavaScript file the tarball ships was built
// from a source under that directory's nodes/ or credentials/, which the source leg lints.
// Only the scanner's provenance leg needs a published package. Exits non-zero on any violation.
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
		// As codeload.github.com serves it: a .tar.gz with one top folder, stripped on extraction.
		const archive = path.join(into, '..', 'source.tgz');
		execFileSync(
			'git',
			['archive', '--format=tar.gz', '--prefix=repository/', '-o', archive, commit],
			{
				cwd: root,
			},
		);
		execFileSync('tar', ['-xzf', archive, '-C', into, '--strip-components=1']);
		return `git archive ${commit}`;
	}
	const listed = execFileSync(
		'git',
		['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
		{
			cwd: root,
		},
	);
	const files = listed.toString().split('\0').filter(Boolean);
	for (const file of files) {
		if (!existsSync(path.join(root, file))) continue; // deleted, not yet committed
		mkdirSync(path.dirname(path.join(into, file)), { recursive: true });
		cpSync(path.join(root, file), path.join(into, file));
	}
	return 'the working tree';
}

async function leg(name, dir, patterns) {
	const result = await analyzePackage(dir, patterns);
	process.stdout.write(`  ${name}: ${result.passed ? 'passed' : `FAILED: ${result.message}`}\n`);
	if (!result.passed) process.stdout.write(`${result.details ?? result.error ?? ''}\n`);
	return result.passed;
}

/** Both legs for one package: `dir` is its directory in this checkout (where it is packed). */
async function scanPackage(name, dir, sourceRoot, work) {
	process.stdout.write(`scanner, ${name}:\n`);
	const found = findPackageRoot(sourceRoot, name);
	if (!found) {
		process.stdout.write(`  FAILED: no package.json named ${name} in the source\n`);
		return false;
	}
	const sources = [
		...filesUnder(path.join(found, 'nodes'), ['.js', '.ts', '.json']).map((f) => `nodes/${f}`),
		...filesUnder(path.join(found, 'credentials'), ['.js', '.ts', '.json']).map(
			(f) => `credentials/${f}`,
		),
	];
	const source = await leg(
		`source leg, ${path.relative(sourceRoot, found) || '.'} (package.json and ${sources.length} files under nodes/, credentials/)`,
		found,
		SOURCE_FILE_PATTERNS,
	);
	const packDir = mkdtempSync(path.join(work, 'pack-'));
	const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', packDir], {
		cwd: dir,
	})
		.toString()
		.trim()
		.split('\n')
		.pop();
	execFileSync('tar', ['-xzf', path.join(packDir, tarball), '-C', packDir]);
	const unpacked = path.join(packDir, 'package');
	const shipped = filesUnder(path.join(unpacked, 'dist'), ['.js']);
	const packed = await leg(
		`tarball leg, ${tarball} (package.json and ${shipped.length} .js files)`,
		unpacked,
		['**/*.js', 'package.json'],
	);
	// What ships must be what the source leg linted: dist/<path>.js from <path>.ts there.
	const unlinted = shipped.filter((file) => !sources.includes(file.replace(/\.js$/, '.ts')));
	if (unlinted.length > 0)
		process.stdout.write(
			`  FAILED: shipped files without a linted source under nodes/ or credentials/: ${unlinted.join(', ')}\n`,
		);
	return source && packed && unlinted.length === 0 && shipped.length > 0;
}

const work = mkdtempSync(path.join(tmpdir(), 'scan-'));
try {
	const sourceRoot = path.join(work, 'source');
	mkdirSync(sourceRoot);
	process.stdout.write(`Source as the scanner finds it: ${sourceSnapshot(sourceRoot)}\n`);
	const packages = [
		root,
		...readdirSync(path.join(root, 'packages')).map((name) => path.join(root, 'packages', name)),
	].filter((dir) => existsSync(path.join(dir, 'package.json')));
	let passed = true;
	for (const dir of packages) {
		const { name } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
		passed = (await scanPackage(name, dir, sourceRoot, work)) && passed;
	}
	process.exitCode = passed ? 0 : 1;
} finally {
	rmSync(work, { recursive: true, force: true });
}
