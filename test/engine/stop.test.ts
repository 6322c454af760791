// On Error = Stop Workflow: once a failure is known no request starts (retries and bulk paths
// included), requests under way finish, and the node's error tells which items were done.
// Waits are real here: a retry's backoff (at least 375 ms) is what lets a failure become known
// before the retry would go.
import type { IDataObject } from 'n8n-workflow';
import nock from 'nock';

import { runWorkflow } from '../harness/engine';
import {
	CREDENTIALS,
	cloudflareImage,
	deleteParameters,
	imageKitFile,
	interceptDeletes,
	leonardoImage,
	type DeleteCase,
	type Reply,
} from '../harness/providers';
import { chainWorkflow } from '../harness/workflows';

const ids = (count: number, prefix: string) =>
	Array.from({ length: count }, (_, i) => `${prefix}${i}`);

async function runDeletes(c: DeleteCase, items: IDataObject[]) {
	return await runWorkflow(
		chainWorkflow(items, [
			{ type: c.node, credentialType: c.credentialType, parameters: deleteParameters(c) },
		]),
		{ credentials: CREDENTIALS },
	);
}

function descriptionOf(result: Awaited<ReturnType<typeof runDeletes>>): string {
	return String((result.error as unknown as { description?: string }).description);
}

/** Resolves after `ms`: holds a mocked answer back (never in an assertion). */
const after = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

describe('Leonardo AI: 40 deletes (32 at a time) under Stop Workflow', () => {
	test('item 0 answers 404 last: all 40 were sent, and the description lists the 39 deleted, with their ids', async () => {
		const all = ids(40, 'gen-');
		let answered = 0;
		let othersAnswered: () => void = () => {};
		const othersDone = new Promise<void>((resolve) => (othersAnswered = resolve));
		const seen: string[] = [];
		nock(leonardoImage.origin)
			.delete((uri) => uri.startsWith(leonardoImage.path('')))
			.times(40)
			.reply(async (uri): Promise<Reply> => {
				const id = uri.slice(leonardoImage.path('').length);
				seen.push(id);
				if (id === 'gen-0') {
					await othersDone;
					return leonardoImage.notFound[1].reply;
				}
				if (++answered === 39) othersAnswered();
				return leonardoImage.deleted(id);
			});
		const result = await runDeletes(
			leonardoImage,
			all.map((id) => ({ id })),
		);
		expect(result.error?.message).toBe(
			`${leonardoImage.failurePrefix}${leonardoImage.notFound[1].details}`,
		);
		expect(seen).toHaveLength(40);
		const description = descriptionOf(result);
		expect(description).toContain('Done before the stop (39 of 40 items): items 1–39.');
		expect(description).toContain(`Their IDs: ${all.slice(1).join(', ')}.`);
		expect(description).toContain('Failed: item 0.');
	});

	test('item 0 fails first: the 31 in flight finish and are listed as done; the 8 items not started are never sent', async () => {
		const all = ids(40, 'gen-');
		let failureSent: () => void = () => {};
		const failed = new Promise<void>((resolve) => (failureSent = resolve));
		const seen: string[] = [];
		nock(leonardoImage.origin)
			.delete((uri) => uri.startsWith(leonardoImage.path('')))
			.times(40)
			.reply(async (uri): Promise<Reply> => {
				const id = uri.slice(leonardoImage.path('').length);
				seen.push(id);
				if (id === 'gen-0') {
					failureSent();
					return leonardoImage.notFound[1].reply;
				}
				// The others answer well after the failure has reached the node.
				await failed;
				await after(300);
				return leonardoImage.deleted(id);
			});
		const result = await runDeletes(
			leonardoImage,
			all.map((id) => ({ id })),
		);
		expect(seen.sort()).toEqual(all.slice(0, 32).sort());
		const description = descriptionOf(result);
		expect(description).toContain('Done before the stop (31 of 40 items): items 1–31.');
		expect(description).toContain(`Their IDs: ${all.slice(1, 32).join(', ')}.`);
		expect(description).toContain('Not done: the other 8 items (not sent, or stopped part-way).');
	});
});

test.each([leonardoImage, cloudflareImage, imageKitFile])(
	'$title: a retry is not sent once another item has failed; the item retried is not done',
	async (c) => {
		// Item 0 deleted, item 1 not found (fails), items 2 and 3 answered 503 (a retry would follow).
		const { seen } = interceptDeletes(
			c,
			(segment) =>
				segment === 'gone'
					? c.notFound[0].reply
					: segment.startsWith('busy')
						? [503]
						: c.deleted(segment),
			6,
		);
		const result = await runDeletes(c, [
			{ id: 'done' },
			{ id: 'gone' },
			{ id: 'busy-1' },
			{ id: 'busy-2' },
		]);
		expect(result.error?.message).toBe(`${c.failurePrefix}${c.notFound[0].details}`);
		expect(seen.map((path) => path.slice(c.path('').length)).sort()).toEqual([
			'busy-1',
			'busy-2',
			'done',
			'gone',
		]);
		const description = descriptionOf(result);
		expect(description).toContain('Done before the stop (1 of 4 items): item 0.');
		expect(description).toContain('Their IDs: done.');
		expect(description).toContain('Failed: item 1.');
		expect(description).toContain('Not done: the other 2 items (not sent, or stopped part-way).');
	},
);

