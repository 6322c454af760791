import axios from 'axios';
import type { ICredentialDataDecryptedObject, IHttpRequestOptions, INode } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import nock from 'nock';

import { loadPackage, TEST_ITEMS } from '../harness/engine';
import { CREDENTIALS } from '../harness/providers';

/**
 * Runs a credential's `test` request the way n8n's credential tester does: its expressions
 * resolved against the credential data, its `authenticate` block applied, then sent.
 */
async function sendCredentialTest(type: string, data: ICredentialDataDecryptedObject) {
	const { credentialTypes, nodeTypes } = await loadPackage();
	const credentialType = credentialTypes[type];
	const node: INode = {
		id: 'n',
		name: 'Test',
		type: TEST_ITEMS,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const resolve = (value: unknown) =>
		typeof value === 'string' && value.startsWith('=')
			? String(
					workflow.expression.getSimpleParameterValue(
						node,
						value,
						'internal',
						{ $credentials: data },
						undefined,
						'',
					),
				)
			: value;
	const request = credentialType.test!.request;
	let options: IHttpRequestOptions = {
		url: resolve(request.url) as string,
		baseURL: resolve(request.baseURL) as string,
		method: request.method ?? 'GET',
		qs: request.qs,
		headers: {},
	};
	const { authenticate } = credentialType;
	if (typeof authenticate === 'function') {
		options = await authenticate(data, options);
	} else if (authenticate) {
		for (const [section, entries] of Object.entries(authenticate.properties)) {
			const target = ((options as unknown as Record<string, Record<string, unknown>>)[section] ??=
				{});
			for (const [key, value] of Object.entries(entries as Record<string, unknown>))
				target[key] = resolve(value);
		}
	}
	return await axios.request({
		url: options.url,
		baseURL: options.baseURL,
		method: options.method,
		params: options.qs,
		headers: options.headers as Record<string, string>,
		auth: options.auth as { username: string; password: string } | undefined,
	});
}

test('leonardoAiApi tests GET {baseUrl}/me with a Bearer key', async () => {
	const scope = nock('https://cloud.leonardo.ai')
		.get('/api/rest/v1/me')
		.matchHeader('authorization', 'Bearer leo-secret-key-123')
		.reply(200, { user_details: [] });
	await sendCredentialTest('leonardoAiApi', CREDENTIALS.leonardoAiApi);
	expect(scope.isDone()).toBe(true);
});

test('cloudflareImagesApi tests the account stats with a token', async () => {
	const scope = nock('https://api.cloudflare.com')
		.get('/client/v4/accounts/acc123/images/v1/stats')
		.matchHeader('authorization', 'Bearer cf-secret-token-456')
		.reply(200, { success: true, result: { count: { current: 1, allowed: 100 } } });
	await sendCredentialTest('cloudflareImagesApi', CREDENTIALS.cloudflareImagesApi);
	expect(scope.isDone()).toBe(true);
});

test('cloudflareImagesApi tests the account stats with a global API key', async () => {
	const scope = nock('https://api.cloudflare.com', { badheaders: ['authorization'] })
		.get('/client/v4/accounts/acc123/images/v1/stats')
		.matchHeader('x-auth-email', 'me@example.com')
		.matchHeader('x-auth-key', 'global-key-000')
		.reply(200, { success: true, result: { count: { current: 1, allowed: 100 } } });
	await sendCredentialTest('cloudflareImagesApi', {
		...CREDENTIALS.cloudflareImagesApi,
		authType: 'globalApiKey',
		email: 'me@example.com',
		apiKey: 'global-key-000',
	});
	expect(scope.isDone()).toBe(true);
});

test('imageKitApi tests GET {baseUrl}/v1/files?limit=1 with Basic auth, key as user name', async () => {
	const basic = Buffer.from('private_ik-secret-789:').toString('base64');
	const scope = nock('https://api.imagekit.io')
		.get('/v1/files')
		.query({ limit: '1' })
		.matchHeader('authorization', `Basic ${basic}`)
		.reply(200, []);
	await sendCredentialTest('imageKitApi', CREDENTIALS.imageKitApi);
	expect(scope.isDone()).toBe(true);
});

test('a credential base URL for a sandbox or gateway is honoured by the test request', async () => {
	const scope = nock('http://127.0.0.1:8787')
		.get('/imagekit/v1/files')
		.query({ limit: '1' })
		.reply(200, []);
	await sendCredentialTest('imageKitApi', {
		...CREDENTIALS.imageKitApi,
		baseUrl: 'http://127.0.0.1:8787/imagekit',
	});
	expect(scope.isDone()).toBe(true);
});

test('every credential has a test request, an icon, and its secrets as password fields', async () => {
	const { credentialTypes } = await loadPackage();
	const secrets: Record<string, string[]> = {
		leonardoAiApi: ['apiKey'],
		cloudflareImagesApi: ['apiToken', 'apiKey'],
		imageKitApi: ['privateKey'],
	};
	expect(Object.keys(credentialTypes).sort()).toEqual(Object.keys(secrets).sort());
	for (const [name, fields] of Object.entries(secrets)) {
		const type = credentialTypes[name];
		expect(type.test?.request).toBeDefined();
		expect(type.icon ?? type.iconUrl).toBeDefined();
		expect(type.authenticate).toBeDefined();
		for (const field of fields) {
			expect(type.properties.find((p) => p.name === field)?.typeOptions?.password).toBe(true);
		}
	}
});

test('every credential field is required where it must be, says what it is, and links its docs', async () => {
	const { credentialTypes } = await loadPackage();
	const problems: string[] = [];
	for (const [name, type] of Object.entries(credentialTypes)) {
		if (!/^https:\/\/\S+$/.test(type.documentationUrl ?? ''))
			problems.push(`${name}: no docs link`);
		for (const property of type.properties) {
			if (!property.description) problems.push(`${name}.${property.name}: no description`);
			if (property.placeholder && !String(property.placeholder).startsWith('e.g. '))
				problems.push(`${name}.${property.name}: placeholder ${String(property.placeholder)}`);
		}
		// A failed test names what to check for each refusal the provider answers with.
		const rules = type.test?.rules ?? [];
		if (!rules.some((rule) => rule.type === 'responseCode'))
			problems.push(`${name}: no advice for a refused test`);
	}
	expect(problems).toEqual([]);
	const cloudflare = credentialTypes.cloudflareImagesApi.properties;
	const required = cloudflare
		.filter((p) => p.required)
		.map((p) => [p.name, p.displayOptions?.show]);
	expect(required).toEqual([
		['accountId', undefined],
		['apiToken', { authType: ['apiToken'] }],
		['email', { authType: ['globalApiKey'] }],
		['apiKey', { authType: ['globalApiKey'] }],
	]);
});
