// Download: a Get that outputs the file as binary data (Cloudflare's original, ImageKit's file, a
// Leonardo generation's images), so that a clean-up can keep a copy before it deletes. The key
// goes only to the provider's API; CDN files are fetched without it.
import type { INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { runWorkflow } from '../harness/engine';
import { CREDENTIALS } from '../harness/providers';
import { type NodeName, runNode } from '../harness/run';
import { chainWorkflow } from '../harness/workflows';

jest.mock('n8n-workflow', () =>
	jest.requireActual('../harness/recordedSleep').workflowWithRecordedSleep(),
);

const PNG = Buffer.from(
	'89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489',
	'hex',
);
const run = async (node: NodeName, parameters: INodeParameters) => await runNode(node, parameters);
const byId = (value: string) => ({ __rl: true as const, mode: 'id', value });
const bytesOf = (binary: { data: string }) => Buffer.from(binary.data, 'base64');

test('Cloudflare Image → Download: the original from /blob, named as uploaded, in the binary field asked for', async () => {
	nock('https://api.cloudflare.com')
		.get('/client/v4/accounts/acc123/images/v1/shop%2Fred')
		.reply(200, {
			success: true,
			errors: [],
			messages: [],
			result: {
				id: 'shop/red',
				filename: 'red.png',
				uploaded: '2026-01-01T00:00:00Z',
				variants: [],
			},
		})
		.get('/client/v4/accounts/acc123/images/v1/shop%2Fred/blob')
		.matchHeader('authorization', `Bearer ${CREDENTIALS.cloudflareImagesApi.apiToken}`)
		.reply(200, PNG, { 'Content-Type': 'image/png' });
	const result = await run('cloudflareImages', {
		resource: 'image',
		operation: 'download',
		imageId: byId('shop/red'),
		binaryPropertyName: 'backup',
	});
	expect(result.error).toBeUndefined();
	const [item] = result.outputs('Node 1')[0];
	expect(item.json).toEqual({
		id: 'shop/red',
		fileName: 'red.png',
		mimeType: 'image/png',
		size: PNG.length,
	});
	expect(item.binary?.backup).toMatchObject({ fileName: 'red.png', mimeType: 'image/png' });
	expect(bytesOf(item.binary!.backup as { data: string })).toEqual(PNG);
	expect(item.pairedItem).toEqual({ item: 0 });
});

test('ImageKit File → Download: the file from its URL, without the key; a private file is refused before it is fetched', async () => {
	const received: Array<Record<string, unknown>> = [];
	nock('https://api.imagekit.io')
		.get('/v1/files/f1/details')
		.reply(200, {
			fileId: 'f1',
			name: 'shoe.jpg',
			mime: 'image/jpeg',
			size: PNG.length,
			url: 'https://ik.imagekit.io/demo/products/shoe.jpg',
			isPrivateFile: false,
		})
		.get('/v1/files/f2/details')
		.reply(200, {
			fileId: 'f2',
			name: 'secret.jpg',
			url: 'https://ik.imagekit.io/demo/secret.jpg',
			isPrivateFile: true,
		});
	nock('https://ik.imagekit.io')
		// `tr=orig-true`: the file as stored, not the CDN's optimised copy.
		.get('/demo/products/shoe.jpg')
		.query({ tr: 'orig-true' })
		.reply(function () {
			received.push(this.req.headers);
			return [200, PNG, { 'Content-Type': 'image/jpeg' }];
		});
	const result = await runWorkflow(
		chainWorkflow(
			[{ id: 'f1' }, { id: 'f2' }],
			[
				{
					type: 'imageKit',
					credentialType: 'imageKitApi',
					parameters: { resource: 'file', operation: 'download', fileId: byId('={{ $json.id }}') },
					onError: 'continueRegularOutput',
				},
			],
		),
		{ credentials: CREDENTIALS },
	);
	const [shoe, secret] = result.outputs('Node 1')[0];
	expect(shoe.json).toEqual({
		id: 'f1',
		fileName: 'shoe.jpg',
		mimeType: 'image/jpeg',
		size: PNG.length,
	});
	expect(bytesOf(shoe.binary!.data as { data: string })).toEqual(PNG);
	expect(received).toHaveLength(1);
	expect(received[0].authorization).toBeUndefined();
	expect(secret.json.error).toMatch(
		/^File f2 is private: ImageKit serves it only through a signed URL/,
	);
});

test('Leonardo Generation → Download: one output item per generated image, each paired with the input', async () => {
	nock('https://cloud.leonardo.ai')
		.get('/api/rest/v1/generations/g1')
		.reply(200, {
			generations_by_pk: {
				id: 'g1',
				status: 'COMPLETE',
				generated_images: [
					{ id: 'i0', url: 'https://cdn.leonardo.ai/users/u1/generations/g1/a_0.png' },
					{ id: 'i1', url: 'https://cdn.leonardo.ai/users/u1/generations/g1/a_1.png' },
				],
			},
		});
	nock('https://cdn.leonardo.ai')
		.get(/\/users\/u1\/generations\/g1\/a_\d\.png/)
		.times(2)
		.reply(200, PNG, { 'Content-Type': 'image/png' });
	const result = await run('leonardoAi', {
		resource: 'generation',
		operation: 'download',
		generationId: byId('g1'),
	});
	expect(result.error).toBeUndefined();
	const out = result.outputs('Node 1')[0];
	expect(out.map((item) => item.json)).toEqual([
		{
			id: 'g1',
			imageId: 'i0',
			url: 'https://cdn.leonardo.ai/users/u1/generations/g1/a_0.png',
			fileName: 'a_0.png',
			mimeType: 'image/png',
			size: PNG.length,
		},
		{
			id: 'g1',
			imageId: 'i1',
			url: 'https://cdn.leonardo.ai/users/u1/generations/g1/a_1.png',
			fileName: 'a_1.png',
			mimeType: 'image/png',
			size: PNG.length,
		},
	]);
	expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
	expect(bytesOf(out[1].binary!.data as { data: string })).toEqual(PNG);
});

test('Download of an image that is not there: the error contract, nothing fetched', async () => {
	nock('https://api.cloudflare.com')
		.get('/client/v4/accounts/acc123/images/v1/gone')
		.reply(404, {
			success: false,
			errors: [{ code: 5404, message: 'Image not found' }],
			messages: [],
			result: null,
		});
	const result = await run('cloudflareImages', {
		resource: 'image',
		operation: 'download',
		imageId: byId('gone'),
	});
	expect(result.error?.message).toBe('Failed to download image. API error: Image not found');
});