describe('ImageKit: File → Delete over 10 items or more (batch calls) under Stop Workflow', () => {
	const BATCH = '/v1/files/batch/deleteByFileIds';

	test('a blank id among 12 items: the batch call is not sent, and no item is told as done', async () => {
		const batches: string[][] = [];
		nock(imageKitFile.origin)
			.post(BATCH, (body: { fileIds: string[] }) => {
				batches.push(body.fileIds);
				return true;
			})
			.optionally()
			.reply(200, (_uri: string, body: { fileIds: string[] }) => ({
				successfullyDeletedFileIds: body.fileIds,
			}));
		const items = ids(12, 'f').map((id, index) => ({ id: index === 1 ? ' ' : id }));
		const result = await runDeletes(imageKitFile, items);
		expect(result.error?.message).toBe(imageKitFile.emptyMessage);
		expect(batches).toEqual([]);
		expect(descriptionOf(result)).toContain('Done before the stop: none of the 12 items.');
	});

	test('250 items in 3 batch calls: one refused, one to be retried, one deleted — no retry is sent, the 50 deleted are listed', async () => {
		const all = ids(250, 'f');
		const calls: string[][] = [];
		nock(imageKitFile.origin)
			.post(BATCH, (body: { fileIds: string[] }) => {
				calls.push(body.fileIds);
				return true;
			})
			.times(6)
			.reply(async (_uri, body): Promise<Reply> => {
				const { fileIds } = body as { fileIds: string[] };
				if (fileIds.includes('f0'))
					return [403, { message: 'Your account cannot be authenticated.' }];
				if (fileIds.includes('f100')) return [503, { message: 'Service unavailable' }];
				// The deleted batch answers after the refusal has reached the node.
				await after(100);
				return [200, { successfullyDeletedFileIds: fileIds }];
			});
		const result = await runDeletes(
			imageKitFile,
			all.map((id) => ({ id })),
		);
		expect(result.error?.message).toBe(
			'Failed to delete file. API error: Your account cannot be authenticated.',
		);
		expect(calls.map((batch) => batch[0]).sort()).toEqual(['f0', 'f100', 'f200']);
		const description = descriptionOf(result);
		expect(description).toContain('Done before the stop (50 of 250 items): items 200–249.');
		expect(description).toContain(`Their IDs: ${all.slice(200).join(', ')}.`);
		expect(description).toContain('Failed: items 0–99.');
		expect(description).toContain('Not done: the other 100 items (not sent, or stopped part-way).');
	});
});

describe('Cloudflare: the batch host under Stop Workflow', () => {
	test('120 deletes on the batch host: after item 0 fails, no retry and no new item is sent there', async () => {
		nock(cloudflareImage.origin)
			.get('/client/v4/accounts/acc123/images/v1/batch_token')
			.reply(
				200,
				{
					success: true,
					errors: [],
					messages: [],
					result: { token: 'batch-token-secret-1', expiresAt: '2099-01-01T00:00:00Z' },
				},
				// No room left in the global window: every delete goes through the batch host.
				{ Ratelimit: '"default";r=0;t=240', 'Ratelimit-Policy': '"default";q=1200;w=300' },
			);
		let failureSent: () => void = () => {};
		const failed = new Promise<void>((resolve) => (failureSent = resolve));
		const seen: string[] = [];
		nock('https://batch.imagedelivery.net')
			.delete(/^\/images\/v1\/img\d+$/)
			.times(120)
			.reply(async (uri): Promise<Reply> => {
				const id = uri.slice('/images/v1/'.length);
				seen.push(id);
				if (id === 'img0') {
					failureSent();
					return cloudflareImage.notFound[0].reply;
				}
				if (id === 'img1') return [503, { success: false, errors: [], messages: [], result: null }];
				await failed;
				await after(300);
				return cloudflareImage.deleted(id);
			});
		const all = ids(120, 'img');
		const result = await runDeletes(
			cloudflareImage,
			all.map((id) => ({ id })),
		);
		expect(result.error?.message).toBe(
			`${cloudflareImage.failurePrefix}${cloudflareImage.notFound[0].details}`,
		);
		// 32 at a time: items 0–31 once each; item 1's retry and items 32–119 never.
		expect(seen.sort()).toEqual(all.slice(0, 32).sort());
		const description = descriptionOf(result);
		expect(description).toContain('Done before the stop (30 of 120 items): items 2–31.');
		expect(description).toContain('Failed: item 0.');
	});
});

