// Outside review 3: a re-send of a batch that ends in an error of its own (no HTTP answer) keeps what the
// earlier call confirmed (`BatchOutcome.broken`). The error is injected by making the node's
// request throw on its second call (as the request itself would).
import type { IDataObject } from 'n8n-workflow';
import nock from 'nock';

import { runWorkflow } from '../harness/engine';
import { CREDENTIALS, deleteParameters, imageKitFile } from '../harness/providers';
import { chainWorkflow, type OnError } from '../harness/workflows';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ItemContext } = require('../../dist/nodes/shared/item');

const BATCH = '/v1/files/batch/deleteByFileIds';
const ids = (count: number, from = 0) => Array.from({ length: count }, (_, i) => `f${from + i}`);

function throwOnCall(n: number, error: unknown) {
	const original = ItemContext.prototype.request;
	let calls = 0;
	return jest.spyOn(ItemContext.prototype, 'request').mockImplementation(function (
		this: unknown,
		...args: unknown[]
	) {
		calls++;
		if (calls === n) return Promise.reject(error);
		return original.apply(this, args);
	});
}

afterEach(() => {
	jest.restoreAllMocks();
	nock.cleanAll();
});

async function run(parameters: object, items: IDataObject[], onError?: OnError) {
	return await runWorkflow(
		chainWorkflow(items, [
			{
				type: imageKitFile.node,
				credentialType: imageKitFile.credentialType,
				parameters: parameters as never,
				onError,
			},
		]),
		{ credentials: CREDENTIALS },
	);
}

test('Delete Many, 150 ids: batch 1 confirms 60, its re-send throws: 60 deleted, 40 + 50 failed in the contract words, batch 2 not sent', async () => {
	const calls: string[][] = [];
	nock(imageKitFile.origin)
		.post(BATCH)
		.times(5)
		.reply((_uri, body) => {
			const { fileIds } = body as { fileIds: string[] };
			calls.push(fileIds);
			return [200, { successfullyDeletedFileIds: fileIds.slice(0, 60) }];
		});
	throwOnCall(2, new Error('socket hang up somewhere odd'));
	const result = await run(
		{ resource: 'file', operation: 'deleteMany', fileIds: ids(150).join(',') },
		[{}],
	);
	expect(result.error).toBeUndefined();
	expect(calls.map((c) => c.length)).toEqual([100]);
	const [json] = result.outputs('Node 1')[0].map((i) => i.json);
	expect(json.deleted).toEqual(ids(60));
	expect(json.notFound).toEqual([]);
	// The 40 the first call carried may be deleted; the 50 of batch 2 were never sent.
	expect(json.failed).toEqual([
		...ids(40, 60).map((id) => ({
			id,
			error:
				'Failed to delete files. API error: socket hang up somewhere odd (an earlier call carried it and its answer did not confirm it: it may be deleted)',
		})),
		...ids(50, 100).map((id) => ({
			id,
			error: 'Failed to delete files. API error: socket hang up somewhere odd',
		})),
	]);
});

test('File → Delete, 12 items: the call confirms f0–f5, its re-send throws: f0–f5 deleted, f6–f11 fail in the contract words', async () => {
	nock(imageKitFile.origin)
		.post(BATCH)
		.times(3)
		.reply((_uri, body) => {
			const { fileIds } = body as { fileIds: string[] };
			return [200, { successfullyDeletedFileIds: fileIds.slice(0, 6) }];
		});
	throwOnCall(2, new Error('socket hang up somewhere odd'));
	const result = await run(
		deleteParameters(imageKitFile),
		ids(12).map((id) => ({ id })),
		'continueRegularOutput',
	);
	const out = result.outputs('Node 1')[0].map((i) => i.json);
	for (let i = 0; i < 6; i++) expect(out[i]).toEqual({ deleted: true, id: `f${i}` });
	for (let i = 6; i < 12; i++)
		expect(out[i]).toMatchObject({
			error:
				'Failed to delete file. API error: socket hang up somewhere odd (an earlier call carried it and its answer did not confirm it: it may be deleted)',
		});
});

test("Delete Many under Stop Workflow: another item's failure refuses the re-send: the stop path (part-way, may be deleted), not `broken`", async () => {
	nock(imageKitFile.origin)
		.post(BATCH, (body: { fileIds: string[] }) => body.fileIds[0] === 'b0')
		.reply(403, { message: 'Your account cannot be authenticated.' })
		.post(BATCH, (body: { fileIds: string[] }) => body.fileIds[0] === 'a0')
		.delay(300)
		.reply(200, { successfullyDeletedFileIds: ['a0', 'a1'] });
	const result = await runWorkflow(
		chainWorkflow(
			[{ list: 'a0,a1,a2,a3' }, { list: 'b0,b1' }],
			[
				{
					type: imageKitFile.node,
					credentialType: imageKitFile.credentialType,
					parameters: { resource: 'file', operation: 'deleteMany', fileIds: '={{ $json.list }}' },
				},
			],
		),
		{ credentials: CREDENTIALS },
	);
	const description = String((result.error as { description?: string })?.description);
	expect(description).toContain('deleted 2 of 4 IDs: a0, a1');
	expect(description).toContain('not confirmed, may be deleted: a2, a3');
});

test('Delete Many: a 207 whose errors name an id an earlier call confirmed: that id stays deleted, not also failed', async () => {
	nock(imageKitFile.origin)
		.post(BATCH, { fileIds: ['a', 'b'] })
		.reply(200, { successfullyDeletedFileIds: ['a'] })
		.post(BATCH, { fileIds: ['b'] })
		.reply(207, {
			successfullyDeletedFileIds: [],
			errors: [
				{ fileId: 'a', error: 'File not found' },
				{ fileId: 'b', error: 'Internal error while deleting' },
			],
		});
	const result = await run({ resource: 'file', operation: 'deleteMany', fileIds: 'a,b' }, [{}]);
	const [json] = result.outputs('Node 1')[0].map((i) => i.json);
	expect(json.deleted).toEqual(['a']);
	expect((json.failed as { id: string }[]).map(({ id }) => id)).toEqual(['b']);
});
