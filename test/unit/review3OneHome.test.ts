// Review probes (#19, third review): oneHome.test.ts says a route "is found however it is
// spelled", but its visitor reads only string literals and a template's head. A route built on a
// named prefix — how every ImageKit route is now spelled (`${IMAGEKIT_FILES_ROUTE}/purge`,
// `${IMAGEKIT_FILES_ROUTE}/batch/deleteByFileIds`) — has an empty head and is not seen, so the
// review-2 finding (the purge route in two files) could come back unnoticed.
import { readdirSync, readFileSync, statSync } from 'node:fs';
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

/** oneHome.test.ts's predicate, copied as it is at 11f4a66. */
function oneHomeSees(code: string): string[] {
	const found: string[] = [];
	const visit = (node: ts.Node) => {
		const text =
			ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)
				? node.text
				: ts.isTemplateHead(node)
					? node.text
					: undefined;
		if (text !== undefined && /^\/[a-z]/i.test(text) && !/\s/.test(text)) found.push(text);
		ts.forEachChild(node, visit);
	};
	visit(ts.createSourceFile('x.ts', code, ts.ScriptTarget.Latest));
	return found;
}

test('FAILS at 11f4a66: oneHome.test.ts sees a route spelled on a named prefix', () => {
	// The spelling of purgeRoute in nodes/ImageKit/profile.ts, as a second file could write it again.
	expect(oneHomeSees('const p = `${IMAGEKIT_FILES_ROUTE}/purge/${pathSegment(id)}`;')).not.toEqual(
		[],
	);
});

/** `${NAME}/rest` routes: the prefix's name and the text after it, by the files that write them. */
function prefixedRoutes(): Map<string, Set<string>> {
	const homes = new Map<string, Set<string>>();
	for (const file of files) {
		const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
		const visit = (node: ts.Node) => {
			if (ts.isTemplateExpression(node)) {
				node.templateSpans.forEach((span, k) => {
					const rest = span.literal.text;
					const before = k === 0 ? node.head.text : node.templateSpans[k - 1].literal.text;
					if (before === '' && ts.isIdentifier(span.expression) && /^\/[a-z]/i.test(rest)) {
						const key = `\${${span.expression.text}}${rest}`;
						const found = homes.get(key) ?? new Set<string>();
						found.add(path.relative(ROOT, file));
						homes.set(key, found);
					}
				});
			}
			ts.forEachChild(node, visit);
		};
		visit(source);
	}
	return homes;
}

test('each route built on a named prefix is written in one file (passes at 11f4a66)', () => {
	const homes = prefixedRoutes();
	expect(homes.has('${IMAGEKIT_FILES_ROUTE}/purge')).toBe(true);
	const twice = [...homes]
		.filter(([, where]) => where.size > 1)
		.map(([route, where]) => `${route}: ${[...where].join(', ')}`);
	expect(twice).toEqual([]);
});
