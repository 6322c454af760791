// Review 2 (outside reading): stop and cancel outcomes of ImageKit's batched File → Delete.
//
// README, Stop Workflow: "From then on no request starts, for any item … The node fails with the
// failed item's error (the first by input order); its description says what was done … the items
// that failed, and how many were not done." A file that no request was sent for is "not done";
// it is neither deleted nor "not found".
//
// `told()` (nodes/ImageKit/batchDelete.ts) checks `outcome.stopped` only for the first item of an
// id (`repeat === 0`): a second item with the same file ID (a list with a repeat — README: "a
// repeated id finds nothing left, as one by one") falls through to "File not found" although no
// call carried it and the file is still there.
import nock from 'nock';

import { runWorkflow } from '../harness/engine';
import { CREDENTIALS, deleteParameters, imageKitFile } from '../harness/providers';
import { chainWorkflow } from '../harness/workflows';

const BATCH = '/v1/files/batch/deleteByFileIds';
const descriptionOf = (result: { error?: unknown }) =>
	String((result.error as { description?: string } | undefined)?.description);

test('File → Delete, 12 items with file f1 twice, Stop Workflow after an item with an empty ID failed before the batch call: the repeated f1 is told "not done", not "File not found"', async () => {
	const calls: string[][] = [];
	nock(imageKitFile.origin)
		.post(BATCH)
		.optionally()
		.reply((_uri, body) => {
			calls.push((body as { fileIds: string[] }).fileIds);
			return [200, { successfullyDeletedFileIds: (body as { fileIds: string[] }).fileIds }];
		});
	const items = [
		{ id: '' },
		...Array.from({ length: 10 }, (_, i) => ({ id: `f${i + 1}` })),
		{ id: 'f1' },
	];
	const result = await runWorkflow(
		chainWorkflow(items, [
			{
				type: imageKitFile.node,
				credentialType: imageKitFile.credentialType,
				parameters: deleteParameters(imageKitFile),
			},
		]),
		{ credentials: CREDENTIALS },
	);
	// The stop came before the batch call: nothing was sent.
	expect(calls).toEqual([]);
	const description = descriptionOf(result);
	// Today: "Failed: items 0, 11." — item 11 (f1, still at ImageKit, no call carried it) failed with
	// "File not found" (with Ignore Not Found it would be told { deleted: false, notFound: true }),
	// and "Not done: the other 10 items". It must be among the not done, like the first f1.
	expect(description).not.toMatch(/Failed: items? [^\n]*\b11\b/);
	expect(description).toContain('Not done: the other 11 items');
});

test('The same with Ignore Not Found: the repeated f1 is not told as done ("not found"), since nothing was sent for it and the file is still there', async () => {
	const calls: string[][] = [];
	nock(imageKitFile.origin)
		.post(BATCH)
		.optionally()
		.reply((_uri, body) => {
			calls.push((body as { fileIds: string[] }).fileIds);
			return [200, { successfullyDeletedFileIds: (body as { fileIds: string[] }).fileIds }];
		});
	const items = [
		{ id: '' },
		...Array.from({ length: 10 }, (_, i) => ({ id: `f${i + 1}` })),
		{ id: 'f1' },
	];
	const result = await runWorkflow(
		chainWorkflow(items, [
			{
				type: imageKitFile.node,
				credentialType: imageKitFile.credentialType,
				parameters: deleteParameters(imageKitFile, { options: { ignoreNotFound: true } }),
			},
		]),
		{ credentials: CREDENTIALS },
	);
	expect(calls).toEqual([]);
	// Today: "Done before the stop (1 of 12 items): item 11. Their IDs: f1." — the user is told f1
	// was done when no request was sent for it and the file is still at ImageKit.
	expect(descriptionOf(result)).toContain('Done before the stop: none of the 12 items.');
});
