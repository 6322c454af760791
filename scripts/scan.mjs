#!/usr/bin/env node
// `npm run scan`: n8n's verification gate, run here as it runs after publishing — its own
// `analyzePackage` (inline eslint-disable comments ignored) on the source tree and on the packed
// tarball. Only its provenance leg needs a published package. Exits non-zero on any violation.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function leg(name, dir, patterns) {
	const result = await analyzePackage(dir, patterns);
	process.stdout.write(
		`scanner, ${name}: ${result.passed ? 'passed' : `FAILED: ${result.message}`}\n`,
	);
	if (!result.passed) process.stdout.write(`${result.details ?? result.error ?? ''}\n`);
	return result.passed;
}

const work = mkdtempSync(path.join(tmpdir(), 'scan-'));
try {
	const source = await leg('source tree', root, SOURCE_FILE_PATTERNS);
	const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], {
		cwd: root,
	})
		.toString()
		.trim()
		.split('\n')
		.pop();
	execFileSync('tar', ['-xzf', path.join(work, tarball), '-C', work]);
	const packed = await leg(
		`packed tarball (${readdirSync(path.join(work, 'package')).join(', ')})`,
		path.join(work, 'package'),
		['**/*.js', 'package.json'],
	);
	process.exitCode = source && packed ? 0 : 1;
} finally {
	rmSync(work, { recursive: true, force: true });
}
