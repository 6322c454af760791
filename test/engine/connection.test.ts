import nock from 'nock';

import { runWorkflow, TEST_SUB_WORKFLOW } from '../harness/engine';
import {
	CREDENTIALS,
	DELETE_CASES,
	cloudflareImage,
	deleteParameters,
	imageKitFile,
	leonardoImage,
	type DeleteCase,
} from '../harness/providers';
import { chainWorkflow, type NodeUnderTest } from '../harness/workflows';

// The registry module instance the loaded package uses (the same file in dist).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const registry =
	require('../../dist/nodes/shared/connections') as typeof import('../../nodes/shared/connections');

const UNKNOWN = 'Connection ID not found or expired. Connect again, or use credentials.';
const EMPTY = 'Connection ID cannot be empty. Please provide a valid connection ID.';

const connect = (c: DeleteCase, options = {}): NodeUnderTest => ({
	name: 'Connect',
	type: c.node,
	credentialType: c.credentialType,
	parameters: { resource: 'connection', operation: 'connect', options },
});

/** A delete that uses a connection id and has no credential of its own. */
const deleteWithConnection = (
	c: DeleteCase,
	name: string,
	connectionId: string,
	onError?: NodeUnderTest['onError'],
): NodeUnderTest => ({
	name,
	type: c.node,
	onError,
	parameters: {
		...deleteParameters(c),
		[c.idParameter]: "={{ $('Items').item.json.id }}",
		authentication: 'connectionId',
		connectionId,
	},
});

const disconnect = (c: DeleteCase): NodeUnderTest => ({
	name: 'Disconnect',
	type: c.node,
	parameters: {
		resource: 'connection',
		operation: 'disconnect',
		connectionId: "={{ $('Connect').item.json.connectionId }}",
	},
});

/** Runs Connect alone in execution `executionId` of workflow `workflowId`. */
async function openConnection(
	c: DeleteCase,
	executionId: string,
	{ workflowId = 'workflow-1', options = {} } = {},
) {
	nock(c.origin)
		.get(c.verify.path)
		.reply(...c.verify.reply);
	const result = await runWorkflow(chainWorkflow([{}], [connect(c, options)], workflowId), {
		credentials: CREDENTIALS,
		executionId,
	});
	expect(result.error).toBeUndefined();
	return result.outputs('Connect')[0][0].json as {
		connectionId: string;
		provider: string;
		expiresAt: string;
	};
}

describe.each(DELETE_CASES)('$title: connections', (c) => {
	test('connect → delete by connection id → disconnect → delete fails with the exact message', async () => {
		nock(c.origin)
			.get(c.verify.path)
			.matchHeader(c.authHeader[0], c.authHeader[1])
			.reply(...c.verify.reply)
			.delete(c.path('img-1'))
			.matchHeader(c.authHeader[0], c.authHeader[1])
			.reply(...c.deleted('img-1'));
		const result = await runWorkflow(
			chainWorkflow(
				[{ id: 'img-1' }],
				[
					connect(c),
					deleteWithConnection(c, 'Delete', "={{ $('Connect').item.json.connectionId }}"),
					disconnect(c),
					deleteWithConnection(c, 'Delete Again', "={{ $('Connect').item.json.connectionId }}"),
				],
			),
			{ credentials: CREDENTIALS },
		);
		const connection = result.outputs('Connect')[0][0].json;
		expect(Object.keys(connection).sort()).toEqual(['connectionId', 'expiresAt', 'provider']);
		expect(connection.provider).toBe(`n8n-nodes-image-storage.${c.node}`);
		expect(connection.connectionId).toMatch(/^conn_[A-Za-z0-9_-]{32}$/);
		const expiresIn = Date.parse(connection.expiresAt as string) - Date.now();
		expect(expiresIn).toBeGreaterThan(59 * 60_000);
		expect(expiresIn).toBeLessThanOrEqual(60 * 60_000);
		expect(result.outputs('Delete')[0][0].json).toEqual({ deleted: true, id: 'img-1' });
		expect(result.outputs('Disconnect')[0][0].json).toEqual({
			disconnected: true,
			connectionId: connection.connectionId,
		});
		expect(result.error?.message).toBe(UNKNOWN);
		expect(result.data.resultData.lastNodeExecuted).toBe('Delete Again');
		for (const secret of c.secrets) expect(JSON.stringify(result.run)).not.toContain(secret);
	});

	test('an empty connection id fails with the exact message', async () => {
		const result = await runWorkflow(
			chainWorkflow([{ id: 'x' }], [deleteWithConnection(c, 'Delete', '  ')]),
			{
				credentials: CREDENTIALS,
			},
		);
		expect(result.error?.message).toBe(EMPTY);
	});

	test('an unknown connection id fails with the exact message', async () => {
		const result = await runWorkflow(
			chainWorkflow(
				[{ id: 'x' }],
				[deleteWithConnection(c, 'Delete', 'conn_made_up_but_long_enough_000000')],
			),
			{ credentials: CREDENTIALS },
		);
		expect(result.error?.message).toBe(UNKNOWN);
	});

	test('a wrong key fails connect with a clear message and keeps the key out of the run', async () => {
		nock(c.origin)
			.get(c.verify.path)
			.reply(...c.unauthorized.reply);
		const result = await runWorkflow(chainWorkflow([{}], [connect(c)]), {
			credentials: CREDENTIALS,
		});
		expect(result.error?.message).toBe(`Failed to connect. API error: ${c.unauthorized.details}`);
		for (const secret of c.secrets) expect(JSON.stringify(result.run)).not.toContain(secret);
	});
});

