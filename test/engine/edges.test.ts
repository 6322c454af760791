// The edges an outside review found in README's promises at 6f2dbbe (issue 23), one test each
// (cancelling with real waits is in cancel.test.ts; many workers on one account in
// test/unit/budget.test.ts). Each failed there.
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { CREDENTIALS } from '../harness/providers';
import { errorDescription, type NodeName, outputJson, runNode } from '../harness/run';

// Waits between attempts go through n8n-workflow's `sleep`: recorded here, not slept.
jest.mock('n8n-workflow', () =>
	jest.requireActual('../harness/recordedSleep').workflowWithRecordedSleep(),
);

const run = runNode;
const jsonOut = outputJson;
const descriptionOf = errorDescription;

/** An Error as the HTTP client throws it: nock 14 mistakes a plain object for a response. */
const clientError = (code: string, message: string) => Object.assign(new Error(message), { code });

const LEONARDO = 'https://cloud.leonardo.ai';
const API = '/api/rest/v1';
const CLOUDFLARE = 'https://api.cloudflare.com';
const IMAGES = '/client/v4/accounts/acc123/images/v1';
const IMAGEKIT = 'https://api.imagekit.io';
const BATCH = '/v1/files/batch/deleteByFileIds';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const binaryItem = (extra: IDataObject = {}) => ({
	...extra,
	$binary: { data: { data: PNG.toString('base64'), mimeType: 'image/png', fileName: 'photo.png' } },
});

/** Resolves when `done` is called: holds a mocked answer back until another has been given. */
function gate(): { open: () => void; opened: Promise<void> } {
	let open = () => {};
	const opened = new Promise<void>((resolve) => (open = resolve));
	return { open, opened };
}

describe('2. a create that acted is told with what it made, never as "not done"', () => {
	test('Leonardo generation Create, waiting: item 0’s POST made generation g0; item 1 fails while item 0 waits; the stop tells item 0 part-way with g0', async () => {
		const failed = gate();
		nock(LEONARDO)
			.post(`${API}/generations`, (body) => body.prompt === 'fox')
			.reply(200, { sdGenerationJob: { generationId: 'g0', apiCreditCost: 8 } })
			.get(`${API}/generations/g0`)
			.reply(async () => {
				// Item 0's first look happens before item 1's refusal is known: PENDING.
				return [200, { generations_by_pk: { id: 'g0', status: 'PENDING' } }];
			})
			.post(`${API}/generations`, (body) => body.prompt === 'bad')
			.reply(async () => {
				failed.open();
				return [400, { error: 'invalid prompt', path: '$', code: 'unexpected' }];
			});
		let laterLooks = 0;
		nock(LEONARDO)
			.get(`${API}/generations/g0`)
			.optionally()
			.reply(() => {
				laterLooks++;
				return [200, { generations_by_pk: { id: 'g0', status: 'COMPLETE' } }];
			});
		const result = await run(
			'leonardoAi',
			{
				resource: 'generation',
				operation: 'create',
				prompt: '={{ $json.prompt }}',
				options: { waitForCompletion: true, pollInterval: 1 },
			},
			{ items: [{ prompt: 'fox' }, { prompt: 'bad' }] },
		);
		expect(result.error?.message).toBe('Failed to create generation. API error: invalid prompt');
		const description = descriptionOf(result);
		expect(description).toContain('Stopped part-way (item 0)');
		expect(description).toContain(
			'- item 0: made generation g0 (its credits are spent): get it with Generation → Get, Generation ID g0.',
		);
		expect(description).not.toContain('Not done');
		// No look after the stop.
		expect(laterLooks).toBe(0);
	});

	test('Leonardo generation Create, waiting: a look that fails after the POST made the generation says so in the item’s error (Continue)', async () => {
		nock(LEONARDO)
			.post(`${API}/generations`)
			.reply(200, { sdGenerationJob: { generationId: 'g7', apiCreditCost: 8 } })
			.get(`${API}/generations/g7`)
			.reply(403, { error: 'Not allowed', path: '$', code: 'permission-error' });
		const result = await run(
			'leonardoAi',
			{
				resource: 'generation',
				operation: 'create',
				prompt: 'fox',
				options: { waitForCompletion: true },
			},
			{ onError: 'continueRegularOutput' },
		);
		expect(jsonOut(result)).toEqual([
			{
				error:
					'Failed to create generation. API error: Not allowed; before this, the item made generation g7 (its credits are spent): get it with Generation → Get, Generation ID g7',
				httpCode: '403',
				reason: 'auth',
			},
		]);
	});

	test('Leonardo init image Upload: item 0’s POST /init-image is answered after item 1 failed; item 0’s file is not sent, and the stop tells item 0 part-way with the init image it made', async () => {
		const failed = gate();
		nock(LEONARDO)
			.post(`${API}/init-image`)
			.reply(async () => {
				// Item 0's answer comes once item 1's refusal has reached the node.
				await failed.opened;
				await new Promise((resolve) => setTimeout(resolve, 50));
				return [
					200,
					{
						uploadInitImage: {
							id: 'init-0',
							url: 'https://s3.example.com/bucket',
							key: 'k',
							fields: '{"key":"k"}',
						},
					},
				];
			})
			.post(`${API}/init-image`)
			.reply(() => {
				failed.open();
				return [400, { error: 'invalid file extension', path: '$', code: 'unexpected' }];
			});
		let files = 0;
		nock('https://s3.example.com')
			.post('/bucket')
			.optionally()
			.reply(() => {
				files++;
				return [204];
			});
		const result = await run(
			'leonardoAi',
			{ resource: 'image', operation: 'upload' },
			{ items: [binaryItem(), binaryItem()] },
		);
		expect(result.error?.message).toBe('Failed to upload image. API error: invalid file extension');
		expect(files).toBe(0);
		const description = descriptionOf(result);
		expect(description).toContain(
			'- item 0: made init image init-0 without its file: delete it with Image → Delete, then run the item again.',
		);
		expect(description).not.toContain('Not done');
	});
});

