import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { withArticle } from '../nodes/shared/properties';
import { loadPackage, PACKAGE_DIR } from './harness/engine';

/** One thing, one name: what the editor and the docs call things a user looks for. */

/**
 * Cloudflare's token permission, as a user meets it making a token in the dashboard (My Profile →
 * API Tokens → Create Token → Custom token: Account, Cloudflare Images, Edit). Cloudflare itself
 * has other names for it — the delete endpoint's API reference says "Images Write", the
 * permissions page's API tab "Cloudflare Images Write" (sandbox/RULES.md) — and so had this
 * package, three at once.
 */
const PERMISSION = 'Account → Cloudflare Images → Edit';

/** Any name of a Cloudflare Images permission: `Images Write`, `Cloudflare Images: Edit`, … */
const PERMISSION_NAME = /\b(?:Cloudflare\s+)?Images\s*(?::|→)?\s*(?:Read|Write|Edit)\b/g;

/** Where a Cloudflare permission may be named otherwise, and why. */
const QUOTING = new Map([
	['sandbox/RULES.md', "quotes Cloudflare's own pages, with their names, as its sources"],
	['test/wording.test.ts', 'this file names the other wordings'],
]);

/** The repository's own text files: code, docs, examples (no dependencies, builds or locks). */
function ownFiles(dir = PACKAGE_DIR): string[] {
	const skip = new Set(['node_modules', 'dist', '.git', 'vendor', 'locks', 'provider-specs']);
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const file = path.join(dir, entry.name);
		if (entry.isDirectory())
			return skip.has(entry.name) || entry.name === 'artifacts' ? [] : ownFiles(file);
		return /\.(ts|js|mjs|cjs|md|json|ya?ml)$/.test(entry.name) && entry.name !== 'package-lock.json'
			? [file]
			: [];
	});
}

describe("Cloudflare's token permission has one name everywhere", () => {
	const texts = ownFiles().map((file) => ({
		file: path.relative(PACKAGE_DIR, file).split(path.sep).join('/'),
		text: readFileSync(file, 'utf8'),
	}));

	test(`every mention of it reads "${PERMISSION}"`, () => {
		const others = texts
			.filter(({ file }) => !QUOTING.has(file))
			.flatMap(({ file, text }) =>
				[...text.split(PERMISSION).join('').matchAll(PERMISSION_NAME)].map(
					(match) => `${file}: "${match[0]}"`,
				),
			);
		expect(others).toEqual([]);
	});

	test.each([
		'credentials/CloudflareImagesApi.credentials.ts',
		'README.md',
		'export/n8n-nodes-image-storage-cloudflare-images/README.md',
	])('%s names it', (file) => {
		expect(readFileSync(path.join(PACKAGE_DIR, file), 'utf8')).toContain(PERMISSION);
	});

	test('the credential says it where a token is chosen, made and refused', async () => {
		const { credentialTypes } = await loadPackage();
		const credential = credentialTypes.cloudflareImagesApi;
		const authType = credential.properties.find((property) => property.name === 'authType');
		const apiToken = credential.properties.find((property) => property.name === 'apiToken');
		const option = (authType?.options as Array<{ value: string; description?: string }>).find(
			(entry) => entry.value === 'apiToken',
		);
		expect(option?.description).toContain(PERMISSION);
		expect(apiToken?.description).toContain(PERMISSION);
		const refused = credential.test?.rules?.find(
			(rule) => rule.type === 'responseCode' && rule.properties.value === 403,
		);
		expect(refused?.properties.message).toContain(PERMISSION);
	});
});

describe('resource locators', () => {
	test('an article by the sound the noun starts with', () => {
		expect(
			['image', 'init image', 'upload', 'file', 'generation', 'user', 'URL', 'request'].map(
				withArticle,
			),
		).toEqual([
			'an image',
			'an init image',
			'an upload',
			'a file',
			'a generation',
			'a user',
			'a URL',
			'a request',
		]);
	});

	/** Every resource locator of every node, wherever it sits (collections included). */
	function locators(properties: INodeProperties[]): INodeProperties[] {
		return properties.flatMap((property) => [
			...(property.type === 'resourceLocator' ? [property] : []),
			...((property.options ?? []) as Array<INodeProperties | { values?: INodeProperties[] }>)
				.filter((option) => typeof option === 'object' && option !== null)
				.flatMap((option) =>
					'values' in option && Array.isArray(option.values)
						? locators(option.values)
						: 'type' in option
							? locators([option as INodeProperties])
							: [],
				),
		]);
	}

	test('every From List prompt reads "Select a …" or "Select an …" as the noun sounds, and no placeholder says "a image"', async () => {
		const { nodeTypes, packageNodes } = await loadPackage();
		const descriptions: INodeTypeDescription[] = packageNodes.map(
			(type) => nodeTypes.getByNameAndVersion(type, 1).description,
		);
		const prompts: string[] = [];
		const wrong: string[] = [];
		for (const description of descriptions)
			for (const locator of locators(description.properties)) {
				// `Image ID` → `image`: the noun the locator picks.
				const noun = locator.displayName.replace(/ ID$/, '').toLowerCase();
				for (const mode of locator.modes ?? []) {
					const placeholder = mode.placeholder ?? '';
					if (mode.type === 'list') {
						prompts.push(`${description.displayName}: ${placeholder}`);
						if (placeholder !== `Select ${withArticle(noun)}...`)
							wrong.push(`${description.displayName} ${locator.displayName}: "${placeholder}"`);
					}
					// No "a image" nor "an file" in any mode's placeholder.
					if (/\ba [aeio]|\ban [^aeiou\W]/i.test(placeholder))
						wrong.push(`${description.displayName} ${locator.displayName}: "${placeholder}"`);
				}
			}
		expect(wrong).toEqual([]);
		// The prompts the editor shows, so that a new locator or noun is read here once.
		expect([...new Set(prompts)].sort()).toEqual([
			'Cloudflare Images: Select an image...',
			'ImageKit: Select a file...',
			'Leonardo AI: Select a generation...',
		]);
	});
});

describe("README's $fromAI examples give the model what n8n's $fromAI takes", () => {
	// n8n's docs ("Let AI specify tool parameters with $fromAI()"): $fromAI(key, description, type,
	// defaultValue); key 1–64 letters, digits, _ or -; type string, number, boolean or json.
	const readmes = [
		'README.md',
		...readdirSync(path.join(PACKAGE_DIR, 'export'), { withFileTypes: true })
			.filter((entry) => entry.isDirectory() && entry.name !== 'template')
			.map((entry) => `export/${entry.name}/README.md`),
	];

	test.each(readmes)('%s: each example has a key, a description and a type', (file) => {
		const text = readFileSync(path.join(PACKAGE_DIR, file), 'utf8');
		const calls = [...text.matchAll(/\$fromAI\(\s*'([^)]*)\)/g)].map((match) =>
			[...`'${match[1]}`.matchAll(/'([^']*)'/g)].map((argument) => argument[1]),
		);
		expect(calls.length).toBeGreaterThan(0);
		for (const [key, description, type] of calls) {
			expect(key).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
			expect(description?.trim()).toBeTruthy();
			expect(['string', 'number', 'boolean', 'json']).toContain(type);
		}
	});
});
