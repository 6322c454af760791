// One home per fact: each provider route is written in one file of nodes/ and credentials/, and
// every test a product comment names exists.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');

function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const full = path.join(dir, name);
		if (statSync(full).isDirectory()) return sources(full);
		return full.endsWith('.ts') ? [full] : [];
	});
}

const files = [...sources(path.join(ROOT, 'nodes')), ...sources(path.join(ROOT, 'credentials'))];

test('every test file a product comment names exists', () => {
	const missing: string[] = [];
	for (const file of files) {
		for (const [, named] of readFileSync(file, 'utf8').matchAll(/`(test\/[\w/.-]+\.test\.ts)`/g)) {
			if (!existsSync(path.join(ROOT, named)))
				missing.push(`${path.relative(ROOT, file)} names ${named}`);
		}
	}
	expect(missing).toEqual([]);
});

/**
 * Every route-like literal in code — a string, or the fixed start of a template, that begins with
 * `/` and a letter — by the files it is written in. TypeScript's own parser reads the files, so a
 * route is found however it is spelled: quoted, in backquotes, or as the start of a template or
 * of a `+` concatenation. Comments are not code and are not read.
 */
function routeLiterals(): Map<string, Set<string>> {
	const homes = new Map<string, Set<string>>();
	for (const file of files) {
		const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
		const visit = (node: ts.Node) => {
			const text =
				ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)
					? node.text
					: ts.isTemplateHead(node)
						? node.text
						: undefined;
			if (text !== undefined && /^\/[a-z]/i.test(text) && !/\s/.test(text)) {
				const found = homes.get(text) ?? new Set<string>();
				found.add(path.relative(ROOT, file));
				homes.set(text, found);
			}
			ts.forEachChild(node, visit);
		};
		visit(source);
	}
	return homes;
}

test('each route is written in one file only (its provider profile, its credential, or the one operation that uses it)', () => {
	const homes = routeLiterals();
	const twice = [...homes]
		.filter(([, where]) => where.size > 1)
		.map(([route, where]) => `${route}: ${[...where].join(', ')}`);
	expect(twice).toEqual([]);
	// The check reads what it should: the routes of the three providers are among the literals.
	for (const route of [
		'/images/v1/stats',
		'/images/v2',
		'/me',
		'/v1/files',
		'/generations/',
		'/init-image/',
	])
		expect(homes.has(route)).toBe(true);
});