describe('Stop Workflow: items stopped part-way say what they did before the stop', () => {
	test('ImageKit Delete Many, 2 items of 150 ids; item 1’s key is refused while item 0’s first batch is in flight: item 0’s second batch is not sent, and its 100 deleted ids are told under "Stopped part-way"', async () => {
		const BATCH = '/v1/files/batch/deleteByFileIds';
		const batches: string[] = [];
		nock(imageKitFile.origin)
			.post(BATCH, (body: { fileIds: string[] }) => batches.push(body.fileIds[0]) > 0)
			.times(3)
			.reply(async (_uri, body): Promise<Reply> => {
				const { fileIds } = body as { fileIds: string[] };
				if (fileIds[0] === 'b0') return [401, { message: 'Your account cannot be authenticated.' }];
				// Item 0's first batch answers after item 1's refusal has reached the node.
				await after(300);
				return [200, { successfullyDeletedFileIds: fileIds }];
			});
		const result = await runWorkflow(
			chainWorkflow(
				[{ ids: ids(150, 'a').join(',') }, { ids: ids(150, 'b').join(',') }],
				[
					{
						type: imageKitFile.node,
						credentialType: imageKitFile.credentialType,
						parameters: { resource: 'file', operation: 'deleteMany', fileIds: '={{ $json.ids }}' },
					},
				],
			),
			{ credentials: CREDENTIALS },
		);
		expect(batches.sort()).toEqual(['a0', 'b0']);
		const description = descriptionOf(result);
		expect(description).toContain('Done before the stop: none of the 2 items.');
		expect(description).toContain(
			'Stopped part-way (item 0): what each did before the stop is not in the output.',
		);
		expect(description).toContain(`- item 0: deleted 100 of 150 IDs: ${ids(100, 'a').join(', ')}.`);
		expect(description).toContain('Failed: item 1.');
		expect(description).not.toContain('Not done');
	});

	test('Cloudflare upload with custom IDs: item 0’s answer is lost while item 1 fails; item 0’s look-up is not sent, and the description says item 0’s image may exist', async () => {
		const IMAGES = '/client/v4/accounts/acc123/images/v1';
		nock(cloudflareImage.origin)
			.post(IMAGES, (body) => !String(body).includes('bad'))
			.delay(300)
			.replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
			.post(IMAGES, (body) => String(body).includes('bad'))
			.reply(400, {
				success: false,
				errors: [{ code: 5400, message: 'Bad request' }],
				messages: [],
				result: null,
			});
		// The account's window and our share of it are known first (Cloudflare reports what is left;
		// until two reports show how fast it falls, one request at a time).
		let left = 1000;
		nock(cloudflareImage.origin)
			.get(`${IMAGES}/stats`)
			.times(2)
			.reply(() => [
				200,
				{
					success: true,
					errors: [],
					messages: [],
					result: { count: { current: 1, allowed: 100 } },
				},
				{ Ratelimit: `"default";r=${left--};t=250`, 'Ratelimit-Policy': '"default";q=1200;w=300' },
			]);
		for (let run = 0; run < 2; run++)
			await runWorkflow(
				chainWorkflow(
					[{}],
					[
						{
							type: cloudflareImage.node,
							credentialType: cloudflareImage.credentialType,
							parameters: { resource: 'account', operation: 'getStats' },
						},
					],
				),
				{ credentials: CREDENTIALS },
			);
		let lookUps = 0;
		nock(cloudflareImage.origin)
			.get(`${IMAGES}/logo-0`)
			.optionally()
			.reply(() => {
				lookUps++;
				return [404, ''];
			});
		const result = await runWorkflow(
			chainWorkflow(
				[
					{ url: 'https://example.com/a.png', id: 'logo-0' },
					{ url: 'https://example.com/bad.png', id: 'logo-1' },
				],
				[
					{
						type: cloudflareImage.node,
						credentialType: cloudflareImage.credentialType,
						parameters: {
							resource: 'image',
							operation: 'upload',
							inputType: 'url',
							url: '={{ $json.url }}',
							options: { customId: '={{ $json.id }}' },
						},
					},
				],
			),
			{ credentials: CREDENTIALS },
		);
		expect(lookUps).toBe(0);
		const description = descriptionOf(result);
		expect(description).toContain(
			'- item 0: the image may exist: look for it with Image → Get, Image ID logo-0.',
		);
		expect(description).toContain('Failed: item 1.');
	});
});
