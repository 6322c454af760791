// @ts-check
'use strict';
/**
 * Download (README, Operations: Download) on every node that has it, in one workflow: a Cloudflare
 * image from `…/blob` with the key (By ID, By URL into another binary field), an ImageKit file
 * from its URL without the key (By ID, and By URL from a URL a Get gave), a Leonardo AI
 * generation's images from their URLs without the key (one item each). The sandbox serves the
 * files itself (knobs `imagekitFilesOnSandbox`, `leonardoImagesOnSandbox`). What n8n holds is
 * read back by n8n's own Extract From File (from disk: the suite's n8n keeps binary data in
 * filesystem mode) and compared with what the sandbox holds, byte for byte.
 */
const assert = require('node:assert/strict');

const { SANDBOX_ACCOUNTS, SECRETS } = require('../../fixtures/providers');
const { PROVIDERS, branchesWorkflow, filesOf, outputOf } = require('./common');

const [LEONARDO, CLOUDFLARE, IMAGEKIT] = PROVIDERS;

const GENERATION = 'f1a2b3c4-9e8f-4a0b-8c1d-4b6d3fb07d65';

const locator = (mode, value) => ({ __rl: true, mode, value });

/** Bytes that are no image the sandbox makes: a file only the seed can have given. */
const seeded = (text) => Buffer.from(`${text}: bytes seeded for the e2e download case`);
const PHOTO_JPG = seeded('photo.jpg');
const PHOTO_PNG = seeded('photo.png');

function download(p, name, { resource = p.resource, parameter = p.idParameter, id, field }) {
	return {
		name,
		node: p.node,
		credential: p.credential,
		parameters: {
			resource,
			operation: 'download',
			[parameter]: id ?? '={{ $json.id }}',
			...(field ? { binaryPropertyName: field } : {}),
			options: {},
		},
	};
}

/** n8n's Extract From File: the item's binary field as base64 in `base64`, read from n8n's store. */
function bytesStep(name, field = 'data') {
	return {
		name,
		type: 'n8n-nodes-base.extractFromFile',
		typeVersion: 1,
		parameters: {
			operation: 'binaryToPropery',
			binaryPropertyName: field,
			destinationKey: 'base64',
			options: {},
		},
	};
}

