import nock from 'nock';

import { runWorkflow } from '../harness/engine';
import {
	CREDENTIALS,
	DELETE_CASES,
	deleteParameters,
	interceptDeletes,
} from '../harness/providers';
import { chainWorkflow, type OnError } from '../harness/workflows';

/** Four items: deleted, blank id, not found, deleted — in that order. */
const items = [
	{ id: 'good-1', note: 'first' },
	{ id: '  ', note: 'blank' },
	{ id: 'missing', note: 'gone' },
	{ id: 'good-2', note: 'last' },
];

describe.each(DELETE_CASES)('$title: On Error modes with good and bad items', (c) => {
	function mock() {
		return nock(c.origin)
			.delete(c.path('good-1'))
			.reply(...c.deleted('good-1'))
			.delete(c.path('missing'))
			.reply(...c.notFound[0].reply)
			.delete(c.path('good-2'))
			.reply(...c.deleted('good-2'));
	}

	const run = async (onError?: OnError) =>
		await runWorkflow(
			chainWorkflow(items, [
				{
					type: c.node,
					credentialType: c.credentialType,
					onError,
					parameters: deleteParameters(c),
				},
			]),
			{ credentials: CREDENTIALS },
		);

	test('stopWorkflow: the node fails with the first bad item, index set; no delete is sent once that failure is known, and the description says so', async () => {
		const { seen } = interceptDeletes(
			c,
			(segment) => (segment === 'missing' ? c.notFound[0].reply : c.deleted(segment)),
			4,
		);
		const result = await run();
		expect(result.error?.message).toBe(c.emptyMessage);
		expect((result.error as unknown as { context: { itemIndex: number } }).context.itemIndex).toBe(
			1,
		);
		// Every item's id is read before its request: the blank id is known before any delete goes.
		expect(seen).toEqual([]);
		expect((result.error as unknown as { description: string }).description).toContain(
			'Done before the stop: none of the 4 items.',
		);
		expect(result.data.resultData.runData.Success).toBeUndefined();
		expect(result.run.status).toBe('error');
	});

	test('continueRegularOutput: every item answers on the main output, in order, paired', async () => {
		const scope = mock();
		const result = await run('continueRegularOutput');
		expect(result.error).toBeUndefined();
		const [main] = result.outputs('Node 1');
		expect(main).toEqual([
			{ json: { deleted: true, id: 'good-1' }, pairedItem: { item: 0 } },
			// What an IF node routes on: the HTTP status and a reason.
			{ json: { error: c.emptyMessage, reason: 'invalidInput' }, pairedItem: { item: 1 } },
			{
				json: {
					error: `${c.failurePrefix}${c.notFound[0].details}`,
					httpCode: '404',
					reason: 'notFound',
				},
				pairedItem: { item: 2 },
			},
			{ json: { deleted: true, id: 'good-2' }, pairedItem: { item: 3 } },
		]);
		expect(result.outputs('Success')[0]).toHaveLength(4);
		expect(scope.isDone()).toBe(true);
	});

	test('continueErrorOutput: failures leave on the error output with the input fields, the rest on success', async () => {
		const scope = mock();
		const result = await run('continueErrorOutput');
		expect(result.error).toBeUndefined();
		const [success, errors] = result.outputs('Node 1');
		expect(success).toEqual([
			{ json: { deleted: true, id: 'good-1' }, pairedItem: { item: 0 } },
			{ json: { deleted: true, id: 'good-2' }, pairedItem: { item: 3 } },
		]);
		expect(errors).toEqual([
			// The error output keeps `error` and `message` (n8n 1.x): there `message` is the reason.
			{
				json: { id: '  ', note: 'blank', error: c.emptyMessage, message: 'invalidInput' },
				pairedItem: { item: 1 },
			},
			{
				json: {
					id: 'missing',
					note: 'gone',
					error: `${c.failurePrefix}${c.notFound[0].details}`,
					message: 'notFound',
				},
				pairedItem: { item: 2 },
			},
		]);
		expect(result.outputs('Success')[0].map((item) => item.json.id)).toEqual(['good-1', 'good-2']);
		expect(result.outputs('Errors')[0].map((item) => item.json.note)).toEqual(['blank', 'gone']);
		expect(scope.isDone()).toBe(true);
	});
});

test('many items keep input order and pairing although answers arrive out of order', async () => {
	const c = DELETE_CASES[0];
	const ids = Array.from({ length: 40 }, (_, index) => `id-${index}`);
	nock(c.origin)
		.delete((uri) => uri.startsWith(c.path('')))
		.times(ids.length)
		.reply(async (uri) => {
			const id = uri.slice(c.path('').length);
			// Answers for lower ids come later than those sent after them.
			await new Promise((resolve) => setTimeout(resolve, 40 - Number(id.slice(3))));
			return c.deleted(id) as [number, object];
		});
	const result = await runWorkflow(
		chainWorkflow(
			ids.map((id) => ({ id })),
			[{ type: c.node, credentialType: c.credentialType, parameters: deleteParameters(c) }],
		),
		{ credentials: CREDENTIALS },
	);
	const [main] = result.outputs('Node 1');
	expect(main.map((item) => item.json.id)).toEqual(ids);
	expect(main.map((item) => item.pairedItem)).toEqual(ids.map((_, item) => ({ item })));
});