describe('3. a redirect is an answer: the key never follows it to another host', () => {
	const elsewhere = 'https://collector.example.net';
	const cases: Array<
		[
			string,
			NodeName,
			INodeParameters,
			string,
			string,
			Record<string, ICredentialDataDecryptedObject>,
		]
	> = [
		[
			'Leonardo AI (Bearer)',
			'leonardoAi',
			{ resource: 'image', operation: 'delete', imageId: 'i1' },
			LEONARDO,
			`${API}/init-image/i1`,
			CREDENTIALS,
		],
		[
			'Cloudflare (X-Auth-Key)',
			'cloudflareImages',
			{ resource: 'image', operation: 'delete', imageId: { __rl: true, mode: 'id', value: 'i1' } },
			CLOUDFLARE,
			`${IMAGES}/i1`,
			{
				...CREDENTIALS,
				cloudflareImagesApi: {
					...CREDENTIALS.cloudflareImagesApi,
					authType: 'globalApiKey',
					email: 'me@example.com',
					apiKey: 'cf-global-key-999',
				},
			},
		],
		[
			'ImageKit (Basic)',
			'imageKit',
			{ resource: 'file', operation: 'delete', fileId: { __rl: true, mode: 'id', value: 'f1' } },
			IMAGEKIT,
			'/v1/files/f1',
			CREDENTIALS,
		],
	];
	test.each(cases)(
		'%s: a 307 to another host fails the item, and that host receives nothing',
		async (_title, node, parameters, origin, path, credentials) => {
			nock(origin)
				.delete(path)
				.reply(307, '', { Location: `${elsewhere}/steal?x=1` });
			const received: unknown[] = [];
			nock(elsewhere)
				.delete(/.*/)
				.optionally()
				.reply(function () {
					received.push(this.req.headers);
					return [200, '{}'];
				});
			const result = await run(node, parameters, { credentials });
			expect(received).toEqual([]);
			expect(result.error?.message).toMatch(
				new RegExp(
					`^Failed to delete (image|file)\\. API error: a redirect \\(HTTP 307\\) to ${elsewhere}/steal, not followed`,
				),
			);
		},
	);
});

