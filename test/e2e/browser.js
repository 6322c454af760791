// @ts-check
'use strict';
/**
 * The editor as a person sees it: the current n8n with the packed package and a Cloudflare
 * credential on a sandbox, Debian's Chromium driven by playwright-core. Searches the node creator
 * for "delete image" and expects all three nodes; opens Cloudflare's Delete action, opens the
 * Image ID list (filled from the sandbox), narrows it by a search and picks an image. First, n8n's
 * own credential test (its REST API, as the credential dialog calls it) with wrong keys: each
 * answer must say what to check. Screenshots under test/e2e/artifacts/.
 */
const { mkdirSync, mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

const { createSandbox } = require('../../sandbox/server');
const { sandboxCredentials, WRONG_KEYS } = require('../fixtures/providers');
const { ensureDebianPackages } = require('./debian');
const { N8nInstance, CURRENT, stopProcess, ROOT } = require('./n8n');

const CHROMIUM = '/usr/bin/chromium';
const OWNER = {
	email: 'owner@example.com',
	firstName: 'Sandbox',
	lastName: 'Owner',
	password: 'Sandbox-Passw0rd',
};

function ensureChromium() {
	ensureDebianPackages({
		command: CHROMIUM,
		packages: ['chromium', 'fonts-liberation'],
		purpose: 'the browser check',
		skipFlag: '--no-browser',
	});
}

/** Creates the owner account and returns the session cookie. */
async function ownerSession(base) {
	const setup = await fetch(`${base}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(OWNER),
	});
	if (!setup.ok && setup.status !== 400)
		throw new Error(`owner setup failed: ${setup.status} ${await setup.text()}`);
	const login = await fetch(`${base}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
	});
	if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
	const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
	const [name, value] = cookie.split('=');
	return { name, value };
}

/** Images whose file names the list must show, newest first; three of them match "cat". */
const IMAGES = [
	'cat-on-sofa.jpg',
	'dog-in-park.jpg',
	'cat-in-box.png',
	'harbour.webp',
	'black-cat.png',
	'sunset.jpg',
].map((filename, k) => ({
	id: `browser-img-${k}`,
	filename,
	uploaded: new Date(Date.UTC(2026, 10, 1 + k)).toISOString(),
}));

/**
 * n8n's credential test as the credential dialog runs it, with a wrong key for each provider:
 * the status the sandbox refuses it with must come back as the credential's own advice.
 */
async function credentialTests(base, cookie, sandboxUrl) {
	const byType = Object.fromEntries(
		sandboxCredentials(sandboxUrl).map((entry) => [entry.id, entry]),
	);
	const good = (id) => byType[id];
	const cases = [
		{
			credential: {
				...good('sandboxLeonardo01'),
				data: { ...good('sandboxLeonardo01').data, apiKey: WRONG_KEYS.leonardo },
			},
			expected: /^Leonardo AI refused the API key\. Check/,
		},
		{
			credential: {
				...good('sandboxCloudfla01'),
				data: { ...good('sandboxCloudfla01').data, apiToken: WRONG_KEYS.cloudflare },
			},
			expected: /^Cloudflare refused the key\. Check the API token/,
		},
		{
			credential: {
				...good('sandboxCloudfla01'),
				data: { ...good('sandboxCloudfla01').data, accountId: 'no-such-account' },
			},
			expected: /^(No such account at this Base URL|Cloudflare refused the key for this account)/,
		},
		{
			credential: {
				...good('sandboxImageKit01'),
				data: { ...good('sandboxImageKit01').data, privateKey: WRONG_KEYS.imagekit },
			},
			expected: /^ImageKit refused the private key\. Use the Private Key/,
		},
		{ credential: good('sandboxLeonardo01'), expected: 'OK' },
		{ credential: good('sandboxCloudfla01'), expected: 'OK' },
		{ credential: good('sandboxImageKit01'), expected: 'OK' },
	];
	const messages = [];
	for (const { credential, expected } of cases) {
		const response = await fetch(`${base}/rest/credentials/test`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie: `${cookie.name}=${cookie.value}` },
			// As the dialog tests a credential before it is saved: no id yet.
			body: JSON.stringify({ credentials: { ...credential, id: '' } }),
		});
		const body = await response.json();
		const message = String(body?.data?.message ?? JSON.stringify(body));
		const passed =
			expected === 'OK'
				? body?.data?.status === 'OK'
				: body?.data?.status === 'Error' && expected.test(message);
		if (!passed)
			throw new Error(`credential test of ${credential.name}: "${message}", expected ${expected}`);
		messages.push(message);
	}
	return messages.length;
}

