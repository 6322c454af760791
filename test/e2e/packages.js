// @ts-check
'use strict';
/**
 * The one-provider packages in real n8n, each as its own repository builds it: exported, released
 * to a local bare repository (scripts/release.mjs), cloned fresh, `npm ci` and `npm run build` run
 * there alone (its CI's steps), then packed. Each installed alone runs its provider's cases (node
 * types rewritten by scripts/switch-package.js) and the examples its repository holds; then
 * one n8n with the combined package and the three provider packages side by side runs a delete per
 * provider through both packages' nodes with the same saved credential, and a user's move from
 * the combined package: `n8n export:workflow` → `node scripts/switch-package.js` →
 * `n8n import:workflow` → the same workflows run on the provider packages.
 */
const assert = require('node:assert/strict');
const { execFile } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

const { COMBINED, PROVIDER_PACKAGES, switchWorkflow } = require('../../scripts/switch-package');
const { bulkCases } = require('./cases/bulk');
const { deleteCases } = require('./cases/deletes');
const { exampleCases } = require('./cases/examples');
const { uploadsCase } = require('./cases/uploads');
const { ROOT, N8nInstance, packPackage } = require('./n8n');

/** @typedef {{ name: string, workflow: any, seed?: any, knobs?: any, check: Function }} Case */

/** The package's node name (`imageKit`) by package name. */
const NODE_OF = Object.fromEntries(
	Object.entries(PROVIDER_PACKAGES).map(([node, name]) => [name, node]),
);

/** Node types of the combined package a workflow uses. */
function ourTypes(workflow) {
	return workflow.nodes
		.map((/** @type {any} */ node) => node.type)
		.filter((/** @type {string} */ type) => type.startsWith(`${COMBINED}.`));
}

/**
 * The provider packages to run (with `only` naming one of them, that one), each exported, released
 * to a bare repository, cloned, installed, built and packed as its repository's CI does.
 * @param {string} packDir where the tarballs go
 * @param {string | undefined} only
 * @param {(name: string, error: any, ms: number) => void} record
 * @param {Function[]} cleanups
 * @returns {Promise<Array<{ name: string, tarball: string, examples: string }>>}
 */
async function preparePackages(packDir, only, record, cleanups) {
	const { PACKAGE_NAMES } = await import('../../scripts/export.mjs');
	const { releasedClone } = await import('../../scripts/export-check.mjs');
	const named = PACKAGE_NAMES.filter((name) => only?.includes(name));
	const names = named.length > 0 ? named : PACKAGE_NAMES;
	const work = mkdtempSync(path.join(tmpdir(), 'n8n-e2e-export-'));
	cleanups.push(() => rmSync(work, { recursive: true, force: true }));
	const prepared = await Promise.all(
		names.map(async (name) => {
			const begun = Date.now();
			try {
				const { clone, pushed, ran } = await releasedClone(name, work, {
					steps: (command) => command === 'npm ci' || command === 'npm run build',
				});
				const tarball = await packPackage(packDir, clone);
				record(
					`${name}: exported, released as ${pushed.tag} to a bare repository, cloned fresh, ${ran.map((r) => r.command).join(', ')} and npm pack there`,
					undefined,
					Date.now() - begun,
				);
				return { name, tarball, examples: path.join(clone, 'examples') };
			} catch (error) {
				record(`${name}: export, release, clone and build`, error, Date.now() - begun);
				return undefined;
			}
		}),
	);
	return prepared.filter((pkg) => pkg !== undefined);
}

/**
 * One provider package's cases: the combined suite's deletes, uploads (its branch; Leonardo AI's
 * upload is in its examples) and bulk runs that use only its node, switched to the package, then
 * the examples its repository holds. (The fault runs exercise the same code
 * through the combined package; they stay there, to keep the suite's time.)
 * @param {string} packageName @param {string} examples its examples/ folder
 * @returns {Case[]}
 */
function providerCases(packageName, examples) {
	const type = `${COMBINED}.${NODE_OF[packageName]}`;
	const uploads = NODE_OF[packageName] === 'leonardoAi' ? [] : [uploadsCase(NODE_OF[packageName])];
	const own = [...deleteCases(), ...uploads, ...bulkCases()].filter((c) => {
		const types = ourTypes(c.workflow);
		return types.length > 0 && types.every((t) => t === type);
	});
	return [
		...own.map((c) => ({ ...c, workflow: switchWorkflow(c.workflow).workflow })),
		...exampleCases(examples),
	];
}

/** The first delete case of each provider, as a combined-package user saved it. */
function oneDeletePerProvider() {
	return deleteCases().filter((c) =>
		c.name.endsWith('delete with On Error = continueRegularOutput'),
	);
}

