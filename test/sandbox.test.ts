// The provider sandbox keeps the providers' promises: the e2e suite and the playground rely on them.
import nock from 'nock';

import { answerViolations } from './harness/specs';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createSandbox, KEYS } = require('../sandbox/server');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SANDBOX_ACCOUNTS: ACCOUNTS } = require('./fixtures/providers');

let sandbox: ReturnType<typeof createSandbox>;
let base = '';

beforeAll(async () => {
	sandbox = createSandbox();
	base = await sandbox.listen(0);
});
afterAll(async () => await sandbox.close());
beforeEach(async () => {
	nock.enableNetConnect('127.0.0.1');
	await post('/_sandbox/reset', { seed: 'sample' });
});

async function post(path: string, body: unknown) {
	return await fetch(`${base}${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
}

const leonardo = { authorization: `Bearer ${KEYS.leonardo}` };
const cloudflare = { authorization: `Bearer ${KEYS.cloudflareToken}` };
const imagekit = { authorization: `Basic ${Buffer.from(`${KEYS.imagekit}:`).toString('base64')}` };
const cfImages = `/cloudflare/client/v4/accounts/${KEYS.cloudflareAccount}/images/v1`;

test('ImageKit delete answers 204 with an empty body, then 404 with its message; rate-limit headers on every answer', async () => {
	const first = await fetch(`${base}/imagekit/v1/files/sample-file-1`, {
		method: 'DELETE',
		headers: imagekit,
	});
	expect(first.status).toBe(204);
	expect(await first.text()).toBe('');
	expect(first.headers.get('x-ratelimit-limit')).toBe('40');
	expect(first.headers.get('x-ratelimit-reset')).toMatch(/^\d+$/);
	const again = await fetch(`${base}/imagekit/v1/files/sample-file-1`, {
		method: 'DELETE',
		headers: imagekit,
	});
	expect(again.status).toBe(404);
	expect(await again.json()).toMatchObject({ message: 'The requested file does not exist.' });
});

test('Leonardo answers an unknown delete with a null object, or 404 when switched', async () => {
	const unknown = await fetch(`${base}/leonardo/api/rest/v1/init-image/nope`, {
		method: 'DELETE',
		headers: leonardo,
	});
	expect(await unknown.json()).toEqual({ delete_init_images_by_pk: null });
	await post('/_sandbox/knobs', { leonardoUnknownDelete: '404' });
	expect(
		(
			await fetch(`${base}/leonardo/api/rest/v1/init-image/nope`, {
				method: 'DELETE',
				headers: leonardo,
			})
		).status,
	).toBe(404);
	const wrongKey = await fetch(`${base}/leonardo/api/rest/v1/me`, {
		headers: { authorization: 'Bearer nope' },
	});
	expect(wrongKey.status).toBe(401);
	expect(await wrongKey.json()).toMatchObject({ code: 'access-denied' });
});

test('Cloudflare: the envelope, 5404 for a missing image, auth errors by kind, ids decoded once', async () => {
	await post('/_sandbox/seed', { cloudflare: { images: [{ id: 'folder/custom' }] } });
	const deleted = await fetch(`${base}${cfImages}/${encodeURIComponent('folder/custom')}`, {
		method: 'DELETE',
		headers: cloudflare,
	});
	expect(await deleted.json()).toEqual({ success: true, errors: [], messages: [], result: {} });
	const missing = await fetch(`${base}${cfImages}/nope`, { method: 'DELETE', headers: cloudflare });
	expect(missing.status).toBe(404);
	expect(((await missing.json()) as { errors: unknown[] }).errors[0]).toEqual({
		code: 5404,
		message: 'Image not found',
	});
	expect((await fetch(`${base}${cfImages}/stats`)).status).toBe(400);
	expect(
		(await fetch(`${base}${cfImages}/stats`, { headers: { authorization: 'Bearer x' } })).status,
	).toBe(401);
	const subPath = await fetch(`${base}${cfImages}/folder/custom`, {
		method: 'DELETE',
		headers: cloudflare,
	});
	expect(subPath.status).toBe(404);
});

test('Cloudflare locks a key out for five minutes once it passes its limit', async () => {
	await post('/_sandbox/knobs', {
		rateLimits: { cloudflare: { limit: 3, windowMs: 300_000, lockoutMs: 300_000 } },
	});
	const statuses: number[] = [];
	for (let i = 0; i < 5; i++)
		statuses.push((await fetch(`${base}${cfImages}/stats`, { headers: cloudflare })).status);
	expect(statuses).toEqual([200, 200, 200, 429, 429]);
	const locked = await fetch(`${base}${cfImages}/stats`, { headers: cloudflare });
	expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(290);
});

test('faults: a status with Retry-After, a drop after the action is applied, counted in stats', async () => {
	await post('/_sandbox/knobs', {
		faults: [
			{ provider: 'imagekit', kind: 'status', status: 429, retryAfter: 3, times: 1 },
			{ provider: 'imagekit', kind: 'drop-after', times: 1 },
		],
	});
	const limited = await fetch(`${base}/imagekit/v1/files/sample-file-2`, {
		method: 'DELETE',
		headers: imagekit,
	});
	expect(limited.status).toBe(429);
	expect(limited.headers.get('retry-after')).toBe('3');
	await expect(
		fetch(`${base}/imagekit/v1/files/sample-file-2`, { method: 'DELETE', headers: imagekit }),
	).rejects.toThrow();
	const state = (await (await fetch(`${base}/_sandbox/state`)).json()) as {
		imagekit: { files: string[] };
	};
	expect(state.imagekit.files).not.toContain('sample-file-2');
	const stats = await (await fetch(`${base}/_sandbox/stats`)).json();
	expect(stats).toMatchObject({ faultsInjected: 2, deleted: 1, deletedMoreThanOnce: [] });
	const requests = (await (
		await fetch(`${base}/_sandbox/requests?provider=imagekit`)
	).json()) as Array<{ rawPath: string; auth: string }>;
	expect(requests.map((r) => [r.rawPath, r.auth])).toEqual([
		['/imagekit/v1/files/sample-file-2', 'basic'],
		['/imagekit/v1/files/sample-file-2', 'basic'],
	]);
});

test.each([
	[true, ['sample-file-1']],
	[false, ['sample-file-1', 'sample-file-2']],
])(
	'ImageKit batch delete naming a missing id: 404 with missingFileIds; the others deleted too: %s',
	async (deletesOnMissing, left) => {
		await post('/_sandbox/knobs', { imagekitBatchDeletesOnMissing: deletesOnMissing });
		const answer = await fetch(`${base}/imagekit/v1/files/batch/deleteByFileIds`, {
			method: 'POST',
			headers: { ...imagekit, 'content-type': 'application/json' },
			body: JSON.stringify({ fileIds: ['sample-file-2', 'missing'] }),
		});
		expect(answer.status).toBe(404);
		expect(await answer.json()).toEqual({
			message: 'The requested file(s) does not exist.',
			missingFileIds: ['missing'],
		});
		const state = (await (await fetch(`${base}/_sandbox/state`)).json()) as {
			imagekit: { files: string[] };
		};
		const held = ['sample-file-1', 'sample-file-2'].filter((id) =>
			state.imagekit.files.includes(id),
		);
		expect(held).toEqual(left);
	},
);

test('ImageKit: a second account, with its own key, URL endpoint and files; neither sees the other’s', async () => {
	await post('/_sandbox/reset', {
		seed: {
			imagekit: {
				files: [
					{ id: 'main-red', name: 'red.jpg', folder: '/shop' },
					{ id: 'second-red', name: 'red.jpg', folder: '/shop', account: 'second' },
				],
			},
		},
	});
	const second = {
		authorization: `Basic ${Buffer.from(`${KEYS.imagekitSecond}:`).toString('base64')}`,
	};
	const list = async (headers: Record<string, string>) =>
		(await (await fetch(`${base}/imagekit/v1/files`, { headers })).json()) as Array<{
			fileId: string;
			url: string;
		}>;
	expect(await list(imagekit)).toEqual([
		expect.objectContaining({
			fileId: 'main-red',
			url: `${ACCOUNTS.imagekitEndpoint}/shop/red.jpg`,
		}),
	]);
	expect(await list(second)).toEqual([
		expect.objectContaining({
			fileId: 'second-red',
			url: `${ACCOUNTS.imagekitSecondEndpoint}/shop/red.jpg`,
		}),
	]);
	const foreign = await fetch(`${base}/imagekit/v1/files/second-red`, {
		method: 'DELETE',
		headers: imagekit,
	});
	expect(foreign.status).toBe(404);
	const own = await fetch(`${base}/imagekit/v1/files/second-red`, {
		method: 'DELETE',
		headers: second,
	});
	expect(own.status).toBe(204);
	const state = (await (await fetch(`${base}/_sandbox/state`)).json()) as {
		imagekit: { files: string[]; secondAccountFiles: string[] };
	};
	expect(state.imagekit).toMatchObject({ files: ['main-red'], secondAccountFiles: [] });
});

test('Cloudflare’s and Leonardo’s delivery URLs name the account: its hash, the key’s user', async () => {
	const image = (await (
		await fetch(`${base}${cfImages}/sample-1`, { headers: cloudflare })
	).json()) as {
		result: { variants: string[] };
	};
	expect(image.result.variants).toEqual([
		`https://imagedelivery.net/${ACCOUNTS.cloudflareHash}/sample-1/public`,
	]);
	const me = (await (
		await fetch(`${base}/leonardo/api/rest/v1/me`, { headers: leonardo })
	).json()) as {
		user_details: Array<{ user: { id: string } }>;
	};
	expect(me.user_details[0].user.id).toBe(ACCOUNTS.leonardoUserId);
	const generation = (await (
		await fetch(`${base}/leonardo/api/rest/v1/generations/9a8b7c6d-0000-4000-8000-000000000001`, {
			headers: leonardo,
		})
	).json()) as { generations_by_pk: { generated_images: Array<{ url: string }> } };
	expect(generation.generations_by_pk.generated_images[0].url).toMatch(
		new RegExp(`^https://cdn\\.leonardo\\.ai/users/${ACCOUNTS.leonardoUserId}/generations/`),
	);
});

