// Connection IDs, item by item: Disconnect with an empty id, Authentication = Connection ID under
// On Error, the order of the id and connection checks; and User → Get's failure text, Cache →
// Purge's route, and Get Purge Status's: what the restructure moved, held to what it did before.
import type { INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { runWorkflow } from '../harness/engine';
import { resetPacing } from '../harness/pacing';
import { CREDENTIALS, deleteParameters, imageKitFile } from '../harness/providers';
import { chainWorkflow, type NodeUnderTest } from '../harness/workflows';

const UNKNOWN = 'Connection ID not found or expired. Connect again, or use credentials.';
const EMPTY = 'Connection ID cannot be empty. Please provide a valid connection ID.';

const node = (
	type: string,
	parameters: INodeParameters,
	extra: Partial<NodeUnderTest> = {},
): NodeUnderTest => ({ name: 'Node', type, parameters, ...extra });

beforeEach(() => resetPacing());
afterEach(() => nock.cleanAll());

describe('Disconnect', () => {
	test.each([['=   '], ['={{ "" }}'], ['={{ null }}']])(
		'an empty connection id (%p) fails with the empty message, before any registry look-up',
		async (connectionId) => {
			const result = await runWorkflow(
				chainWorkflow(
					[{}],
					[
						node('cloudflareImages', {
							resource: 'connection',
							operation: 'disconnect',
							connectionId,
						}),
					],
				),
				{ credentials: CREDENTIALS },
			);
			expect(result.error?.message).toBe(EMPTY);
		},
	);

	test('a numeric id is read as text; unknown → the unknown message, per item under Continue', async () => {
		const result = await runWorkflow(
			chainWorkflow(
				[{ id: 12 }, { id: '' }],
				[
					node(
						'imageKit',
						{
							resource: 'connection',
							operation: 'disconnect',
							connectionId: '={{ $json.id }}',
						},
						{ onError: 'continueRegularOutput' },
					),
				],
			),
			{ credentials: CREDENTIALS },
		);
		expect(result.error).toBeUndefined();
		expect(result.outputs('Node')[0].map((i) => i.json.error)).toEqual([UNKNOWN, EMPTY]);
	});
});

describe('Authentication = Connection ID on a delete', () => {
	test('per item under Continue: empty, unknown; no request sent', async () => {
		const result = await runWorkflow(
			chainWorkflow(
				[
					{ id: 'img-1', conn: '' },
					{ id: 'img-2', conn: 'conn_made_up_but_long_enough_000000' },
				],
				[
					node(
						imageKitFile.node,
						{
							...deleteParameters(imageKitFile),
							[imageKitFile.idParameter]: '={{ $json.id }}',
							authentication: 'connectionId',
							connectionId: '={{ $json.conn }}',
						},
						{ onError: 'continueRegularOutput' },
					),
				],
			),
			{ credentials: CREDENTIALS },
		);
		expect(nock.pendingMocks()).toEqual([]);
		expect(result.outputs('Node')[0].map((i) => i.json.error)).toEqual([EMPTY, UNKNOWN]);
	});

	test('an empty id is refused before the connection id is looked at', async () => {
		const result = await runWorkflow(
			chainWorkflow(
				[{}],
				[
					node(imageKitFile.node, {
						...deleteParameters(imageKitFile),
						[imageKitFile.idParameter]: '={{ "" }}',
						authentication: 'connectionId',
						connectionId: '={{ "" }}',
					}),
				],
			),
			{ credentials: CREDENTIALS },
		);
		expect(result.error?.message).toBe('File ID cannot be empty. Please provide a valid file ID.');
	});
});

describe('Leonardo AI User → Get', () => {
	test('an answer without user details fails with the exact text', async () => {
		nock('https://cloud.leonardo.ai').get('/api/rest/v1/me').reply(200, { user_details: [] });
		const result = await runWorkflow(
			chainWorkflow(
				[{}],
				[
					node(
						'leonardoAi',
						{ resource: 'user', operation: 'get' },
						{ credentialType: 'leonardoAiApi' },
					),
				],
			),
			{ credentials: CREDENTIALS },
		);
		expect(result.error?.message).toBe(
			'Failed to get user. API error: no user details in the answer to GET /me',
		);
	});
});

describe('ImageKit cache', () => {
	test('Purge posts the URL to /v1/files/purge and outputs its requestId', async () => {
		nock('https://api.imagekit.io')
			.post('/v1/files/purge', { url: 'https://ik.imagekit.io/demo/a.png' })
			.reply(201, { requestId: 'req-1' });
		const result = await runWorkflow(
			chainWorkflow(
				[{}],
				[
					node(
						'imageKit',
						{
							resource: 'cache',
							operation: 'purge',
							url: 'https://ik.imagekit.io/demo/a.png',
						},
						{ credentialType: 'imageKitApi' },
					),
				],
			),
			{ credentials: CREDENTIALS },
		);
		expect(result.error).toBeUndefined();
		expect(result.outputs('Node')[0].map((i) => i.json)).toEqual([{ requestId: 'req-1' }]);
	});

	test('Get Purge Status of an id with a dot segment is refused, nothing sent', async () => {
		const result = await runWorkflow(
			chainWorkflow(
				[{}],
				[
					node(
						'imageKit',
						{ resource: 'cache', operation: 'getPurgeStatus', requestId: '..' },
						{ credentialType: 'imageKitApi' },
					),
				],
			),
			{ credentials: CREDENTIALS },
		);
		expect(result.error?.message).toMatch(/Request ID/);
	});
});
