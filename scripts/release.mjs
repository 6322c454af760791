#!/usr/bin/env node
// `node scripts/release.mjs <package> [--remote <git url>]`: exports one provider package
// (scripts/export.mjs) and pushes it to its own repository as a new commit on `main`, tagged
// `v<version>`; that repository's publish workflow then checks it and publishes it to npm with a
// provenance statement. The remote is the package's repository (package.json `repository.url`)
// unless `--remote` names another, such as a local bare repository in the tests.
//
// The version is export/packages.json's; its CHANGELOG.md must have a `## <version>` entry, and the
// tag must not exist yet. With GIT_PUSH_TOKEN set (the release workflow), git authenticates to
// GitHub with it as actions/checkout does, in a header: the token is never part of a URL.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { exportPackage, MANIFEST, PACKAGE_NAMES, ROOT } from './export.mjs';

/** Releases are committed and tagged as the package's author (package.json). */
const AUTHOR = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).author;

/** git with the release's identity, and the push token (if any) as an HTTP header. */
function git(args, cwd) {
	const config = ['-c', `user.name=${AUTHOR.name}`, '-c', `user.email=${AUTHOR.email}`];
	const token = process.env.GIT_PUSH_TOKEN;
	if (token) {
		const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
		config.push('-c', `http.https://github.com/.extraheader=AUTHORIZATION: basic ${basic}`);
	}
	return execFileSync('git', [...config, ...args], {
		cwd,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	}).trim();
}

/** The commit of this repository the export is made from, and whether the tree differs from it. */
function sourceCommit() {
	const commit = git(['rev-parse', 'HEAD'], ROOT);
	const dirty = git(['status', '--porcelain', '--untracked-files=no'], ROOT) !== '';
	return dirty ? `${commit} with uncommitted changes` : commit;
}

/**
 * Exports `name`, commits it on top of the remote's `main` (or as its first commit) and pushes the
 * commit and its tag `v<version>` at once. Returns what was pushed.
 */
export async function release(name, { remote, log = () => {} } = {}) {
	const { version } = MANIFEST.packages[name] ?? {};
	if (!version) throw new Error(`${name} is not one of ${PACKAGE_NAMES.join(', ')}`);
	const work = mkdtempSync(path.join(tmpdir(), 'release-'));
	try {
		const url = remote ?? `${MANIFEST.repositoryOwner}/${name}.git`;
		const tag = `v${version}`;
		if (git(['ls-remote', '--tags', url, `refs/tags/${tag}`], work) !== '')
			throw new Error(
				`${url} already has the tag ${tag}: set a new version in export/packages.json`,
			);
		const tree = await exportPackage(name, path.join(work, 'export'));
		const changelog = readFileSync(path.join(tree, 'CHANGELOG.md'), 'utf8');
		if (!new RegExp(`^## ${version.replace(/\./g, '\\.')}\\b`, 'm').test(changelog))
			throw new Error(`export/${name}/CHANGELOG.md has no "## ${version}" entry`);

		// The remote's history, when it has one: the release is a commit on top of its main.
		const repo = path.join(work, 'repository');
		git(['init', '--quiet', '--initial-branch=main', repo], work);
		const hasMain = git(['ls-remote', '--heads', url, 'refs/heads/main'], work) !== '';
		if (hasMain) {
			git(['fetch', '--quiet', url, 'refs/heads/main'], repo);
			git(['reset', '--quiet', 'FETCH_HEAD'], repo);
		}
		// The tree is exactly the export: what it no longer has is removed.
		for (const entry of readdirSync(repo).filter((entry) => entry !== '.git'))
			rmSync(path.join(repo, entry), { recursive: true, force: true });
		cpSync(tree, repo, { recursive: true });
		git(['add', '--all'], repo);
		const source = sourceCommit();
		git(
			[
				'commit',
				'--quiet',
				'--allow-empty',
				'-m',
				`${tag}\n\nExported from n8n-nodes-image-storage at ${source}.`,
			],
			repo,
		);
		git(['tag', '-a', tag, '-m', `${name} ${version}`], repo);
		git(['push', '--quiet', '--atomic', url, 'HEAD:refs/heads/main', `refs/tags/${tag}`], repo);
		const commit = git(['rev-parse', 'HEAD'], repo);
		log(`${name}: ${tag} pushed to ${url} (commit ${commit}, exported from ${source})`);
		return { tag, commit, url, source };
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}

async function main() {
	const args = process.argv.slice(2);
	const name = args.find(
		(arg) => !arg.startsWith('-') && args[args.indexOf(arg) - 1] !== '--remote',
	);
	const remoteIndex = args.indexOf('--remote');
	const remote = remoteIndex >= 0 ? args[remoteIndex + 1] : undefined;
	if (!name || (remoteIndex >= 0 && !remote)) {
		process.stderr.write(
			`usage: node scripts/release.mjs <${PACKAGE_NAMES.join('|')}> [--remote <git url>]\n`,
		);
		return 2;
	}
	await release(name, { remote, log: (line) => process.stdout.write(`${line}\n`) });
	return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = await main();
