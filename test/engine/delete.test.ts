import type { IDataObject, INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { runWorkflow } from '../harness/engine';
import {
	CREDENTIALS,
	DELETE_CASES,
	deleteParameters,
	interceptDeletes,
	type DeleteCase,
} from '../harness/providers';
import { chainWorkflow, type OnError } from '../harness/workflows';

async function runDelete(
	c: DeleteCase,
	items: IDataObject[],
	{
		onError,
		options,
		parameters,
	}: { onError?: OnError; options?: INodeParameters; parameters?: INodeParameters } = {},
) {
	return await runWorkflow(
		chainWorkflow(items, [
			{
				type: c.node,
				credentialType: c.credentialType,
				onError,
				parameters: { ...deleteParameters(c, parameters), ...(options ? { options } : {}) },
			},
		]),
		{ credentials: CREDENTIALS },
	);
}

describe.each(DELETE_CASES)('$title delete', (c) => {
	test('sends DELETE to the route with the key as the provider expects and outputs {deleted, id}', async () => {
		const scope = nock(c.origin)
			.delete(c.path('img-1'))
			.matchHeader(c.authHeader[0], c.authHeader[1])
			.reply(...c.deleted('img-1'));
		const result = await runDelete(c, [{ id: 'img-1' }]);
		expect(result.error).toBeUndefined();
		expect(result.outputs('Node 1')).toEqual([
			[{ json: { deleted: true, id: 'img-1' }, pairedItem: { item: 0 } }],
		]);
		expect(scope.isDone()).toBe(true);
	});

	test('trims the id and accepts a number from an expression', async () => {
		const scope = nock(c.origin)
			.delete(c.path('abc'))
			.reply(...c.deleted('abc'))
			.delete(c.path('12345'))
			.reply(...c.deleted('12345'));
		const result = await runWorkflow(
			chainWorkflow(
				[{ id: '  abc \n' }, { id: 12345 }],
				[{ type: c.node, credentialType: c.credentialType, parameters: deleteParameters(c) }],
			),
			{ credentials: CREDENTIALS },
		);
		expect(result.outputs('Node 1')[0].map((item) => item.json)).toEqual([
			{ deleted: true, id: 'abc' },
			{ deleted: true, id: '12345' },
		]);
		expect(scope.isDone()).toBe(true);
	});

	test.each(['', '   ', '\t\n'])(
		'an empty or blank id (%j) fails with the exact message and sends nothing',
		async (id) => {
			const { seen } = interceptDeletes(c, () => c.deleted(id));
			const result = await runDelete(c, [{ id }]);
			expect(result.error?.message).toBe(c.emptyMessage);
			expect(result.error?.name).toBe('NodeOperationError');
			expect((result.error as unknown as { context: IDataObject }).context.itemIndex).toBe(0);
			expect(seen).toEqual([]);
		},
	);

	test('a missing id parameter is refused by n8n itself, before the node runs', async () => {
		const { seen } = interceptDeletes(c, () => c.deleted('x'));
		const run = runWorkflow(
			chainWorkflow(
				[{}],
				[
					{
						type: c.node,
						credentialType: c.credentialType,
						parameters: { resource: c.resource, operation: 'delete' },
					},
				],
			),
			{ credentials: CREDENTIALS },
		);
		await expect(run).rejects.toThrow(/Parameter ".* ID" is required/);
		expect(seen).toEqual([]);
	});

	describe.each(c.notFound)('not found ($shape)', ({ reply, details }) => {
		test('fails with the provider details and httpCode 404', async () => {
			nock(c.origin)
				.delete(c.path('gone'))
				.reply(...reply);
			const result = await runDelete(c, [{ id: 'gone' }]);
			expect(result.error?.message).toBe(`${c.failurePrefix}${details}`);
			expect(result.error?.name).toBe('NodeApiError');
			expect((result.error as unknown as { httpCode: string }).httpCode).toBe('404');
		});

		test('with ignoreNotFound outputs {deleted: false, notFound: true}', async () => {
			nock(c.origin)
				.delete(c.path('gone'))
				.reply(...reply);
			const result = await runDelete(c, [{ id: 'gone' }], { options: { ignoreNotFound: true } });
			expect(result.error).toBeUndefined();
			expect(result.outputs('Node 1')[0][0].json).toEqual({
				deleted: false,
				id: 'gone',
				notFound: true,
			});
		});
	});

	test('auth and permission errors are told apart in details and httpCode', async () => {
		nock(c.origin)
			.delete(c.path('a'))
			.reply(...c.unauthorized.reply)
			.delete(c.path('b'))
			.reply(...c.forbidden.reply);
		const result = await runDelete(c, [{ id: 'a' }, { id: 'b' }], {
			onError: 'continueRegularOutput',
		});
		expect(result.outputs('Node 1')[0].map((item) => item.json)).toEqual([
			{ error: `${c.failurePrefix}${c.unauthorized.details}`, httpCode: '401', reason: 'auth' },
			{ error: `${c.failurePrefix}${c.forbidden.details}`, httpCode: '403', reason: 'auth' },
		]);
		nock(c.origin)
			.delete(c.path('a'))
			.reply(...c.unauthorized.reply);
		const unauthorized = await runDelete(c, [{ id: 'a' }]);
		expect((unauthorized.error as unknown as { httpCode: string }).httpCode).toBe(
			String(c.unauthorized.reply[0]),
		);
		nock(c.origin)
			.delete(c.path('b'))
			.reply(...c.forbidden.reply);
		const forbidden = await runDelete(c, [{ id: 'b' }]);
		expect((forbidden.error as unknown as { httpCode: string }).httpCode).toBe(
			String(c.forbidden.reply[0]),
		);
	});

	test('ignoreNotFound does not hide other errors', async () => {
		nock(c.origin)
			.delete(c.path('a'))
			.reply(...c.forbidden.reply);
		const result = await runDelete(c, [{ id: 'a' }], { options: { ignoreNotFound: true } });
		expect(result.error?.message).toBe(`${c.failurePrefix}${c.forbidden.details}`);
	});

	const hostile: Array<[string, string]> = [
		['../x', '..%2Fx'],
		['a/b', 'a%2Fb'],
		['x?y#z', 'x%3Fy%23z'],
		['%2e%2e', '%252e%252e'],
		['../../accounts', '..%2F..%2Faccounts'],
		['café 🖼', 'caf%C3%A9%20%F0%9F%96%BC'],
		['a'.repeat(2000), 'a'.repeat(2000)],
		['€'.repeat(700), '%E2%82%AC'.repeat(700)],
		['id with spaces', 'id%20with%20spaces'],
		['line\r\nbreak', 'line%0D%0Abreak'],
	];
	test.each(
		hostile.map(([id, segment]) => [
			id.length > 40 ? `${id.slice(0, 12)}… (${id.length} chars)` : id,
			id,
			segment,
		]),
	)('hostile id %j is sent as exactly one encoded path segment', async (_label, id, segment) => {
		const { seen, scope } = interceptDeletes(c, () => c.deleted(id));
		const result = await runDelete(c, [{ id }]);
		expect(result.error).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(seen).toEqual([c.path(segment)]);
		expect(decodeURIComponent(seen[0].slice(c.path('').length))).toBe(id.trim());
		expect(seen[0].slice(c.path('').length)).not.toContain('/');
	});

	test.each(['.', '..', ' .. '])('the dot segment %j is refused before any request', async (id) => {
		const { seen } = interceptDeletes(c, () => c.deleted(id));
		const result = await runDelete(c, [{ id }]);
		expect(result.error?.message).toMatch(/ID cannot be "\.\.?"\. Please provide a valid .* ID\./);
		expect(seen).toEqual([]);
	});

	test('an object or list from an expression is refused before any request', async () => {
		const { seen } = interceptDeletes(c, () => c.deleted('x'), 2);
		const result = await runDelete(c, [{ id: { nested: 1 } }, { id: ['a', 'b'] }], {
			onError: 'continueRegularOutput',
		});
		expect(result.outputs('Node 1')[0].map((item) => item.json.error)).toEqual([
			expect.stringMatching(/ID must be text or a number, not an object/),
			expect.stringMatching(/ID must be text or a number, not a list/),
		]);
		expect(seen).toEqual([]);
	});

	test('a lone surrogate is refused before any request', async () => {
		const { seen } = interceptDeletes(c, () => c.deleted('x'));
		const result = await runDelete(c, [{ id: 'ab\ud800' }]);
		expect(result.error?.message).toMatch(/contains characters that cannot be sent/);
		expect(seen).toEqual([]);
	});
});

test('a custom base URL (gateway, sandbox) is used as given, trailing slash or not', async () => {
	const scope = nock('http://127.0.0.1:8787')
		.delete('/leonardo/init-image/abc')
		.reply(200, { delete_init_images_by_pk: { id: 'abc' } });
	const result = await runWorkflow(
		chainWorkflow(
			[{ id: 'abc' }],
			[
				{
					type: 'leonardoAi',
					credentialType: 'leonardoAiApi',
					parameters: deleteParameters(DELETE_CASES[0]),
				},
			],
		),
		{ credentials: { leonardoAiApi: { apiKey: 'k', baseUrl: 'http://127.0.0.1:8787/leonardo/' } } },
	);
	expect(result.outputs('Node 1')[0][0].json).toEqual({ deleted: true, id: 'abc' });
	expect(scope.isDone()).toBe(true);
});

test('Cloudflare with a global API key sends X-Auth-Email and X-Auth-Key', async () => {
	const scope = nock('https://api.cloudflare.com', { badheaders: ['authorization'] })
		.delete('/client/v4/accounts/acc123/images/v1/abc')
		.matchHeader('x-auth-email', 'me@example.com')
		.matchHeader('x-auth-key', 'global-key-000')
		.reply(200, { success: true, errors: [], messages: [], result: {} });
	const result = await runWorkflow(
		chainWorkflow(
			[{ id: 'abc' }],
			[
				{
					type: 'cloudflareImages',
					credentialType: 'cloudflareImagesApi',
					parameters: deleteParameters(DELETE_CASES[2]),
				},
			],
		),
		{
			credentials: {
				cloudflareImagesApi: {
					accountId: 'acc123',
					authType: 'globalApiKey',
					email: 'me@example.com',
					apiKey: 'global-key-000',
					baseUrl: 'https://api.cloudflare.com/client/v4',
				},
			},
		},
	);
	expect(result.outputs('Node 1')[0][0].json).toEqual({ deleted: true, id: 'abc' });
	expect(scope.isDone()).toBe(true);
});

describe('answers that prove nothing are errors, never a false success', () => {
	const cases: Array<[DeleteCase, number, string | object, string]> = [
		[DELETE_CASES[0], 200, '', 'Failed to delete image. API error: empty response (HTTP 200)'],
		[
			DELETE_CASES[0],
			200,
			'<html>oops</html>',
			'Failed to delete image. API error: invalid JSON in the response',
		],
		[
			DELETE_CASES[0],
			200,
			{ something: 'else' },
			'Failed to delete image. API error: unexpected response (HTTP 200)',
		],
		[
			DELETE_CASES[2],
			200,
			{ success: false, errors: [], messages: [] },
			'Failed to delete image. API error: the answer said success: false without giving an error',
		],
		[
			DELETE_CASES[2],
			200,
			'{"success": tr',
			'Failed to delete image. API error: invalid JSON in the response',
		],
		[
			DELETE_CASES[3],
			200,
			'<html><body>Proxy login</body></html>',
			'Failed to delete file. API error: invalid JSON in the response',
		],
		[
			DELETE_CASES[3],
			418,
			'<html><body>teapot</body></html>',
			"Failed to delete file. API error: 418 I'm a Teapot",
		],
		[
			DELETE_CASES[3],
			200,
			'{"successfullyDel',
			'Failed to delete file. API error: invalid JSON in the response',
		],
		[
			DELETE_CASES[0],
			200,
			'{"delete_init_images_by_pk": {"id": "x"',
			'Failed to delete image. API error: invalid JSON in the response',
		],
		[
			DELETE_CASES[1],
			200,
			'null',
			'Failed to delete generation. API error: unexpected response (HTTP 200)',
		],
		[
			DELETE_CASES[2],
			200,
			'[]',
			'Failed to delete image. API error: unexpected response (HTTP 200)',
		],
	];
	const rows = cases.map(([c, status, body, message]) => ({
		provider: c.title,
		c,
		status,
		body,
		shown: typeof body === 'string' ? body || '(empty)' : JSON.stringify(body),
		message,
	}));
	test.each(rows)(
		'$provider, HTTP $status with $shown → "$message"',
		async ({ c, status, body, message }) => {
			nock(c.origin)
				.delete(c.path('x'))
				.reply(status, body as string);
			const result = await runDelete(c, [{ id: 'x' }]);
			expect(result.error?.message).toBe(message);
		},
	);
});
