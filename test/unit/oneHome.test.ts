// One home per fact: each provider route is written once in nodes/ and credentials/, and every
// test a product comment names exists.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
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

test.each([
	// [a route, as code writes it: a quoted literal, or a template literal that appends an id]
	[
		'Cloudflare: the account stats (credential test, Connect, Get Stats)',
		/['"]\/images\/v1\/stats['"]/g,
	],
	['Cloudflare: an image', /`\/images\/v1\/\$\{/g],
	['Cloudflare: the image list', /['"]\/images\/v2['"]/g],
	[
		"Leonardo AI: the key's user (credential test, Connect, User, By URL, list search)",
		/['"]\/me['"]/g,
	],
	['Leonardo AI: a generation', /`\/generations\/\$\{/g],
	["Leonardo AI: a user's generations", /`\/generations\/user\//g],
	['Leonardo AI: an init image', /`\/init-image\/\$\{/g],
	['ImageKit: the files (credential test, Connect, lists, look-ups)', /['"]\/v1\/files['"]/g],
	['ImageKit: a file', /`(\/v1\/files|\$\{IMAGEKIT_FILES_ROUTE\})\/\$\{/g],
])('%s: its route is written once', (_route, literal) => {
	const homes = files.flatMap((file) =>
		(readFileSync(file, 'utf8').match(literal) ?? []).map(() => path.relative(ROOT, file)),
	);
	expect(homes).toHaveLength(1);
});
