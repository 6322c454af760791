import type { IDataObject, INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { runWorkflow } from '../harness/engine';
import { CREDENTIALS } from '../harness/providers';
import { chainWorkflow, type OnError } from '../harness/workflows';

// Waits between attempts go through n8n-workflow's `sleep`: recorded here, not slept.
jest.mock('n8n-workflow', () =>
	jest.requireActual('../harness/recordedSleep').workflowWithRecordedSleep(),
);

const NODE_CREDENTIAL = {
	leonardoAi: 'leonardoAiApi',
	cloudflareImages: 'cloudflareImagesApi',
	imageKit: 'imageKitApi',
} as const;

async function run(
	node: keyof typeof NODE_CREDENTIAL,
	parameters: INodeParameters,
	{ items = [{}], onError }: { items?: IDataObject[]; onError?: OnError } = {},
) {
	return await runWorkflow(
		chainWorkflow(items, [
			{ type: node, credentialType: NODE_CREDENTIAL[node], parameters, onError },
		]),
		{ credentials: CREDENTIALS },
	);
}
const jsonOut = (result: Awaited<ReturnType<typeof run>>) =>
	result.outputs('Node 1')[0]?.map((item) => item.json) ?? [];

/** An Error instance: nock 14 mistakes a plain object for a response. */
function networkError(code: string, message: string): Error {
	return Object.assign(new Error(message), { code });
}
const lostAnswer = () => networkError('ECONNRESET', 'socket hang up');

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const binaryItem = {
	$binary: { data: { data: PNG.toString('base64'), mimeType: 'image/png', fileName: 'photo.png' } },
};

/** Counts the requests an interceptor answers. */
function counted<T>(answer: () => T): { answer: () => T; count: () => number } {
	let count = 0;
	return {
		answer: () => {
			count++;
			return answer();
		},
		count: () => count,
	};
}

const LEONARDO = 'https://cloud.leonardo.ai';
const GENERATIONS = '/api/rest/v1/generations';
const job = (generationId: string) => ({ sdGenerationJob: { generationId, apiCreditCost: 8 } });
const createGeneration = { resource: 'generation', operation: 'create', prompt: 'a red fox' };
const GENERATION_MAY_EXIST =
	'the generation may exist all the same: look for it with Generation → Get Many (created since <time>) before running this item again (each generation costs credits)';

/** A message with the time a create was sent (to the second) as `<time>`. */
const atAnyTime = (text: string | undefined) =>
	text?.replace(/\(created since \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)/g, '(created since <time>)');

describe('Leonardo AI generation.create: POST /generations is sent again only when Leonardo surely did not act', () => {
	test('a 502 then a 200: ONE POST, and the item fails saying the generation may exist', async () => {
		const repeat = counted(() => job('gen-2'));
		nock(LEONARDO)
			.post(GENERATIONS)
			.reply(502, '<html>Bad Gateway</html>')
			.post(GENERATIONS)
			.optionally()
			.reply(200, repeat.answer);
		const result = await run('leonardoAi', createGeneration);
		expect(atAnyTime(result.error?.message)).toBe(
			`Failed to create generation. API error: 502 Bad Gateway; ${GENERATION_MAY_EXIST}`,
		);
		expect((result.error as unknown as { httpCode: string }).httpCode).toBe('502');
		expect(repeat.count()).toBe(0);
	});

	test.each([
		['a lost answer (ECONNRESET)', () => lostAnswer(), 'connection lost (ECONNRESET)'],
		['a 500', 500, '500 Internal Server Error'],
		['a 504', 504, '504 Gateway Timeout'],
	])(
		'%s: ONE POST, the item fails saying the generation may exist',
		async (_case, fault, words) => {
			const repeat = counted(() => job('gen-2'));
			const scope = nock(LEONARDO).post(GENERATIONS);
			const first =
				typeof fault === 'number' ? scope.reply(fault, '') : scope.replyWithError(fault());
			first.post(GENERATIONS).optionally().reply(200, repeat.answer);
			const result = await run('leonardoAi', createGeneration);
			expect(atAnyTime(result.error?.message)).toBe(
				`Failed to create generation. API error: ${words}; ${GENERATION_MAY_EXIST}`,
			);
			expect(repeat.count()).toBe(0);
		},
	);

	test('an answer slower than the request timeout is not sent again: the generation may exist', async () => {
		const repeat = counted(() => job('gen-2'));
		nock(LEONARDO)
			.post(GENERATIONS)
			.delay(2000)
			.reply(200, job('gen-1'))
			.post(GENERATIONS)
			.optionally()
			.reply(200, repeat.answer);
		const result = await run('leonardoAi', {
			...createGeneration,
			options: { requestTimeout: 0.2 },
		});
		expect(atAnyTime(result.error?.message)).toBe(
			`Failed to create generation. API error: no answer within 0.2 s (ECONNABORTED); ${GENERATION_MAY_EXIST}`,
		);
		expect(repeat.count()).toBe(0);
	});

	test('a 503, a 429 and a refused connection are sent again (nothing was done); a 502 after them is not', async () => {
		const posts = counted(() => [502, '']);
		nock(LEONARDO)
			.post(GENERATIONS)
			.reply(503, '')
			.post(GENERATIONS)
			.reply(429, { error: 'rate limited' }, { 'Retry-After': '1' })
			.post(GENERATIONS)
			.replyWithError(networkError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:443'))
			.post(GENERATIONS)
			.times(2)
			.reply(() => posts.answer() as [number, string]);
		const result = await run('leonardoAi', createGeneration);
		expect(atAnyTime(result.error?.message)).toBe(
			`Failed to create generation. API error: 502 Bad Gateway; ${GENERATION_MAY_EXIST}`,
		);
		expect(posts.count()).toBe(1);
	});

	test.each([
		['a 503', (scope: nock.Interceptor) => scope.reply(503, '')],
		['a 429', (scope: nock.Interceptor) => scope.reply(429, {}, { 'Retry-After': '1' })],
		[
			'a refused connection',
			(scope: nock.Interceptor) => scope.replyWithError(networkError('ECONNREFUSED', 'refused')),
		],
	])('%s then a 200: sent again, one generation', async (_case, fault) => {
		const scope = fault(nock(LEONARDO).post(GENERATIONS))
			.post(GENERATIONS)
			.reply(200, job('gen-1'));
		const result = await run('leonardoAi', createGeneration);
		expect(result.error).toBeUndefined();
		expect(jsonOut(result)).toEqual([{ id: 'gen-1', generationId: 'gen-1', apiCreditCost: 8 }]);
		expect(scope.isDone()).toBe(true);
	});

	test('each item decides alone: the lost one fails saying it may exist, the others are created once', async () => {
		const answers: Record<string, () => nock.ReplyFnResult> = {
			'fox 1': () => [200, job('gen-1')],
			'fox 2': () => [502, ''],
			'fox 3': () => [200, job('gen-3')],
		};
		const sent: string[] = [];
		nock(LEONARDO)
			.post(GENERATIONS)
			.times(4)
			.reply((_uri, body) => {
				const { prompt } = body as { prompt: string };
				sent.push(prompt);
				return answers[prompt]();
			});
		const result = await run(
			'leonardoAi',
			{ ...createGeneration, prompt: '={{ $json.prompt }}' },
			{
				items: [{ prompt: 'fox 1' }, { prompt: 'fox 2' }, { prompt: 'fox 3' }],
				onError: 'continueRegularOutput',
			},
		);
		const [first, second, third] = jsonOut(result);
		expect([first, { ...second, error: atAnyTime(String(second.error)) }, third]).toEqual([
			{ id: 'gen-1', generationId: 'gen-1', apiCreditCost: 8 },
			{
				error: `Failed to create generation. API error: 502 Bad Gateway; ${GENERATION_MAY_EXIST}`,
				httpCode: '502',
				reason: 'server',
			},
			{ id: 'gen-3', generationId: 'gen-3', apiCreditCost: 8 },
		]);
		expect(sent.sort()).toEqual(['fox 1', 'fox 2', 'fox 3']);
	});
});

describe('Leonardo AI image.upload (init image)', () => {
	const INIT = '/api/rest/v1/init-image';
	const presigned = {
		uploadInitImage: {
			id: 'init-1',
			url: 'https://storage.example.test/bucket',
			key: 'k/init-1.png',
			fields: JSON.stringify({ key: 'k/init-1.png' }),
		},
	};

	test('a 500 on POST /init-image: ONE POST, nothing stored, the item fails saying the init image may exist', async () => {
		const repeat = counted(() => presigned);
		nock(LEONARDO)
			.post(INIT)
			.reply(500, { error: 'internal error', path: '$', code: 'unexpected' })
			.post(INIT)
			.optionally()
			.reply(200, repeat.answer);
		const stored = counted(() => '');
		nock('https://storage.example.test').post('/bucket').optionally().reply(204, stored.answer);
		const result = await run(
			'leonardoAi',
			{ resource: 'image', operation: 'upload' },
			{ items: [binaryItem] },
		);
		expect(result.error?.message).toBe(
			'Failed to upload image. API error: internal error; the init image may exist all the same: without a file (none was sent), and Leonardo lists no init images to look for it; run the item again to upload the file',
		);
		expect(repeat.count()).toBe(0);
		expect(stored.count()).toBe(0);
	});

	test('the presigned storage POST is sent again after a 500: it writes the same key', async () => {
		const api = nock(LEONARDO).post(INIT).reply(200, presigned);
		const storage = nock('https://storage.example.test')
			.post('/bucket')
			.reply(500, '<Error><Code>InternalError</Code></Error>')
			.post('/bucket')
			.reply(204);
		const result = await run(
			'leonardoAi',
			{ resource: 'image', operation: 'upload' },
			{ items: [binaryItem] },
		);
		expect(result.error).toBeUndefined();
		expect(jsonOut(result)).toEqual([
			{ id: 'init-1', extension: 'png', fileName: 'photo.png', size: PNG.length },
		]);
		expect(api.isDone() && storage.isDone()).toBe(true);
	});
});

describe('Cloudflare Images image.upload', () => {
	const CLOUDFLARE = 'https://api.cloudflare.com';
	const IMAGES = '/client/v4/accounts/acc123/images/v1';
	const envelope = (result: unknown) => ({ success: true, errors: [], messages: [], result });
	const image = (id: string, uploaded: string) => ({
		id,
		filename: 'photo.png',
		meta: {},
		requireSignedURLs: false,
		uploaded,
		variants: [`https://imagedelivery.net/hash/${id}/public`],
	});
	const upload = (options: INodeParameters = {}): INodeParameters => ({
		resource: 'image',
		operation: 'upload',
		inputType: 'url',
		url: 'https://example.com/photo.png',
		options,
	});
	const alreadyExists = () => [
		409,
		{
			success: false,
			errors: [{ code: 5409, message: 'Resource already exists' }],
			messages: [],
			result: null,
		},
	];

	test('with a custom ID, a lost answer after Cloudflare stored the image: ONE POST, then a GET, and the image is output', async () => {
		const repeat = counted(alreadyExists);
		nock(CLOUDFLARE)
			.post(IMAGES)
			.replyWithError(lostAnswer())
			.post(IMAGES)
			.optionally()
			.reply(() => repeat.answer() as [number, object]);
		const lookUp = nock(CLOUDFLARE)
			.get(`${IMAGES}/shop%2Fred`)
			.reply(200, () => envelope(image('shop/red', new Date().toISOString())));
		const result = await run('cloudflareImages', upload({ customId: 'shop/red' }));
		expect(result.error).toBeUndefined();
		expect(jsonOut(result)).toEqual([
			expect.objectContaining({ id: 'shop/red', filename: 'photo.png' }),
		]);
		expect(repeat.count()).toBe(0);
		expect(lookUp.isDone()).toBe(true);
	});

	test('with a custom ID, an image uploaded before this upload is not taken for it: the item fails saying it may exist', async () => {
		nock(CLOUDFLARE)
			.post(IMAGES)
			.reply(502, '')
			.get(`${IMAGES}/logo`)
			.reply(200, envelope(image('logo', '2026-01-01T00:00:00.000Z')));
		const result = await run('cloudflareImages', upload({ customId: 'logo' }));
		expect(result.error?.message).toBe(
			'Failed to upload image. API error: 502 Bad Gateway; the image may exist all the same: look for it with Image → Get, Image ID logo',
		);
	});

	test('with a custom ID that is not found after the lost answer: the item fails saying it may exist', async () => {
		nock(CLOUDFLARE)
			.post(IMAGES)
			.reply(504, '')
			.get(`${IMAGES}/logo`)
			.reply(404, {
				success: false,
				errors: [{ code: 5404, message: 'Image not found' }],
				messages: [],
				result: null,
			});
		const result = await run('cloudflareImages', upload({ customId: 'logo' }));
		expect(result.error?.message).toMatch(
			/^Failed to upload image\. API error: 504 Gateway Timeout; the image may exist all the same: look for it with Image → Get, Image ID logo$/,
		);
	});

	test('without a custom ID, a lost answer: ONE POST, and the item fails saying the image may exist, with the time to look after', async () => {
		const repeat = counted(() => [200, envelope(image('random-2', new Date().toISOString()))]);
		nock(CLOUDFLARE)
			.post(IMAGES)
			.replyWithError(lostAnswer())
			.post(IMAGES)
			.optionally()
			.reply(() => repeat.answer() as [number, object]);
		// The node reads the wall clock (`new Date()`), which the recorded sleeps do not move on.
		const before = Math.floor(new Date().getTime() / 1000) * 1000;
		const result = await run('cloudflareImages', upload());
		const message = String(result.error?.message);
		expect(message).toMatch(
			/^Failed to upload image\. API error: connection lost \(ECONNRESET\); the image may exist all the same: look for it with Image → Get Many, Uploaded After (\S+)$/,
		);
		const after = Date.parse(/Uploaded After (\S+)$/.exec(message)![1]);
		expect(after).toBeGreaterThanOrEqual(before);
		expect(after).toBeLessThanOrEqual(Date.now());
		expect(repeat.count()).toBe(0);
	});
});

describe('ImageKit file.upload', () => {
	const UPLOAD_HOST = 'https://upload.imagekit.io';
	const UPLOAD = '/api/v1/files/upload';
	const IMAGEKIT = 'https://api.imagekit.io';
	const details = (fileId: string, filePath: string, time: string) => ({
		fileId,
		type: 'file',
		name: filePath.split('/').pop(),
		filePath,
		url: `https://ik.imagekit.io/demo${filePath}`,
		thumbnail: `https://ik.imagekit.io/demo/tr:n-ik_ml_thumbnail${filePath}`,
		fileType: 'image',
		mime: 'image/png',
		height: 1,
		width: 1,
		size: PNG.length,
		tags: null,
		isPrivateFile: false,
		createdAt: time,
		updatedAt: time,
	});
	const upload = (options: INodeParameters): INodeParameters => ({
		resource: 'file',
		operation: 'upload',
		inputType: 'binary',
		options: { folder: '/shop', ...options },
	});

	test('with Use Unique File Name off, a lost answer: ONE POST, then the file at folder + name is output in the upload shape', async () => {
		const repeat = counted(() => ({ fileId: 'second' }));
		nock(UPLOAD_HOST)
			.post(UPLOAD)
			.replyWithError(lostAnswer())
			.post(UPLOAD)
			.optionally()
			.reply(200, repeat.answer);
		const list = nock(IMAGEKIT)
			.get('/v1/files')
			.query({ path: '/shop/', searchQuery: 'name = "photo.png"' })
			.reply(200, () => [
				details('f-old-other', '/shop/sub/photo.png', new Date().toISOString()),
				details('f1', '/shop/photo.png', new Date().toISOString()),
			]);
		const result = await run('imageKit', upload({ useUniqueFileName: false }), {
			items: [binaryItem],
		});
		expect(result.error).toBeUndefined();
		expect(jsonOut(result)).toEqual([
			{
				fileId: 'f1',
				name: 'photo.png',
				filePath: '/shop/photo.png',
				url: 'https://ik.imagekit.io/demo/shop/photo.png',
				thumbnailUrl: 'https://ik.imagekit.io/demo/tr:n-ik_ml_thumbnail/shop/photo.png',
				fileType: 'image',
				size: PNG.length,
				width: 1,
				height: 1,
				tags: null,
				isPrivateFile: false,
			},
		]);
		expect(repeat.count()).toBe(0);
		expect(list.isDone()).toBe(true);
	});

	test('with Use Unique File Name off, a file there from before the upload is not taken for it: the item fails saying it may exist', async () => {
		nock(UPLOAD_HOST).post(UPLOAD).reply(502, '');
		nock(IMAGEKIT)
			.get('/v1/files')
			.query(true)
			.reply(200, [details('f-old', '/shop/photo.png', '2026-01-01T00:00:00.000Z')]);
		const result = await run('imageKit', upload({ useUniqueFileName: false }), {
			items: [binaryItem],
		});
		expect(result.error?.message).toBe(
			'Failed to upload file. API error: 502 Bad Gateway; the file may exist all the same: look for it with File → Get Many, Path /shop/, Search Query name = "photo.png"',
		);
	});

	test('with Use Unique File Name on (the default), a lost answer: ONE POST, no look-up, the item fails saying the file may exist', async () => {
		const repeat = counted(() => ({ fileId: 'second' }));
		nock(UPLOAD_HOST)
			.post(UPLOAD)
			.replyWithError(lostAnswer())
			.post(UPLOAD)
			.optionally()
			.reply(200, repeat.answer);
		const result = await run('imageKit', upload({}), { items: [binaryItem] });
		expect(String(result.error?.message)).toMatch(
			/^Failed to upload file\. API error: connection lost \(ECONNRESET\); the file may exist all the same: look for it with File → Get Many, Path \/shop\/, Search Query createdAt >= "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"$/,
		);
		expect(repeat.count()).toBe(0);
	});
});

describe('Creates in one run: an object is output for at most one item', () => {
	const CLOUDFLARE = 'https://api.cloudflare.com';
	const IMAGES = '/client/v4/accounts/acc123/images/v1';
	const UPLOAD_HOST = 'https://upload.imagekit.io';
	const IMAGEKIT = 'https://api.imagekit.io';
	const envelope = (result: unknown) => ({ success: true, errors: [], messages: [], result });
	const logo = (filename: string) =>
		envelope({ id: 'logo', filename, uploaded: new Date().toISOString(), variants: [] });

	test('Cloudflare, two items with custom ID "logo": item 0’s POST answered 502, item 1’s stored "logo": only item 1 is output, item 0 fails saying its image may exist', async () => {
		let posts = 0;
		nock(CLOUDFLARE)
			.post(IMAGES)
			.times(2)
			.reply(() => (++posts === 1 ? [502, ''] : [200, logo('b.png')]));
		nock(CLOUDFLARE).get(`${IMAGES}/logo`).optionally().reply(200, logo('b.png'));
		const result = await run(
			'cloudflareImages',
			{
				resource: 'image',
				operation: 'upload',
				inputType: 'url',
				url: '={{ $json.url }}',
				options: { customId: 'logo' },
			},
			{
				items: [{ url: 'https://example.com/a.png' }, { url: 'https://example.com/b.png' }],
				onError: 'continueErrorOutput',
			},
		);
		const [success = [], errors = []] = result.outputs('Node 1');
		expect(posts).toBe(2);
		expect(success.map((item) => [item.pairedItem, item.json.id])).toEqual([[{ item: 1 }, 'logo']]);
		expect(errors.map((item) => [item.pairedItem, item.json.error])).toEqual([
			[
				{ item: 0 },
				'Failed to upload image. API error: 502 Bad Gateway; the image may exist all the same: look for it with Image → Get, Image ID logo',
			],
		]);
	});

	test('Cloudflare binary upload with a custom ID, a lost answer: an image with that ID uploaded since, but under another file name, is not taken for it', async () => {
		nock(CLOUDFLARE).post(IMAGES).replyWithError(lostAnswer());
		const lookUp = nock(CLOUDFLARE).get(`${IMAGES}/logo`).reply(200, logo('other.png'));
		const result = await run(
			'cloudflareImages',
			{
				resource: 'image',
				operation: 'upload',
				inputType: 'binary',
				options: { customId: 'logo' },
			},
			{ items: [binaryItem] },
		);
		expect(lookUp.isDone()).toBe(true);
		expect(result.error?.message).toBe(
			'Failed to upload image. API error: connection lost (ECONNRESET); the image may exist all the same: look for it with Image → Get, Image ID logo',
		);
	});

	test('ImageKit binary upload, Use Unique File Name off, a lost answer: the file at that path written since, but of another size than the bytes sent, is not taken for it', async () => {
		nock(UPLOAD_HOST).post('/api/v1/files/upload').replyWithError(lostAnswer());
		const now = new Date().toISOString();
		const lookUp = nock(IMAGEKIT)
			.get('/v1/files')
			.query(true)
			.reply(200, [
				{
					fileId: 'f-other',
					type: 'file',
					name: 'photo.png',
					filePath: '/shop/photo.png',
					url: 'https://ik.imagekit.io/demo/shop/photo.png',
					fileType: 'image',
					size: PNG.length + 1,
					createdAt: now,
					updatedAt: now,
				},
			]);
		const result = await run(
			'imageKit',
			{
				resource: 'file',
				operation: 'upload',
				inputType: 'binary',
				options: { folder: '/shop', useUniqueFileName: false },
			},
			{ items: [binaryItem] },
		);
		expect(lookUp.isDone()).toBe(true);
		expect(result.error?.message).toBe(
			'Failed to upload file. API error: connection lost (ECONNRESET); the file may exist all the same: look for it with File → Get Many, Path /shop/, Search Query name = "photo.png"',
		);
	});
});
