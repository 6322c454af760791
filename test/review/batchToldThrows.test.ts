// Outside review 3: DeletesTogether.send() had lost its try/catch.
// `told()` reads the item's Ignore Not Found (`item.option`), which throws a bad-input error when
// the option is an expression that gives no value. That throw escapes `send()` (started with
// `void`), so the items after it in the batch never settle: the execution never ends.
//
// Expected (as one by one): the item whose Ignore Not Found is empty fails with its own bad input;
// the other 11 files, deleted by the batch call, are told `{ deleted: true }`.
import nock from 'nock';

import { runWorkflow } from '../harness/engine';
import { CREDENTIALS, deleteParameters, imageKitFile } from '../harness/providers';
import { chainWorkflow } from '../harness/workflows';

const BATCH = '/v1/files/batch/deleteByFileIds';

test('File → Delete, 12 items, one not found whose Ignore Not Found expression gives nothing: every item is told, the others as deleted', async () => {
	const calls: string[][] = [];
	nock(imageKitFile.origin)
		.post(BATCH)
		.times(3)
		.reply((_uri, body) => {
			const { fileIds } = body as { fileIds: string[] };
			calls.push(fileIds);
			return fileIds.includes('f5')
				? [404, { message: 'The requested file(s) does not exist.', missingFileIds: ['f5'] }]
				: [200, { successfullyDeletedFileIds: fileIds }];
		});
	const items = Array.from({ length: 12 }, (_, i) =>
		i === 5 ? { id: `f${i}` } : { id: `f${i}`, ignore: true },
	);
	const run = runWorkflow(
		chainWorkflow(items, [
			{
				type: imageKitFile.node,
				credentialType: imageKitFile.credentialType,
				parameters: deleteParameters(imageKitFile, {
					options: { ignoreNotFound: '={{ $json.ignore }}' },
				}),
				onError: 'continueRegularOutput',
			},
		]),
		{ credentials: CREDENTIALS },
	);
	let timer: NodeJS.Timeout | undefined;
	const hung = new Promise<'hung'>((resolve) => {
		timer = setTimeout(() => resolve('hung'), 5000);
	});
	const result = await Promise.race([run, hung]);
	clearTimeout(timer);
	expect(calls.map((ids) => ids.length)).toEqual([12, 11]);
	expect(result).not.toBe('hung');
	if (result === 'hung') return;
	const out = result.outputs('Node 1')[0].map((item) => item.json);
	expect(out).toHaveLength(12);
	expect(out[5]).toMatchObject({ error: expect.stringContaining('Ignore Not Found is empty') });
	for (const i of [0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11])
		expect(out[i]).toEqual({ deleted: true, id: `f${i}` });
});
