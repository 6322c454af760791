import nock from 'nock';

import { runWorkflow } from '../harness/engine';
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

async function openConnection(c: DeleteCase, workflowId = 'workflow-1', options = {}) {
	nock(c.origin)
		.get(c.verify.path)
		.reply(...c.verify.reply);
	const result = await runWorkflow(chainWorkflow([{}], [connect(c, options)], workflowId), {
		credentials: CREDENTIALS,
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

test('a connection id of another provider is refused', async () => {
	const { connectionId } = await openConnection(leonardoImage);
	for (const other of [cloudflareImage, imageKitFile]) {
		const result = await runWorkflow(
			chainWorkflow([{ id: 'x' }], [deleteWithConnection(other, 'Delete', connectionId)]),
			{
				credentials: CREDENTIALS,
			},
		);
		expect(result.error?.message).toBe(UNKNOWN);
	}
});

test('a connection id of another workflow is refused, and works in its own', async () => {
	const { connectionId } = await openConnection(imageKitFile, 'workflow-A');
	const elsewhere = await runWorkflow(
		chainWorkflow(
			[{ id: 'x' }],
			[deleteWithConnection(imageKitFile, 'Delete', connectionId)],
			'workflow-B',
		),
		{ credentials: CREDENTIALS },
	);
	expect(elsewhere.error?.message).toBe(UNKNOWN);

	nock(imageKitFile.origin).delete(imageKitFile.path('x')).reply(204);
	const home = await runWorkflow(
		chainWorkflow(
			[{ id: 'x' }],
			[deleteWithConnection(imageKitFile, 'Delete', connectionId)],
			'workflow-A',
		),
		{ credentials: CREDENTIALS },
	);
	expect(home.outputs('Delete')[0][0].json).toEqual({ deleted: true, id: 'x' });
});

test('a connection expires after its lifetime', async () => {
	const { connectionId, expiresAt } = await openConnection(cloudflareImage, 'workflow-1', {
		lifetimeMinutes: 1,
	});
	expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(60_000);
	const realNow = Date.now();
	const clock = jest.spyOn(Date, 'now').mockReturnValue(realNow + 61_000);
	try {
		const result = await runWorkflow(
			chainWorkflow([{ id: 'x' }], [deleteWithConnection(cloudflareImage, 'Delete', connectionId)]),
			{
				credentials: CREDENTIALS,
			},
		);
		expect(result.error?.message).toBe(UNKNOWN);
	} finally {
		clock.mockRestore();
	}
});

test('disconnecting an unknown id fails clearly; one connection id per connect', async () => {
	const first = await openConnection(leonardoImage);
	const second = await openConnection(leonardoImage);
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
	expect(result.error?.message).toMatch(/Lifetime must be between 1 and \d+ minutes\./);
});
