// Review probes (#19, second review): one home per route, and the import graph a reader follows.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const full = path.join(dir, name);
		if (statSync(full).isDirectory()) return sources(full);
		return full.endsWith('.ts') ? [full] : [];
	});
}
const files = [...sources(path.join(ROOT, 'nodes')), ...sources(path.join(ROOT, 'credentials'))];

// Code only: comments stripped (roughly), so a route named in a comment is not a second home.
const code = (file: string) =>
	readFileSync(file, 'utf8')
		.replace(/\/\*[\s\S]*?\*\//g, '')
		.replace(/^\s*\/\/.*$/gm, '');

test("ImageKit's purge route is written in one file (profile.ts has POST, getPurgeStatus.ts GET …/purge/<id>)", () => {
	const homes = files
		.filter((file) => code(file).includes('/v1/files/purge'))
		.map((file) => path.relative(ROOT, file));
	expect(homes).toHaveLength(1);
});

test("ImageKit's '/v1/files' prefix is written once (IMAGEKIT_FILES_ROUTE), not again as a literal", () => {
	const homes = files.flatMap((file) =>
		(code(file).match(/['"`]\/v1\/files[/'"`]/g) ?? []).map(() => path.relative(ROOT, file)),
	);
	expect(homes).toEqual(['credentials/ImageKitApi.credentials.ts']);
});

// oneHome.test.ts's patterns match today's spellings only: the same route written another way
// is a second home they do not see.
test.each([
	[
		'Cloudflare: an image, by concatenation',
		/`\/images\/v1\/\$\{/g,
		"'/images/v1/' + pathSegment(id)",
	],
	['Cloudflare: the stats, in backquotes', /['"]\/images\/v1\/stats['"]/g, '`/images/v1/stats`'],
	['Leonardo: /me, in backquotes', /['"]\/me['"]/g, 'path: `/me`'],
])('oneHome.test.ts sees %s', (_case, pattern, secondHome) => {
	expect(secondHome.match(pattern)).not.toBeNull();
});

test('the source import graph (types included) has no cycle, as at 47a0e1f', async () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const madge = require('madge') as (
		paths: string[],
		config: object,
	) => Promise<{ circular(): string[][] }>;
	const graph = await madge([path.join(ROOT, 'nodes'), path.join(ROOT, 'credentials')], {
		baseDir: ROOT,
		fileExtensions: ['ts'],
		tsConfig: path.join(ROOT, 'tsconfig.json'),
	});
	expect(graph.circular()).toEqual([]);
});
