// Review (outside reading): Dry Run is promised to answer as the delete would.
//
// README, Dry Run: "Each ID or URL is read and checked as a delete would, the object is looked up,
// and the output says what the delete would do … Run a scheduled clean-up once by hand with it."
// README, Delete Many: "It fails — onto the error output with *Continue (using error output)* —
// only when no ID could be answered at all, such as a refused key; once the key is refused, the
// remaining calls are not sent."
import nock from 'nock';

import { imageKitFile } from '../harness/providers';
import { runNode } from '../harness/run';

const ids = (count: number) => Array.from({ length: count }, (_, i) => `f${i}`);
const REFUSED = { message: 'Your account cannot be authenticated.' };

test('ImageKit Delete Many with a refused key: the delete fails the item; Dry Run of the same list fails it too (it says "what the delete would do")', async () => {
	nock(imageKitFile.origin).post('/v1/files/batch/deleteByFileIds').reply(403, REFUSED);
	const deleting = await runNode('imageKit', {
		resource: 'file',
		operation: 'deleteMany',
		fileIds: ids(40).join(','),
	});
	// The real delete: the item fails with the key's refusal.
	expect(deleting.error?.message).toBe(`Failed to delete files. API error: ${REFUSED.message}`);

	let lookUps = 0;
	nock(imageKitFile.origin)
		.get(/\/v1\/files\/f\d+\/details/)
		.times(40)
		.reply(() => {
			lookUps++;
			return [403, REFUSED];
		});
	const dryRun = await runNode('imageKit', {
		resource: 'file',
		operation: 'deleteMany',
		fileIds: ids(40).join(','),
		options: { dryRun: true },
	});
	// What Dry Run does today: a successful item `{ deleted: [], notFound: [], dryRun: true,
	// wouldDelete: [], failed: [40 × "Failed to delete files. API error: Your account cannot be
	// authenticated."] }`, after 40 look-ups with the refused key. A scheduled dry run reads that
	// as a quiet day.
	expect(dryRun.error?.message).toBe(`Failed to delete files. API error: ${REFUSED.message}`);
	expect(lookUps).toBeLessThan(40);
});

// README: "**Dry Run** …: nothing is deleted … No request that deletes is sent, on any route. Run a
// scheduled clean-up once by hand with it." A Dry Run switch often comes from text: an
// environment variable (`{{ $env.DRY_RUN }}`), a webhook's query, a sheet, a Set node's string
// field. n8n hands a boolean option's expression result over as it is (here the text "true").
test.each([
	['Cloudflare Image → Delete', 'cloudflareImages'],
	['ImageKit File → Delete Many', 'imageKit'],
] as const)(
	'%s with Dry Run set by an expression to the text "true": nothing is deleted',
	async (_title, node) => {
		let deletes = 0;
		const count = () => {
			deletes++;
			return [200, { success: true, errors: [], messages: [], result: {} }] as [number, object];
		};
		nock('https://api.cloudflare.com')
			.delete('/client/v4/accounts/acc123/images/v1/img1')
			.optionally()
			.reply(count)
			.get('/client/v4/accounts/acc123/images/v1/img1')
			.optionally()
			.reply(200, { success: true, errors: [], messages: [], result: { id: 'img1' } });
		nock(imageKitFile.origin)
			.post('/v1/files/batch/deleteByFileIds')
			.optionally()
			.reply(() => {
				deletes++;
				return [200, { successfullyDeletedFileIds: ['f1'] }];
			})
			.get('/v1/files/f1/details')
			.optionally()
			.reply(200, { fileId: 'f1', url: 'https://ik.imagekit.io/demo/f1.png' });
		const options = { dryRun: '={{ "true" }}' };
		const result =
			node === 'cloudflareImages'
				? await runNode(node, {
						resource: 'image',
						operation: 'delete',
						imageId: { __rl: true, mode: 'id', value: 'img1' },
						options,
					})
				: await runNode(node, {
						resource: 'file',
						operation: 'deleteMany',
						fileIds: 'f1',
						options,
					});
		// Today: the image (the file) is deleted, and the output says `deleted: true`.
		expect(deletes).toBe(0);
		expect(result.outputs('Node 1')[0]?.[0]?.json.deleted).not.toEqual(true);
	},
);
