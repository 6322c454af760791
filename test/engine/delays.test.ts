import nock from 'nock';

import { runWorkflow } from '../harness/engine';
import { onSleep } from '../harness/recordedSleep';
import {
	CREDENTIALS,
	DELETE_CASES,
	deleteParameters,
	interceptDeletes,
} from '../harness/providers';
import { chainWorkflow } from '../harness/workflows';

// The node must wait with n8n-workflow's `sleep`; its calls show when and how long.
jest.mock('n8n-workflow', () =>
	jest.requireActual('../harness/recordedSleep').workflowWithRecordedSleep(),
);

const mockEvents: string[] = [];
beforeEach(() => {
	mockEvents.length = 0;
	onSleep.listener = (ms) => mockEvents.push(`sleep ${ms}`);
});

describe.each(DELETE_CASES)('$title: delays', (c) => {
	test('delayBefore and delayAfter apply once per run, before the first request and after the last', async () => {
		interceptDeletes(
			c,
			(segment) => {
				mockEvents.push(`request ${segment}`);
				return c.deleted(segment);
			},
			3,
		);
		const result = await runWorkflow(
			chainWorkflow(
				[{ id: 'a' }, { id: 'b' }, { id: 'c' }],
				[
					{
						type: c.node,
						credentialType: c.credentialType,
						parameters: { ...deleteParameters(c), options: { delayBefore: 1.5, delayAfter: 0.25 } },
					},
				],
			),
			{ credentials: CREDENTIALS },
		);
		expect(result.error).toBeUndefined();
		expect(mockEvents[0]).toBe('sleep 1500');
		expect(mockEvents.slice(1, 4).sort()).toEqual(['request a', 'request b', 'request c']);
		expect(mockEvents[4]).toBe('sleep 250');
		expect(mockEvents).toHaveLength(5);
	});
});

test('no delay options, no waiting', async () => {
	const c = DELETE_CASES[3];
	nock(c.origin).delete(c.path('a')).reply(204);
	await runWorkflow(
		chainWorkflow(
			[{ id: 'a' }],
			[{ type: c.node, credentialType: c.credentialType, parameters: deleteParameters(c) }],
		),
		{
			credentials: CREDENTIALS,
		},
	);
	expect(mockEvents).toEqual([]);
});

test('delays apply to connect and disconnect as well', async () => {
	const c = DELETE_CASES[0];
	nock(c.origin)
		.get(c.verify.path)
		.reply(...c.verify.reply);
	const result = await runWorkflow(
		chainWorkflow(
			[{}],
			[
				{
					name: 'Connect',
					type: c.node,
					credentialType: c.credentialType,
					parameters: { resource: 'connection', operation: 'connect', options: { delayBefore: 2 } },
				},
				{
					name: 'Disconnect',
					type: c.node,
					parameters: {
						resource: 'connection',
						operation: 'disconnect',
						connectionId: '={{ $json.connectionId }}',
						options: { delayAfter: 3 },
					},
				},
			],
		),
		{ credentials: CREDENTIALS },
	);
	expect(result.error).toBeUndefined();
	expect(mockEvents).toEqual(['sleep 2000', 'sleep 3000']);
});

test('a negative delay is refused before any request', async () => {
	const c = DELETE_CASES[0];
	const { seen } = interceptDeletes(c, () => c.deleted('a'));
	const result = await runWorkflow(
		chainWorkflow(
			[{ id: 'a' }],
			[
				{
					type: c.node,
					credentialType: c.credentialType,
					parameters: { ...deleteParameters(c), options: { delayBefore: -1 } },
				},
			],
		),
		{ credentials: CREDENTIALS },
	);
	expect(result.error?.message).toBe(
		'Delay Before (Seconds) must be a number of 0 or more, not -1.',
	);
	expect(seen).toEqual([]);
});
