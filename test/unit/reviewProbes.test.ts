// Review probes for issue #19 ("one home per fact", comments that are true).
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
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
	// input.ts says its ParameterReader readings are held against n8n's own evaluation there.
	expect(missing).toEqual([]);
});

test.each([
	// [provider, the route that proves a key works, written as a literal]
	['ImageKit', /['`]\/v1\/files['`],\s*qs:\s*\{\s*limit:\s*1\s*\}/g],
	['Cloudflare', /['`]\/images\/v1\/stats['`]/g],
	// locators.ts's list search still asks `get({ path: '/me' })` beside LEONARDO_ME_PATH.
	['Leonardo AI', /['`]\/me['`]/g],
])(
	"%s: the key check's route (profile.verifyRequest and the credential test) has one home",
	(_provider, literal) => {
		const homes = files.filter(
			(file) => (readFileSync(file, 'utf8').match(literal) ?? []).length > 0,
		);
		expect(homes.map((file) => path.relative(ROOT, file))).toHaveLength(1);
	},
);
