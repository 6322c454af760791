// Many items take the providers' bulk paths, invisibly: same outputs, same order, same pairing.
import type { IDataObject } from 'n8n-workflow';
import nock from 'nock';

import { runWorkflow } from '../harness/engine';
import { CREDENTIALS, deleteParameters, cloudflareImage, imageKitFile } from '../harness/providers';
import { chainWorkflow, type OnError } from '../harness/workflows';

const ids = (count: number, prefix = 'f') =>
	Array.from({ length: count }, (_, i) => `${prefix}${i}`);

async function runDeletes(
	node: 'imageKit' | 'cloudflareImages',
	items: IDataObject[],
	onError?: OnError,
	options = {},
) {
	const c = node === 'imageKit' ? imageKitFile : cloudflareImage;
	return await runWorkflow(
		chainWorkflow(items, [
			{
				type: node,
				credentialType: c.credentialType,
				onError,
				parameters: { ...deleteParameters(c), options },
			},
		]),
		{ credentials: CREDENTIALS },
	);
}

describe('ImageKit: File → Delete over many items uses the batch endpoint', () => {
	test('250 items: 3 calls of at most 100 ids, one output per item in input order, paired', async () => {
		const batches: string[][] = [];
		nock('https://api.imagekit.io')
			.post('/v1/files/batch/deleteByFileIds', (body: { fileIds: string[] }) => {
				batches.push(body.fileIds);
				return true;
			})
			.times(3)
			.reply(200, (_uri: string, body: { fileIds: string[] }) => ({
				successfullyDeletedFileIds: body.fileIds,
			}));
		const all = ids(250);
		const result = await runDeletes(
			'imageKit',
			all.map((id) => ({ id })),
		);
		expect(batches.map((batch) => batch.length).sort()).toEqual([100, 100, 50]);
		const [main] = result.outputs('Node 1');
		expect(main.map((item) => item.json)).toEqual(all.map((id) => ({ deleted: true, id })));
		expect(main.map((item) => item.pairedItem)).toEqual(all.map((_, item) => ({ item })));
	});

	test('missing ids, refusals, bad input and repeats are answered per item as one by one would', async () => {
		const items = [
			...ids(10).map((id) => ({ id })),
			{ id: 'gone' },
			{ id: '  ' },
			{ id: 'refused' },
			{ id: 'f1' },
		];
		nock('https://api.imagekit.io')
			.post('/v1/files/batch/deleteByFileIds')
			.reply(404, { message: 'The requested file(s) does not exist.', missingFileIds: ['gone'] })
			.post(
				'/v1/files/batch/deleteByFileIds',
				(body: { fileIds: string[] }) => !body.fileIds.includes('gone'),
			)
			.reply(207, (_uri: string, body: { fileIds: string[] }) => ({
				successfullyDeletedFileIds: body.fileIds.filter((id) => id !== 'refused'),
				errors: [{ fileId: 'refused', error: 'Internal error while deleting' }],
			}));
		const result = await runDeletes('imageKit', items, 'continueRegularOutput');
		const out = result.outputs('Node 1')[0].map((item) => item.json);
		expect(out.slice(0, 10)).toEqual(ids(10).map((id) => ({ deleted: true, id })));
		expect(out.slice(10)).toEqual([
			{
				error: 'Failed to delete file. API error: The requested file does not exist.',
				httpCode: '404',
				reason: 'notFound',
			},
			{ error: 'File ID cannot be empty. Please provide a valid file ID.', reason: 'invalidInput' },
			{ error: 'Failed to delete file. API error: Internal error while deleting', reason: 'other' },
			{
				error: 'Failed to delete file. API error: The requested file does not exist.',
				httpCode: '404',
				reason: 'notFound',
			},
		]);
	});

	test('with ignoreNotFound a missing id outputs notFound; a refused batch call fails its items only', async () => {
		nock('https://api.imagekit.io')
			.post('/v1/files/batch/deleteByFileIds')
			.reply(404, { message: 'The requested file(s) does not exist.', missingFileIds: ['f3'] })
			.post('/v1/files/batch/deleteByFileIds')
			.reply(200, (_uri: string, body: { fileIds: string[] }) => ({
				successfullyDeletedFileIds: body.fileIds,
			}));
		const result = await runDeletes(
			'imageKit',
			ids(12).map((id) => ({ id })),
			undefined,
			{ ignoreNotFound: true },
		);
		const out = result.outputs('Node 1')[0].map((item) => item.json);
		expect(out[3]).toEqual({ deleted: false, id: 'f3', notFound: true });
		expect(out.filter((o) => o.deleted === true)).toHaveLength(11);

		nock('https://api.imagekit.io')
			.post('/v1/files/batch/deleteByFileIds')
			.reply(403, { message: 'Your account cannot be authenticated.' });
		const refused = await runDeletes(
			'imageKit',
			ids(12).map((id) => ({ id })),
			'continueErrorOutput',
		);
		const [success, errors] = refused.outputs('Node 1');
		expect(success).toEqual([]);
		expect(errors).toHaveLength(12);
		expect(errors[0].json.error).toBe(
			'Failed to delete file. API error: Your account cannot be authenticated.',
		);
	});

	test('below ten items the one-by-one route is used', async () => {
		const scope = nock('https://api.imagekit.io')
			.delete(/\/v1\/files\/f\d/)
			.times(9)
			.reply(204);
		const result = await runDeletes(
			'imageKit',
			ids(9).map((id) => ({ id })),
		);
		expect(result.outputs('Node 1')[0]).toHaveLength(9);
		expect(scope.isDone()).toBe(true);
	});
});