/**
 * @param {{ version: string, brokerPort: number, combinedTarball: string,
 *   packages: Array<{ name: string, tarball: string, examples: string }>, credentials: any[], view: any,
 *   only?: string, runCases: (n8n: any, label: string, cases: Case[]) => Promise<void>,
 *   record: (name: string, error: any, ms: number, figures?: string) => void, cleanups: Function[] }} options
 */
async function packageChecks(options) {
	const { version, brokerPort, packages, credentials, only, runCases, record, cleanups } = options;
	for (const pkg of packages) {
		const label = `n8n ${version}, ${pkg.name} alone`;
		const cases = providerCases(pkg.name, pkg.examples).filter(
			(c) => !only || `${label}: ${c.name}`.includes(only),
		);
		if (cases.length === 0) continue;
		const started = Date.now();
		const n8n = new N8nInstance(version, { brokerPort });
		cleanups.push(() => n8n.remove());
		try {
			await n8n.installPackage(pkg.tarball);
			await n8n.importCredentials(credentials);
			await n8n.importWorkflows(cases.map((c) => c.workflow));
			record(
				`${label}: installed from its tarball as n8n's installer does, ${cases.length} workflows imported`,
				undefined,
				Date.now() - started,
			);
		} catch (error) {
			record(`${label}: set-up`, error, Date.now() - started);
			continue;
		}
		await runCases(n8n, label, cases);
		n8n.remove();
	}
	if (!only || sideBySideLabel(version, packages.length).includes(only)) await sideBySide(options);
}

function sideBySideLabel(version, count) {
	return `n8n ${version}, side by side (${COMBINED} and ${count} provider packages)`;
}

/** The combined package and the provider packages in one n8n, one credential per provider. */
async function sideBySide({
	version,
	brokerPort,
	combinedTarball,
	packages,
	credentials,
	runCases,
	record,
	cleanups,
}) {
	const label = sideBySideLabel(version, packages.length);
	const started = Date.now();
	const n8n = new N8nInstance(version, { brokerPort });
	cleanups.push(() => n8n.remove());
	const combined = oneDeletePerProvider();
	// The same workflows on the provider packages, under ids of their own.
	const switched = combined.map((c) => ({
		...c,
		name: `${c.name}, provider package`,
		workflow: {
			...switchWorkflow(c.workflow).workflow,
			id: c.workflow.id.replace('e2eWorkflow', 'e2eSwitched'),
		},
	}));
	try {
		await n8n.installPackage(combinedTarball);
		for (const pkg of packages) await n8n.installPackage(pkg.tarball);
		await n8n.importCredentials(credentials);
		await n8n.importWorkflows([...combined, ...switched].map((c) => c.workflow));
		record(`${label}: installed, workflows imported`, undefined, Date.now() - started);
	} catch (error) {
		record(`${label}: set-up`, error, Date.now() - started);
		return;
	}
	// Both packages' nodes, each with the credential the combined package's user saved.
	await runCases(
		n8n,
		`${label}, combined package's node`,
		combined.map((c) => ({ ...c, name: `${c.name}, combined package` })),
	);
	await runCases(n8n, `${label}, provider package's node, same credential`, switched);

	// A user's move: export, rewrite with the script as the README says, import over the same ids.
	const begun = Date.now();
	try {
		const exported = path.join(n8n.userFolder, 'exported.json');
		const rewritten = path.join(n8n.userFolder, 'switched.json');
		await n8n.exportWorkflows(exported);
		const { stdout, stderr } = await new Promise((resolve, reject) =>
			execFile(
				process.execPath,
				[path.join(ROOT, 'scripts/switch-package.js'), exported],
				{ maxBuffer: 64 * 1024 * 1024 },
				(error, out, err) => (error ? reject(error) : resolve({ stdout: out, stderr: err })),
			),
		);
		writeFileSync(rewritten, stdout);
		await n8n.importWorkflowFile(rewritten);
		await n8n.exportWorkflows(exported);
		const types = JSON.parse(readFileSync(exported, 'utf8')).flatMap((/** @type {any} */ w) =>
			ourTypes(w),
		);
		assert.deepEqual(types, [], 'no node of the combined package is left after the switch');
		record(
			`${label}: export:workflow → node scripts/switch-package.js → import:workflow moves every workflow to the provider packages`,
			undefined,
			Date.now() - begun,
			stderr.trim(),
		);
	} catch (error) {
		record(`${label}: switching packages`, error, Date.now() - begun);
		return;
	}
	await runCases(
		n8n,
		`${label}, after the switch`,
		combined.map((c) => ({ ...c, name: `${c.name}, switched workflow` })),
	);
}

module.exports = { packageChecks, preparePackages, providerCases };
