// Review (outside reading): a user's bad input in the options that bound a wait.
//
// SPEC §6: "Waiting for a generation is the only long wait, and it is bounded by its own
// `timeout`." README: options are checked before anything is sent (`Option "…" must be a number
// of 0 or more.` for the delays and the request options).
import nock from 'nock';

import { runWorkflow } from '../harness/engine';
import { CREDENTIALS } from '../harness/providers';
import { chainWorkflow } from '../harness/workflows';

jest.mock('n8n-workflow', () =>
	jest.requireActual('../harness/recordedSleep').workflowWithRecordedSleep(),
);

test('Leonardo Generation → Get, Wait for Completion with Timeout set by an expression to "5m" (not a number): the item fails at once, or the wait ends at some timeout — it does not poll forever', async () => {
	let polls = 0;
	let cancel = () => {};
	nock('https://cloud.leonardo.ai')
		.get('/api/rest/v1/generations/g1')
		.times(Infinity)
		.reply(() => {
			// A safety valve for this test: the execution is cancelled after 200 polls.
			if (++polls === 200) cancel();
			return [200, { generations_by_pk: { id: 'g1', status: 'PENDING', generated_images: [] } }];
		});
	const result = await runWorkflow(
		chainWorkflow(
			[{}],
			[
				{
					type: 'leonardoAi',
					credentialType: 'leonardoAiApi',
					parameters: {
						resource: 'generation',
						operation: 'get',
						generationId: { __rl: true, mode: 'id', value: 'g1' },
						options: { waitForCompletion: true, pollInterval: 5, timeout: '={{ "5m" }}' },
					},
				},
			],
		),
		{ credentials: CREDENTIALS, whileRunning: (stop) => (cancel = stop) },
	);
	// Today: 200 polls (1,000 s of polling on the recorded clock), ended only by the cancel.
	expect(result.error?.message).not.toBe('The execution was cancelled');
	expect(polls).toBeLessThan(200);
});

// The same text-for-a-boolean input on other switches (a Set node's string field, `$env.*`, a
// webhook's query): README promises each option does what its name says.
test('Cloudflare Image → Upload with Require Signed URLs set by an expression to the text "false": the upload does not ask for signed URLs (a private image)', async () => {
	let body = '';
	nock('https://api.cloudflare.com')
		.post('/client/v4/accounts/acc123/images/v1', (sent: string) => {
			body = String(sent);
			return true;
		})
		.reply(200, {
			success: true,
			errors: [],
			messages: [],
			result: { id: 'img1', filename: 'a.png', uploaded: '2026-01-01T00:00:00Z', variants: [] },
		});
	const result = await runWorkflow(
		chainWorkflow(
			[{}],
			[
				{
					type: 'cloudflareImages',
					credentialType: 'cloudflareImagesApi',
					parameters: {
						resource: 'image',
						operation: 'upload',
						inputType: 'url',
						url: 'https://example.com/a.png',
						options: { requireSignedURLs: '={{ "false" }}' },
					},
				},
			],
		),
		{ credentials: CREDENTIALS },
	);
	expect(result.error).toBeUndefined();
	// Today: the multipart body carries requireSignedURLs=true.
	expect(body).not.toMatch(/name="requireSignedURLs"\r\n\r\ntrue/);
});

test('Cloudflare Image → Delete with Ignore Not Found set by an expression to the text "false": a missing image fails the item, as with the switch off', async () => {
	nock('https://api.cloudflare.com')
		.delete('/client/v4/accounts/acc123/images/v1/gone')
		.reply(404, {
			success: false,
			errors: [{ code: 5404, message: 'Image not found' }],
			messages: [],
			result: null,
		});
	const result = await runWorkflow(
		chainWorkflow(
			[{}],
			[
				{
					type: 'cloudflareImages',
					credentialType: 'cloudflareImagesApi',
					parameters: {
						resource: 'image',
						operation: 'delete',
						imageId: { __rl: true, mode: 'id', value: 'gone' },
						options: { ignoreNotFound: '={{ "false" }}' },
					},
				},
			],
		),
		{ credentials: CREDENTIALS },
	);
	// Today: { deleted: false, id: 'gone', notFound: true } — the text "false" reads as on.
	expect(result.error?.message).toBe('Failed to delete image. API error: Image not found');
});