function downloadCases() {
	const seed = {
		cloudflare: {
			images: [
				{ id: 'cf-photo', filename: 'photo.jpg', bytes: PHOTO_JPG.toString('base64') },
				// No bytes given: the sandbox serves a 1×1 PNG.
				{ id: 'cf-plain' },
			],
		},
		imagekit: {
			files: [
				{ id: 'ik-photo', name: 'photo.png', folder: '/shop', bytes: PHOTO_PNG.toString('base64') },
				// No bytes given: a PNG as long as its size (1,024 bytes).
				{ id: 'ik-stand-in', name: 'stand-in.png' },
				{ id: 'ik-private', name: 'secret.png', private: true },
			],
		},
		leonardo: { generations: [{ id: GENERATION, numImages: 3 }] },
	};
	const continueOnError = (step) => ({ ...step, onError: 'continueRegularOutput' });
	const workflow = branchesWorkflow('download from every node', [
		{
			name: 'Cloudflare',
			items: [{ id: 'cf-photo' }, { id: 'cf-plain' }],
			chain: [download(CLOUDFLARE, 'Cloudflare download', {}), bytesStep('Cloudflare bytes')],
		},
		{
			name: 'Cloudflare URL',
			items: [{}],
			chain: [
				download(CLOUDFLARE, 'Cloudflare download By URL', {
					id: locator(
						'url',
						`https://imagedelivery.net/${SANDBOX_ACCOUNTS.cloudflareHash}/cf-photo/public`,
					),
					field: 'backup',
				}),
				bytesStep('Cloudflare By URL bytes', 'backup'),
			],
		},
		{
			name: 'Cloudflare missing',
			items: [{ id: 'cf-missing' }],
			chain: [continueOnError(download(CLOUDFLARE, 'Cloudflare download missing', {}))],
		},
		{
			name: 'ImageKit',
			items: [{ id: 'ik-photo' }, { id: 'ik-stand-in' }],
			chain: [download(IMAGEKIT, 'ImageKit download', {}), bytesStep('ImageKit bytes')],
		},
		{
			name: 'ImageKit URL',
			items: [{ id: 'ik-photo' }],
			chain: [
				{
					name: 'ImageKit get',
					node: IMAGEKIT.node,
					credential: IMAGEKIT.credential,
					parameters: {
						resource: 'file',
						operation: 'get',
						fileId: '={{ $json.id }}',
						options: {},
					},
				},
				// The URL as an output gave it (on the sandbox's file host): what a user copies.
				download(IMAGEKIT, 'ImageKit download By URL', { id: locator('url', '={{ $json.url }}') }),
				bytesStep('ImageKit By URL bytes'),
			],
		},
		{
			name: 'ImageKit private',
			items: [{ id: 'ik-private' }],
			chain: [continueOnError(download(IMAGEKIT, 'ImageKit download private', {}))],
		},
		{
			name: 'Leonardo',
			items: [{ id: GENERATION }],
			chain: [
				download(LEONARDO, 'Leonardo download', {
					resource: 'generation',
					parameter: 'generationId',
				}),
				bytesStep('Leonardo bytes'),
			],
		},
	]);
	return [
		{
			name: 'download: Cloudflare (blob, with the key), ImageKit (its URL, without), Leonardo (each generated image, without): n8n holds the sandbox’s bytes with fileName, mimeType and size; the key never reaches a file host',
			seed,
			knobs: { imagekitFilesOnSandbox: true, leonardoImagesOnSandbox: true },
			workflow,
			check: ({ code, data }, sandbox) => {
				assert.equal(code, 0, JSON.stringify(data.resultData.error ?? {}));
				const out = (node) => outputOf(data, node);
				const held = (provider, id) => {
					const bytes = sandbox.file(provider, id);
					assert.ok(bytes, `the sandbox holds no file ${provider}:${id}`);
					return bytes;
				};
				/** The bytes n8n holds for each item of `node` (its Extract From File step). */
				const bytesOut = (node) => out(node).map((item) => Buffer.from(item.base64, 'base64'));

				// Cloudflare: the original from `…/blob`, its name from the image's details.
				assert.deepEqual(out('Cloudflare download'), [
					{ id: 'cf-photo', fileName: 'photo.jpg', mimeType: 'image/jpeg', size: PHOTO_JPG.length },
					{
						id: 'cf-plain',
						fileName: 'cf-plain.png',
						mimeType: 'image/png',
						size: held('cloudflare', 'cf-plain').length,
					},
				]);
				assert.deepEqual(filesOf(data, 'Cloudflare download'), [
					{ data: { fileName: 'photo.jpg', mimeType: 'image/jpeg' } },
					{ data: { fileName: 'cf-plain.png', mimeType: 'image/png' } },
				]);
				assert.deepEqual(bytesOut('Cloudflare bytes'), [
					held('cloudflare', 'cf-photo'),
					held('cloudflare', 'cf-plain'),
				]);
				assert.deepEqual(bytesOut('Cloudflare bytes')[0], PHOTO_JPG);
				assert.deepEqual(filesOf(data, 'Cloudflare download By URL'), [
					{ backup: { fileName: 'photo.jpg', mimeType: 'image/jpeg' } },
				]);
				assert.deepEqual(bytesOut('Cloudflare By URL bytes'), [PHOTO_JPG]);
				assert.deepEqual(out('Cloudflare download missing'), [
					{
						error: `Failed to download image. API error: ${CLOUDFLARE.notFound}`,
						httpCode: '404',
						reason: 'notFound',
					},
				]);

				// ImageKit: details with the key, then the file's URL without it.
				const standIn = held('imagekit', 'ik-stand-in');
				assert.equal(standIn.length, 1024, 'the stand-in is as long as its size');
				assert.deepEqual(out('ImageKit download'), [
					{ id: 'ik-photo', fileName: 'photo.png', mimeType: 'image/png', size: PHOTO_PNG.length },
					{ id: 'ik-stand-in', fileName: 'stand-in.png', mimeType: 'image/png', size: 1024 },
				]);
				assert.deepEqual(filesOf(data, 'ImageKit download'), [
					{ data: { fileName: 'photo.png', mimeType: 'image/png' } },
					{ data: { fileName: 'stand-in.png', mimeType: 'image/png' } },
				]);
				assert.deepEqual(bytesOut('ImageKit bytes'), [PHOTO_PNG, standIn]);
				const fileUrl = out('ImageKit get')[0].url;
				assert.match(
					fileUrl,
					/^http:\/\/127\.0\.0\.1:\d+\/imagekit-files\/sandbox\/shop\/photo\.png$/,
				);
				assert.deepEqual(out('ImageKit download By URL'), [
					{ id: 'ik-photo', fileName: 'photo.png', mimeType: 'image/png', size: PHOTO_PNG.length },
				]);
				assert.deepEqual(bytesOut('ImageKit By URL bytes'), [PHOTO_PNG]);
				// A private file is refused before its URL is asked (README): no request for secret.png.
				assert.deepEqual(out('ImageKit download private'), [
					{
						error:
							'File ik-private is private: ImageKit serves it only through a signed URL, which this node does not make. Download it from the ImageKit dashboard, or make the file public first.',
						reason: 'invalidInput',
					},
				]);

				// Leonardo: one item per generated image, in order, each its own bytes.
				const images = [1, 2, 3].map((n) => `${GENERATION}-img-${n}`);
				const leonardo = out('Leonardo download');
				assert.equal(leonardo.length, 3);
				leonardo.forEach((item, index) => {
					assert.match(
						item.url,
						new RegExp(
							`^http://127\\.0\\.0\\.1:\\d+/leonardo-cdn/users/${SANDBOX_ACCOUNTS.leonardoUserId}/generations/${GENERATION}/image_${index}\\.png$`,
						),
					);
					assert.deepEqual(item, {
						id: GENERATION,
						imageId: images[index],
						url: item.url,
						fileName: `image_${index}.png`,
						mimeType: 'image/png',
						size: held('leonardo', images[index]).length,
					});
				});
				assert.deepEqual(
					filesOf(data, 'Leonardo download'),
					[0, 1, 2].map((index) => ({
						data: { fileName: `image_${index}.png`, mimeType: 'image/png' },
					})),
				);
				const leonardoBytes = bytesOut('Leonardo bytes');
				assert.deepEqual(
					leonardoBytes,
					images.map((id) => held('leonardo', id)),
				);
				assert.equal(new Set(leonardoBytes.map((bytes) => bytes.toString('base64'))).size, 3);

				// Who was asked, and how: the providers' APIs with the key, the file hosts without it.
				const hosts = [...sandbox.requests('imagekit-files'), ...sandbox.requests('leonardo-cdn')];
				assert.deepEqual(
					hosts.map((r) => `${r.method} ${r.rawPath} ${r.auth} ${r.status}`).sort(),
					[
						// `tr=orig-true`: the file as stored, not ImageKit's optimised copy.
						'GET /imagekit-files/sandbox/shop/photo.png?tr=orig-true none 200',
						'GET /imagekit-files/sandbox/shop/photo.png?tr=orig-true none 200',
						'GET /imagekit-files/sandbox/stand-in.png?tr=orig-true none 200',
						...[0, 1, 2].map(
							(n) =>
								`GET /leonardo-cdn/users/${SANDBOX_ACCOUNTS.leonardoUserId}/generations/${GENERATION}/image_${n}.png none 200`,
						),
					].sort(),
					'file host requests',
				);
				for (const secret of SECRETS)
					assert.ok(!hosts.some((r) => r.rawPath.includes(secret)), 'a key in a file host request');
				const blobs = sandbox.requests('cloudflare').filter((r) => r.rawPath.endsWith('/blob'));
				assert.equal(blobs.length, 3);
				assert.ok(blobs.every((r) => r.auth === 'bearer' && r.method === 'GET'));
				assert.ok(
					sandbox.requests('imagekit').every((r) => r.auth === 'basic' && r.method === 'GET'),
				);
				assert.ok(
					sandbox.requests('leonardo').every((r) => r.auth === 'bearer' && r.method === 'GET'),
				);
				// A download reads: nothing was deleted.
				assert.deepEqual(sandbox.deletes(), {});
				assert.deepEqual(sandbox.state().cloudflare.images, ['cf-photo', 'cf-plain']);
				assert.deepEqual(sandbox.state().imagekit.files, ['ik-photo', 'ik-stand-in', 'ik-private']);
				return `${hosts.length} file host requests, all without a key; ${blobs.length} blobs with it`;
			},
		},
	];
}

module.exports = { downloadCases };
