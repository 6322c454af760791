// @ts-check
'use strict';
/**
 * The editor as a person sees it: the current n8n with the packed package, Debian's Chromium
 * driven by playwright-core. Searches the node creator for "delete image", expects all three
 * nodes, opens ImageKit's Delete action and saves a screenshot under test/e2e/artifacts/.
 */
const { mkdirSync, mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

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

async function browserCheck(tarball) {
	ensureChromium();
	const { chromium } = require('playwright-core');
	const n8n = new N8nInstance(CURRENT, { brokerPort: 5698 });
	const port = 5688;
	let server;
	let browser;
	const profile = mkdtempSync(path.join(tmpdir(), 'chromium-e2e-'));
	try {
		await n8n.installPackage(tarball);
		server = await n8n.start(port);
		const cookie = await ownerSession(server.base);

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
		await page.screenshot({ path: path.join(artifacts, 'node-creator-delete-image.png') });

		await creator.getByText('ImageKit', { exact: true }).first().click();
		await creator.getByText('Delete a file', { exact: true }).first().click({ timeout: 30_000 });
		// The node's settings open with the File ID parameter of the Delete operation.
		await page.getByText('File ID', { exact: false }).first().waitFor({ timeout: 30_000 });

		const screenshot = path.join(artifacts, 'imagekit-delete-action.png');
		await page.screenshot({ path: screenshot });
		return screenshot;
	} catch (error) {
		if (server) error.message += `\n--- n8n log (tail) ---\n${server.log().slice(-2000)}`;
		throw error;
	} finally {
		await browser?.close().catch(() => {});
		await stopProcess(server?.child);
		rmSync(profile, { recursive: true, force: true });
		n8n.remove();
	}
}

module.exports = { browserCheck, ensureChromium, ownerSession, OWNER };
