// An operation that acts on several objects for one item tells each outcome instead of failing
// the whole item for one part: ImageKit Delete Many, and Delete with Purge Cache.
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { runWorkflow } from '../harness/engine';
import { CREDENTIALS, deleteParameters, imageKitFile } from '../harness/providers';
import { chainWorkflow, type OnError } from '../harness/workflows';

// Waits between attempts go through n8n-workflow's `sleep`: recorded here, not slept.
jest.mock('n8n-workflow', () =>
	jest.requireActual('../harness/recordedSleep').workflowWithRecordedSleep(),
);

const IMAGEKIT = imageKitFile.origin;
const BATCH = '/v1/files/batch/deleteByFileIds';
const KEY_REFUSED = { message: 'Your account cannot be authenticated.' };
const ids = (count: number, from = 0) => Array.from({ length: count }, (_, i) => `f${from + i}`);

async function run(parameters: INodeParameters, items: IDataObject[] = [{}], onError?: OnError) {
	return await runWorkflow(
		chainWorkflow(items, [
			{ type: 'imageKit', credentialType: 'imageKitApi', parameters, onError },
		]),
		{ credentials: CREDENTIALS },
	);
}
const deleteMany = (fileIds: string[]) => ({
	resource: 'file',
	operation: 'deleteMany',
	fileIds: fileIds.join(', '),
});