describe('Leonardo AI: its generation jobs (sandbox/RULES.md, Leonardo)', () => {
	const create = async (input: Record<string, unknown> = {}) =>
		await fetch(`${base}/leonardo/api/rest/v1/generations`, {
			method: 'POST',
			headers: { ...leonardo, 'content-type': 'application/json' },
			body: JSON.stringify({ prompt: 'a fox', ...input }),
		});
	const generation = async (id: string) =>
		(
			(await (
				await fetch(`${base}/leonardo/api/rest/v1/generations/${id}`, { headers: leonardo })
			).json()) as { generations_by_pk: Record<string, unknown> & { generated_images: unknown[] } }
		).generations_by_pk;
	const idOf = async (answer: Response) =>
		((await answer.json()) as { sdGenerationJob: { generationId: string } }).sdGenerationJob
			.generationId;
	const pending = () =>
		(
			sandbox.control.state() as {
				leonardo: { generations: Array<{ id: string; status: string; queued?: boolean }> };
			}
		).leonardo.generations.filter((g) => g.status === 'PENDING');

	// docs.leonardo.ai/v1.0/reference/limits, API Rate Limits: "All request types | All | 2000 per
	// minute (Default)", "Create a Generation of Images requests | /v1/generations | 100 per minute
	// (Default)". Scaled down here as the e2e suite scales Cloudflare's window: a knob per lane.
	test('generation creates have their own window (100 a minute) beside the key’s 2,000 a minute for everything', async () => {
		expect(sandbox.sandbox.knobs.rateLimits).toMatchObject({
			leonardo: { limit: 2000, windowMs: 60_000 },
			leonardoCreate: { limit: 100, windowMs: 60_000 },
		});
		await post('/_sandbox/knobs', {
			rateLimits: { leonardoCreate: { limit: 3, windowMs: 60_000 } },
		});
		const statuses: number[] = [];
		for (let i = 0; i < 4; i++) statuses.push((await create()).status);
		expect(statuses).toEqual([200, 200, 200, 429]);
		const refused = await create();
		expect(await refused.json()).toEqual({
			error: 'Too many requests',
			path: '$',
			code: 'rate-limit',
		});
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(50);
		// Everything else keeps its pace: reads, polls and deletes are not held back by the creates.
		expect((await fetch(`${base}/leonardo/api/rest/v1/me`, { headers: leonardo })).status).toBe(
			200,
		);
		const deleted = await fetch(
			`${base}/leonardo/api/rest/v1/generations/9a8b7c6d-0000-4000-8000-000000000001`,
			{ method: 'DELETE', headers: leonardo },
		);
		expect(deleted.status).toBe(200);
		// …and they count in the 2,000 a minute, as creates do.
		await post('/_sandbox/knobs', { rateLimits: { leonardo: { limit: 7, windowMs: 60_000 } } });
		expect((await fetch(`${base}/leonardo/api/rest/v1/me`, { headers: leonardo })).status).toBe(
			429,
		);
		// Whether Leonardo sends Retry-After is not documented: the knob leaves it out.
		await post('/_sandbox/knobs', { leonardoRetryAfter: false });
		const bare = await fetch(`${base}/leonardo/api/rest/v1/me`, { headers: leonardo });
		expect(bare.status).toBe(429);
		expect(bare.headers.get('retry-after')).toBeNull();
	});

	// docs.leonardo.ai/v1.0/reference/limits, Concurrency: "Concurrent image generation job | 10
	// (Default)"; Queue Limit: "Image generation with status pending / queued | 200 (Default)".
	// docs.leonardo.ai/docs/guide-to-concurrency-queue-and-rate-limit: "When all stations are
	// occupied, new orders must wait their turn … If the queue is full … the kitchen won't take
	// more orders until some are finished". The refusal's status and body are not documented.
	test('at most `leonardoConcurrency` jobs process at once (default 10), `leonardoQueueLimit` wait (default 200); one more is refused', async () => {
		expect(sandbox.sandbox.knobs).toMatchObject({
			leonardoConcurrency: 10,
			leonardoQueueLimit: 200,
		});
		await post('/_sandbox/knobs', {
			leonardoConcurrency: 2,
			leonardoQueueLimit: 3,
			generationMs: 60_000,
			generationPolls: 1000,
		});
		const ids: string[] = [];
		for (let i = 0; i < 5; i++) {
			const answer = await create();
			expect(answer.status).toBe(200);
			ids.push(await idOf(answer));
		}
		expect(pending().map((g) => g.queued)).toEqual([false, false, true, true, true]);
		const refused = await create();
		expect(refused.status).toBe(429);
		expect(await refused.json()).toEqual({
			error: 'Too many pending generations',
			path: '$',
			code: 'rate-limit',
		});
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
		// The key's slots, as /me reports them.
		const me = (await (
			await fetch(`${base}/leonardo/api/rest/v1/me`, { headers: leonardo })
		).json()) as { user_details: Array<{ apiConcurrencySlots: number }> };
		expect(me.user_details[0].apiConcurrencySlots).toBe(2);
		// A queued job stays PENDING however often it is polled; a deleted one frees its place.
		await post('/_sandbox/knobs', { generationPolls: 1 });
		expect((await generation(ids[4])).status).toBe('PENDING');
		await fetch(`${base}/leonardo/api/rest/v1/generations/${ids[0]}`, {
			method: 'DELETE',
			headers: leonardo,
		});
		expect(pending().map((g) => [g.id, g.queued])).toEqual([
			[ids[1], false],
			[ids[2], false],
			[ids[3], true],
			[ids[4], true],
		]);
		expect((await create()).status).toBe(200);
	});

	test('a processing job ends `generationMs` after it started, and the next queued job takes its slot', async () => {
		await post('/_sandbox/knobs', {
			leonardoConcurrency: 1,
			generationMs: 150,
			generationPolls: 1000,
		});
		const first = await idOf(await create());
		const second = await idOf(await create({ prompt: 'this one will fail' }));
		expect(pending().map((g) => g.queued)).toEqual([false, true]);
		await new Promise((resolve) => setTimeout(resolve, 600));
		expect((await generation(first)).status).toBe('COMPLETE');
		expect((await generation(second)).status).toBe('FAILED');
		expect(pending()).toEqual([]);
	});

	// provider-specs/leonardo.trimmed.json, POST /generations, num_images: "The number of images to
	// generate. Must be between 1 and 8. If either width or height is over 768, must be between 1
	// and 4.", default 4.
	test.each([
		[{ num_images: 3 }, 3],
		[{}, 4],
		[{ num_images: 8, width: 512, height: 512 }, 8],
	])('num_images %j: that many generated_images', async (input, count) => {
		const id = await idOf(await create(input));
		await generation(id);
		const done = await generation(id);
		expect(done.status).toBe('COMPLETE');
		expect(done.generated_images).toHaveLength(count);
		expect(new Set(done.generated_images.map((image) => (image as { url: string }).url)).size).toBe(
			count,
		);
		// The generation object has no initImageId (its schema lists none).
		expect(done).not.toHaveProperty('initImageId');
	});

	test.each([[{ num_images: 0 }], [{ num_images: 9 }], [{ num_images: 5, width: 1024 }]])(
		'num_images out of range %j: 400, nothing made',
		async (input) => {
			const answer = await create(input);
			expect(answer.status).toBe(400);
			expect(await answer.json()).toMatchObject({ path: '$', code: 'unexpected' });
			expect(pending()).toEqual([]);
		},
	);

	// docs.leonardo.ai/docs/how-to-upload-an-image-using-a-presigned-url: "The presigned URL
	// expires in 2 minutes, so the method must be run within the first 2 minutes."
	test('the presigned init-image upload expires after `leonardoUploadExpiryMs` (default 2 minutes): S3 answers 403', async () => {
		expect(sandbox.sandbox.knobs.leonardoUploadExpiryMs).toBe(120_000);
		await post('/_sandbox/knobs', { leonardoUploadExpiryMs: 50 });
		const init = (await (
			await fetch(`${base}/leonardo/api/rest/v1/init-image`, {
				method: 'POST',
				headers: { ...leonardo, 'content-type': 'application/json' },
				body: JSON.stringify({ extension: 'png' }),
			})
		).json()) as { uploadInitImage: { url: string; fields: string } };
		await new Promise((resolve) => setTimeout(resolve, 100));
		const form = new FormData();
		for (const [name, value] of Object.entries(
			JSON.parse(init.uploadInitImage.fields) as Record<string, string>,
		))
			form.append(name, value);
		form.append('file', new Blob([Buffer.from('png bytes')]), 'a.png');
		const upload = await fetch(init.uploadInitImage.url, { method: 'POST', body: form });
		expect(upload.status).toBe(403);
		expect(await upload.text()).toMatch(/<Code>AccessDenied<\/Code>.*Policy expired/);
	});
});