describe('4. a transport error without an E… code is an answer that did not come, in the error contract', () => {
	test('HPE_INVALID_CONSTANT on a delete: retried, then "Failed to delete image. API error: …"', async () => {
		const garbled = nock(CLOUDFLARE)
			.delete(`${IMAGES}/i1`)
			.times(5)
			.replyWithError(clientError('HPE_INVALID_CONSTANT', 'Parse Error: Expected HTTP/'));
		const result = await run('cloudflareImages', {
			resource: 'image',
			operation: 'delete',
			imageId: { __rl: true, mode: 'id', value: 'i1' },
		});
		expect(garbled.isDone()).toBe(true);
		expect(result.error?.message).toBe(
			'Failed to delete image. API error: an answer that is not valid HTTP (HPE_INVALID_CONSTANT)',
		);
	});

	test('HPE_INVALID_CONSTANT on a Cloudflare upload with a custom ID: not sent again; the image it may have made is looked up and output', async () => {
		let uploads = 0;
		nock(CLOUDFLARE)
			.post(IMAGES)
			.replyWithError(clientError('HPE_INVALID_CONSTANT', 'Parse Error: Expected HTTP/'))
			.get(`${IMAGES}/logo`)
			.reply(200, () => ({
				success: true,
				errors: [],
				messages: [],
				result: {
					id: 'logo',
					filename: 'photo.png',
					uploaded: new Date().toISOString(),
					variants: [],
				},
			}));
		nock(CLOUDFLARE)
			.post(IMAGES)
			.optionally()
			.reply(() => {
				uploads++;
				return [500, ''];
			});
		const result = await run(
			'cloudflareImages',
			{ resource: 'image', operation: 'upload', options: { customId: 'logo' } },
			{ items: [binaryItem()] },
		);
		expect(uploads).toBe(0);
		expect(result.error).toBeUndefined();
		expect(jsonOut(result)).toMatchObject([{ id: 'logo', filename: 'photo.png' }]);
	});

	test('CERT_HAS_EXPIRED: not retried (nothing was sent), told in the error contract', async () => {
		const refused = nock(LEONARDO)
			.delete(`${API}/generations/g1`)
			.replyWithError(clientError('CERT_HAS_EXPIRED', 'certificate has expired'));
		const result = await run('leonardoAi', {
			resource: 'generation',
			operation: 'delete',
			generationId: { __rl: true, mode: 'id', value: 'g1' },
		});
		expect(refused.isDone()).toBe(true);
		expect(result.error?.message).toBe(
			'Failed to delete generation. API error: secure connection refused (CERT_HAS_EXPIRED)',
		);
	});
});

describe('5. Delete Many tells what earlier batches did when a later one meets a transport error', () => {
	test('150 ids: batch 1 deletes 100, batch 2 meets HPE_INVALID_CONSTANT after retries: the 100 are output as deleted, the 50 as failed with the reason', async () => {
		const all = Array.from({ length: 150 }, (_, i) => `f${i}`);
		nock(IMAGEKIT)
			.post(BATCH, (body) => body.fileIds.includes('f0'))
			.reply(200, (_uri: string, body: { fileIds: string[] }) => ({
				successfullyDeletedFileIds: body.fileIds,
			}))
			.post(BATCH, (body) => body.fileIds.includes('f100'))
			.times(5)
			.replyWithError(clientError('HPE_INVALID_CONSTANT', 'Parse Error: Expected HTTP/'));
		const result = await run('imageKit', {
			resource: 'file',
			operation: 'deleteMany',
			fileIds: all.join(','),
		});
		expect(result.error).toBeUndefined();
		expect(jsonOut(result)).toEqual([
			{
				deleted: all.slice(0, 100),
				notFound: [],
				failed: all.slice(100).map((id) => ({
					id,
					error:
						'Failed to delete files. API error: an answer that is not valid HTTP (HPE_INVALID_CONSTANT)',
				})),
			},
		]);
	});
});

describe("6. ImageKit's batch answer is read id by id", () => {
	test('a 200 that lists only some ids as deleted: the others are sent again, and told by what that call says', async () => {
		const calls: string[][] = [];
		nock(IMAGEKIT)
			.post(BATCH, (body) => calls.push(body.fileIds) > 0 && body.fileIds.length === 3)
			.reply(200, { successfullyDeletedFileIds: ['f0', 'f1'] })
			.post(BATCH, (body) => calls.push(body.fileIds) > 0 && body.fileIds.length === 1)
			.reply(404, { message: 'The requested file(s) does not exist.', missingFileIds: ['f2'] });
		const result = await run('imageKit', {
			resource: 'file',
			operation: 'deleteMany',
			fileIds: 'f0, f1, f2',
		});
		expect(calls).toEqual([['f0', 'f1', 'f2'], ['f2']]);
		// f2 was there when the first call was answered (a 200, not a 404) and is gone now.
		expect(jsonOut(result)).toEqual([{ deleted: ['f0', 'f1', 'f2'], notFound: [] }]);
	});

	test('an id that no call confirms is told as not confirmed, never as deleted', async () => {
		nock(IMAGEKIT)
			.post(BATCH)
			.times(3)
			.reply(200, (_uri: string, body: { fileIds: string[] }) => ({
				successfullyDeletedFileIds: body.fileIds.filter((id) => id !== 'f2'),
			}));
		const result = await run('imageKit', {
			resource: 'file',
			operation: 'deleteMany',
			fileIds: 'f0, f1, f2',
		});
		expect(jsonOut(result)).toEqual([
			{
				deleted: ['f0', 'f1'],
				notFound: [],
				failed: [
					{ id: 'f2', error: 'Failed to delete files. API error: not confirmed as deleted' },
				],
			},
		]);
	});
});