describe('Bulk paths: every item is sent with its own authentication', () => {
	const UNKNOWN = 'Connection ID not found or expired. Connect again, or use credentials.';

	// Connect and the deletes run as two parts of one execution: a connection lives in its own.
	const EXECUTION = 'execution-bulk-connection';

	async function connectionId(): Promise<string> {
		nock(imageKitFile.origin)
			.get(imageKitFile.verify.path)
			.reply(...imageKitFile.verify.reply);
		const connected = await runWorkflow(
			chainWorkflow(
				[{}],
				[
					{
						type: 'imageKit',
						credentialType: 'imageKitApi',
						parameters: { resource: 'connection', operation: 'connect' },
					},
				],
			),
			{ credentials: CREDENTIALS, executionId: EXECUTION },
		);
		return (connected.outputs('Node 1')[0][0].json as { connectionId: string }).connectionId;
	}

	test('ImageKit, 12 deletes, only item 0 with a live connection: the batch carries item 0 alone, the rest fail alone', async () => {
		const live = await connectionId();
		const batches: string[][] = [];
		nock(imageKitFile.origin)
			.post('/v1/files/batch/deleteByFileIds', (body: { fileIds: string[] }) => {
				batches.push(body.fileIds);
				return true;
			})
			.matchHeader(...imageKitFile.authHeader)
			.reply(200, (_uri: string, body: { fileIds: string[] }) => ({
				successfullyDeletedFileIds: body.fileIds,
			}));
		const items = ids(12).map((id, index) => ({
			id,
			connectionId: index === 0 ? live : 'conn_unknown',
		}));
		const result = await runWorkflow(
			chainWorkflow(items, [
				{
					type: 'imageKit',
					onError: 'continueRegularOutput',
					parameters: {
						...deleteParameters(imageKitFile),
						authentication: 'connectionId',
						connectionId: '={{ $json.connectionId }}',
					},
				},
			]),
			{ credentials: CREDENTIALS, executionId: EXECUTION },
		);
		expect(batches).toEqual([['f0']]);
		expect(result.outputs('Node 1')[0].map((item) => item.json)).toEqual([
			{ deleted: true, id: 'f0' },
			...ids(11).map(() => ({ error: UNKNOWN, reason: 'auth' })),
		]);
	});
});

const TOKEN_ANSWER = {
	success: true,
	errors: [],
	messages: [],
	result: { token: 'batch-token-secret-1', expiresAt: '2099-01-01T00:00:00Z' },
};
/** Cloudflare's word on the account's window, as every answer of its API carries it. */
const windowLeft = (left: number) => ({
	Ratelimit: `"default";r=${left};t=240`,
	'Ratelimit-Policy': '"default";q=1200;w=300',
});

