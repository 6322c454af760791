import type { IDataObject, INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { runWorkflow } from '../harness/engine';
import { sleeps } from '../harness/recordedSleep';
import { CREDENTIALS } from '../harness/providers';
import { chainWorkflow, type OnError } from '../harness/workflows';

// Waits (poll intervals, backoff) go through n8n-workflow's `sleep`: recorded, not slept.
jest.mock('n8n-workflow', () =>
	jest.requireActual('../harness/recordedSleep').workflowWithRecordedSleep(),
);

const NODE_CREDENTIAL = {
	leonardoAi: 'leonardoAiApi',
	cloudflareImages: 'cloudflareImagesApi',
	imageKit: 'imageKitApi',
} as const;
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

async function run(
	node: keyof typeof NODE_CREDENTIAL,
	parameters: INodeParameters,
	items: IDataObject[] = [{}],
	onError?: OnError,
) {
	return await runWorkflow(
		chainWorkflow(items, [
			{ type: node, credentialType: NODE_CREDENTIAL[node], parameters, onError },
		]),
		{
			credentials: CREDENTIALS,
		},
	);
}
const jsonOut = (result: Awaited<ReturnType<typeof run>>) =>
	result.outputs('Node 1')[0]?.map((item) => item.json) ?? [];
const binaryItem = (fileName = 'photo.png', mimeType = 'image/png', data = PNG) => ({
	$binary: { data: { data: data.toString('base64'), mimeType, fileName } },
});

/** nock hands binary request bodies over as hex. */
const asText = (body: string) =>
	/^[0-9a-f]+$/.test(body) && body.length % 2 === 0
		? Buffer.from(body, 'hex').toString('latin1')
		: body;

const LEONARDO = 'https://cloud.leonardo.ai';
const CLOUDFLARE = 'https://api.cloudflare.com';
const CF_ACCOUNT = '/client/v4/accounts/acc123';
const IMAGEKIT = 'https://api.imagekit.io';

describe('Leonardo AI', () => {
	test('image.upload: presigned two-step upload; the storage request carries no Authorization', async () => {
		let storageBody = '';
		const api = nock(LEONARDO, { reqheaders: { authorization: 'Bearer leo-secret-key-123' } })
			.post('/api/rest/v1/init-image', { extension: 'png' })
			.reply(200, {
				uploadInitImage: {
					id: 'init-1',
					url: 'https://storage.example.test/bucket',
					key: 'k/init-1.png',
					fields: JSON.stringify({ key: 'k/init-1.png', Policy: 'p' }),
				},
			});
		const storage = nock('https://storage.example.test', { badheaders: ['authorization'] })
			.post('/bucket', (body: string) => {
				storageBody = asText(body);
				return true;
			})
			.reply(204);
		const result = await run('leonardoAi', { resource: 'image', operation: 'upload' }, [
			binaryItem(),
		]);
		expect(result.error).toBeUndefined();
		expect(jsonOut(result)).toEqual([
			{ id: 'init-1', extension: 'png', fileName: 'photo.png', size: PNG.length },
		]);
		expect(storageBody).toContain('name="key"\r\n\r\nk/init-1.png');
		expect(storageBody).toContain('name="Policy"\r\n\r\np');
		expect(storageBody).toMatch(/name="file"; filename="photo.png"\r\nContent-Type: image\/png/);
		expect(api.isDone() && storage.isDone()).toBe(true);
	});

	test.each([
		['a missing binary property', [{}], /No file in the binary property "data"/],
		['an empty file', [binaryItem('empty.png', 'image/png', Buffer.alloc(0))], /is empty/],
		[
			'an unsupported type',
			[binaryItem('anim.gif', 'image/gif')],
			/Unsupported file type "gif": upload png, jpg, jpeg, webp/,
		],
	])('image.upload refuses %s before any request', async (_case, items, message) => {
		const result = await run(
			'leonardoAi',
			{ resource: 'image', operation: 'upload' },
			items as IDataObject[],
		);
		expect(result.error?.message).toMatch(message);
	});

	test('image.get returns the init image; a null answer is "Image not found"', async () => {
		nock(LEONARDO)
			.get('/api/rest/v1/init-image/a')
			.reply(200, {
				init_images_by_pk: { id: 'a', url: 'https://x/a.png', createdAt: '2026-01-01T00:00:00Z' },
			})
			.get('/api/rest/v1/init-image/b')
			.reply(200, { init_images_by_pk: null });
		const result = await run(
			'leonardoAi',
			{ resource: 'image', operation: 'get', imageId: '={{ $json.id }}' },
			[{ id: 'a' }, { id: 'b' }],
			'continueRegularOutput',
		);
		expect(jsonOut(result)).toEqual([
			{ id: 'a', url: 'https://x/a.png', createdAt: '2026-01-01T00:00:00Z' },
			{
				error: 'Failed to get image. API error: Image not found',
				httpCode: '404',
				reason: 'notFound',
			},
		]);
	});

	test("generation.create sends the options under the API's own field names; without waiting it outputs the job", async () => {
		// The exact body: POST /generations names these num_images, negative_prompt, init_image_id
		// and init_strength (Leonardo's OpenAPI specification) and ignores names it does not know.
		nock(LEONARDO)
			.post('/api/rest/v1/generations', {
				prompt: 'a red fox',
				modelId: 'model-1',
				width: 768,
				height: 512,
				num_images: 2,
				negative_prompt: 'blurry',
				init_image_id: 'init-1',
				init_strength: 0.4,
			})
			.reply(200, { sdGenerationJob: { generationId: 'gen-1', apiCreditCost: 12 } });
		const result = await run('leonardoAi', {
			resource: 'generation',
			operation: 'create',
			prompt: '  a red fox ',
			options: {
				modelId: 'model-1',
				width: 768,
				height: 512,
				numImages: 2,
				negativePrompt: '  blurry ',
				initImageId: 'init-1',
				initStrength: 0.4,
			},
		});
		// The same fields as when it waits: `id` for a following Get or Delete.
		expect(jsonOut(result)).toEqual([{ id: 'gen-1', generationId: 'gen-1', apiCreditCost: 12 }]);
	});

	test('generation.create waits: polls until COMPLETE at the poll interval, outputs the generation', async () => {
		nock(LEONARDO)
			.post('/api/rest/v1/generations')
			.reply(200, { sdGenerationJob: { generationId: 'gen-1', apiCreditCost: 8 } })
			.get('/api/rest/v1/generations/gen-1')
			.times(2)
			.reply(200, { generations_by_pk: { id: 'gen-1', status: 'PENDING' } })
			.get('/api/rest/v1/generations/gen-1')
			.reply(200, {
				generations_by_pk: {
					id: 'gen-1',
					status: 'COMPLETE',
					prompt: 'p',
					generated_images: [{ id: 'i1', url: 'u' }],
					extra: 'dropped by simplify',
				},
			});
		const result = await run('leonardoAi', {
			resource: 'generation',
			operation: 'create',
			prompt: 'p',
			options: { waitForCompletion: true, pollInterval: 2 },
		});
		expect(jsonOut(result)).toEqual([
			{
				generationId: 'gen-1',
				id: 'gen-1',
				apiCreditCost: 8,
				status: 'COMPLETE',
				prompt: 'p',
				generated_images: [{ id: 'i1', url: 'u' }],
			},
		]);
		expect(sleeps).toEqual([2000, 2000]);
	});

	test('waiting fails clearly on FAILED; on timeout only once the whole timeout is spent, with a last look at the deadline', async () => {
		// The clock moves as far as the node sleeps, and 20 ms for each answer (a real request takes time).
		const start = Date.now();
		let answers = 0;
		const now = () => start + sleeps.reduce((sum, ms) => sum + ms, 0) + 20 * answers;
		const clock = jest.spyOn(Date, 'now').mockImplementation(now);
		const polledAt: number[] = [];
		nock(LEONARDO)
			.get('/api/rest/v1/generations/gen-f')
			.reply(200, { generations_by_pk: { id: 'gen-f', status: 'FAILED' } })
			.get('/api/rest/v1/generations/gen-p')
			.times(10)
			.reply(200, () => {
				polledAt.push(now() - start);
				answers++;
				return { generations_by_pk: { id: 'gen-p', status: 'PENDING' } };
			});
		const result = await run(
			'leonardoAi',
			{
				resource: 'generation',
				operation: 'get',
				generationId: '={{ $json.id }}',
				options: { waitForCompletion: true, pollInterval: 1, timeout: 3 },
			},
			[{ id: 'gen-f' }, { id: 'gen-p' }],
			'continueRegularOutput',
		);
		expect(jsonOut(result)).toEqual([
			{
				error: 'Failed to get generation. API error: generation gen-f ended with status FAILED',
				reason: 'other',
			},
			{
				error:
					'Failed to get generation. API error: generation gen-p not finished after waiting 3 s (timeout 3 s, status PENDING)',
				reason: 'other',
			},
		]);
		// Looks at 0, 1, 2 s and at the 3 s deadline, not giving up after the look at ~2 s.
		expect(polledAt.map((ms) => Math.round(ms / 100) / 10)).toEqual([0, 1, 2, 3]);
		clock.mockRestore();
	});

	test("generation.getMany pages through the key's own user's generations", async () => {
		const page = (from: number, count: number) => ({
			generations: Array.from({ length: count }, (_, i) => ({
				id: `g${from + i}`,
				status: 'COMPLETE',
			})),
		});
		nock(LEONARDO)
			.get('/api/rest/v1/me')
			.reply(200, { user_details: [{ user: { id: 'user-9', username: 'u' } }] })
			.get('/api/rest/v1/generations/user/user-9')
			.query({ offset: '0', limit: '50' })
			.reply(200, page(0, 50))
			.get('/api/rest/v1/generations/user/user-9')
			.query({ offset: '50', limit: '50' })
			.reply(200, page(50, 7));
		const result = await run('leonardoAi', {
			resource: 'generation',
			operation: 'getMany',
			returnAll: true,
		});
		const out = jsonOut(result);
		expect(out).toHaveLength(57);
		expect(out[56]).toEqual({ id: 'g56', status: 'COMPLETE' });
		expect(
			result.outputs('Node 1')[0].every((item) => (item.pairedItem as { item: number }).item === 0),
		).toBe(true);
	});

	test('generation.getMany with a limit and a user ID stops at the limit', async () => {
		nock(LEONARDO)
			.get('/api/rest/v1/generations/user/someone')
			.query(true)
			.reply(200, { generations: Array.from({ length: 50 }, (_, i) => ({ id: `g${i}` })) });
		const result = await run('leonardoAi', {
			resource: 'generation',
			operation: 'getMany',
			limit: 3,
			options: { userId: 'someone' },
		});
		expect(jsonOut(result).map((g) => g.id)).toEqual(['g0', 'g1', 'g2']);
	});

	test('user.get outputs the user details', async () => {
		nock(LEONARDO)
			.get('/api/rest/v1/me')
			.reply(200, {
				user_details: [{ user: { id: 'u1', username: 'me' }, apiConcurrencySlots: 10 }],
			});
		const result = await run('leonardoAi', { resource: 'user', operation: 'get' });
		expect(jsonOut(result)).toEqual([
			{ user: { id: 'u1', username: 'me' }, apiConcurrencySlots: 10 },
		]);
	});
});

describe('Cloudflare Images', () => {
	test('image.upload from a URL with custom id, metadata and creator', async () => {
		let body = '';
		nock(CLOUDFLARE)
			.post(`${CF_ACCOUNT}/images/v1`, (received: string) => {
				body = asText(received);
				return true;
			})
			.matchHeader('content-type', /^multipart\/form-data; boundary=/)
			.reply(200, {
				success: true,
				errors: [],
				messages: [],
				result: { id: 'shop/1', filename: 'a.png' },
			});
		const result = await run('cloudflareImages', {
			resource: 'image',
			operation: 'upload',
			inputType: 'url',
			url: 'https://example.com/a.png',
			options: {
				customId: 'shop/1',
				metadata: '{"source":"n8n"}',
				creator: 'bot',
			},
		});
		expect(jsonOut(result)).toEqual([{ id: 'shop/1', filename: 'a.png' }]);
		for (const part of [
			'name="url"\r\n\r\nhttps://example.com/a.png',
			'name="id"\r\n\r\nshop/1',
			'name="metadata"\r\n\r\n{"source":"n8n"}',
			'name="creator"\r\n\r\nbot',
		]) {
			expect(body).toContain(part);
		}
	});

	test('image.upload with signed URLs sends requireSignedURLs; with a Custom ID too it is refused before any request (Cloudflare: "Images with custom ID paths cannot be made private using signed URL tokens", developers.cloudflare.com/images/upload-images/upload-custom-path/)', async () => {
		let body = '';
		nock(CLOUDFLARE)
			.post(`${CF_ACCOUNT}/images/v1`, (received: string) => {
				body = asText(received);
				return true;
			})
			.reply(200, { success: true, errors: [], messages: [], result: { id: 'r1' } });
		const upload = (options: INodeParameters) =>
			run('cloudflareImages', {
				resource: 'image',
				operation: 'upload',
				inputType: 'url',
				url: 'https://example.com/a.png',
				options,
			});
		expect(jsonOut(await upload({ requireSignedURLs: true }))).toEqual([{ id: 'r1' }]);
		expect(body).toContain('name="requireSignedURLs"\r\n\r\ntrue');
		const refused = await upload({ requireSignedURLs: true, customId: 'shop/1' });
		expect(refused.error?.message).toBe(
			'Cloudflare cannot require signed URLs for an image with a Custom ID. Please leave Custom ID empty, or turn Require Signed URLs off.',
		);
	});

	test('image.upload from binary sends the file part', async () => {
		let body = '';
		nock(CLOUDFLARE)
			.post(`${CF_ACCOUNT}/images/v1`, (received: string) => {
				body = asText(received);
				return true;
			})
			.reply(200, { success: true, errors: [], messages: [], result: { id: 'x' } });
		await run(
			'cloudflareImages',
			{ resource: 'image', operation: 'upload', inputType: 'binary', binaryPropertyName: 'data' },
			[binaryItem()],
		);
		expect(body).toMatch(/name="file"; filename="photo.png"\r\nContent-Type: image\/png/);
	});

	test.each([
		['not JSON', '{nope', /Metadata must be a JSON object/],
		['a list', '[1,2]', /Metadata must be a JSON object/],
		[
			'over 1024 bytes',
			JSON.stringify({ text: 'x'.repeat(1100) }),
			/Cloudflare takes at most 1024/,
		],
	])('metadata that is %s is refused before any request', async (_case, metadata, message) => {
		const result = await run('cloudflareImages', {
			resource: 'image',
			operation: 'upload',
			inputType: 'url',
			url: 'https://example.com/a.png',
			options: { metadata },
		});
		expect(result.error?.message).toMatch(message);
	});

	test('image.getMany pages with continuation tokens and filters by upload time while paging', async () => {
		const image = (id: string, uploaded: string) => ({ id, uploaded });
		const scope = nock(CLOUDFLARE)
			.get(`${CF_ACCOUNT}/images/v2`)
			.query({ per_page: '1000', sort_order: 'desc', creator: 'bot' })
			.reply(200, {
				success: true,
				errors: [],
				result: {
					images: [image('new', '2026-11-20T00:00:00Z'), image('mid', '2026-10-01T00:00:00Z')],
					continuation_token: 'T2',
				},
			})
			.get(`${CF_ACCOUNT}/images/v2`)
			.query({ per_page: '1000', sort_order: 'desc', creator: 'bot', continuation_token: 'T2' })
			.reply(200, {
				success: true,
				errors: [],
				result: {
					images: [image('old', '2026-09-01T00:00:00Z'), image('older', '2026-08-01T00:00:00Z')],
					continuation_token: 'T3',
				},
			});
		const result = await run('cloudflareImages', {
			resource: 'image',
			operation: 'getMany',
			returnAll: true,
			options: {
				uploadedBefore: '2026-10-24T00:00:00Z',
				uploadedAfter: '2026-08-15T00:00:00Z',
				creator: 'bot',
			},
		});
		expect(jsonOut(result).map((i) => i.id)).toEqual(['mid', 'old']);
		// "older" is before Uploaded After: the rest can only be older, so no third page is asked for.
		expect(scope.isDone()).toBe(true);
	});

	test.each([
		[
			'hands back a continuation token it already gave',
			['T2', 'T2'],
			'a page token handed back twice',
		],
		['sends an empty page with a token', ['T2', 'T3'], 'an empty page that says more follow'],
	])(
		'image.getMany with Return All stops with a clear error when the provider %s',
		async (_case, tokens, words) => {
			const page = (images: object[], token: string) => ({
				success: true,
				errors: [],
				result: { images, continuation_token: token },
			});
			// At most three pages are ever answered: a pager that asked for a fourth would fail on nock.
			const scope = nock(CLOUDFLARE)
				.get(`${CF_ACCOUNT}/images/v2`)
				.query(true)
				.reply(200, page([{ id: 'a', uploaded: '2026-11-20T00:00:00Z' }], 'T1'))
				.get(`${CF_ACCOUNT}/images/v2`)
				.query((query) => query.continuation_token === 'T1')
				.reply(
					200,
					page(
						tokens[1] === 'T3' ? [] : [{ id: 'b', uploaded: '2026-11-19T00:00:00Z' }],
						tokens[0],
					),
				)
				.get(`${CF_ACCOUNT}/images/v2`)
				.query((query) => query.continuation_token === 'T2')
				.optionally()
				.reply(200, page([{ id: 'c', uploaded: '2026-11-18T00:00:00Z' }], tokens[1]));
			const result = await run('cloudflareImages', {
				resource: 'image',
				operation: 'getMany',
				returnAll: true,
			});
			expect(result.error?.message).toBe(
				`Failed to list images. API error: ${words}; the listing stopped`,
			);
			scope.persist(false);
		},
	);

	test('account.getStats outputs the counts', async () => {
		nock(CLOUDFLARE)
			.get(`${CF_ACCOUNT}/images/v1/stats`)
			.reply(200, {
				success: true,
				errors: [],
				result: { count: { current: 12, allowed: 100000 } },
			});
		const result = await run('cloudflareImages', { resource: 'account', operation: 'getStats' });
		expect(jsonOut(result)).toEqual([{ count: { current: 12, allowed: 100000 } }]);
	});

	test('image.get of a missing image fails with the provider details', async () => {
		nock(CLOUDFLARE)
			.get(`${CF_ACCOUNT}/images/v1/nope`)
			.reply(404, { success: false, errors: [{ code: 5404, message: 'Image not found' }] });
		const result = await run('cloudflareImages', {
			resource: 'image',
			operation: 'get',
			imageId: 'nope',
		});
		expect(result.error?.message).toBe('Failed to get image. API error: Image not found');
	});
});

describe('ImageKit', () => {
	test('file.upload from binary goes to the upload host with folder, tags and flags', async () => {
		let body = '';
		nock('https://upload.imagekit.io')
			.post('/api/v1/files/upload', (received: string) => {
				body = asText(received);
				return true;
			})
			// The upload answer's own shape (ImageKit's OpenAPI `Upload`), not the details shape.
			.reply(200, {
				fileId: 'f1',
				name: 'photo_x.png',
				filePath: '/shop/photo_x.png',
				url: 'https://ik/x',
				thumbnailUrl: 'https://ik/tr:n-ik_ml_thumbnail/x',
				fileType: 'image',
				size: 68,
				height: 1,
				width: 1,
				tags: ['a', 'b'],
				isPrivateFile: true,
				versionInfo: { id: 'v1', name: 'Version 1' },
			});
		const result = await run(
			'imageKit',
			{
				resource: 'file',
				operation: 'upload',
				inputType: 'binary',
				options: { folder: '/shop', tags: 'a, b ,', isPrivateFile: true },
			},
			[binaryItem()],
		);
		expect(jsonOut(result)).toEqual([
			{
				fileId: 'f1',
				name: 'photo_x.png',
				filePath: '/shop/photo_x.png',
				url: 'https://ik/x',
				thumbnailUrl: 'https://ik/tr:n-ik_ml_thumbnail/x',
				fileType: 'image',
				size: 68,
				width: 1,
				height: 1,
				tags: ['a', 'b'],
				isPrivateFile: true,
			},
		]);
		for (const part of [
			'name="fileName"\r\n\r\nphoto.png',
			'name="folder"\r\n\r\n/shop',
			'name="tags"\r\n\r\na,b',
			'name="useUniqueFileName"\r\n\r\ntrue',
			'name="isPrivateFile"\r\n\r\ntrue',
		]) {
			expect(body).toContain(part);
		}
	});

	test('file.upload from a URL names the file after the URL', async () => {
		let body = '';
		nock('https://upload.imagekit.io')
			.post('/api/v1/files/upload', (received: string) => {
				body = asText(received);
				return true;
			})
			.reply(200, { fileId: 'f2' });
		await run('imageKit', {
			resource: 'file',
			operation: 'upload',
			inputType: 'url',
			url: 'https://example.com/p/cat.jpg?x=1',
		});
		expect(body).toContain('name="file"\r\n\r\nhttps://example.com/p/cat.jpg?x=1');
		expect(body).toContain('name="fileName"\r\n\r\ncat.jpg');
	});

	test('file.getMany pages with skip and limit and passes the filters', async () => {
		const files = (from: number, count: number) =>
			Array.from({ length: count }, (_, i) => ({ fileId: `f${from + i}`, name: 'n' }));
		nock(IMAGEKIT)
			.get('/v1/files')
			.query({
				searchQuery: 'createdAt < "2026-10-24T00:00:00Z"',
				path: '/shop',
				fileType: 'image',
				type: 'file',
				skip: '0',
				limit: '1000',
			})
			.reply(200, files(0, 1000))
			.get('/v1/files')
			.query({
				searchQuery: 'createdAt < "2026-10-24T00:00:00Z"',
				path: '/shop',
				fileType: 'image',
				type: 'file',
				skip: '1000',
				limit: '1000',
			})
			.reply(200, files(1000, 5));
		const result = await run('imageKit', {
			resource: 'file',
			operation: 'getMany',
			returnAll: true,
			options: {
				searchQuery: 'createdAt < "2026-10-24T00:00:00Z"',
				path: '/shop',
				fileType: 'image',
			},
		});
		expect(jsonOut(result)).toHaveLength(1005);
	});

	test('file.delete with purgeCache whose purge answers without a requestId outputs the delete with purgeError, worded as Cache → Purge words it', async () => {
		nock(IMAGEKIT)
			.get('/v1/files/f1/details')
			.reply(200, { fileId: 'f1', url: 'https://ik.imagekit.io/x/f1.png' })
			.delete('/v1/files/f1')
			.reply(204, '')
			.post('/v1/files/purge')
			.reply(201, {});
		const result = await run('imageKit', {
			resource: 'file',
			operation: 'delete',
			fileId: 'f1',
			options: { purgeCache: true },
		});
		expect(jsonOut(result)).toEqual([
			{
				deleted: true,
				id: 'f1',
				purgeError: 'Failed to purge cache. API error: no requestId in the answer to the purge',
			},
		]);
	});

	test('file.delete with purgeCache reads the URL, deletes, then purges it', async () => {
		const scope = nock(IMAGEKIT)
			.get('/v1/files/f1/details')
			.reply(200, { fileId: 'f1', url: 'https://ik.imagekit.io/demo/a.png' })
			.delete('/v1/files/f1')
			.reply(204)
			.post('/v1/files/purge', { url: 'https://ik.imagekit.io/demo/a.png' })
			.reply(201, { requestId: 'req-1' });
		const result = await run('imageKit', {
			resource: 'file',
			operation: 'delete',
			fileId: 'f1',
			options: { purgeCache: true },
		});
		expect(jsonOut(result)).toEqual([{ deleted: true, id: 'f1', purgeRequestId: 'req-1' }]);
		expect(scope.isDone()).toBe(true);
	});

	test('file.deleteMany takes comma/newline text, dedupes, and sends batches of at most 100', async () => {
		const batches: string[][] = [];
		nock(IMAGEKIT)
			.post('/v1/files/batch/deleteByFileIds', (body: { fileIds: string[] }) => {
				batches.push(body.fileIds);
				return true;
			})
			.times(3)
			.reply(200, (_uri: string, body: { fileIds: string[] }) => ({
				successfullyDeletedFileIds: body.fileIds,
			}));
		const ids = Array.from({ length: 250 }, (_, i) => `f${i}`);
		const result = await run('imageKit', {
			resource: 'file',
			operation: 'deleteMany',
			fileIds: `${ids.slice(0, 120).join(', ')}\n${ids.slice(120).join('\n')}\nf0`,
		});
		expect(batches.map((batch) => batch.length)).toEqual([100, 100, 50]);
		expect(jsonOut(result)).toEqual([{ deleted: ids, notFound: [] }]);
	});

	test.each([
		['deletes the others of a batch with a missing id', [['a', 'b']], true],
		['does not delete them: they are sent again', [['a', 'b'], ['a']], false],
	])(
		'file.deleteMany, when ImageKit %s, reports each id truthfully',
		async (_reading, expectedCalls, deletesOthers) => {
			const calls: string[][] = [];
			nock(IMAGEKIT)
				.post('/v1/files/batch/deleteByFileIds', (body: { fileIds: string[] }) => {
					calls.push(body.fileIds);
					return true;
				})
				.reply(404, { message: 'The requested file(s) does not exist.', missingFileIds: ['b'] })
				.post('/v1/files/batch/deleteByFileIds')
				.reply(
					deletesOthers ? 404 : 200,
					deletesOthers
						? { message: 'The requested file(s) does not exist.', missingFileIds: ['a'] }
						: { successfullyDeletedFileIds: ['a'] },
				);
			const result = await run('imageKit', {
				resource: 'file',
				operation: 'deleteMany',
				fileIds: '={{ ["a", "b", "c"].slice(0, 2) }}',
			});
			expect(jsonOut(result)).toEqual([{ deleted: ['a'], notFound: ['b'] }]);
			expect(calls[0]).toEqual(expectedCalls[0]);
		},
	);

	test('file.deleteMany of an empty list is nothing to delete (a clean-up on a quiet day): no request, an empty answer', async () => {
		for (const fileIds of [' , \n ', '={{ [] }}']) {
			const result = await run('imageKit', { resource: 'file', operation: 'deleteMany', fileIds });
			expect(result.error).toBeUndefined();
			expect(jsonOut(result)).toEqual([{ deleted: [], notFound: [] }]);
		}
	});

	test('cache.purge and cache.getPurgeStatus', async () => {
		nock(IMAGEKIT)
			.post('/v1/files/purge', { url: 'https://ik.imagekit.io/demo/a.png' })
			.reply(201, { requestId: 'req-9' })
			.get('/v1/files/purge/req-9')
			.reply(200, { status: 'Completed' });
		const purge = await run('imageKit', {
			resource: 'cache',
			operation: 'purge',
			url: 'https://ik.imagekit.io/demo/a.png',
		});
		expect(jsonOut(purge)).toEqual([{ requestId: 'req-9' }]);
		const status = await run('imageKit', {
			resource: 'cache',
			operation: 'getPurgeStatus',
			requestId: 'req-9',
		});
		expect(jsonOut(status)).toEqual([{ status: 'Completed' }]);
	});

	test('file.get simplifies the details unless asked not to', async () => {
		const details = {
			fileId: 'f1',
			name: 'a.png',
			filePath: '/a.png',
			url: 'u',
			fileType: 'image',
			mime: 'image/png',
			size: 1,
			width: 1,
			height: 1,
			tags: null,
			createdAt: 'c',
			updatedAt: 'u',
			thumbnail: 't',
			isPrivateFile: false,
		};
		nock(IMAGEKIT).get('/v1/files/f1/details').times(2).reply(200, details);
		const simple = await run('imageKit', { resource: 'file', operation: 'get', fileId: 'f1' });
		expect(Object.keys(jsonOut(simple)[0])).not.toContain('thumbnail');
		const raw = await run('imageKit', {
			resource: 'file',
			operation: 'get',
			fileId: 'f1',
			options: { simplify: false },
		});
		expect(jsonOut(raw)[0]).toEqual(details);
	});
});

describe('an answer that lacks what the operation promises is an error, never an empty success', () => {
	const CF = '/client/v4/accounts/acc123';
	const cases: Array<
		[string, keyof typeof NODE_CREDENTIAL, INodeParameters, () => nock.Scope, string]
	> = [
		[
			'ImageKit cache.purge answering 201 {}',
			'imageKit',
			{ resource: 'cache', operation: 'purge', url: 'https://ik.imagekit.io/x/a.png' },
			() => nock('https://api.imagekit.io').post('/v1/files/purge').reply(201, {}),
			'Failed to purge cache. API error: no requestId in the answer to the purge',
		],
		[
			'ImageKit cache.getPurgeStatus answering 200 {}',
			'imageKit',
			{ resource: 'cache', operation: 'getPurgeStatus', requestId: 'r1' },
			() => nock('https://api.imagekit.io').get('/v1/files/purge/r1').reply(200, {}),
			'Failed to get purge status. API error: no status in the answer',
		],
		[
			'ImageKit file.get answering 200 {}',
			'imageKit',
			{ resource: 'file', operation: 'get', fileId: 'f1' },
			() => nock('https://api.imagekit.io').get('/v1/files/f1/details').reply(200, {}),
			'Failed to get file. API error: no fileId in the answer',
		],
		[
			'ImageKit file.getMany answering 200 {}',
			'imageKit',
			{ resource: 'file', operation: 'getMany', returnAll: true },
			() => nock('https://api.imagekit.io').get('/v1/files').query(true).reply(200, {}),
			'Failed to list files. API error: no list of files in the answer',
		],
		[
			'Cloudflare image.upload answering 200 without result',
			'cloudflareImages',
			{
				resource: 'image',
				operation: 'upload',
				inputType: 'url',
				url: 'https://example.com/a.png',
			},
			() =>
				nock('https://api.cloudflare.com')
					.post(`${CF}/images/v1`)
					.reply(200, { success: true, errors: [], messages: [] }),
			'Failed to upload image. API error: no image in the answer to the upload',
		],
		[
			'Cloudflare image.getMany answering 200 without result',
			'cloudflareImages',
			{ resource: 'image', operation: 'getMany', returnAll: true },
			() =>
				nock('https://api.cloudflare.com')
					.get(`${CF}/images/v2`)
					.query(true)
					.reply(200, { success: true, errors: [], messages: [] }),
			'Failed to list images. API error: no list of images in the answer',
		],
		[
			'Cloudflare image.get answering 200 with an image without id',
			'cloudflareImages',
			{ resource: 'image', operation: 'get', imageId: 'i1' },
			() =>
				nock('https://api.cloudflare.com')
					.get(`${CF}/images/v1/i1`)
					.reply(200, { success: true, errors: [], result: {} }),
			'Failed to get image. API error: no id in the answer',
		],
		[
			'Leonardo generation.getMany answering 200 {}',
			'leonardoAi',
			{ resource: 'generation', operation: 'getMany', returnAll: true, options: { userId: 'u1' } },
			() =>
				nock('https://cloud.leonardo.ai')
					.get('/api/rest/v1/generations/user/u1')
					.query(true)
					.reply(200, {}),
			'Failed to list generations. API error: no list of generations in the answer',
		],
	];
	test.each(cases)('%s', async (_title, node, parameters, reply, message) => {
		reply();
		const result = await run(node, parameters);
		expect(result.error?.message).toBe(message);
	});
});

describe('Output Fields: only the fields asked for, over Simplify', () => {
	test('ImageKit File → Get Many with Output Fields "fileId, url": each item holds just those', async () => {
		nock(IMAGEKIT)
			.get('/v1/files')
			.query(true)
			.reply(200, [
				{ fileId: 'f1', name: 'a.png', url: 'https://ik.imagekit.io/demo/a.png', size: 10 },
				{ fileId: 'f2', name: 'b.png', size: 20 },
			]);
		const result = await run('imageKit', {
			resource: 'file',
			operation: 'getMany',
			returnAll: true,
			options: { outputFields: ' fileId , url,, ' },
		});
		expect(jsonOut(result)).toEqual([
			{ fileId: 'f1', url: 'https://ik.imagekit.io/demo/a.png' },
			{ fileId: 'f2' },
		]);
	});

	test('Cloudflare Image → Get has no short form: the whole answer, or the Output Fields', async () => {
		const image = { id: 'img-1', filename: 'a.png', uploaded: '2026-11-30T10:00:00Z', meta: {} };
		const answer = { success: true, errors: [], messages: [], result: image };
		nock(CLOUDFLARE).get(`${CF_ACCOUNT}/images/v1/img-1`).twice().reply(200, answer);
		const get = (options: INodeParameters) =>
			run('cloudflareImages', { resource: 'image', operation: 'get', imageId: 'img-1', options });
		expect(jsonOut(await get({}))).toEqual([image]);
		expect(jsonOut(await get({ outputFields: 'id,filename' }))).toEqual([
			{ id: 'img-1', filename: 'a.png' },
		]);
	});
});

describe('an id read straight from the item is the id n8n would resolve', () => {
	const deleted = { success: true, errors: [], messages: [], result: {} };
	const items = [{ id: 'a' }, { id: 7 }, { id: ' b ' }, {}, { id: { nested: 1 } }, { id: null }];
	const deleteWith = async (imageId: string) => {
		nock(CLOUDFLARE)
			.delete(/\/images\/v1\/.+/)
			.times(3)
			.reply(200, deleted);
		const result = await run(
			'cloudflareImages',
			{ resource: 'image', operation: 'delete', imageId },
			items,
			'continueRegularOutput',
		);
		nock.cleanAll();
		return jsonOut(result);
	};

	test('{{ $json.id }} and {{ $json["id"] }} answer as the expression n8n evaluates', async () => {
		// `$json.id ?? $json.id` is no simple field read: n8n's expression engine resolves it.
		const byN8n = await deleteWith('={{ $json.id ?? $json.id }}');
		expect(byN8n).toEqual([
			{ deleted: true, id: 'a' },
			{ deleted: true, id: '7' },
			{ deleted: true, id: 'b' },
			{
				error: 'Image ID cannot be empty. Please provide a valid image ID.',
				reason: 'invalidInput',
			},
			{
				error: 'Image ID must be text or a number, not an object. Please provide a valid image ID.',
				reason: 'invalidInput',
			},
			{
				error: 'Image ID cannot be empty. Please provide a valid image ID.',
				reason: 'invalidInput',
			},
		]);
		expect(await deleteWith('={{ $json.id }}')).toEqual(byN8n);
		expect(await deleteWith("={{ $json['id'] }}")).toEqual(byN8n);
	});
});
