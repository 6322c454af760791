/**
 * Resource locators: the From List searches as n8n's editor asks for them (n8n-core's
 * LoadOptionsContext), and the ids each mode yields when a workflow runs (WorkflowExecute).
 */
import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { runWorkflow, searchList, PACKAGE } from '../harness/engine';
import { CREDENTIALS } from '../harness/providers';
import { chainWorkflow } from '../harness/workflows';

jest.mock('n8n-workflow', () =>
	jest.requireActual('../harness/recordedSleep').workflowWithRecordedSleep(),
);

const LEONARDO = 'https://cloud.leonardo.ai';
const CLOUDFLARE = 'https://api.cloudflare.com';
const CF_IMAGES = '/client/v4/accounts/acc123/images';
const IMAGEKIT = 'https://api.imagekit.io';

const CREDENTIAL = {
	leonardoAi: 'leonardoAiApi',
	cloudflareImages: 'cloudflareImagesApi',
	imageKit: 'imageKitApi',
} as const;
type NodeName = keyof typeof CREDENTIAL;

function editorNode(type: NodeName, parameters: INodeParameters): INode {
	return {
		id: 'node-1',
		name: 'Node 1',
		type: `${PACKAGE}.${type}`,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { [CREDENTIAL[type]]: { id: 'cred-1', name: 'Test key' } },
	};
}

async function search(
	type: NodeName,
	parameter: string,
	method: string,
	filter?: string,
	paginationToken?: string,
) {
	const node = editorNode(type, { resource: 'image', operation: 'delete' });
	return await searchList(node, parameter, method, {
		credentials: CREDENTIALS,
		filter,
		paginationToken,
	});
}

async function run(type: NodeName, parameters: INodeParameters, items: IDataObject[] = [{}]) {
	const result = await runWorkflow(
		chainWorkflow(items, [
			{ type, credentialType: CREDENTIAL[type], parameters, onError: 'continueErrorOutput' },
		]),
		{ credentials: CREDENTIALS },
	);
	const [success = [], errors = []] = result.outputs('Node 1');
	return {
		success: success.map((item) => item.json),
		errors: errors.map((item) => String(item.json.error)),
	};
}

const locator = (mode: string, value: string) => ({ __rl: true, mode, value });

const cfImage = (id: string, filename: string) => ({
	id,
	filename,
	uploaded: '2026-11-30T10:00:00.000Z',
	requireSignedURLs: false,
	variants: [`https://imagedelivery.net/hash/${id}/public`],
});
const cfPage = (images: object[], token: string | null) => ({
	success: true,
	errors: [],
	messages: [],
	result: { images, continuation_token: token },
});
/** The account's newest images, whose delivery URLs carry its hash: asked once per run. */
const accountHash = (hash: string, images = [cfImage('newest', 'n.png')]) =>
	nock(CLOUDFLARE)
		.get(`${CF_IMAGES}/v2`)
		.query({ per_page: '10' })
		.reply(
			200,
			cfPage(
				images.map((image) => ({
					...image,
					variants: image.variants.map((url) => url.replace('/hash/', `/${hash}/`)),
				})),
				null,
			),
		);

