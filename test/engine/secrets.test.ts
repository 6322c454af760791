import '../harness/debugLogs';

import type { Logger } from 'n8n-workflow';
import { LoggerProxy } from 'n8n-workflow';
import nock from 'nock';

import { runWorkflow } from '../harness/engine';
import { CREDENTIALS, DELETE_CASES, deleteParameters, type DeleteCase } from '../harness/providers';
import { chainWorkflow } from '../harness/workflows';

// Everything n8n logs during these runs, at every level, is kept and scanned too.
const logged: string[] = [];
const capture = (message: string, meta?: object) => {
	logged.push(`${message} ${JSON.stringify(meta ?? {}, (_key, value) => (value instanceof Error ? { ...value, message: value.message, stack: value.stack } : value))}`);
};
beforeAll(() => {
	const logger = { error: capture, warn: capture, info: capture, debug: capture, verbose: capture, scoped: () => logger } as unknown as Logger;
	LoggerProxy.init(logger);
	// n8n-core's own logger writes to the console streams.
	for (const stream of [process.stdout, process.stderr]) {
		jest.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
			capture(String(chunk));
			return true;
		});
	}
});

function expectNoSecret(c: DeleteCase, ...haystacks: unknown[]) {
	const text = haystacks.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join('\n') + logged.join('\n');
	for (const secret of c.secrets) expect(text).not.toContain(secret);
}

describe.each(DELETE_CASES)('$title: the key appears nowhere', (c) => {
	test('in a successful run', async () => {
		nock(c.origin).delete(c.path('a')).reply(...c.deleted('a'));
		const result = await runWorkflow(
			chainWorkflow([{ id: 'a' }], [{ type: c.node, credentialType: c.credentialType, parameters: deleteParameters(c) }]),
			{ credentials: CREDENTIALS },
		);
		expect(result.error).toBeUndefined();
		expectNoSecret(c, result.run);
	});

	test('in a run refused for a wrong key, in every On Error mode', async () => {
		for (const onError of [undefined, 'continueRegularOutput', 'continueErrorOutput'] as const) {
			nock(c.origin).delete(c.path('a')).reply(...c.unauthorized.reply);
			const result = await runWorkflow(
				chainWorkflow([{ id: 'a' }], [{ type: c.node, credentialType: c.credentialType, onError, parameters: deleteParameters(c) }]),
				{ credentials: CREDENTIALS },
			);
			expectNoSecret(c, result.run, result.error?.message, result.error?.description, result.error?.stack);
		}
	});

	test('when the provider echoes the key back in its error message', async () => {
		const echo = `invalid key ${c.secrets[0]} for this account`;
		const body = { error: echo, message: echo, success: false, errors: [{ code: 10000, message: echo }] };
		nock(c.origin).delete(c.path('a')).reply(401, body);
		const result = await runWorkflow(
			chainWorkflow([{ id: 'a' }], [{ type: c.node, credentialType: c.credentialType, parameters: deleteParameters(c) }]),
			{ credentials: CREDENTIALS },
		);
		expect(result.error?.message).toBe(`${c.failurePrefix}invalid key *** for this account`);
		expectNoSecret(c, result.run);
	});

	test('when the connection is lost or times out', async () => {
		nock(c.origin).delete(c.path('a')).times(2).replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
		const result = await runWorkflow(
			chainWorkflow([{ id: 'a' }], [
				{ type: c.node, credentialType: c.credentialType, parameters: { ...deleteParameters(c), options: { maxRetries: 1 } } },
			]),
			{ credentials: CREDENTIALS },
		);
		expect(result.error?.message).toBe(`${c.failurePrefix}connection lost (ECONNRESET)`);
		expectNoSecret(c, result.run);
	});
});

test("n8n's logs were captured and scanned (not an empty check)", () => {
	expect(logged.length).toBeGreaterThan(0);
	expect(logged.some((line) => line.includes('Failed to delete'))).toBe(true);
	expect(logged.some((line) => line.includes('invalid key *** for this account'))).toBe(true);
});