describe('ImageKit: list and search, limits per endpoint, uploads (sandbox/RULES.md, ImageKit)', () => {
	type Entry = Record<string, unknown>;
	const list = async (query: Record<string, string>) => {
		const answer = await fetch(`${base}/imagekit/v1/files?${new URLSearchParams(query)}`, {
			headers: imagekit,
		});
		return { status: answer.status, body: (await answer.json()) as Entry[] & Entry, answer };
	};
	const names = (entries: Entry[]) => entries.map((entry) => `${entry.type}:${entry.name}`);
	beforeEach(async () => {
		await post('/_sandbox/reset', {
			seed: {
				imagekit: {
					files: [
						{ id: 'red-shop', name: 'red', folder: '/shop', ageDays: 3 },
						{ id: 'red-jpg', name: 'red.jpg', folder: '/shop/old', ageDays: 2 },
						{ id: 'blue-root', name: 'blue.png', ageDays: 1 },
					],
					folders: [{ path: '/red', ageDays: 40 }],
				},
			},
		});
	});

	// imagekit-nodejs src/resources/assets.ts: "When the searchQuery parameter is present, the
	// following query parameters will have no effect on the result: 1. `tags` 2. `type` 3. `name`";
	// docs list-and-search-files.md: "To find a file or folder using the exact name, use the =
	// operator"; src/resources/files/files.ts `interface Folder` (folderId, folderPath, no fileId).
	test('with searchQuery, type=file has no effect: the folders it matches come back, in the SDK’s Folder shape', async () => {
		const { status, body } = await list({ type: 'file', searchQuery: 'name = "red"' });
		expect(status).toBe(200);
		expect(names(body)).toEqual(['folder:red', 'file:red']);
		const [folder] = body;
		expect(folder).toEqual({
			type: 'folder',
			folderId: expect.stringMatching(/^[0-9a-f]{24}$/),
			name: 'red',
			folderPath: '/red',
			customMetadata: {},
			createdAt: expect.any(String),
			updatedAt: expect.any(String),
		});
		expect(folder).not.toHaveProperty('fileId');
		// An old folder matches a date search too: a clean-up by age lists it.
		const old = await list({
			type: 'file',
			searchQuery: `createdAt < "${new Date(Date.now() - 30 * 86_400_000).toISOString()}"`,
		});
		expect(names(old.body)).toEqual(['folder:red']);
		// Prefix search, case-sensitive ("The name match is case-sensitive.").
		expect(names((await list({ searchQuery: 'name : "re"' })).body)).toEqual([
			'folder:red',
			'file:red',
			'file:red.jpg',
		]);
		expect((await list({ searchQuery: 'name : "RE"' })).body).toEqual([]);
		// A folder has no fileId: a delete by its folderId deletes nothing.
		const refused = await fetch(`${base}/imagekit/v1/files/${String(folder.folderId)}`, {
			method: 'DELETE',
			headers: imagekit,
		});
		expect(refused.status).toBe(404);
	});

	test('without searchQuery, type picks files (the default), folders or all', async () => {
		expect(names((await list({})).body)).toEqual(['file:red', 'file:red.jpg', 'file:blue.png']);
		expect(names((await list({ type: 'folder' })).body)).toEqual([
			'folder:red',
			'folder:shop',
			'folder:old',
		]);
		expect((await list({ type: 'all' })).body).toHaveLength(6);
		expect((await list({ type: 'file-version' })).body).toEqual([]);
		const bad = await list({ type: 'files' });
		expect(bad.status).toBe(400);
		expect(bad.body.message).toBe(
			'Your request contains invalid value for type parameter. Please provide one of the following: file, file-version, folder, all.',
		);
	});

	// docs list-and-search-files.md, Supported parameters: type (=, IN, NOT =, NOT IN): "`type =
	// "file"` will only return files in the search result"; imagekit-nodejs
	// packages/mcp-server/src/code-tool.ts: "put the filter inside the query string (e.g.
	// searchQuery: 'type = "file" AND createdAt > "7d"')".
	test('type = "file" inside searchQuery keeps files only; AND, OR, IN and parentheses combine', async () => {
		expect(names((await list({ searchQuery: 'type = "file" AND name = "red"' })).body)).toEqual([
			'file:red',
		]);
		expect(
			names(
				(await list({ searchQuery: 'name IN ["red", "blue.png"] AND type NOT = "folder"' })).body,
			),
		).toEqual(['file:red', 'file:blue.png']);
		expect(
			names(
				(
					await list({
						searchQuery: '(type = "folder" AND name = "shop") OR (createdAt > "2d" AND size >= 1)',
					})
				).body,
			),
		).toEqual(['folder:shop', 'file:blue.png']);
	});

	// The answer to a query ImageKit cannot parse is not documented; invalid parameters get "400 Bad
	// request … a JSON-encoded error response … with the message property" (imagekit.io/docs/
	// api-overview, Error codes). Never the whole library: a search → Delete Many would delete it.
	test.each([
		'name = red',
		'bogus',
		'createdAt <',
		'name = "red" AND',
		'name = "red" XOR type = "file"',
		'(name = "red"',
		'createdAt < "last tuesday"',
		'path : "/shop"',
		'"customMetadata.brand" = "x"',
	])(
		'a searchQuery the sandbox cannot read is refused with 400, not answered with every file: %s',
		async (searchQuery) => {
			const { status, body } = await list({ type: 'file', searchQuery });
			expect(status).toBe(400);
			expect(body).toEqual({
				message: expect.stringMatching(
					/^Your request contains invalid syntax for the searchQuery parameter: /,
				),
				help: 'For support kindly contact us at support@imagekit.io .',
			});
		},
	);

	// docs list-and-search-files.md: "When using path parameter, the search is limited to only one
	// level. The files within nested folders are not returned."
	test('path lists that folder only, not its subfolders’ files', async () => {
		expect(names((await list({ path: '/shop' })).body)).toEqual(['file:red']);
		expect(names((await list({ path: '/shop/', type: 'all' })).body)).toEqual([
			'file:red',
			'folder:old',
		]);
		expect(names((await list({ path: '/' })).body)).toEqual(['file:blue.png']);
	});

	// provider-specs/imagekit.trimmed.json, GET /v1/files: sort default ASC_CREATED; limit 1 to
	// 1000, skip from 0, and the 400 messages it gives for them.
	test('sort (default ASC_CREATED), skip and limit as the spec says', async () => {
		expect(names((await list({ sort: 'DESC_CREATED' })).body)).toEqual([
			'file:blue.png',
			'file:red.jpg',
			'file:red',
		]);
		expect(names((await list({ sort: 'ASC_NAME', skip: '1', limit: '1' })).body)).toEqual([
			'file:red',
		]);
		expect((await list({ limit: '0' })).body.message).toBe(
			'Minimum value of limit parameter is 1. Value sent is 0.',
		);
		expect((await list({ limit: '2000' })).body.message).toBe(
			'Maximum value of limit parameter is 1000. Value sent is 2000.',
		);
		expect((await list({ skip: '-1' })).body.message).toBe(
			'The value of skip parameter should be greater than or equal to 0. Value sent is -1.',
		);
	});

	// docs api-introduction/rate-limits.md: "Every endpoint can have different limits, and these
	// limits are exposed via rate-limiting headers"; X-RateLimit-Limit, -Reset (ms), -Interval (ms)
	// "In response to every API request"; "Except for upload API, all our APIs are rate-limited".
	test('each endpoint has its own window and headers: a purge refused does not hold back deletes', async () => {
		expect(sandbox.sandbox.knobs.rateLimits).toMatchObject({
			imagekit: { limit: 40, windowMs: 1000 },
			imagekitPurge: { limit: 10, windowMs: 1000 },
		});
		await post('/_sandbox/knobs', {
			rateLimits: { imagekitPurge: { limit: 1, windowMs: 60_000 } },
		});
		const purge = async () =>
			await fetch(`${base}/imagekit/v1/files/purge`, {
				method: 'POST',
				headers: { ...imagekit, 'content-type': 'application/json' },
				body: JSON.stringify({ url: 'https://ik.imagekit.io/sandbox/blue.png' }),
			});
		expect((await purge()).status).toBe(201);
		const refused = await purge();
		expect(refused.status).toBe(429);
		expect(await refused.json()).toEqual({ message: 'Too many requests' });
		expect(refused.headers.get('x-ratelimit-limit')).toBe('1');
		expect(refused.headers.get('x-ratelimit-interval')).toBe('60000');
		expect(Number(refused.headers.get('x-ratelimit-reset'))).toBeGreaterThan(50_000);
		const deleted = await fetch(`${base}/imagekit/v1/files/blue-root`, {
			method: 'DELETE',
			headers: imagekit,
		});
		expect(deleted.status).toBe(204);
		expect(deleted.headers.get('x-ratelimit-limit')).toBe('40');
		expect(deleted.headers.get('x-ratelimit-interval')).toBe('1000');
		// The list counts apart from deletes: 40 lists, then a delete still goes through.
		await post('/_sandbox/knobs', { rateLimits: { imagekit: { limit: 2, windowMs: 60_000 } } });
		expect((await list({})).status).toBe(200);
		expect((await list({})).status).toBe(200);
		expect((await list({})).status).toBe(429);
		expect(
			(await fetch(`${base}/imagekit/v1/files/red-jpg`, { method: 'DELETE', headers: imagekit }))
				.status,
		).toBe(204);
		// The upload API is not limited, and says nothing of limits.
		const form = new FormData();
		form.append('fileName', 'a.png');
		form.append('file', new Blob([Buffer.alloc(10)]), 'a.png');
		const upload = await fetch(`${base}/imagekit-upload/api/v1/files/upload`, {
			method: 'POST',
			headers: imagekit,
			body: form,
		});
		expect(upload.status).toBe(200);
		expect(upload.headers.get('x-ratelimit-limit')).toBeNull();
	});

	// provider-specs/imagekit.trimmed.json, FileDetails.size: "Size of the file in bytes."
	test('an upload reports the size of the bytes received, and makes its folders', async () => {
		const form = new FormData();
		form.append('fileName', 'big.png');
		form.append('folder', '/uploads/2026');
		form.append('useUniqueFileName', 'false');
		form.append('file', new Blob([Buffer.alloc(4321, 7)]), 'big.png');
		const answer = await fetch(`${base}/imagekit-upload/api/v1/files/upload`, {
			method: 'POST',
			headers: imagekit,
			body: form,
		});
		const uploaded = (await answer.json()) as Entry;
		expect(uploaded).toMatchObject({ size: 4321, filePath: '/uploads/2026/big.png' });
		const details = (await (
			await fetch(`${base}/imagekit/v1/files/${String(uploaded.fileId)}/details`, {
				headers: imagekit,
			})
		).json()) as Entry;
		expect(details.size).toBe(4321);
		expect(names((await list({ type: 'folder', path: '/uploads' })).body)).toEqual(['folder:2026']);
	});
});