describe('Cloudflare Images: Image ID from a list', () => {
	test('lists images newest first, named by file name, 100 a page, with a token to scroll on', async () => {
		const api = nock(CLOUDFLARE)
			.get(`${CF_IMAGES}/v2`)
			.query({ per_page: '100', sort_order: 'desc' })
			.reply(200, cfPage([cfImage('img-2', 'dog.png'), cfImage('img-1', '')], 'page-2'));
		const result = await search('cloudflareImages', 'imageId', 'searchImages');
		expect(result).toEqual({
			results: [
				{ name: 'dog.png', value: 'img-2', url: 'https://imagedelivery.net/hash/img-2/public' },
				{ name: 'img-1', value: 'img-1', url: 'https://imagedelivery.net/hash/img-1/public' },
			],
			paginationToken: 'page-2',
		});
		expect(api.isDone()).toBe(true);
	});

	test('a search keeps the matching images, reading on (at most 5 pages) while there are few', async () => {
		const pages = Array.from({ length: 6 }, (_, page) =>
			cfPage(
				[cfImage(`img-${page}-a`, `cat-${page}.png`), cfImage(`img-${page}-b`, `dog-${page}.png`)],
				`after-${page}`,
			),
		);
		const api = nock(CLOUDFLARE)
			.get(`${CF_IMAGES}/v2`)
			.query({ per_page: '100', sort_order: 'desc' })
			.reply(200, pages[0]);
		for (let page = 1; page < 5; page++) {
			api
				.get(`${CF_IMAGES}/v2`)
				.query({ per_page: '100', sort_order: 'desc', continuation_token: `after-${page - 1}` })
				.reply(200, pages[page]);
		}
		const result = await search('cloudflareImages', 'imageId', 'searchImages', ' CAT ');
		expect(result.results.map((item) => item.name)).toEqual([
			'cat-0.png',
			'cat-1.png',
			'cat-2.png',
			'cat-3.png',
			'cat-4.png',
		]);
		expect(result.paginationToken).toBe('after-4');
		expect(api.isDone()).toBe(true);
	});

	test('scrolling on sends the token back', async () => {
		nock(CLOUDFLARE)
			.get(`${CF_IMAGES}/v2`)
			.query({ per_page: '100', sort_order: 'desc', continuation_token: 'page-2' })
			.reply(200, cfPage([cfImage('img-0', 'old.png')], null));
		const result = await search('cloudflareImages', 'imageId', 'searchImages', '', 'page-2');
		expect(result).toEqual({
			results: [
				{ name: 'old.png', value: 'img-0', url: 'https://imagedelivery.net/hash/img-0/public' },
			],
			paginationToken: undefined,
		});
	});

	test('a refused key: the list says so in the error contract, without the key', async () => {
		nock(CLOUDFLARE)
			.get(`${CF_IMAGES}/v2`)
			.query(true)
			.reply(403, {
				success: false,
				errors: [{ code: 10000, message: 'Authentication error' }],
				messages: [],
				result: null,
			});
		const failure = search('cloudflareImages', 'imageId', 'searchImages');
		await expect(failure).rejects.toThrow('Failed to list images. API error: Authentication error');
		await expect(failure).rejects.not.toThrow(CREDENTIALS.cloudflareImagesApi.apiToken);
	});
});

