// Review (outside reading): Download is the back-up before a delete; what it outputs must be the
// file, or the item must fail.
//
// README: "Download outputs the file as the item's binary data … so that a clean-up can keep a
// copy before it deletes." Usage, back-up-then-delete: "an image that cannot be downloaded is not
// deleted". SPEC §6: "When an answer carries no usable message (an HTML error page, an empty or
// invalid body …) … never the page itself, and never a false success."
import nock from 'nock';

import { runNode } from '../harness/run';

const byId = (value: string) => ({ __rl: true as const, mode: 'id', value });
const PAGE = '<!doctype html><html><body><h1>Sign in to continue</h1></body></html>';

test('ImageKit File → Download: the CDN answers 200 with an HTML page instead of the file; the item fails, the page is not output as the image (labelled image/jpeg)', async () => {
	nock('https://api.imagekit.io').get('/v1/files/f1/details').reply(200, {
		fileId: 'f1',
		name: 'shoe.jpg',
		mime: 'image/jpeg',
		size: 48213,
		url: 'https://ik.imagekit.io/demo/products/shoe.jpg',
		isPrivateFile: false,
	});
	nock('https://ik.imagekit.io')
		.get('/demo/products/shoe.jpg')
		.reply(200, PAGE, { 'Content-Type': 'text/html; charset=utf-8' });
	const result = await runNode('imageKit', {
		resource: 'file',
		operation: 'download',
		fileId: byId('f1'),
	});
	const out = result.outputs('Node 1')[0] ?? [];
	// Today: { id: 'f1', fileName: 'shoe.jpg', mimeType: 'image/jpeg', size: 69 } with the page as
	// its bytes; the example's Delete then deletes the only copy.
	expect(out.map((item) => item.json)).toEqual([]);
	expect(result.error?.message).toMatch(/^Failed to download file\. API error: /);
});

test('Cloudflare Image → Download: /blob answers 200 with an empty body; the item fails instead of outputting a 0-byte "original"', async () => {
	nock('https://api.cloudflare.com')
		.get('/client/v4/accounts/acc123/images/v1/img1')
		.reply(200, {
			success: true,
			errors: [],
			messages: [],
			result: { id: 'img1', filename: 'cat.png', uploaded: '2026-01-01T00:00:00Z', variants: [] },
		})
		.get('/client/v4/accounts/acc123/images/v1/img1/blob')
		.reply(200, '', { 'Content-Type': 'image/png' });
	const result = await runNode('cloudflareImages', {
		resource: 'image',
		operation: 'download',
		imageId: byId('img1'),
	});
	const out = result.outputs('Node 1')[0] ?? [];
	// Today: { id: 'img1', fileName: 'cat.png', mimeType: 'image/png', size: 0 }.
	expect(out.map((item) => item.json)).toEqual([]);
	expect(result.error?.message).toMatch(/^Failed to download image\. API error: /);
});

test('ImageKit File → Download: the CDN refuses the file (403, no key was sent to it); the item is not told that the private key was refused (reason "auth", the credential\'s advice)', async () => {
	nock('https://api.imagekit.io').get('/v1/files/f1/details').reply(200, {
		fileId: 'f1',
		name: 'shoe.jpg',
		mime: 'image/jpeg',
		url: 'https://ik.imagekit.io/demo/products/shoe.jpg',
		isPrivateFile: false,
	});
	nock('https://ik.imagekit.io')
		.get('/demo/products/shoe.jpg')
		.reply(403, '<html><body>Access denied</body></html>', { 'Content-Type': 'text/html' });
	const result = await runNode(
		'imageKit',
		{ resource: 'file', operation: 'download', fileId: byId('f1') },
		{ onError: 'continueRegularOutput' },
	);
	const [item] = result.outputs('Node 1')[0];
	// README: `auth` is "the key or connection refused"; the key went only to api.imagekit.io,
	// which answered 200. Today: reason "auth".
	expect(item.json.reason).not.toBe('auth');
	const stopped = await (async () => {
		nock('https://api.imagekit.io').get('/v1/files/f1/details').reply(200, {
			fileId: 'f1',
			url: 'https://ik.imagekit.io/demo/products/shoe.jpg',
			isPrivateFile: false,
		});
		nock('https://ik.imagekit.io').get('/demo/products/shoe.jpg').reply(403, '');
		return await runNode('imageKit', {
			resource: 'file',
			operation: 'download',
			fileId: byId('f1'),
		});
	})();
	// Today: 'ImageKit refused the private key. Use the Private Key (it starts with "private_"),
	// not the public key, …' — a user who follows it changes a key that works.
	expect(String((stopped.error as { description?: string } | undefined)?.description)).not.toMatch(
		/private key/i,
	);
});

test('Leonardo Generation → Download: the image host redirects (302) to another host; the file is fetched there without the key (none was sent), or at least the item is not told the redirect was refused to keep a key', async () => {
	nock('https://cloud.leonardo.ai')
		.get('/api/rest/v1/generations/g1')
		.reply(200, {
			generations_by_pk: {
				id: 'g1',
				status: 'COMPLETE',
				generated_images: [
					{ id: 'i0', url: 'https://cdn.leonardo.ai/users/u1/generations/g1/a_0.png' },
				],
			},
		});
	nock('https://cdn.leonardo.ai')
		.get('/users/u1/generations/g1/a_0.png')
		.reply(302, '', { Location: 'https://images.example-cdn.net/g1/a_0.png' });
	nock('https://images.example-cdn.net')
		.get('/g1/a_0.png')
		.optionally()
		.reply(200, Buffer.from('89504e470d0a1a0a', 'hex'), { 'Content-Type': 'image/png' });
	const result = await runNode('leonardoAi', {
		resource: 'generation',
		operation: 'download',
		generationId: byId('g1'),
	});
	// Today: 'Failed to download generation. API error: a redirect (HTTP 302) to
	// https://images.example-cdn.net/g1/a_0.png, not followed: requests with the key go only to
	// the credential's Base URL' — for a request README says is "fetched without the key".
	expect(result.error?.message ?? '').not.toMatch(/requests with the key/);
});

test('ImageKit File → Download: the CDN serves fewer bytes than the details give (a cut answer, an optimised copy): the item fails rather than keep a wrong back-up', async () => {
	nock('https://api.imagekit.io').get('/v1/files/f1/details').reply(200, {
		fileId: 'f1',
		name: 'shoe.jpg',
		mime: 'image/jpeg',
		size: 48213,
		url: 'https://ik.imagekit.io/demo/products/shoe.jpg',
		isPrivateFile: false,
	});
	nock('https://ik.imagekit.io')
		.get('/demo/products/shoe.jpg')
		.query({ tr: 'orig-true' })
		.reply(200, Buffer.alloc(1000, 1), { 'Content-Type': 'image/jpeg' });
	const result = await runNode('imageKit', {
		resource: 'file',
		operation: 'download',
		fileId: byId('f1'),
	});
	expect(result.error?.message).toBe(
		'Failed to download file. API error: 1000 bytes, where the file has 48213 (HTTP 200)',
	);
});