describe('Cloudflare: its rate-limit headers list policies; the original image (sandbox/RULES.md, Cloudflare)', () => {
	// developers.cloudflare.com/fundamentals/api/reference/limits/ (and changelog 2025-09-03):
	// "Ratelimit: List of service limit items … For example: "default";r=50;t=30"; "Ratelimit-Policy:
	// List of quota policy items … For example: "burst";q=100;w=60"; "Client API per user/account
	// token | 1200/5 minutes", "Client API per IP | 200/second".
	test('Ratelimit-Policy lists "burst" before "default"; Ratelimit names the policy it reports', async () => {
		const first = await fetch(`${base}${cfImages}/stats`, { headers: cloudflare });
		expect(first.headers.get('ratelimit-policy')).toBe('"burst";q=200;w=1, "default";q=1200;w=300');
		expect(first.headers.get('ratelimit')).toMatch(/^"default";r=1199;t=(299|300)$/);
		expect(first.headers.get('retry-after')).toBeNull();

		await post('/_sandbox/reset', {
			// rateLimits merge per lane: the "default" lane keeps its 1,200 per 5 minutes.
			knobs: { rateLimits: { cloudflareBurst: { limit: 2, windowMs: 1500 } } },
		});
		const second = await fetch(`${base}${cfImages}/stats`, { headers: cloudflare });
		expect(second.headers.get('ratelimit-policy')).toBe('"burst";q=2;w=2, "default";q=1200;w=300');
		expect(second.headers.get('ratelimit')).toMatch(/^"default";r=1199;t=\d+$/);
		// The burst policy refuses: the 429 names it, and the account is not locked out for five
		// minutes (that is the "default" policy's rule).
		await fetch(`${base}${cfImages}/stats`, { headers: cloudflare });
		const refused = await fetch(`${base}${cfImages}/stats`, { headers: cloudflare });
		expect(refused.status).toBe(429);
		expect(refused.headers.get('ratelimit')).toMatch(/^"burst";r=0;t=[12]$/);
		expect(refused.headers.get('retry-after')).toMatch(/^[12]$/);
		await new Promise((resolve) => setTimeout(resolve, 1600));
		const after = await fetch(`${base}${cfImages}/stats`, { headers: cloudflare });
		expect(after.status).toBe(200);
		// The account's window counted every call, the refused one included.
		expect(after.headers.get('ratelimit')).toMatch(/^"default";r=1196;t=\d+$/);

		// Without the burst lane, only "default" is listed.
		await post('/_sandbox/knobs', { rateLimits: { cloudflareBurst: null } });
		const alone = await fetch(`${base}${cfImages}/stats`, { headers: cloudflare });
		expect(alone.headers.get('ratelimit-policy')).toBe('"default";q=1200;w=300');
	});

	// cloudflare-typescript src/resources/images/v1/blobs.ts: GET …/images/v1/{image_id}/blob, "For
	// most images this will be the originally uploaded file" — bytes, not an envelope.
	test('GET …/images/v1/{id}/blob answers the uploaded bytes; a missing image 404 (5404)', async () => {
		const bytes = Buffer.from('not really a png, but the bytes sent');
		const form = new FormData();
		form.append('id', 'folder/with-bytes.png');
		form.append('file', new Blob([bytes]), 'with-bytes.png');
		expect(
			(await fetch(`${base}${cfImages}`, { method: 'POST', headers: cloudflare, body: form }))
				.status,
		).toBe(200);
		const blob = await fetch(
			`${base}${cfImages}/${encodeURIComponent('folder/with-bytes.png')}/blob`,
			{
				headers: cloudflare,
			},
		);
		expect(blob.status).toBe(200);
		expect(blob.headers.get('content-type')).toBe('image/png');
		expect(Buffer.from(await blob.arrayBuffer())).toEqual(bytes);
		const seeded = await fetch(`${base}${cfImages}/sample-1/blob`, { headers: cloudflare });
		expect(
			Buffer.from(await seeded.arrayBuffer())
				.subarray(1, 4)
				.toString(),
		).toBe('PNG');
		const missing = await fetch(`${base}${cfImages}/nope/blob`, { headers: cloudflare });
		expect(missing.status).toBe(404);
		expect(((await missing.json()) as { errors: unknown[] }).errors[0]).toEqual({
			code: 5404,
			message: 'Image not found',
		});
	});
});

