import type { INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { runWorkflow } from '../harness/engine';
import { sleeps } from '../harness/recordedSleep';
import {
	CREDENTIALS,
	DELETE_CASES,
	cloudflareImage,
	deleteParameters,
	imageKitFile,
	interceptDeletes,
	leonardoImage,
	type DeleteCase,
} from '../harness/providers';
import { chainWorkflow, type OnError } from '../harness/workflows';

// Waits between attempts go through n8n-workflow's `sleep`: recorded here, not slept.
jest.mock('n8n-workflow', () =>
	jest.requireActual('../harness/recordedSleep').workflowWithRecordedSleep(),
);

/** An Error instance: nock 14 mistakes a plain object for a response. */
function networkError(code: string, message: string): Error {
	return Object.assign(new Error(message), { code });
}

async function runDelete(
	c: DeleteCase,
	ids: string[],
	{ onError, options }: { onError?: OnError; options?: INodeParameters } = {},
) {
	return await runWorkflow(
		chainWorkflow(
			ids.map((id) => ({ id })),
			[
				{
					type: c.node,
					credentialType: c.credentialType,
					onError,
					parameters: { ...deleteParameters(c), ...(options ? { options } : {}) },
				},
			],
		),
		{ credentials: CREDENTIALS },
	);
}

describe.each(DELETE_CASES)('$title: retries', (c) => {
	test('429 with Retry-After waits that long, then succeeds', async () => {
		const scope = nock(c.origin)
			.delete(c.path('a'))
			.reply(429, { message: 'Too many requests' }, { 'Retry-After': '7' })
			.delete(c.path('a'))
			.reply(...c.deleted('a'));
		const result = await runDelete(c, ['a']);
		expect(result.outputs('Node 1')[0][0].json).toEqual({ deleted: true, id: 'a' });
		expect(sleeps).toEqual([7000]);
		expect(scope.isDone()).toBe(true);
	});

	test('503 twice, then success, with growing backoff', async () => {
		const scope = nock(c.origin)
			.delete(c.path('a'))
			.times(2)
			.reply(503, '<html>Service Unavailable</html>')
			.delete(c.path('a'))
			.reply(...c.deleted('a'));
		const result = await runDelete(c, ['a']);
		expect(result.outputs('Node 1')[0][0].json).toEqual({ deleted: true, id: 'a' });
		expect(sleeps).toHaveLength(2);
		expect(sleeps[0]).toBeGreaterThanOrEqual(375);
		expect(sleeps[0]).toBeLessThanOrEqual(625);
		expect(sleeps[1]).toBeGreaterThanOrEqual(750);
		expect(sleeps[1]).toBeLessThanOrEqual(1250);
		expect(scope.isDone()).toBe(true);
	});

	test('a dropped connection after the provider deleted, then not found: deleted', async () => {
		const scope = nock(c.origin)
			.delete(c.path('a'))
			.replyWithError(networkError('ECONNRESET', 'socket hang up'))
			.delete(c.path('a'))
			.reply(...c.notFound[0].reply);
		const result = await runDelete(c, ['a']);
		expect(result.error).toBeUndefined();
		expect(result.outputs('Node 1')[0][0].json).toEqual({ deleted: true, id: 'a' });
		expect(scope.isDone()).toBe(true);
	});

	test('a 429 then not found is a real not found: nothing was done by the refused attempt', async () => {
		nock(c.origin)
			.delete(c.path('a'))
			.reply(429, {}, { 'Retry-After': '1' })
			.delete(c.path('a'))
			.reply(...c.notFound[0].reply);
		const result = await runDelete(c, ['a']);
		expect(result.error?.message).toBe(`${c.failurePrefix}${c.notFound[0].details}`);
	});

	// The policy: only an attempt that may have done the work lets a later "not found" mean
	// "deleted". 503 says the request was not taken; 500, 502 and 504 leave it open.
	test.each([
		[503, 'a real not found: the service did not take the request', false],
		[500, 'deleted: the failed attempt may have done it', true],
		[502, "deleted: the gateway's origin may have done it", true],
		[504, "deleted: the gateway's origin may have done it", true],
	])('a %i then not found is %s', async (status, _reading, deleted) => {
		nock(c.origin)
			.delete(c.path('a'))
			.reply(status, '')
			.delete(c.path('a'))
			.reply(...c.notFound[0].reply);
		const result = await runDelete(c, ['a']);
		if (deleted) expect(result.outputs('Node 1')[0][0].json).toEqual({ deleted: true, id: 'a' });
		else expect(result.error?.message).toBe(`${c.failurePrefix}${c.notFound[0].details}`);
	});

	test('exhausted retries fail that item alone; the others are deleted', async () => {
		const { seen } = interceptDeletes(
			c,
			(segment) => (segment === 'bad' ? [503, 'upstream down'] : c.deleted(segment)),
			7,
		);
		const result = await runDelete(c, ['a', 'bad', 'b'], { onError: 'continueRegularOutput' });
		expect(result.outputs('Node 1')[0].map((item) => item.json)).toEqual([
			{ deleted: true, id: 'a' },
			{ error: `${c.failurePrefix}503 Service Unavailable`, httpCode: '503', reason: 'server' },
			{ deleted: true, id: 'b' },
		]);
		expect(seen.filter((path) => path.endsWith('/bad'))).toHaveLength(5);
		expect(sleeps).toHaveLength(4);
	});

	test('a 400 is not retried', async () => {
		const { seen } = interceptDeletes(
			c,
			() => [
				400,
				{ message: 'bad', error: 'bad', success: false, errors: [{ code: 5400, message: 'bad' }] },
			],
			3,
		);
		const result = await runDelete(c, ['a']);
		expect(result.error?.message).toBe(`${c.failurePrefix}bad`);
		expect(seen).toHaveLength(1);
		expect(sleeps).toEqual([]);
	});

	test('an answer slower than the request timeout is abandoned and retried', async () => {
		const scope = nock(c.origin)
			.delete(c.path('a'))
			.delay(2000)
			.reply(...c.deleted('a'))
			.delete(c.path('a'))
			.reply(...c.deleted('a'));
		const result = await runDelete(c, ['a'], { options: { requestTimeout: 0.2 } });
		expect(result.error).toBeUndefined();
		expect(result.outputs('Node 1')[0][0].json).toEqual({ deleted: true, id: 'a' });
		expect(sleeps).toHaveLength(1);
		expect(scope.isDone()).toBe(true);
	});

	test('timeouts that never heal fail the item with a clear message', async () => {
		nock(c.origin)
			.delete(c.path('a'))
			.times(3)
			.delay(2000)
			.reply(...c.deleted('a'));
		const result = await runDelete(c, ['a'], { options: { requestTimeout: 0.1, maxRetries: 2 } });
		expect(result.error?.message).toBe(`${c.failurePrefix}no answer within 0.1 s (ECONNABORTED)`);
		expect(result.error?.name).toBe('NodeApiError');
	});
});

test("ImageKit's X-RateLimit-Reset (milliseconds) sets the wait", async () => {
	nock(imageKitFile.origin)
		.delete(imageKitFile.path('a'))
		.reply(
			429,
			{ message: 'rate limited' },
			{ 'X-RateLimit-Limit': '10', 'X-RateLimit-Reset': '1234', 'X-RateLimit-Interval': '1000' },
		)
		.delete(imageKitFile.path('a'))
		.reply(204);
	const result = await runDelete(imageKitFile, ['a']);
	expect(result.outputs('Node 1')[0][0].json).toEqual({ deleted: true, id: 'a' });
	expect(sleeps).toEqual([1234]);
});

test("Cloudflare's five-minute lockout is not waited out: the item fails at once with the provider's message", async () => {
	const { seen } = interceptDeletes(
		cloudflareImage,
		() => [
			429,
			{
				success: false,
				errors: [{ code: 971, message: 'Please wait and consider throttling your request speed' }],
			},
			{ 'Retry-After': '300' },
		],
		3,
	);
	const result = await runDelete(cloudflareImage, ['a']);
	expect(result.error?.message).toBe(
		'Failed to delete image. API error: Please wait and consider throttling your request speed',
	);
	expect((result.error as unknown as { httpCode: string }).httpCode).toBe('429');
	expect(seen).toHaveLength(1);
	expect(sleeps).toEqual([]);
});

test('a refused connection (nothing reached the provider) is retried without counting as done', async () => {
	nock(leonardoImage.origin)
		.delete(leonardoImage.path('a'))
		.replyWithError(networkError('ECONNREFUSED', 'connect ECONNREFUSED'))
		.delete(leonardoImage.path('a'))
		.reply(...leonardoImage.notFound[0].reply);
	const result = await runDelete(leonardoImage, ['a']);
	expect(result.error?.message).toBe('Failed to delete image. API error: Image not found');
});

describe('429s are retried up to six times beyond Max Retries (other processes may share the account)', () => {
	const tooMany = [429, { error: 'Too many requests' }, { 'Retry-After': '0' }] as const;

	test('Max Retries 1: seven 429s, then the delete succeeds — eight DELETEs, the item deleted', async () => {
		const scope = nock(leonardoImage.origin)
			.delete(leonardoImage.path('a'))
			.times(7)
			.reply(...tooMany)
			.delete(leonardoImage.path('a'))
			.reply(...leonardoImage.deleted('a'));
		const result = await runDelete(leonardoImage, ['a'], { options: { maxRetries: 1 } });
		expect(result.error).toBeUndefined();
		expect(result.outputs('Node 1')[0][0].json).toEqual({ deleted: true, id: 'a' });
		expect(scope.isDone()).toBe(true);
	});

	test('Max Retries 1: eight 429s — eight DELETEs, then the item fails with the 429', async () => {
		let sent = 0;
		nock(leonardoImage.origin)
			.delete(leonardoImage.path('a'))
			.times(9)
			.reply(() => {
				sent++;
				return [...tooMany] as unknown as [number, object, Record<string, string>];
			});
		const result = await runDelete(leonardoImage, ['a'], {
			onError: 'continueRegularOutput',
			options: { maxRetries: 1 },
		});
		expect(sent).toBe(8);
		expect(String(result.outputs('Node 1')[0][0].json.error)).toContain('Too many requests');
		nock.cleanAll();
	});
});

test('maxRetries 0 sends each request once', async () => {
	const { seen } = interceptDeletes(leonardoImage, () => [503, ''], 3);
	const result = await runDelete(leonardoImage, ['a'], { options: { maxRetries: 0 } });
	expect(result.error?.message).toBe('Failed to delete image. API error: 503 Service Unavailable');
	expect(seen).toHaveLength(1);
});