describe('Cloudflare Images: the Image ID each mode yields', () => {
	const deleted = { success: true, errors: [], messages: [], result: {} };
	const deleteImage = (imageId: unknown) =>
		run('cloudflareImages', { resource: 'image', operation: 'delete', imageId } as INodeParameters);

	test('From List and By ID: the value itself', async () => {
		const api = nock(CLOUDFLARE)
			.delete(`${CF_IMAGES}/v1/img-1`)
			.reply(200, deleted)
			.delete(`${CF_IMAGES}/v1/img-2`)
			.reply(200, deleted);
		expect((await deleteImage(locator('list', 'img-1'))).success).toEqual([
			{ deleted: true, id: 'img-1' },
		]);
		expect((await deleteImage(locator('id', ' img-2 '))).success).toEqual([
			{ deleted: true, id: 'img-2' },
		]);
		expect(api.isDone()).toBe(true);
	});

	test('By ID with an expression: resolved per item', async () => {
		nock(CLOUDFLARE)
			.delete(`${CF_IMAGES}/v1/a`)
			.reply(200, deleted)
			.delete(`${CF_IMAGES}/v1/b`)
			.reply(200, deleted);
		const result = await run(
			'cloudflareImages',
			{
				resource: 'image',
				operation: 'delete',
				imageId: locator('id', '={{ $json.imageId }}'),
			} as INodeParameters,
			[{ imageId: 'a' }, { imageId: 'b' }],
		);
		expect(result.success.map((item) => item.id)).toEqual(['a', 'b']);
	});

	test.each([
		['imagedelivery.net', 'https://imagedelivery.net/ZWd9g1K7/img-7/public', 'img-7'],
		['a flexible variant', 'https://imagedelivery.net/ZWd9g1K7/img-7/w=400,sharpen=3', 'img-7'],
		[
			'a custom ID with slashes',
			'https://imagedelivery.net/ZWd9g1K7/shop/shoes/red.png/thumbnail',
			'shop/shoes/red.png',
		],
		[
			'the account’s own domain',
			'https://images.example.com/cdn-cgi/imagedelivery/ZWd9g1K7/img-7/public?v=2',
			'img-7',
		],
	])('By URL, %s: the image ID in the URL', async (_title, url, id) => {
		const api = accountHash('ZWd9g1K7')
			.delete(`${CF_IMAGES}/v1/${encodeURIComponent(id)}`)
			.reply(200, deleted);
		expect((await deleteImage(locator('url', url))).success).toEqual([{ deleted: true, id }]);
		expect(api.isDone()).toBe(true);
	});

	test.each([
		['another host', 'https://example.com/ZWd9g1K7/img-7/public'],
		['no variant', 'https://imagedelivery.net/ZWd9g1K7/img-7'],
		['not a URL', 'img-7'],
	])('By URL from an expression, %s: refused before any request', async (_title, url) => {
		const result = await deleteImage(locator('url', `={{ ${JSON.stringify(url)} }}`));
		expect(result.success).toEqual([]);
		expect(result.errors).toEqual([
			'The URL is not a Cloudflare Images delivery URL. Please provide a URL like https://imagedelivery.net/<account hash>/<image ID>/<variant>.',
		]);
	});

	test('By URL with another account’s hash: the item fails and no delete is sent', async () => {
		const list = accountHash('ZWd9g1K7');
		const deleteRoute = nock(CLOUDFLARE).delete(`${CF_IMAGES}/v1/logo`).reply(200, deleted);
		const result = await deleteImage(
			locator('url', 'https://imagedelivery.net/OtherAcc0unt/logo/public'),
		);
		expect(result).toEqual({
			success: [],
			errors: [
				"The URL names an image of another Cloudflare account: its account hash is OtherAcc0unt, this account's is ZWd9g1K7. Please provide a URL of this account's images, or use the credential of the account the URL belongs to.",
			],
		});
		expect(list.isDone()).toBe(true);
		expect(deleteRoute.isDone()).toBe(false);
	});

	test('By URL on a custom domain with another account’s hash: refused the same way', async () => {
		accountHash('ZWd9g1K7');
		const deleteRoute = nock(CLOUDFLARE).delete(`${CF_IMAGES}/v1/logo`).reply(200, deleted);
		const result = await deleteImage(
			locator('url', 'https://images.example.com/cdn-cgi/imagedelivery/OtherAcc0unt/logo/public'),
		);
		expect(result.errors[0]).toMatch(/^The URL names an image of another Cloudflare account/);
		expect(deleteRoute.isDone()).toBe(false);
	});

	test('By URL, 40 items: the account hash is asked once for the run, each own image deleted, each foreign one refused', async () => {
		const list = accountHash('ZWd9g1K7');
		const deletes: string[] = [];
		nock(CLOUDFLARE)
			.delete((uri) => uri.startsWith(`${CF_IMAGES}/v1/`))
			.times(40)
			.reply((uri) => {
				deletes.push(uri.slice(`${CF_IMAGES}/v1/`.length));
				return [200, deleted];
			});
		const items = Array.from({ length: 40 }, (_, k) => ({
			url: `https://imagedelivery.net/${k % 4 === 3 ? 'OtherAcc0unt' : 'ZWd9g1K7'}/img-${k}/public`,
		}));
		const result = await run(
			'cloudflareImages',
			{
				resource: 'image',
				operation: 'delete',
				imageId: locator('url', '={{ $json.url }}'),
			} as INodeParameters,
			items,
		);
		const own = items.flatMap((_, k) => (k % 4 === 3 ? [] : [`img-${k}`]));
		expect(result.success).toEqual(own.map((id) => ({ deleted: true, id })));
		expect(result.errors).toHaveLength(10);
		expect(deletes.sort()).toEqual([...own].sort());
		expect(list.isDone()).toBe(true);
		expect(nock.pendingMocks()).toEqual([expect.stringContaining('DELETE')]);
	});

	test('By URL on an account with no images: the image is not found, nothing is deleted', async () => {
		accountHash('ZWd9g1K7', []);
		const deleteRoute = nock(CLOUDFLARE).delete(`${CF_IMAGES}/v1/img-7`).reply(200, deleted);
		const url = 'https://imagedelivery.net/ZWd9g1K7/img-7/public';
		expect((await deleteImage(locator('url', url))).errors).toEqual([
			`Failed to delete image. API error: Image not found: this account holds no images, so none has the URL ${url}`,
		]);
		expect(deleteRoute.isDone()).toBe(false);
	});

	test('By URL when the list of images is refused: its error, nothing deleted', async () => {
		nock(CLOUDFLARE)
			.get(`${CF_IMAGES}/v2`)
			.query(true)
			.reply(403, {
				success: false,
				errors: [{ code: 10000, message: 'Authentication error' }],
				messages: [],
				result: null,
			});
		const deleteRoute = nock(CLOUDFLARE).delete(`${CF_IMAGES}/v1/img-7`).reply(200, deleted);
		const result = await deleteImage(
			locator('url', 'https://imagedelivery.net/ZWd9g1K7/img-7/public'),
		);
		expect(result.errors).toEqual(['Failed to delete image. API error: Authentication error']);
		expect(deleteRoute.isDone()).toBe(false);
	});

	test('From List and By ID do not ask for the account hash', async () => {
		const list = accountHash('ZWd9g1K7');
		nock(CLOUDFLARE).delete(`${CF_IMAGES}/v1/img-1`).reply(200, deleted);
		expect((await deleteImage(locator('list', 'img-1'))).success).toEqual([
			{ deleted: true, id: 'img-1' },
		]);
		expect(list.isDone()).toBe(false);
	});

	test('By URL typed in: n8n checks it against the mode before the run starts', async () => {
		await expect(
			deleteImage(locator('url', 'https://example.com/ZWd9g1K7/img-7/public')),
		).rejects.toThrow(/The 'Node 1' node has issues:\s+- Not a URL that names an image/);
	});

	test('an empty pick: the empty-id message, no request', async () => {
		for (const mode of ['list', 'id']) {
			expect((await deleteImage(locator(mode, '  '))).errors).toEqual([
				'Image ID cannot be empty. Please provide a valid image ID.',
			]);
		}
	});

	test('Get reads the locator too', async () => {
		accountHash('ZWd9g1K7')
			.get(`${CF_IMAGES}/v1/img-9`)
			.reply(200, { ...deleted, result: cfImage('img-9', 'nine.png') });
		const result = await run('cloudflareImages', {
			resource: 'image',
			operation: 'get',
			imageId: locator('url', 'https://imagedelivery.net/ZWd9g1K7/img-9/public'),
		} as INodeParameters);
		expect(result.success).toEqual([cfImage('img-9', 'nine.png')]);
	});
});

