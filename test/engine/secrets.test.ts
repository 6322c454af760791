// First: n8n's logging settings must be in place before n8n loads.
import { n8nLogs, removeLogs } from '../harness/captureLogs';

import nock from 'nock';

import { runWorkflow } from '../harness/engine';
import { CREDENTIALS, DELETE_CASES, deleteParameters, type DeleteCase } from '../harness/providers';
import { chainWorkflow } from '../harness/workflows';

function expectNoSecret(c: DeleteCase, ...haystacks: unknown[]) {
	const text =
		haystacks
			.map((value) => (typeof value === 'string' ? value : JSON.stringify(value)))
			.join('\n') + n8nLogs();
	for (const secret of c.secrets) expect(text).not.toContain(secret);
}

describe.each(DELETE_CASES)('$title: the key appears nowhere', (c) => {
	test('in a successful run that sent it', async () => {
		const sent = nock(c.origin)
			.delete(c.path('a'))
			.matchHeader(...c.authHeader)
			.reply(...c.deleted('a'));
		const result = await runWorkflow(
			chainWorkflow(
				[{ id: 'a' }],
				[{ type: c.node, credentialType: c.credentialType, parameters: deleteParameters(c) }],
			),
			{ credentials: CREDENTIALS },
		);
		expect(result.error).toBeUndefined();
		expect(result.outputs('Node 1')[0][0].json).toEqual({ deleted: true, id: 'a' });
		expect(sent.isDone()).toBe(true);
		expectNoSecret(c, result.run);
	});

	test('in a run refused for a wrong key, in every On Error mode: the item failed with the refusal', async () => {
		const refusal = `${c.failurePrefix}${c.unauthorized.details}`;
		for (const onError of [undefined, 'continueRegularOutput', 'continueErrorOutput'] as const) {
			const sent = nock(c.origin)
				.delete(c.path('a'))
				.matchHeader(...c.authHeader)
				.reply(...c.unauthorized.reply);
			const result = await runWorkflow(
				chainWorkflow(
					[{ id: 'a' }],
					[
						{
							type: c.node,
							credentialType: c.credentialType,
							onError,
							parameters: deleteParameters(c),
						},
					],
				),
				{ credentials: CREDENTIALS },
			);
			expect(sent.isDone()).toBe(true);
			const [main, errorOutput] = result.outputs('Node 1');
			if (onError === undefined) {
				expect(result.error?.message).toBe(refusal);
				expect(main).toBeUndefined();
			} else {
				expect(result.error).toBeUndefined();
				const failed = onError === 'continueRegularOutput' ? main : errorOutput;
				expect(failed.map((item) => item.json.error)).toEqual([refusal]);
				if (onError === 'continueErrorOutput') expect(main).toEqual([]);
			}
			expectNoSecret(
				c,
				result.run,
				result.error?.message,
				result.error?.description,
				result.error?.stack,
			);
		}
	});

	test('when the provider echoes the key back in its error message', async () => {
		const echo = `invalid key ${c.secrets[0]} for this account`;
		const body = {
			error: echo,
			message: echo,
			success: false,
			errors: [{ code: 10000, message: echo }],
		};
		const sent = nock(c.origin)
			.delete(c.path('a'))
			.matchHeader(...c.authHeader)
			.reply(401, body);
		const result = await runWorkflow(
			chainWorkflow(
				[{ id: 'a' }],
				[{ type: c.node, credentialType: c.credentialType, parameters: deleteParameters(c) }],
			),
			{ credentials: CREDENTIALS },
		);
		expect(result.error?.message).toBe(`${c.failurePrefix}invalid key *** for this account`);
		expect(sent.isDone()).toBe(true);
		expectNoSecret(c, result.run);
	});

	test('when the connection is lost or times out', async () => {
		const sent = nock(c.origin)
			.delete(c.path('a'))
			.matchHeader(...c.authHeader)
			.times(2)
			.replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
		const result = await runWorkflow(
			chainWorkflow(
				[{ id: 'a' }],
				[
					{
						type: c.node,
						credentialType: c.credentialType,
						parameters: { ...deleteParameters(c), options: { maxRetries: 1 } },
					},
				],
			),
			{ credentials: CREDENTIALS },
		);
		expect(result.error?.message).toBe(`${c.failurePrefix}connection lost (ECONNRESET)`);
		expect(sent.isDone()).toBe(true);
		expectNoSecret(c, result.run);
	});
});

test("n8n's logs were captured and scanned (not an empty check)", async () => {
	// The file transport writes asynchronously.
	await new Promise((resolve) => setTimeout(resolve, 200));
	const logs = n8nLogs();
	expect(logs).toContain('Workflow execution finished with error');
	expect(logs).toContain('invalid key *** for this account');
	for (const c of DELETE_CASES) for (const secret of c.secrets) expect(logs).not.toContain(secret);
});

afterAll(removeLogs);