test('a connection id of another provider is refused in the same execution, and nothing is sent', async () => {
	nock(leonardoImage.origin)
		.get(leonardoImage.verify.path)
		.reply(...leonardoImage.verify.reply);
	const result = await runWorkflow(
		chainWorkflow(
			[{ id: 'x' }],
			[
				connect(leonardoImage),
				...[cloudflareImage, imageKitFile].map((other) =>
					deleteWithConnection(
						other,
						`Delete at ${other.node}`,
						"={{ $('Connect').item.json.connectionId }}",
						'continueRegularOutput',
					),
				),
			],
		),
		{ credentials: CREDENTIALS },
	);
	expect(result.outputs('Delete at cloudflareImages')[0][0].json).toEqual({
		error: UNKNOWN,
		reason: 'auth',
	});
	expect(result.outputs('Delete at imageKit')[0][0].json).toEqual({
		error: UNKNOWN,
		reason: 'auth',
	});
	expect(nock.pendingMocks()).toEqual([]);
});

describe.each([
	{ workflowId: 'workflow-1', title: 'a workflow with an id' },
	{ workflowId: '', title: 'a workflow without an id' },
])('in $title', ({ workflowId }) => {
	test('a connection id is refused in a later execution of the same workflow: no request is sent', async () => {
		const { connectionId } = await openConnection(imageKitFile, `execution-connect-${workflowId}`, {
			workflowId,
		});
		const deleted = nock(imageKitFile.origin).delete(imageKitFile.path('x')).reply(204);
		const later = await runWorkflow(
			chainWorkflow(
				[{ id: 'x' }],
				[deleteWithConnection(imageKitFile, 'Delete', connectionId)],
				workflowId,
			),
			{ credentials: CREDENTIALS },
		);
		expect(later.error?.message).toBe(UNKNOWN);
		expect(deleted.isDone()).toBe(false);

		// The same id still works in the execution that opened it.
		const sameExecution = await runWorkflow(
			chainWorkflow(
				[{ id: 'x' }],
				[deleteWithConnection(imageKitFile, 'Delete', connectionId)],
				workflowId,
			),
			{ credentials: CREDENTIALS, executionId: `execution-connect-${workflowId}` },
		);
		expect(sameExecution.outputs('Delete')[0][0].json).toEqual({ deleted: true, id: 'x' });
		expect(deleted.isDone()).toBe(true);
	});
});

test('a connection id is refused in a sub-workflow (the workflow calling itself): no request is sent', async () => {
	nock(imageKitFile.origin)
		.get(imageKitFile.verify.path)
		.reply(...imageKitFile.verify.reply);
	const deleted = nock(imageKitFile.origin).delete(imageKitFile.path('x')).reply(204);
	// The sub-workflow gets Connect's output item: the connection id, no image id.
	const subDelete = deleteWithConnection(imageKitFile, 'Delete', '={{ $json.connectionId }}');
	subDelete.parameters[imageKitFile.idParameter] = 'x';
	const subWorkflow = chainWorkflow([], [subDelete], 'workflow-1');
	const result = await runWorkflow(
		chainWorkflow(
			[{ id: 'x' }],
			[
				connect(imageKitFile),
				{
					name: 'Run Sub-workflow',
					type: TEST_SUB_WORKFLOW,
					parameters: { workflow: JSON.stringify(subWorkflow) },
				},
			],
			'workflow-1',
		),
		{ credentials: CREDENTIALS },
	);
	expect(result.outputs('Connect')[0][0].json.connectionId).toMatch(/^conn_/);
	expect(result.error?.message).toBe(UNKNOWN);
	expect(deleted.isDone()).toBe(false);
});