describe('file hosts: knobs imagekitFilesOnSandbox and leonardoImagesOnSandbox (off by default)', () => {
	const generationId = '9a8b7c6d-0000-4000-8000-000000000001';
	const details = async (id: string, headers = imagekit) =>
		(await (await fetch(`${base}/imagekit/v1/files/${id}/details`, { headers })).json()) as {
			url: string;
			thumbnail: string;
			size: number;
		};
	const generationImages = async () =>
		(
			(await (
				await fetch(`${base}/leonardo/api/rest/v1/generations/${generationId}`, {
					headers: leonardo,
				})
			).json()) as { generations_by_pk: { generated_images: Array<{ id: string; url: string }> } }
		).generations_by_pk.generated_images;
	const bytesOf = async (answer: Response) => Buffer.from(await answer.arrayBuffer());
	const fileOf = (provider: string, id: string) =>
		sandbox.control.file(provider, id) as Buffer | undefined;

	test('off: URLs name the providers’ own hosts (what By URL values look like)', async () => {
		expect((await details('sample-file-1')).url).toBe(
			`${ACCOUNTS.imagekitEndpoint}/samples/sample-file-1.png`,
		);
		expect((await generationImages())[0].url).toMatch(/^https:\/\/cdn\.leonardo\.ai\/users\//);
	});

	test('ImageKit: file URLs on the sandbox’s own port, each account under its ImageKit ID; served without a key, as long as their size', async () => {
		await post('/_sandbox/reset', {
			knobs: { imagekitFilesOnSandbox: true },
			seed: {
				imagekit: {
					files: [
						{ id: 'stand-in', name: 'red.png', folder: '/shop' },
						{
							id: 'own-bytes',
							name: 'blue.png',
							bytes: Buffer.from('blue bytes').toString('base64'),
						},
						{ id: 'secret', name: 'secret.png', private: true },
						{ id: 'second-red', name: 'red.png', folder: '/shop', account: 'second' },
					],
				},
			},
		});
		const red = await details('stand-in');
		expect(red.url).toBe(`${base}/imagekit-files/sandbox/shop/red.png`);
		expect(red.thumbnail).toBe(`${base}/imagekit-files/sandbox/tr:n-ik_ml_thumbnail/shop/red.png`);
		const served = await fetch(red.url);
		expect(served.status).toBe(200);
		expect(served.headers.get('content-type')).toBe('image/png');
		const bytes = await bytesOf(served);
		expect(bytes.length).toBe(red.size);
		expect(bytes.subarray(1, 4).toString()).toBe('PNG');
		expect(bytes).toEqual(fileOf('imagekit', 'stand-in'));
		// A transformation and a query: the same file, untransformed.
		expect(
			await bytesOf(await fetch(`${base}/imagekit-files/sandbox/tr:w-100/shop/red.png?v=1`)),
		).toEqual(bytes);
		const blue = await details('own-bytes');
		expect(blue.size).toBe(10);
		expect((await bytesOf(await fetch(blue.url))).toString()).toBe('blue bytes');
		expect((await fetch((await details('secret')).url)).status).toBe(401);
		expect((await fetch(`${base}/imagekit-files/sandbox/shop/none.png`)).status).toBe(404);
		const second = {
			authorization: `Basic ${Buffer.from(`${KEYS.imagekitSecond}:`).toString('base64')}`,
		};
		const other = await details('second-red', second);
		expect(other.url).toBe(`${base}/imagekit-files/sandboxsecond/shop/red.png`);
		expect(await bytesOf(await fetch(other.url))).toEqual(fileOf('imagekit', 'second-red'));
		// The list and the upload answer give the same URLs; the answers keep ImageKit's shape.
		const listed = (await (
			await fetch(`${base}/imagekit/v1/files`, { headers: imagekit })
		).json()) as Array<{ url: string }>;
		expect(listed.map(({ url }) => url)).toContain(red.url);
		const form = new FormData();
		form.append('fileName', 'up.png');
		form.append('useUniqueFileName', 'false');
		form.append('file', new Blob([Buffer.from('uploaded bytes')]), 'up.png');
		const uploaded = (await (
			await fetch(`${base}/imagekit-upload/api/v1/files/upload`, {
				method: 'POST',
				headers: imagekit,
				body: form,
			})
		).json()) as { url: string; thumbnailUrl: string };
		expect(uploaded.url).toBe(`${base}/imagekit-files/sandbox/up.png`);
		expect((await bytesOf(await fetch(uploaded.url))).toString()).toBe('uploaded bytes');
		const answer = await fetch(`${base}/imagekit/v1/files/stand-in/details`, { headers: imagekit });
		const seen = {
			method: 'GET',
			url: 'https://api.imagekit.io/v1/files/stand-in/details',
			headers: {},
			body: '',
		};
		expect(answerViolations(seen, answer.status, await answer.text())).toEqual([]);
		// The file host asked for no key, and got none.
		const hostRequests = sandbox.control.requests('imagekit-files') as Array<{ auth: string }>;
		expect(hostRequests.length).toBeGreaterThan(0);
		expect(hostRequests.every(({ auth }) => auth === 'none')).toBe(true);
	});

	test('Leonardo: generated images on the sandbox’s own port, the same path; each its own bytes; gone with the generation', async () => {
		await post('/_sandbox/reset', {
			knobs: { leonardoImagesOnSandbox: true },
			seed: { leonardo: { generations: [{ id: generationId, numImages: 2 }] } },
		});
		const images = await generationImages();
		expect(images.map(({ url }) => url)).toEqual(
			[0, 1].map(
				(n) =>
					`${base}/leonardo-cdn/users/${ACCOUNTS.leonardoUserId}/generations/${generationId}/image_${n}.png`,
			),
		);
		const [first, second] = await Promise.all(
			images.map(async ({ url }) => await bytesOf(await fetch(url))),
		);
		expect(first).toEqual(fileOf('leonardo', images[0].id));
		expect(second).toEqual(fileOf('leonardo', images[1].id));
		expect(first.equals(second)).toBe(false);
		const listed = (await (
			await fetch(`${base}/leonardo/api/rest/v1/generations/user/${ACCOUNTS.leonardoUserId}`, {
				headers: leonardo,
			})
		).json()) as { generations: Array<{ generated_images: Array<{ url: string }> }> };
		expect(listed.generations[0].generated_images[0].url).toBe(images[0].url);
		const otherUser = images[0].url.replace(
			ACCOUNTS.leonardoUserId,
			'0c6e2d7a-1111-4000-8000-00000000beef',
		);
		expect((await fetch(otherUser)).status).toBe(403);
		await fetch(`${base}/leonardo/api/rest/v1/generations/${generationId}`, {
			method: 'DELETE',
			headers: leonardo,
		});
		expect((await fetch(images[0].url)).status).toBe(403);
	});

	test('createSandbox({ knobs }): what every reset returns to, also a reset over HTTP', async () => {
		const own = createSandbox({
			knobs: { imagekitFilesOnSandbox: true, leonardoImagesOnSandbox: true },
		});
		const ownBase = await own.listen(0);
		try {
			await fetch(`${ownBase}/_sandbox/reset?seed=sample`, { method: 'POST' });
			const knobs = (await (await fetch(`${ownBase}/_sandbox/knobs`)).json()) as Record<
				string,
				unknown
			>;
			expect(knobs).toMatchObject({ imagekitFilesOnSandbox: true, leonardoImagesOnSandbox: true });
			own.control.reset({ knobs: { leonardoImagesOnSandbox: false } });
			expect(own.control.knobs()).toMatchObject({
				imagekitFilesOnSandbox: true,
				leonardoImagesOnSandbox: false,
			});
		} finally {
			await own.close();
		}
	});

	test('seeded bytes: a Cloudflare image’s /blob serves them, with the type of its file name', async () => {
		await post('/_sandbox/reset', {
			seed: {
				cloudflare: {
					images: [
						{
							id: 'photo',
							filename: 'photo.jpg',
							bytes: Buffer.from('jpeg bytes').toString('base64'),
						},
					],
				},
			},
		});
		const blob = await fetch(`${base}${cfImages}/photo/blob`, { headers: cloudflare });
		expect(blob.headers.get('content-type')).toBe('image/jpeg');
		expect((await bytesOf(blob)).toString()).toBe('jpeg bytes');
		const overHttp = await fetch(`${base}/_sandbox/file?provider=cloudflare&id=photo`);
		expect((await bytesOf(overHttp)).toString()).toBe('jpeg bytes');
		expect((await fetch(`${base}/_sandbox/file?provider=cloudflare&id=none`)).status).toBe(404);
	});
});

test('it listens on 127.0.0.1 only', () => {
	expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
	expect((sandbox.server.address() as { address: string }).address).toBe('127.0.0.1');
});

describe("the sandbox answers every route in the shape of the provider's own specification", () => {
	/** The real API a sandbox route stands for. */
	const REAL: Array<[string, string]> = [
		['/leonardo/api/rest/v1', 'https://cloud.leonardo.ai/api/rest/v1'],
		['/cloudflare/client/v4', 'https://api.cloudflare.com/client/v4'],
		['/imagekit-upload', 'https://upload.imagekit.io'],
		['/imagekit', 'https://api.imagekit.io'],
	];
	const multipart = (fields: Record<string, string>) => {
		const boundary = 'sandboxTourBoundary';
		const body = Object.entries(fields)
			.map(
				([name, value]) =>
					`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
			)
			.join('');
		return {
			body: `${body}--${boundary}--\r\n`,
			type: `multipart/form-data; boundary=${boundary}`,
		};
	};
	const json = (value: unknown) => ({ body: JSON.stringify(value), type: 'application/json' });
	const leo = '/leonardo/api/rest/v1';
	const ik = '/imagekit/v1/files';
	const sample = '0f0e5b9a-0000-4000-8000-000000000001';
	const generation = '9a8b7c6d-0000-4000-8000-000000000001';
	const tour: Array<
		[
			method: string,
			path: string,
			auth: Record<string, string>,
			body?: { body: string; type: string },
		]
	> = [
		['GET', `${leo}/me`, leonardo],
		['POST', `${leo}/init-image`, leonardo, json({ extension: 'png' })],
		['GET', `${leo}/init-image/${sample}`, leonardo],
		['DELETE', `${leo}/init-image/${sample}`, leonardo],
		['DELETE', `${leo}/init-image/${sample}`, leonardo],
		['POST', `${leo}/generations`, leonardo, json({ prompt: 'a fox', num_images: 1 })],
		['GET', `${leo}/generations/${generation}`, leonardo],
		[
			'GET',
			`${leo}/generations/user/5a4d0b1e-0000-4000-8000-000000000001?offset=0&limit=10`,
			leonardo,
		],
		['DELETE', `${leo}/generations/${generation}`, leonardo],
		['GET', `${cfImages}/stats`, cloudflare],
		[
			'GET',
			`/cloudflare/client/v4/accounts/${KEYS.cloudflareAccount}/images/v2?per_page=10&sort_order=desc`,
			cloudflare,
		],
		['GET', `${cfImages}/sample-1`, cloudflare],
		['DELETE', `${cfImages}/sample-1`, cloudflare],
		['DELETE', `${cfImages}/sample-1`, cloudflare],
		[
			'POST',
			cfImages,
			cloudflare,
			multipart({ url: 'https://example.com/a.png', metadata: '{"a":1}' }),
		],
		['GET', `${ik}?limit=5`, imagekit],
		['GET', `${ik}?type=all`, imagekit],
		['GET', `${ik}?type=file&searchQuery=${encodeURIComponent('createdAt < "30d"')}`, imagekit],
		['GET', `${ik}?searchQuery=${encodeURIComponent('name = samples')}`, imagekit],
		['GET', `${ik}?limit=0`, imagekit],
		['GET', `${ik}/sample-file-1/details`, imagekit],
		['DELETE', `${ik}/sample-file-1`, imagekit],
		['DELETE', `${ik}/sample-file-1`, imagekit],
		['POST', `${ik}/batch/deleteByFileIds`, imagekit, json({ fileIds: ['sample-file-2'] })],
		[
			'POST',
			`${ik}/batch/deleteByFileIds`,
			imagekit,
			json({ fileIds: ['sample-file-3', 'missing'] }),
		],
		['POST', `${ik}/purge`, imagekit, json({ url: 'https://ik.imagekit.io/x/a.png' })],
		[
			'POST',
			'/imagekit-upload/api/v1/files/upload',
			imagekit,
			multipart({ file: 'https://example.com/a.png', fileName: 'a.png' }),
		],
	];

	// Every row gets all four values: with fewer, jest would pass its `done` callback as the body.
	test.each(tour.map(([method, route, auth, body]) => [method, route, auth, body] as const))(
		'%s %s',
		async (method, route, auth, body) => {
			const answer = await fetch(`${base}${route}`, {
				method,
				headers: { ...auth, ...(body ? { 'content-type': body.type } : {}) },
				body: body?.body,
			});
			const text = await answer.text();
			const [prefix, real] = REAL.find(([from]) => route.startsWith(from))!;
			const seen = { method, url: `${real}${route.slice(prefix.length)}`, headers: {}, body: '' };
			expect(answerViolations(seen, answer.status, text)).toEqual([]);
		},
	);
});
