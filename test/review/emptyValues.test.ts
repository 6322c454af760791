// Review 2 (outside reading): values read as declared (`typedValue`, `ItemContext.option`).
//
// README, Values from expressions: "A switch (Dry Run, Ignore Not Found, Require Signed URLs…) set
// by an expression takes `true`/`false` or the text `"true"`/`"false"` … Anything else fails the
// item before a request, naming the parameter". README, Dry Run: "nothing is deleted … No request
// that deletes is sent, on any route."
//
// `ItemContext.option` hands back the fallback (Dry Run: false) for an expression that resolves to
// nothing (`undefined`, `null`, `""`) without checking it: a Dry Run switch whose expression
// lost its source — a renamed field in the example's Settings node, a Set field left empty, a
// webhook without the query parameter — deletes for real.
import nock from 'nock';

import { runNode } from '../harness/run';

const byId = (value: string) => ({ __rl: true as const, mode: 'id', value });
const CF = 'https://api.cloudflare.com';
const IMAGE = '/client/v4/accounts/acc123/images/v1/img1';
const found = {
	success: true,
	errors: [],
	messages: [],
	result: { id: 'img1', filename: 'a.png', uploaded: '2026-01-01T00:00:00Z', variants: [] },
};
const deletedBody = { success: true, errors: [], messages: [], result: {} };

/** Every request nock sees at Cloudflare, as "METHOD path". */
function cloudflareRecording(): string[] {
	const seen: string[] = [];
	nock(CF)
		.get(IMAGE)
		.optionally()
		.reply(() => {
			seen.push(`GET ${IMAGE}`);
			return [200, found];
		})
		.delete(IMAGE)
		.optionally()
		.reply(() => {
			seen.push(`DELETE ${IMAGE}`);
			return [200, deletedBody];
		});
	return seen;
}

describe.each([
	['the field is missing from the item (a renamed Settings field)', {}],
	['the field is an empty text (a Set node field left empty)', { dryRun: '' }],
	['the field is null (a JSON body with "dryRun": null)', { dryRun: null }],
])('Cloudflare Image → Delete, Dry Run = {{ $json.dryRun }} where %s', (_title, json) => {
	test('no DELETE is sent: the item fails naming Dry Run (README: "Anything else fails the item before a request")', async () => {
		const seen = cloudflareRecording();
		const result = await runNode(
			'cloudflareImages',
			{
				resource: 'image',
				operation: 'delete',
				imageId: byId('img1'),
				options: { dryRun: '={{ $json.dryRun }}' },
			},
			{ items: [json] },
		);
		// Today: DELETE /images/v1/img1 is sent and the output is { deleted: true, id: 'img1' }.
		expect(seen).not.toContain(`DELETE ${IMAGE}`);
		expect(result.error?.message ?? '').toMatch(/Dry Run/);
	});
});

test('ImageKit File → Delete Many, Dry Run = {{ $json.dryRun }} with dryRun "" (the example\'s Settings node, its value cleared): the batch delete is not sent', async () => {
	const calls: string[] = [];
	nock('https://api.imagekit.io')
		.post('/v1/files/batch/deleteByFileIds')
		.optionally()
		.reply((_uri, body) => {
			calls.push(JSON.stringify(body));
			return [200, { successfullyDeletedFileIds: ['f1', 'f2'] }];
		})
		.get(/\/v1\/files\/f[12]\/details/)
		.optionally()
		.times(2)
		.reply(200, { fileId: 'f1', name: 'a.png' });
	const result = await runNode(
		'imageKit',
		{
			resource: 'file',
			operation: 'deleteMany',
			fileIds: 'f1, f2',
			options: { dryRun: '={{ $json.dryRun }}' },
		},
		{ items: [{ dryRun: '' }] },
	);
	// Today: the batch delete goes out and f1, f2 are deleted.
	expect(calls).toEqual([]);
	expect(result.error?.message ?? '').toMatch(/Dry Run/);
});

// README, Connections: "The key never appears in any output, error or log". The new message
// `… must be true or false, not "<value>"` shows the value as it is, unredacted (badInput does not
// go through the run's redaction, and no secret is collected yet when the option is read).
test('ImageKit File → Delete, Dry Run mapped by mistake to a field holding the private key: the error does not show the key', async () => {
	nock('https://api.imagekit.io').delete('/v1/files/f1').optionally().reply(204);
	nock('https://api.imagekit.io')
		.get('/v1/files/f1/details')
		.optionally()
		.reply(200, { fileId: 'f1' });
	const result = await runNode(
		'imageKit',
		{
			resource: 'file',
			operation: 'delete',
			fileId: byId('f1'),
			options: { dryRun: '={{ $json.token }}' },
		},
		{ items: [{ token: 'private_ik-secret-789' }] },
	);
	// Today: 'Dry Run must be true or false, not "private_ik-secret-789".'
	expect(result.error?.message).toBeDefined();
	expect(result.error?.message).not.toContain('private_ik-secret-789');
});