test('Connect without an execution id fails before any request, with a clear message', async () => {
	const verify = nock(leonardoImage.origin)
		.get(leonardoImage.verify.path)
		.reply(...leonardoImage.verify.reply);
	const result = await runWorkflow(chainWorkflow([{}], [connect(leonardoImage)]), {
		credentials: CREDENTIALS,
		executionId: null,
	});
	expect(result.error?.message).toBe(
		'Connect needs an execution ID, and n8n gave this run none. A connection works only in the execution that opened it: use credentials here.',
	);
	expect(verify.isDone()).toBe(false);
	expect(result.outputs('Connect')).toEqual([]);
});

test('a connection expires after its lifetime', async () => {
	const { connectionId, expiresAt } = await openConnection(cloudflareImage, 'execution-expiry', {
		options: { lifetimeMinutes: 1 },
	});
	expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(60_000);
	const realNow = Date.now();
	const clock = jest.spyOn(Date, 'now').mockReturnValue(realNow + 61_000);
	try {
		const result = await runWorkflow(
			chainWorkflow([{ id: 'x' }], [deleteWithConnection(cloudflareImage, 'Delete', connectionId)]),
			{ credentials: CREDENTIALS, executionId: 'execution-expiry' },
		);
		expect(result.error?.message).toBe(UNKNOWN);
	} finally {
		clock.mockRestore();
	}
});

test('an expired connection is dropped (its key with it) by the next use of any connection id, not only by Connect', async () => {
	const { connectionId } = await openConnection(cloudflareImage, 'execution-sweep', {
		options: { lifetimeMinutes: 1 },
	});
	const scope = {
		provider: `n8n-nodes-image-storage.${cloudflareImage.node}`,
		executionId: 'execution-sweep',
	};
	const clock = jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 61_000);
	try {
		const result = await runWorkflow(
			chainWorkflow([{ id: 'x' }], [deleteWithConnection(cloudflareImage, 'Delete', 'conn_other')]),
			{ credentials: CREDENTIALS },
		);
		expect(result.error?.message).toBe(UNKNOWN);
	} finally {
		clock.mockRestore();
	}
	// Dropped, not hidden: not found even at a time before its expiry.
	expect(registry.findConnection(connectionId, scope, Date.now())).toBeUndefined();
});

test('a process holds at most 1,000 connections: the 1,001st Connect ends the oldest', async () => {
	const verify = nock(leonardoImage.origin)
		.get(leonardoImage.verify.path)
		.times(1001)
		.reply(...leonardoImage.verify.reply);
	const connected = await runWorkflow(
		chainWorkflow(
			Array.from({ length: 1001 }, () => ({})),
			[connect(leonardoImage)],
		),
		{ credentials: CREDENTIALS, executionId: 'execution-many' },
	);
	expect(verify.isDone()).toBe(true);
	const ids = connected.outputs('Connect')[0].map((item) => item.json.connectionId as string);
	expect(new Set(ids).size).toBe(1001);
	// Which one is oldest depends on which verify answer came first: exactly one of them is gone.
	const result = await runWorkflow(
		chainWorkflow(
			ids.map((connectionId) => ({ connectionId })),
			[
				{
					name: 'Disconnect',
					type: 'leonardoAi',
					onError: 'continueRegularOutput',
					parameters: {
						resource: 'connection',
						operation: 'disconnect',
						connectionId: '={{ $json.connectionId }}',
					},
				},
			],
		),
		{ credentials: CREDENTIALS, executionId: 'execution-many' },
	);
	const answers = result.outputs('Disconnect')[0].map((item) => item.json);
	expect(answers.filter((answer) => answer.disconnected === true)).toHaveLength(1000);
	expect(answers.filter((answer) => answer.error === UNKNOWN)).toHaveLength(1);
});

test('disconnecting an unknown id fails clearly; one connection id per connect', async () => {
	const first = await openConnection(leonardoImage, 'execution-twice');
	const second = await openConnection(leonardoImage, 'execution-twice');
	expect(first.connectionId).not.toBe(second.connectionId);
	const result = await runWorkflow(
		chainWorkflow(
			[{}],
			[
				{
					name: 'Disconnect',
					type: 'leonardoAi',
					parameters: {
						resource: 'connection',
						operation: 'disconnect',
						connectionId: 'conn_nope',
					},
				},
			],
		),
		{ credentials: CREDENTIALS },
	);
	expect(result.error?.message).toBe(UNKNOWN);
});

test('connect with an invalid lifetime fails before any request', async () => {
	const result = await runWorkflow(
		chainWorkflow([{}], [connect(leonardoImage, { lifetimeMinutes: -5 })]),
		{
			credentials: CREDENTIALS,
		},
	);
	expect(result.error?.message).toMatch(
		/^Lifetime \(Minutes\) must be a number from 1 to \d+, not /,
	);
});
