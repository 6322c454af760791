// Review 2 (outside reading): what Download now refuses, and the redirects it now follows.
//
// README, Download: "Files from a CDN are fetched without the key (a redirect is followed there).
// What is not the file fails the item instead of becoming a back-up: an empty answer, a page or a
// message (HTML, JSON, XML, text) where a file was expected". Usage: the back-up-then-delete
// example deletes each image once its Download succeeded.
import nock from 'nock';

import { outputJson, runNode } from '../harness/run';

const byId = (value: string) => ({ __rl: true as const, mode: 'id', value });
const IMAGE_URL = 'https://cdn.leonardo.ai/users/u1/generations/g1/a_0.png';

function generation(): void {
	nock('https://cloud.leonardo.ai')
		.get('/api/rest/v1/generations/g1')
		.reply(200, {
			generations_by_pk: {
				id: 'g1',
				status: 'COMPLETE',
				generated_images: [{ id: 'i0', url: IMAGE_URL }],
			},
		});
}

const download = async () =>
	await runNode(
		'leonardoAi',
		{ resource: 'generation', operation: 'download', generationId: byId('g1') },
		{ onError: 'continueRegularOutput' },
	);

// `isPageOrMessage` knows seven exact types. A message in JSON or XML under any other name —
// RFC 7807's XML form, JSON:API's type, the structured suffixes `+json`/`+xml` (RFC 6839), the
// old `text/json` — is output as the image, and the example's Delete then deletes the original.
test.each([
	['application/problem+xml', '<?xml version="1.0"?><problem><title>Forbidden</title></problem>'],
	['application/vnd.api+json', '{"errors":[{"status":"403","title":"Forbidden"}]}'],
	['text/json', '{"error":"AccessDenied"}'],
])(
	'Leonardo Generation → Download: the image host answers 200 with a %s message: the item fails, the message is not output as the image',
	async (type, body) => {
		generation();
		nock('https://cdn.leonardo.ai')
			.get('/users/u1/generations/g1/a_0.png')
			.reply(200, body, { 'Content-Type': type });
		const result = await download();
		// Today: { id: 'g1', imageId: 'i0', fileName: 'a_0.png', mimeType: <type>, size: … } — a
		// "back-up" that is the host's error message.
		expect(outputJson(result)[0]).toHaveProperty('error');
		expect(result.outputs('Node 1')[0]?.[0]?.binary).toBeUndefined();
	},
);

// Before this change no redirect was followed. `public: true` now lets n8n's client follow any
// redirect: to plain http (the back-up can be swapped on the way, nothing says it was not TLS)
// and to an address inside the n8n host's network (an internal service's answer becomes the
// item's binary data, which the workflow then stores wherever the back-up goes).
test('Leonardo Generation → Download: the image host redirects to plain http on a private address; it is not fetched there', async () => {
	generation();
	let internalHits = 0;
	nock('https://cdn.leonardo.ai')
		.get('/users/u1/generations/g1/a_0.png')
		.reply(302, '', { Location: 'http://10.0.0.5/admin/export.bin' });
	nock('http://10.0.0.5')
		.get('/admin/export.bin')
		.optionally()
		.reply(() => {
			internalHits++;
			return [200, Buffer.from('internal data'), { 'Content-Type': 'application/octet-stream' }];
		});
	const result = await download();
	// Today: the internal address is fetched and its answer is output as the generation's image.
	expect(internalHits).toBe(0);
	expect(result.outputs('Node 1')[0]?.[0]?.binary).toBeUndefined();
});

// README, Continue: `reason` … `network` (no answer came, a create's too), `other`. A host that
// redirects to itself answers every time; follow-redirects gives up after 21 hops, and the item
// is told "no answer came" — an IF on reason = network would re-try it for ever.
test('Leonardo Generation → Download: the image host redirects to itself (a loop): the item fails with reason "other", not "network"', async () => {
	generation();
	let hops = 0;
	nock('https://cdn.leonardo.ai')
		.get('/users/u1/generations/g1/a_0.png')
		.times(Infinity)
		.reply(() => {
			hops++;
			return [302, '', { Location: IMAGE_URL }];
		});
	const result = await download();
	const [item] = outputJson(result);
	// Today: { error: '… request failed: Maximum number of redirects exceeded Maximum number of
	// redirects exceeded (ERR_FR_TOO_MANY_REDIRECTS)', reason: 'network' } after 22 requests.
	expect(hops).toBeGreaterThan(1);
	expect(item.reason).toBe('other');
});