describe("7. ImageKit's key in its Basic form is redacted like the key itself", () => {
	test('an error that echoes the Authorization header shows no Base64 of "private_…:"', async () => {
		const basic = Buffer.from(`${CREDENTIALS.imageKitApi.privateKey}:`).toString('base64');
		nock(IMAGEKIT)
			.delete('/v1/files/f1')
			.reply(400, { message: `Header Authorization: Basic ${basic} is not allowed here` });
		const result = await run(
			'imageKit',
			{ resource: 'file', operation: 'delete', fileId: { __rl: true, mode: 'id', value: 'f1' } },
			{ onError: 'continueRegularOutput' },
		);
		const text = JSON.stringify(result.run);
		expect(text).not.toContain(basic);
		expect(text).not.toContain(basic.replace(/=+$/, ''));
		expect(jsonOut(result)).toEqual([
			{
				error:
					'Failed to delete file. API error: Header Authorization: Basic *** is not allowed here',
				httpCode: '400',
				reason: 'invalidInput',
			},
		]);
	});
});

describe('8. Leonardo AI By URL: only Leonardo’s own image host names a generation', () => {
	test('a URL on another host with the key’s own user in its path deletes nothing', async () => {
		let sent = 0;
		nock(LEONARDO)
			.get(/.*/)
			.optionally()
			.reply(() => {
				sent++;
				return [200, { user_details: [{ user: { id: 'u1', username: 't' } }] }];
			})
			.delete(/.*/)
			.optionally()
			.reply(() => {
				sent++;
				return [200, {}];
			});
		const result = await run('leonardoAi', {
			resource: 'generation',
			operation: 'delete',
			generationId: {
				__rl: true,
				mode: 'url',
				// An expression: the editor's check of the field would refuse it before the run.
				value: '={{ "https://images.example.org/users/u1/generations/g1/a.jpg" }}',
			},
		});
		expect(sent).toBe(0);
		expect(result.error?.message).toMatch(/^The URL is not a Leonardo AI image URL/);
	});
});

describe('10. settled', () => {
	test('Output Fields "constructor" copies no inherited property', async () => {
		nock(CLOUDFLARE)
			.get(`${IMAGES}/i1`)
			.reply(200, {
				success: true,
				errors: [],
				messages: [],
				result: { id: 'i1', filename: 'a.png', uploaded: '2026-01-01T00:00:00Z', variants: [] },
			});
		const result = await run('cloudflareImages', {
			resource: 'image',
			operation: 'get',
			imageId: { __rl: true, mode: 'id', value: 'i1' },
			options: { outputFields: 'id, constructor' },
		});
		// Not the answer's own field: it names nothing, and says so (6f2dbbe copied Object's constructor).
		expect(result.error?.message).toMatch(/^Output Fields: the answer has no field "constructor"/);
		expect(jsonOut(result)).toEqual([]);
	});
});

describe('11. a stop that refuses a retry tells the attempt before it, which may have acted', () => {
	const A0 = '1a000000-0000-4000-8000-000000000000';
	const A1 = '1a000000-0000-4000-8000-000000000001';
	test('Leonardo Delete, 2 items, Stop Workflow: item 0’s DELETE meets a 502 after item 1 failed; its retry is refused, and item 0 fails with the 502 (it may be deleted), not "not done"', async () => {
		const failed = gate();
		let deletes0 = 0;
		nock(LEONARDO)
			.delete(`${API}/init-image/${A0}`)
			.times(5)
			.reply(async () => {
				deletes0++;
				await failed.opened;
				await new Promise((resolve) => setTimeout(resolve, 20));
				return [502, 'Bad Gateway'];
			})
			.delete(`${API}/init-image/${A1}`)
			.reply(() => {
				failed.open();
				return [400, { error: 'invalid id', path: '$', code: 'unexpected' }];
			});
		const result = await run(
			'leonardoAi',
			{ resource: 'image', operation: 'delete', imageId: '={{ $json.id }}' },
			{ items: [{ id: A0 }, { id: A1 }] },
		);
		expect(deletes0).toBe(1);
		expect(result.error?.message).toMatch(/^Failed to delete image\. API error: 502/);
		expect(descriptionOf(result)).toContain('Failed: items 0–1.');
		expect(descriptionOf(result)).not.toContain('Not done');
	});
});