describe('ImageKit File → Delete Many answers every id', () => {
	test('150 ids: a missing id, an id refused in a 207 and a second batch refused after retries are each told; the 98 deleted are output', async () => {
		const calls: string[][] = [];
		const record = (body: { fileIds: string[] }) => {
			calls.push(body.fileIds);
			return true;
		};
		nock(IMAGEKIT)
			.post(
				BATCH,
				(body) => record(body) && body.fileIds.includes('f0') && body.fileIds.includes('f3'),
			)
			.reply(404, { message: 'The requested file(s) does not exist.', missingFileIds: ['f3'] })
			.post(BATCH, (body) => record(body) && body.fileIds.includes('f0'))
			.reply(207, (_uri: string, body: { fileIds: string[] }) => ({
				successfullyDeletedFileIds: body.fileIds.filter((id) => id !== 'f5'),
				errors: [{ fileId: 'f5', error: 'Internal error while deleting' }],
			}))
			.post(BATCH, (body) => record(body) && body.fileIds.includes('f100'))
			.times(5)
			.reply(500, { message: 'Internal server error' });
		const all = ids(150);
		const result = await run(deleteMany(all));
		expect(result.error).toBeUndefined();
		// Batch 1 twice (404, then the rest), batch 2 once and its 4 retries.
		expect(calls.map((batch) => batch.length)).toEqual([100, 99, 50, 50, 50, 50, 50]);
		const [main] = result.outputs('Node 1');
		expect(main).toEqual([
			{
				json: {
					deleted: all.slice(0, 100).filter((id) => id !== 'f3' && id !== 'f5'),
					notFound: ['f3'],
					failed: [
						{ id: 'f5', error: 'Failed to delete files. API error: Internal error while deleting' },
						...all.slice(100).map((id) => ({
							id,
							error: 'Failed to delete files. API error: Internal server error',
						})),
					],
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('with continueErrorOutput, a partly refused list goes to the success output, told id by id', async () => {
		nock(IMAGEKIT)
			.post(BATCH, (body: { fileIds: string[] }) => body.fileIds.includes('f0'))
			.reply(200, (_uri: string, body: { fileIds: string[] }) => ({
				successfullyDeletedFileIds: body.fileIds,
			}))
			.post(BATCH, (body: { fileIds: string[] }) => body.fileIds.includes('f100'))
			.reply(400, { message: 'Your request contains invalid fileIds parameter.' });
		const result = await run(deleteMany(ids(101)), [{}], 'continueErrorOutput');
		const [success, errors] = result.outputs('Node 1');
		expect(errors).toEqual([]);
		expect(success.map((item) => item.json)).toEqual([
			{
				deleted: ids(100),
				notFound: [],
				failed: [
					{
						id: 'f100',
						error:
							'Failed to delete files. API error: Your request contains invalid fileIds parameter.',
					},
				],
			},
		]);
	});

	test('a refused key answers no id: the item fails (error output), and no further batch is sent', async () => {
		const calls: string[][] = [];
		nock(IMAGEKIT)
			.post(BATCH, (body: { fileIds: string[] }) => {
				calls.push(body.fileIds);
				return true;
			})
			.times(3)
			.reply(403, KEY_REFUSED);
		const result = await run(deleteMany(ids(250)), [{ note: 'x' }], 'continueErrorOutput');
		expect(calls).toHaveLength(1);
		const [success, errors] = result.outputs('Node 1');
		expect(success).toEqual([]);
		expect(errors.map((item) => item.json)).toEqual([
			{
				note: 'x',
				error: 'Failed to delete files. API error: Your account cannot be authenticated.',
				message: 'auth',
			},
		]);
	});
});

describe('ImageKit File → Delete Many: a 404 after an earlier call of the batch', () => {
	const NOT_FOUND = 'The requested file(s) does not exist.';
	const recorded = (calls: string[][]) => (body: { fileIds: string[] }) => {
		calls.push(body.fileIds);
		return true;
	};

	test('[real, typo]: a 502, then its retry answers 404 for typo only: real was still there, so typo is notFound, not deleted', async () => {
		const calls: string[][] = [];
		nock(IMAGEKIT)
			.post(BATCH, recorded(calls))
			.reply(502, '<html>Bad Gateway</html>')
			.post(BATCH, recorded(calls))
			.reply(404, { message: NOT_FOUND, missingFileIds: ['typo'] })
			.post(BATCH, recorded(calls))
			.reply(200, { successfullyDeletedFileIds: ['real'] });
		const result = await run(deleteMany(['real', 'typo']));
		expect(calls).toEqual([['real', 'typo'], ['real', 'typo'], ['real']]);
		expect(result.outputs('Node 1')[0].map((item) => item.json)).toEqual([
			{ deleted: ['real'], notFound: ['typo'] },
		]);
	});

	test('[a, b]: a 502, then its retry answers 404 for both: the lost call deleted them', async () => {
		const calls: string[][] = [];
		nock(IMAGEKIT)
			.post(BATCH, recorded(calls))
			.reply(502, '<html>Bad Gateway</html>')
			.post(BATCH, recorded(calls))
			.reply(404, { message: NOT_FOUND, missingFileIds: ['a', 'b'] });
		const result = await run(deleteMany(['a', 'b']));
		expect(calls).toEqual([
			['a', 'b'],
			['a', 'b'],
		]);
		expect(result.outputs('Node 1')[0].map((item) => item.json)).toEqual([
			{ deleted: ['a', 'b'], notFound: [] },
		]);
	});

	test('[a, b, typo]: 404 for typo; the re-send of [a, b] answers 404 for a only: b is still there, so the first call deleted nothing and a is notFound', async () => {
		const calls: string[][] = [];
		nock(IMAGEKIT)
			.post(BATCH, recorded(calls))
			.reply(404, { message: NOT_FOUND, missingFileIds: ['typo'] })
			.post(BATCH, recorded(calls))
			.reply(404, { message: NOT_FOUND, missingFileIds: ['a'] })
			.post(BATCH, recorded(calls))
			.reply(200, { successfullyDeletedFileIds: ['b'] });
		const result = await run(deleteMany(['a', 'b', 'typo']));
		expect(calls).toEqual([['a', 'b', 'typo'], ['a', 'b'], ['b']]);
		expect(result.outputs('Node 1')[0].map((item) => item.json)).toEqual([
			{ deleted: ['b'], notFound: ['a', 'typo'] },
		]);
	});
});

describe('ImageKit File → Delete with Purge Cache: the delete is told when only the purge failed', () => {
	const FILE = { fileId: 'f1', url: 'https://ik.imagekit.io/demo/a.png' };

	test('one item: deleted, purge refused → { deleted: true, id, purgeError }, the run goes on', async () => {
		const scope = nock(IMAGEKIT)
			.get('/v1/files/f1/details')
			.reply(200, FILE)
			.delete('/v1/files/f1')
			.reply(204)
			.post('/v1/files/purge', { url: FILE.url })
			.reply(403, KEY_REFUSED);
		const result = await run({
			resource: 'file',
			operation: 'delete',
			fileId: 'f1',
			options: { purgeCache: true },
		});
		expect(result.error).toBeUndefined();
		expect(result.outputs('Node 1')[0].map((item) => item.json)).toEqual([
			{
				deleted: true,
				id: 'f1',
				purgeError: 'Failed to purge cache. API error: Your account cannot be authenticated.',
			},
		]);
		expect(scope.isDone()).toBe(true);
	});

	test('12 items (the bulk path): the item whose purge failed after retries reports its delete with purgeError, the others their purge', async () => {
		const all = ids(12);
		const scope = nock(IMAGEKIT);
		for (const id of all) {
			scope
				.get(`/v1/files/${id}/details`)
				.reply(200, { fileId: id, url: `https://ik.imagekit.io/demo/${id}.png` })
				.delete(`/v1/files/${id}`)
				.reply(204);
			if (id === 'f4')
				scope
					.post('/v1/files/purge', { url: `https://ik.imagekit.io/demo/${id}.png` })
					.times(5)
					.reply(500, { message: 'Internal server error' });
			else
				scope
					.post('/v1/files/purge', { url: `https://ik.imagekit.io/demo/${id}.png` })
					.reply(201, { requestId: `req-${id}` });
		}
		const result = await runWorkflow(
			chainWorkflow(
				all.map((id) => ({ id })),
				[
					{
						type: 'imageKit',
						credentialType: 'imageKitApi',
						parameters: { ...deleteParameters(imageKitFile), options: { purgeCache: true } },
					},
				],
			),
			{ credentials: CREDENTIALS },
		);
		expect(result.error).toBeUndefined();
		expect(result.outputs('Node 1')[0].map((item) => item.json)).toEqual(
			all.map((id) =>
				id === 'f4'
					? {
							deleted: true,
							id,
							purgeError: 'Failed to purge cache. API error: Internal server error',
						}
					: { deleted: true, id, purgeRequestId: `req-${id}` },
			),
		);
		expect(scope.isDone()).toBe(true);
	});
});

describe('ImageKit File → Delete Many: every id refused one by one', () => {
	test('3 ids, each refused in a 207 with its own reason: the item fails with the first reason, and the description tells every reason with its ids', async () => {
		const sent = nock(IMAGEKIT)
			.post(BATCH)
			.reply(207, {
				successfullyDeletedFileIds: [],
				errors: [
					{ fileId: 'f0', error: 'File is locked' },
					{ fileId: 'f1', error: 'Internal error while deleting' },
					{ fileId: 'f2', error: 'File is locked' },
				],
			});
		const result = await run(deleteMany(['f0', 'f1', 'f2']));
		expect(sent.isDone()).toBe(true);
		expect(result.error?.message).toBe('Failed to delete files. API error: File is locked');
		expect(String((result.error as unknown as { description?: string }).description)).toContain(
			[
				'Every ID was refused (3 IDs):',
				'- Failed to delete files. API error: File is locked (IDs: f0, f2)',
				'- Failed to delete files. API error: Internal error while deleting (IDs: f1)',
			].join('\n'),
		);
	});
});