const ikFile = (fileId: string, filePath: string) => ({
	fileId,
	type: 'file',
	name: filePath.split('/').pop(),
	filePath,
	url: `https://ik.imagekit.io/demo${filePath}`,
	fileType: 'image',
	createdAt: '2026-11-30T10:00:00.000Z',
	updatedAt: '2026-11-30T10:00:00.000Z',
});

describe('ImageKit: File ID from a list', () => {
	test('lists files newest first, named by path; a search asks ImageKit for names beginning with it', async () => {
		const files = Array.from({ length: 100 }, (_, k) => ikFile(`f${k}`, `/shop/shoe-${k}.jpg`));
		const api = nock(IMAGEKIT)
			.get('/v1/files')
			.query({
				type: 'file',
				sort: 'DESC_CREATED',
				skip: '0',
				limit: '100',
				searchQuery: 'name : "shoe"',
			})
			.reply(200, files);
		const result = await search('imageKit', 'fileId', 'searchFiles', 'shoe"\\');
		expect(result.results).toHaveLength(100);
		expect(result.results[0]).toEqual({
			name: '/shop/shoe-0.jpg',
			value: 'f0',
			url: 'https://ik.imagekit.io/demo/shop/shoe-0.jpg',
		});
		expect(result.paginationToken).toBe('100');
		expect(api.isDone()).toBe(true);

		nock(IMAGEKIT)
			.get('/v1/files')
			.query({ type: 'file', sort: 'DESC_CREATED', skip: '100', limit: '100' })
			.reply(200, [ikFile('f100', '/last.jpg')]);
		const next = await search('imageKit', 'fileId', 'searchFiles', '', '100');
		expect(next).toEqual({
			results: [{ name: '/last.jpg', value: 'f100', url: 'https://ik.imagekit.io/demo/last.jpg' }],
			paginationToken: undefined,
		});
	});
});