describe('Cloudflare: Image → Delete over many items uses the batch API when the global window is short', () => {
	test('one batch token, then every delete on the batch host with it while the global window has no room; the token stays out of the run', async () => {
		const api = nock('https://api.cloudflare.com')
			.get('/client/v4/accounts/acc123/images/v1/batch_token')
			.matchHeader('authorization', 'Bearer cf-secret-token-456')
			// 60 left, all kept back for other processes' requests on the way: no room.
			.reply(200, TOKEN_ANSWER, windowLeft(60));
		const batch = nock('https://batch.imagedelivery.net')
			.delete(/^\/images\/v1\/img\d+$/)
			.matchHeader('authorization', 'Bearer batch-token-secret-1')
			.times(120)
			.reply(200, { success: true, errors: [], messages: [], result: {} });
		const all = ids(120, 'img');
		const result = await runDeletes(
			'cloudflareImages',
			all.map((id) => ({ id })),
		);
		expect(result.outputs('Node 1')[0].map((item) => item.json)).toEqual(
			all.map((id) => ({ deleted: true, id })),
		);
		expect(api.isDone() && batch.isDone()).toBe(true);
		expect(JSON.stringify(result.run)).not.toContain('batch-token-secret-1');
	});

	test("a run larger than the global window's room sends every delete through the batch API, each image once, leaving the window to other work", async () => {
		let globalLeft = 150;
		const deleted: string[] = [];
		nock('https://api.cloudflare.com')
			.get('/client/v4/accounts/acc123/images/v1/batch_token')
			.reply(200, TOKEN_ANSWER, windowLeft(globalLeft))
			.delete(/^\/client\/v4\/accounts\/acc123\/images\/v1\/img\d+$/)
			.times(120)
			.optionally()
			.reply((uri) => {
				deleted.push(`global ${uri.split('/').pop()}`);
				return [
					200,
					{ success: true, errors: [], messages: [], result: {} },
					windowLeft(--globalLeft),
				];
			});
		nock('https://batch.imagedelivery.net')
			.delete(/^\/images\/v1\/img\d+$/)
			.times(120)
			.reply((uri) => {
				deleted.push(`batch ${uri.split('/').pop()}`);
				return [200, { success: true, errors: [], messages: [], result: {} }];
			});
		const all = ids(120, 'img');
		const result = await runDeletes(
			'cloudflareImages',
			all.map((id) => ({ id })),
		);
		expect(result.outputs('Node 1')[0].map((item) => item.json)).toEqual(
			all.map((id) => ({ deleted: true, id })),
		);
		expect(deleted.filter((entry) => entry.startsWith('global'))).toEqual([]);
		expect(new Set(deleted.map((entry) => entry.split(' ')[1])).size).toBe(120);
		expect(deleted).toHaveLength(120);
	});

	test('Max Requests per Second holds on the batch API too: no second of it has more than the cap and its burst', async () => {
		nock('https://api.cloudflare.com')
			.get('/client/v4/accounts/acc123/images/v1/batch_token')
			.reply(200, TOKEN_ANSWER, windowLeft(60));
		const sentAt: number[] = [];
		nock('https://batch.imagedelivery.net')
			.delete(/^\/images\/v1\/img\d+$/)
			.times(120)
			.reply(() => {
				sentAt.push(Date.now());
				return [200, { success: true, errors: [], messages: [], result: {} }];
			});
		const result = await runDeletes(
			'cloudflareImages',
			ids(120, 'img').map((id) => ({ id })),
			undefined,
			{ maxRequestsPerSecond: 50 },
		);
		expect(result.outputs('Node 1')[0].filter((item) => item.json.deleted === true)).toHaveLength(
			120,
		);
		// 50 a second and a burst of 10: 120 requests take at least (120 − 10) / 50 = 2.2 s from the
		// first to the last (the batch API alone allows 200 a second: 0.6 s). Measured where they
		// arrive, not where they were let go: a busy event loop delivers some late, together, which
		// a count per second would mistake for a burst; the whole span it cannot shorten by much.
		expect(sentAt).toHaveLength(120);
		expect(Math.max(...sentAt) - Math.min(...sentAt)).toBeGreaterThanOrEqual(2000);
	});

	test('a run that fits in what is left of the global window goes there, 32 deletes in flight at once after its first answers', async () => {
		// The account's figure falls by one per request (only ours). After the token's answer and the
		// first delete's, which show that, answers are held until 32 deletes are in flight at once (the
		// node's concurrency): a node that sent fewer at a time would never get there, and the
		// fallback lets it finish.
		const CONCURRENCY = 32;
		let left = 1100;
		let inFlight = 0;
		let peak = 0;
		let answered = 0;
		let release!: () => void;
		const full = new Promise<void>((resolve) => (release = resolve));
		let fallback: ReturnType<typeof setTimeout> | undefined;
		const api = nock('https://api.cloudflare.com')
			.get('/client/v4/accounts/acc123/images/v1/batch_token')
			.reply(() => [200, TOKEN_ANSWER, windowLeft(--left)])
			.delete(/^\/client\/v4\/accounts\/acc123\/images\/v1\/img\d+$/)
			.times(120)
			.reply(async () => {
				const figure = windowLeft(--left);
				peak = Math.max(peak, ++inFlight);
				if (answered++ > 0) {
					if (inFlight >= CONCURRENCY) release();
					clearTimeout(fallback);
					fallback = setTimeout(release, 500);
					await full;
				}
				inFlight -= 1;
				return [200, { success: true, errors: [], messages: [], result: {} }, figure];
			});
		const all = ids(120, 'img');
		const result = await runDeletes(
			'cloudflareImages',
			all.map((id) => ({ id })),
		);
		clearTimeout(fallback);
		expect(peak).toBe(CONCURRENCY);
		expect(result.outputs('Node 1')[0].map((item) => item.json)).toEqual(
			all.map((id) => ({ deleted: true, id })),
		);
		expect(api.isDone()).toBe(true);
	});

	test('without a batch token (refused), the deletes go to the API with the key', async () => {
		nock('https://api.cloudflare.com')
			.get('/client/v4/accounts/acc123/images/v1/batch_token')
			.reply(403, { success: false, errors: [{ code: 10000, message: 'Authentication error' }] })
			.delete(/^\/client\/v4\/accounts\/acc123\/images\/v1\/img\d+$/)
			.times(120)
			.reply(200, { success: true, errors: [], messages: [], result: {} });
		const result = await runDeletes(
			'cloudflareImages',
			ids(120, 'img').map((id) => ({ id })),
		);
		expect(result.outputs('Node 1')[0].filter((item) => item.json.deleted === true)).toHaveLength(
			120,
		);
	});

	test('a run of fewer than 100 items asks for no token: straight to the global API', async () => {
		const api = nock('https://api.cloudflare.com')
			.delete(/^\/client\/v4\/accounts\/acc123\/images\/v1\/img\d+$/)
			.times(99)
			.reply(200, { success: true, errors: [], messages: [], result: {} });
		const result = await runDeletes(
			'cloudflareImages',
			ids(99, 'img').map((id) => ({ id })),
		);
		expect(result.outputs('Node 1')[0].filter((item) => item.json.deleted === true)).toHaveLength(
			99,
		);
		expect(api.isDone()).toBe(true);
	});
});

