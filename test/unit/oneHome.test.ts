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
 * Every route in code, by the files it is written in. TypeScript's own parser reads the files, so a
 * route is found whether it is quoted, in backquotes, the fixed start of a template or of a `+`
 * concatenation, or a template that goes on from a named route (`${FILES_ROUTE}/purge`). A
 * route's trailing `/` is dropped, so `/images/v1` and `` `/images/v1/${id}` `` are one route.
 * Comments are not code and are not read.
 */
function routes(): Map<string, Set<string>> {
	const homes = new Map<string, Set<string>>();
	const add = (route: string, file: string) => {
		const key = route.replace(/\/+$/, '');
		const found = homes.get(key) ?? new Set<string>();
		found.add(path.relative(ROOT, file));
		homes.set(key, found);
	};
	const isRoute = (text: string) => /^\/[a-z]/i.test(text) && !/\s/.test(text);
	for (const file of files) {
		const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
		const visit = (node: ts.Node) => {
			if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
				if (isRoute(node.text)) add(node.text, file);
			} else if (ts.isTemplateExpression(node)) {
				if (isRoute(node.head.text)) add(node.head.text, file);
				// `${NAME}/more`, `${NAME}/${id}`: a route that goes on from a named one.
				node.templateSpans.forEach((span, k) => {
					const before = k === 0 ? node.head.text : node.templateSpans[k - 1].literal.text;
					const more = span.literal.text;
					if (before === '' && ts.isIdentifier(span.expression) && (more === '/' || isRoute(more)))
						add(`\${${span.expression.text}}${more}`, file);
				});
			}
			ts.forEachChild(node, visit);
		};
		visit(source);
	}
	return homes;
}

test('each route is written in one file only (its provider profile, its credential, or the one operation that uses it)', () => {
	const homes = routes();
	const twice = [...homes]
		.filter(([, where]) => where.size > 1)
		.map(([route, where]) => `${route}: ${[...where].join(', ')}`);
	expect(twice).toEqual([]);
	// The check reads what it should: routes of each kind are among those found.
	for (const route of [
		'/images/v1/stats',
		'/images/v1',
		'/me',
		'/v1/files',
		'/generations',
		'${IMAGEKIT_FILES_ROUTE}/purge',
		'${PURGE_ROUTE}',
	])
		expect([...homes.keys()]).toContain(route);
});
