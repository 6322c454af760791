// Review (outside reading): what ImageKit's batch delete did in a first call is lost when a stop or
// a cancel refuses the call that re-sends the IDs ImageKit did not confirm.
//
// README, Stop Workflow: "its description says what was done … An item stopped part-way is listed
// under *Stopped part-way* with what it did before the stop (Delete Many: `deleted 100 of 150 IDs:
// …`)". README, Cancelling: "its description tells, as for Stop Workflow, which items were done".
import nock from 'nock';

import { runWorkflow } from '../harness/engine';
import { CREDENTIALS, deleteParameters, imageKitFile } from '../harness/providers';
import { chainWorkflow } from '../harness/workflows';

const BATCH = '/v1/files/batch/deleteByFileIds';
const ids = (count: number, prefix = 'f') =>
	Array.from({ length: count }, (_, i) => `${prefix}${i}`);
const after = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));
const descriptionOf = (result: { error?: unknown }) =>
	String((result.error as { description?: string } | undefined)?.description);

test('File → Delete, 200 items (two batch calls), Stop Workflow: batch A deletes 99 of its 100 files, batch B is refused; the 99 deleted files are told as done (or part-way), not as "Not done"', async () => {
	const calls: string[][] = [];
	nock(imageKitFile.origin)
		.post(BATCH)
		.times(3)
		.reply(async (_uri, body) => {
			const { fileIds } = body as { fileIds: string[] };
			calls.push(fileIds);
			if (fileIds.includes('f100'))
				return [400, { message: 'Your request contains invalid fileId parameter.' }];
			// Batch A answers after batch B's refusal has stopped the run: every id but f99 confirmed.
			await after(200);
			return [200, { successfullyDeletedFileIds: fileIds.filter((id) => id !== 'f99') }];
		});
	const result = await runWorkflow(
		chainWorkflow(
			ids(200).map((id) => ({ id })),
			[
				{
					type: imageKitFile.node,
					credentialType: imageKitFile.credentialType,
					parameters: deleteParameters(imageKitFile),
				},
			],
		),
		{ credentials: CREDENTIALS },
	);
	// Two calls went out; the re-send of f99 was refused by the stop.
	expect(calls).toHaveLength(2);
	const description = descriptionOf(result);
	// f0–f98 are gone at ImageKit: the user must learn that, not re-run them as "not done".
	expect(description).not.toContain('Done before the stop: none of the 200 items.');
	expect(description).toContain('f98');
});

test('Delete Many of 100 IDs, cancelled while the re-send of the one unconfirmed ID waits for the endpoint: the 99 IDs the first call deleted are told ("deleted 99 of 100 IDs")', async () => {
	let cancel = () => {};
	nock(imageKitFile.origin)
		.post(BATCH)
		.reply(
			200,
			(_uri: string, body: { fileIds: string[] }) => {
				// The endpoint's own limit, as its headers say it: one call a minute.
				setTimeout(() => cancel(), 300);
				return { successfullyDeletedFileIds: body.fileIds.filter((id) => id !== 'f99') };
			},
			{ 'X-RateLimit-Limit': '1', 'X-RateLimit-Interval': '60000' },
		);
	const result = await runWorkflow(
		chainWorkflow(
			[{}],
			[
				{
					type: imageKitFile.node,
					credentialType: imageKitFile.credentialType,
					parameters: { resource: 'file', operation: 'deleteMany', fileIds: ids(100).join(',') },
				},
			],
		),
		{ credentials: CREDENTIALS, whileRunning: (stop) => (cancel = stop) },
	);
	expect(result.error?.message).toBe('The execution was cancelled');
	const description = descriptionOf(result);
	expect(description).toContain('deleted 99 of 100 IDs');
	expect(description).not.toContain('Not done');
});