describe('ImageKit: the File ID a URL names', () => {
	const deleteFile = (fileId: unknown, items?: IDataObject[]) =>
		run('imageKit', { resource: 'file', operation: 'delete', fileId } as INodeParameters, items);

	test('looked up by name; the file whose URL it is (transformations and query aside) is deleted', async () => {
		const api = nock(IMAGEKIT)
			.get('/v1/files')
			.query({ type: 'file', searchQuery: 'name = "red shoe.jpg"', limit: '1000' })
			.reply(200, [ikFile('other', '/old/red shoe.jpg'), ikFile('wanted', '/shop/red shoe.jpg')])
			.delete('/v1/files/wanted')
			.reply(204);
		const result = await deleteFile(
			locator('url', 'https://ik.imagekit.io/demo/tr:w-300/shop/red%20shoe.jpg?updatedAt=1'),
		);
		expect(result).toEqual({ success: [{ deleted: true, id: 'wanted' }], errors: [] });
		expect(api.isDone()).toBe(true);
	});

	test('a URL on a host none of this account’s files use, with a file’s path (another account’s custom domain): refused, nothing is deleted', async () => {
		nock(IMAGEKIT)
			.get('/v1/files')
			.query(true)
			.reply(200, [ikFile('mine', '/shop/red.jpg')]);
		const del = nock(IMAGEKIT).delete('/v1/files/mine').reply(204);
		const result = await deleteFile(locator('url', 'https://cdn.example.com/shop/red.jpg'));
		expect(result).toEqual({
			success: [],
			errors: [
				"The URL does not match any of this account's file URLs: https://cdn.example.com/shop/red.jpg is on cdn.example.com, and this account's files named \"red.jpg\" are on ik.imagekit.io. Please provide the file's URL as ImageKit gives it, or pick the file By ID.",
			],
		});
		expect(del.isDone()).toBe(false);
	});

	test('a host that only begins like ImageKit’s (ik.imagekit.io.evil.com): refused, nothing is deleted', async () => {
		nock(IMAGEKIT)
			.get('/v1/files')
			.query(true)
			.reply(200, [ikFile('mine', '/shop/red.jpg')]);
		const del = nock(IMAGEKIT).delete('/v1/files/mine').reply(204);
		const result = await deleteFile(
			locator('url', 'https://ik.imagekit.io.evil.com/demo/shop/red.jpg'),
		);
		expect(result.success).toEqual([]);
		expect(result.errors[0]).toMatch(/^The URL does not match any of this account's file URLs/);
		expect(del.isDone()).toBe(false);
	});

	test('a file whose URL is on a custom domain: matched with the host in any case, the default port and any scheme', async () => {
		const file = {
			...ikFile('wanted', '/shop/red.jpg'),
			url: 'https://cdn.example.com/shop/red.jpg',
		};
		for (const url of [
			'https://CDN.Example.com/shop/red.jpg',
			'https://cdn.example.com:443/shop/red.jpg?updatedAt=1',
			'http://cdn.example.com/shop/red.jpg',
		]) {
			const api = nock(IMAGEKIT)
				.get('/v1/files')
				.query(true)
				.reply(200, [file])
				.delete('/v1/files/wanted')
				.reply(204);
			expect((await deleteFile(locator('url', url))).success).toEqual([
				{ deleted: true, id: 'wanted' },
			]);
			expect(api.isDone()).toBe(true);
		}
	});

	test('a tr: segment is part of the URL only right after the URL endpoint: /demo/banner/tr:w-100 does not delete /banner', async () => {
		nock(IMAGEKIT)
			.get('/v1/files')
			.query(true)
			.reply(200, [ikFile('banner-file', '/banner')]);
		const del = nock(IMAGEKIT).delete('/v1/files/banner-file').reply(204);
		const result = await deleteFile(locator('url', 'https://ik.imagekit.io/demo/banner/tr:w-100'));
		expect(result.success).toEqual([]);
		expect(del.isDone()).toBe(false);
	});

	test('a tr: segment inside the file path, not after the endpoint: not the file, nothing is deleted', async () => {
		nock(IMAGEKIT)
			.get('/v1/files')
			.query(true)
			.reply(200, [ikFile('wanted', '/shop/red.jpg')]);
		const del = nock(IMAGEKIT).delete('/v1/files/wanted').reply(204);
		const url = 'https://ik.imagekit.io/demo/shop/tr:w-100/red.jpg';
		expect((await deleteFile(locator('url', url))).errors).toEqual([
			`Failed to delete file. API error: no file has the URL ${url}`,
		]);
		expect(del.isDone()).toBe(false);
	});

	test('no file has the URL: the item fails, nothing is deleted', async () => {
		nock(IMAGEKIT)
			.get('/v1/files')
			.query(true)
			.reply(200, [ikFile('other', '/old/red.jpg')]);
		const result = await deleteFile(locator('url', 'https://ik.imagekit.io/demo/shop/red.jpg'));
		expect(result).toEqual({
			success: [],
			errors: [
				'Failed to delete file. API error: no file has the URL https://ik.imagekit.io/demo/shop/red.jpg',
			],
		});
	});

	test('no file has the URL, with Ignore Not Found: the item still fails (a URL that names nothing is not a missing file), nothing is deleted', async () => {
		nock(IMAGEKIT)
			.get('/v1/files')
			.query(true)
			.reply(200, [ikFile('other', '/old/red.jpg')]);
		const del = nock(IMAGEKIT).delete('/v1/files/other').reply(204);
		const result = await run('imageKit', {
			resource: 'file',
			operation: 'delete',
			fileId: locator('url', 'https://ik.imagekit.io/demo/shop/red.jpg'),
			options: { ignoreNotFound: true },
		} as INodeParameters);
		expect(result).toEqual({
			success: [],
			errors: [
				'Failed to delete file. API error: no file has the URL https://ik.imagekit.io/demo/shop/red.jpg',
			],
		});
		expect(del.isDone()).toBe(false);
	});

	/** A delete route that would answer "deleted": a test shows it was never called. */
	const deleteRoute = (fileId: string) => nock(IMAGEKIT).delete(`/v1/files/${fileId}`).reply(204);
	const named = (name: string, files: object[]) =>
		nock(IMAGEKIT)
			.get('/v1/files')
			.query({ type: 'file', searchQuery: `name = "${name}"`, limit: '1000' })
			.reply(200, files);

	test('a URL of another account with the same folder and name: the item fails, nothing is deleted', async () => {
		const search = named('red.jpg', [ikFile('mine', '/shop/red.jpg')]);
		const del = deleteRoute('mine');
		const result = await deleteFile(locator('url', 'https://ik.imagekit.io/other/shop/red.jpg'));
		expect(result).toEqual({
			success: [],
			errors: [
				"The URL names a file of another ImageKit account: https://ik.imagekit.io/other/shop/red.jpg is not under this account's URL endpoint https://ik.imagekit.io/demo. Please provide a URL of this account's files, or use the credential of the account the URL belongs to.",
			],
		});
		expect(search.isDone()).toBe(true);
		expect(del.isDone()).toBe(false);
	});

	test('a re-run after /shop/red.jpg is gone: /red.jpg (same name, parent folder) is not deleted', async () => {
		const url = 'https://ik.imagekit.io/demo/shop/red.jpg';
		named('red.jpg', [ikFile('parent', '/red.jpg')]);
		const del = deleteRoute('parent');
		const result = await deleteFile(locator('url', url));
		expect(result).toEqual({
			success: [],
			errors: [`Failed to delete file. API error: no file has the URL ${url}`],
		});
		expect(del.isDone()).toBe(false);
	});

	test('a file URL on a custom domain with an endpoint path: a tr: segment right after the endpoint names the file', async () => {
		named('red.jpg', [
			{ ...ikFile('wanted', '/shop/red.jpg'), url: 'https://cdn.example.com/img/shop/red.jpg' },
		]);
		const del = deleteRoute('wanted');
		const result = await deleteFile(
			locator('url', 'https://cdn.example.com/img/tr:w-100,h-50/shop/red.jpg'),
		);
		expect(result.success).toEqual([{ deleted: true, id: 'wanted' }]);
		expect(del.isDone()).toBe(true);
	});

	test('a URL that two files’ URLs match (a folder named like a transformation): fails, nothing is deleted', async () => {
		named('red.jpg', [ikFile('short', '/shop/red.jpg'), ikFile('long', '/tr:w-100/shop/red.jpg')]);
		const short = deleteRoute('short');
		const long = deleteRoute('long');
		const result = await deleteFile(
			locator('url', 'https://ik.imagekit.io/demo/tr:w-100/shop/red.jpg'),
		);
		expect(result.errors).toEqual([
			'Failed to delete file. API error: 2 files match the URL https://ik.imagekit.io/demo/tr:w-100/shop/red.jpg; use the file ID instead',
		]);
		expect(short.isDone() || long.isDone()).toBe(false);
	});

	test('a file of this account on ImageKit’s host, under another endpoint path: not found, not deleted', async () => {
		named('red.jpg', [ikFile('mine', '/shop/red.jpg')]);
		const del = deleteRoute('mine');
		const url = 'https://ik.imagekit.io/demo/assets/shop/red.jpg';
		expect((await deleteFile(locator('url', url))).errors).toEqual([
			`Failed to delete file. API error: no file has the URL ${url}`,
		]);
		expect(del.isDone()).toBe(false);
	});

	test('not a URL: refused before any request', async () => {
		const result = await deleteFile(locator('url', '={{ "shop/red.jpg" }}'));
		expect(result.errors).toEqual([
			'The URL is not an ImageKit file URL. Please provide a URL like https://ik.imagekit.io/<your ImageKit ID>/<folder>/<file name>.',
		]);
	});

	test('many items picked from the list take the batch path, each with its own answer', async () => {
		const ids = Array.from({ length: 12 }, (_, k) => `file-${k}`);
		const api = nock(IMAGEKIT)
			.post('/v1/files/batch/deleteByFileIds', { fileIds: ids })
			.reply(200, { successfullyDeletedFileIds: ids });
		const result = await deleteFile(
			locator('list', '={{ $json.id }}'),
			ids.map((id) => ({ id })),
		);
		expect(result.success).toEqual(ids.map((id) => ({ deleted: true, id })));
		expect(api.isDone()).toBe(true);
	});
});

/** The key's own user, from `GET /me`. */
const me = (userId?: string) =>
	nock(LEONARDO)
		.get('/api/rest/v1/me')
		.reply(200, { user_details: [{ user: userId ? { id: userId, username: 'me' } : {} }] });

describe('Leonardo AI: Generation ID from a list', () => {
	const generation = (id: string, prompt: string, status = 'COMPLETE') => ({
		id,
		status,
		prompt,
		createdAt: '2026-11-30T10:00:00.000Z',
		generated_images:
			status === 'COMPLETE'
				? [{ id: `${id}-1`, url: `https://cdn.leonardo.ai/users/u1/generations/${id}/a.jpg` }]
				: [],
	});

	test("the key's own generations, newest first, named by prompt; the next page skips /me", async () => {
		const page = Array.from({ length: 50 }, (_, k) =>
			generation(`g${k}`, k === 0 ? `A   red\nfox ${'x'.repeat(100)}` : `prompt ${k}`),
		);
		page[1].status = 'PENDING';
		const api = nock(LEONARDO)
			.get('/api/rest/v1/me')
			.reply(200, { user_details: [{ user: { id: 'u1', username: 'me' } }] })
			.get('/api/rest/v1/generations/user/u1')
			.query({ offset: '0', limit: '50' })
			.reply(200, { generations: page });
		const node = editorNode('leonardoAi', { resource: 'generation', operation: 'delete' });
		const first = await searchList(node, 'generationId', 'searchGenerations', {
			credentials: CREDENTIALS,
		});
		expect(first.results).toHaveLength(50);
		expect(first.results[0].name).toBe(`A red fox ${'x'.repeat(69)}…`);
		expect(first.results[0].url).toBe('https://cdn.leonardo.ai/users/u1/generations/g0/a.jpg');
		expect(first.results[1].name).toBe('prompt 1 (PENDING)');
		expect(first.paginationToken).toBe('50 u1');
		expect(api.isDone()).toBe(true);

		nock(LEONARDO)
			.get('/api/rest/v1/generations/user/u1')
			.query({ offset: '50', limit: '50' })
			.reply(200, { generations: [generation('g50', 'a blue cat'), generation('g51', 'dog')] });
		const next = await searchList(node, 'generationId', 'searchGenerations', {
			credentials: CREDENTIALS,
			filter: 'cat',
			paginationToken: first.paginationToken,
		});
		expect(next.results.map((item) => item.value)).toEqual(['g50']);
		expect(next.paginationToken).toBeUndefined();
	});

	test('By URL: the generation an image URL names', async () => {
		const api = me('u1')
			.delete('/api/rest/v1/generations/gen-42')
			.reply(200, { delete_generations_by_pk: { id: 'gen-42' } });
		const result = await run('leonardoAi', {
			resource: 'generation',
			operation: 'delete',
			generationId: locator(
				'url',
				'https://cdn.leonardo.ai/users/u1/generations/gen-42/Leonardo_Phoenix_0.jpg',
			),
		} as INodeParameters);
		expect(result.success).toEqual([{ deleted: true, id: 'gen-42' }]);
		expect(api.isDone()).toBe(true);
	});

	const deleteGenerations = (urls: string[]) =>
		run(
			'leonardoAi',
			{
				resource: 'generation',
				operation: 'delete',
				generationId: locator('url', '={{ $json.url }}'),
			} as INodeParameters,
			urls.map((url) => ({ url })),
		);
	const imageUrl = (user: string, generation: string) =>
		`https://cdn.leonardo.ai/users/${user}/generations/${generation}/image_0.jpg`;

	test('By URL of another user’s generation: the item fails, nothing is deleted', async () => {
		const whoAmI = me('u1');
		const del = nock(LEONARDO)
			.delete('/api/rest/v1/generations/gen-42')
			.reply(200, { delete_generations_by_pk: { id: 'gen-42' } });
		const result = await deleteGenerations([imageUrl('u2', 'gen-42')]);
		expect(result).toEqual({
			success: [],
			errors: [
				"The URL names a generation of another Leonardo AI user: its user ID is u2, this key's is u1. Please provide a URL of this key's own generations, or use the key of the user the URL belongs to.",
			],
		});
		expect(whoAmI.isDone()).toBe(true);
		expect(del.isDone()).toBe(false);
	});

	test('By URL, 40 items: /me is asked once for the run; own generations deleted, another user’s refused', async () => {
		const whoAmI = me('u1');
		const deletes: string[] = [];
		nock(LEONARDO)
			.delete((uri) => uri.startsWith('/api/rest/v1/generations/'))
			.times(40)
			.reply((uri) => {
				const id = uri.split('/').pop() ?? '';
				deletes.push(id);
				return [200, { delete_generations_by_pk: { id } }];
			});
		const users = Array.from({ length: 40 }, (_, k) => (k % 5 === 4 ? 'u2' : 'u1'));
		const result = await deleteGenerations(users.map((user, k) => imageUrl(user, `g${k}`)));
		const own = users.flatMap((user, k) => (user === 'u1' ? [`g${k}`] : []));
		expect(result.success).toEqual(own.map((id) => ({ deleted: true, id })));
		expect(result.errors).toHaveLength(8);
		expect(deletes.sort()).toEqual([...own].sort());
		expect(whoAmI.isDone()).toBe(true);
	});

	test('By URL when /me names no user: the item fails clearly, nothing is deleted', async () => {
		me();
		const del = nock(LEONARDO)
			.delete('/api/rest/v1/generations/gen-42')
			.reply(200, { delete_generations_by_pk: { id: 'gen-42' } });
		expect((await deleteGenerations([imageUrl('u1', 'gen-42')])).errors).toEqual([
			"Failed to delete generation. API error: no user in the answer to GET /me, so the URL's user cannot be checked; use the generation ID (By ID) instead",
		]);
		expect(del.isDone()).toBe(false);
	});

	test('the list when /me names no user: a clear error, and no list of generations is asked for', async () => {
		me();
		const list = nock(LEONARDO)
			.get((uri) => uri.startsWith('/api/rest/v1/generations/user/'))
			.query(true)
			.reply(200, { generations: [] });
		const node = editorNode('leonardoAi', { resource: 'generation', operation: 'delete' });
		await expect(
			searchList(node, 'generationId', 'searchGenerations', { credentials: CREDENTIALS }),
		).rejects.toThrow(
			"Failed to list generations. API error: no user in the answer to GET /me, so the key's generations cannot be listed; type the generation ID (By ID) instead",
		);
		expect(list.isDone()).toBe(false);
	});

	test('By URL, an init image URL (no generation): refused before any request', async () => {
		const result = await run('leonardoAi', {
			resource: 'generation',
			operation: 'get',
			generationId: locator('url', '={{ "https://cdn.leonardo.ai/users/u1/initImages/i1.jpg" }}'),
		} as INodeParameters);
		expect(result.errors).toEqual([
			'The URL is not a Leonardo AI image URL. Please provide a URL like https://cdn.leonardo.ai/users/<user ID>/generations/<generation ID>/<file name>.',
		]);
	});
});

describe('a URL of another account, with On Error = stop', () => {
	const deleted = { success: true, errors: [], messages: [], result: {} };
	test.each([
		{
			type: 'cloudflareImages' as const,
			parameters: {
				resource: 'image',
				imageId: locator('url', 'https://imagedelivery.net/OtherAcc0unt/logo/public'),
			},
			mock: () => {
				accountHash('ZWd9g1K7');
				return nock(CLOUDFLARE).delete(`${CF_IMAGES}/v1/logo`).reply(200, deleted);
			},
		},
		{
			type: 'imageKit' as const,
			parameters: {
				resource: 'file',
				fileId: locator('url', 'https://ik.imagekit.io/other/logo.png'),
			},
			mock: () => {
				nock(IMAGEKIT)
					.get('/v1/files')
					.query(true)
					.reply(200, [ikFile('mine', '/logo.png')]);
				return nock(IMAGEKIT).delete('/v1/files/mine').reply(204);
			},
		},
		{
			type: 'leonardoAi' as const,
			parameters: {
				resource: 'generation',
				generationId: locator('url', 'https://cdn.leonardo.ai/users/u2/generations/g1/a.jpg'),
			},
			mock: () => {
				me('u1');
				return nock(LEONARDO)
					.delete('/api/rest/v1/generations/g1')
					.reply(200, { delete_generations_by_pk: { id: 'g1' } });
			},
		},
	])(
		'$type: the node fails with a NodeOperationError for item 0, nothing deleted',
		async ({ type, parameters, mock }) => {
			const del = mock();
			const result = await runWorkflow(
				chainWorkflow(
					[{}],
					[
						{
							type,
							credentialType: CREDENTIAL[type],
							parameters: { ...parameters, operation: 'delete' } as INodeParameters,
						},
					],
				),
				{ credentials: CREDENTIALS },
			);
			expect(result.error?.name).toBe('NodeOperationError');
			expect(result.error?.message).toMatch(/^The URL names an? \w+ of another /);
			expect((result.error as unknown as { context: IDataObject }).context.itemIndex).toBe(0);
			expect(del.isDone()).toBe(false);
		},
	);
});