describe("Cloudflare's 200 requests a second ('Client API per IP | 200/second', developers.cloudflare.com/fundamentals/api/reference/limits/; its headers' \"burst\" policy)", () => {
	test('a run that fits in the account window goes there without passing 200 in any second: no 429', async () => {
		const ITEMS = 400;
		const arrivals: number[] = [];
		let refused = 0;
		let left = 1100;
		const headers = (burstLeft: number, refusedBy?: string) => ({
			Ratelimit: refusedBy ? `"${refusedBy}";r=0;t=1` : `"default";r=${left};t=240`,
			'Ratelimit-Policy': '"burst";q=200;w=1, "default";q=1200;w=300',
			...(burstLeft < 0 ? { 'Retry-After': '1' } : {}),
		});
		nock('https://api.cloudflare.com')
			.get('/client/v4/accounts/acc123/images/v1/batch_token')
			.optionally()
			.reply(200, TOKEN_ANSWER, windowLeft(left))
			.delete(/^\/client\/v4\/accounts\/acc123\/images\/v1\/img\d+$/)
			.times(ITEMS * 2)
			.reply(() => {
				const now = Date.now();
				arrivals.push(now);
				left--;
				// As the sandbox: what arrived in the last second, this one included.
				const lastSecond = arrivals.filter((at) => at > now - 1000).length;
				if (lastSecond > 200) {
					refused++;
					const errors = [
						{ code: 971, message: 'Please wait and consider throttling your request speed' },
					];
					return [
						429,
						{ success: false, errors, messages: [], result: null },
						headers(-1, 'burst'),
					];
				}
				return [
					200,
					{ success: true, errors: [], messages: [], result: {} },
					headers(200 - lastSecond),
				];
			});
		const result = await runDeletes(
			'cloudflareImages',
			ids(ITEMS, 'img').map((id) => ({ id })),
		);
		expect(result.outputs('Node 1')[0].filter((item) => item.json.deleted === true)).toHaveLength(
			ITEMS,
		);
		expect(refused).toBe(0);
		expect(arrivals).toHaveLength(ITEMS);
	});
});