async function browserCheck(tarball) {
	ensureChromium();
	const { chromium } = require('playwright-core');
	const sandbox = createSandbox();
	const sandboxUrl = await sandbox.listen(0);
	sandbox.control.reset({ seed: { cloudflare: { images: IMAGES } } });
	const n8n = new N8nInstance(CURRENT, { brokerPort: 5698 });
	const port = 5688;
	let server;
	let browser;
	const profile = mkdtempSync(path.join(tmpdir(), 'chromium-e2e-'));
	try {
		await n8n.installPackage(tarball);
		// One Cloudflare credential: n8n selects it by itself for a new Cloudflare node.
		await n8n.importCredentials(
			sandboxCredentials(sandboxUrl).filter((entry) => entry.id === 'sandboxCloudfla01'),
		);
		server = await n8n.start(port);
		const cookie = await ownerSession(server.base);
		const credentialChecks = await credentialTests(server.base, cookie, sandboxUrl);

		// A fresh profile; no background networking: this machine reaches no outside host.
		const context = await chromium.launchPersistentContext(profile, {
			executablePath: CHROMIUM,
			headless: true,
			viewport: { width: 1440, height: 900 },
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
			],
		});
		browser = context;
		await context.addCookies([
			{ name: cookie.name, value: cookie.value, domain: '127.0.0.1', path: '/' },
		]);
		const page = await context.newPage();
		await page.goto(`${server.base}/workflow/new`, { waitUntil: 'domcontentloaded' });

		await page
			.locator('[data-test-id="node-creator-plus-button"]')
			.first()
			.click({ timeout: 60_000 });
		await page.keyboard.type('delete image', { delay: 20 });
		const creator = page.locator('[data-test-id="node-creator"]');
		for (const name of ['Leonardo AI', 'Cloudflare Images', 'ImageKit']) {
			await creator.getByText(name, { exact: true }).first().waitFor({ timeout: 30_000 });
		}

		const artifacts = path.join(ROOT, 'test/e2e/artifacts');
		mkdirSync(artifacts, { recursive: true });
		const shots = [];
		const shoot = async (name) => {
			const file = path.join(artifacts, name);
			await page.screenshot({ path: file });
			shots.push(path.relative(ROOT, file));
		};
		await shoot('node-creator-delete-image.png');

		await creator.getByText('Cloudflare Images', { exact: true }).first().click();
		await creator.getByText('Delete an image', { exact: true }).first().click({ timeout: 30_000 });
		// The node's settings open with the Image ID locator in its From List mode.
		const locatorInput = page.locator('[data-test-id="rlc-input"]').first();
		await locatorInput.click({ timeout: 30_000 });
		const items = page.locator('[data-test-id="rlc-item"]');
		await items.filter({ hasText: 'black-cat.png' }).first().waitFor({ timeout: 30_000 });
		const listed = await items.allInnerTexts();
		const newestFirst = [...IMAGES].reverse().map((image) => image.filename);
		if (listed.map((text) => text.trim()).join(',') !== newestFirst.join(','))
			throw new Error(
				`the list shows ${JSON.stringify(listed)}, expected ${JSON.stringify(newestFirst)}`,
			);
		await shoot('cloudflare-image-list.png');

		// The list opens with its search box focused, as a person finds it.
		await page
			.locator('input[data-test-id="rlc-search"], [data-test-id="rlc-search"] input')
			.first()
			.waitFor({ timeout: 30_000 });
		await page.keyboard.type('cat', { delay: 50 });
		const cats = newestFirst.filter((name) => name.includes('cat'));
		await page.waitForFunction(
			(count) => document.querySelectorAll('[data-test-id="rlc-item"]').length === count,
			cats.length,
			{ timeout: 30_000 },
		);
		const narrowed = (await items.allInnerTexts()).map((text) => text.trim());
		if (narrowed.join(',') !== cats.join(','))
			throw new Error(
				`the search "cat" shows ${JSON.stringify(narrowed)}, expected ${JSON.stringify(cats)}`,
			);
		await shoot('cloudflare-image-search.png');

		await items.filter({ hasText: 'cat-in-box.png' }).first().click();
		// Picked: the locator shows the image's name, and its value is the image's ID.
		await page.waitForFunction(
			() => {
				const input = document.querySelector(
					'input[data-test-id="rlc-input"], [data-test-id="rlc-input"] input',
				);
				return input instanceof HTMLInputElement && input.value === 'cat-in-box.png';
			},
			undefined,
			{ timeout: 30_000 },
		);
		await shoot('cloudflare-image-picked.png');

		// The pick holds the image's ID: executing the step deletes that image and no other.
		const picked = IMAGES.find((image) => image.filename === 'cat-in-box.png')?.id ?? '';
		await page.locator('[data-test-id="node-execute-button"]').first().click();
		const deadline = Date.now() + 30_000;
		while (!(`cloudflare:${picked}` in sandbox.control.deletes()) && Date.now() < deadline)
			await new Promise((resolve) => setTimeout(resolve, 250));
		const deleted = Object.keys(sandbox.control.deletes());
		if (deleted.join(',') !== `cloudflare:${picked}`)
			throw new Error(`Execute step deleted ${JSON.stringify(deleted)}, expected only ${picked}`);
		await shoot('cloudflare-image-deleted.png');
		const listRequests = sandbox.control
			.requests()
			.filter((request) => request.rawPath.includes('/images/v2')).length;
		return {
			shots,
			figures: `${credentialChecks} credential tests answered as expected, ${listRequests} list requests, Execute step deleted ${picked} only`,
		};
	} catch (error) {
		if (server) error.message += `\n--- n8n log (tail) ---\n${server.log().slice(-2000)}`;
		throw error;
	} finally {
		await browser?.close().catch(() => {});
		await stopProcess(server?.child);
		rmSync(profile, { recursive: true, force: true });
		n8n.remove();
		await sandbox.close();
	}
}

module.exports = { browserCheck, ensureChromium, ownerSession, OWNER };
