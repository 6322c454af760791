// A cancelled execution (n8n's Stop button, a timeout) stops waiting at once: for the account's
// window, for the run's Max Requests per Second, for a retry. Nothing is sent after it.
import nock from 'nock';

import { runWorkflow } from '../harness/engine';
import {
	CREDENTIALS,
	cloudflareImage,
	deleteParameters,
	leonardoImage,
	type DeleteCase,
} from '../harness/providers';
import { chainWorkflow } from '../harness/workflows';

/**
 * Runs `count` deletes and stops the execution a moment after the provider's first answer;
 * `reply` answers each request. Returns the run and how many requests came after the stop.
 */
async function cancelledRun(
	c: DeleteCase,
	count: number,
	reply: () => [number, object, Record<string, string>?],
	options: Record<string, number> = {},
) {
	let cancel = () => {};
	let stopped = false;
	let sent = 0;
	let sentAfterStop = 0;
	const scope = nock(c.origin)
		.delete(/.*/)
		.times(count)
		.reply(() => {
			sent++;
			if (stopped) sentAfterStop++;
			if (sent === 1)
				setTimeout(() => {
					stopped = true;
					cancel();
				}, 100);
			return reply();
		});
	const result = await runWorkflow(
		chainWorkflow(
			Array.from({ length: count }, (_, i) => ({ id: `img${i}` })),
			[
				{
					type: c.node,
					credentialType: c.credentialType,
					parameters: { ...deleteParameters(c), options },
				},
			],
		),
		{ credentials: CREDENTIALS, whileRunning: (stop) => (cancel = stop) },
	);
	return { result, sent, sentAfterStop, pending: scope.pendingMocks().length };
}

test("Cloudflare: a run waiting for the account's window to reset ends when the execution is cancelled, sending nothing more", async () => {
	// Every answer says the account's window is spent for the next 5 minutes.
	const { result, sent, sentAfterStop } = await cancelledRun(cloudflareImage, 40, () => [
		200,
		{ success: true, errors: [], messages: [], result: {} },
		{ Ratelimit: '"default";r=0;t=300', 'Ratelimit-Policy': '"default";q=1200;w=300' },
	]);
	expect(result.error?.message).toMatch(/cancelled/);
	expect(sentAfterStop).toBe(0);
	expect(sent).toBeLessThan(40);
});

test('a retry waiting out a 503 ends when the execution is cancelled, without sending the retry', async () => {
	const { result, sent, sentAfterStop } = await cancelledRun(leonardoImage, 1, () => [
		503,
		{ error: 'busy' },
		{ 'Retry-After': '50' },
	]);
	// The run ends as cancelled; the item failed with the answer it had.
	expect(result.error?.message).toBe('The execution was cancelled');
	expect((result.error as unknown as { description: string }).description).toContain(
		'Failed: item 0.',
	);
	expect(sent).toBe(1);
	expect(sentAfterStop).toBe(0);
});

test('a run waiting for its Max Requests per Second ends when the execution is cancelled, sending nothing more', async () => {
	// One request per 50 s: the second item waits for the run's own cap.
	const { result, sent, sentAfterStop } = await cancelledRun(
		leonardoImage,
		3,
		() => leonardoImage.deleted('x') as [number, object],
		{ maxRequestsPerSecond: 0.02 },
	);
	expect(result.error?.message).toMatch(/cancelled/);
	expect(sent).toBe(1);
	expect(sentAfterStop).toBe(0);
});

/** How many items a stop's description tells: done, stopped part-way, failed and not done. */
function told(description: string): number {
	const count = (ranges: string) =>
		ranges
			.split(', ')
			.map((range) => range.split('–').map(Number))
			.reduce((sum, [from, to]) => sum + (to === undefined ? 1 : to - from + 1), 0);
	const listed = [...description.matchAll(/(?:\(|Failed: )items? ([\d–, ]+)[).]/g)].map((m) =>
		count(m[1]),
	);
	const done = /Done before the (?:stop|cancel) \((\d+) of/.exec(description);
	const notDone = /Not done: the other (\d+) item/.exec(description);
	return (
		(done ? Number(done[1]) : 0) +
		listed.slice(done ? 1 : 0).reduce((sum, n) => sum + n, 0) +
		(notDone ? Number(notDone[1]) : 0)
	);
}

describe('issue 23, finding 1: nothing is sent after the cancel, on every route and in every wait', () => {
	const TOKEN = {
		success: true,
		errors: [],
		messages: [],
		result: { token: 'batch-token-secret-1', expiresAt: '2099-01-01T00:00:00Z' },
	};
	const window = (left: number) => ({
		Ratelimit: `"default";r=${left};t=240`,
		'Ratelimit-Policy': '"default";q=1200;w=300',
	});
	const done = { success: true, errors: [], messages: [], result: {} };

	test.each(['stopWorkflow', 'continueErrorOutput', 'continueRegularOutput'] as const)(
		'Cloudflare, 300 deletes through the global API and the batch host at once, %s: cancelled after the 20th delete, not one delete arrives after the cancel, and the run tells what was done',
		async (onError) => {
			let left = 120;
			let deletes = 0;
			let afterCancel = 0;
			let cancelled = false;
			let cancel = () => {};
			const arrive = () => {
				deletes++;
				if (cancelled) afterCancel++;
				if (deletes === 20) {
					cancelled = true;
					cancel();
				}
			};
			nock(cloudflareImage.origin)
				.get('/client/v4/accounts/acc123/images/v1/batch_token')
				.reply(200, TOKEN, window(left))
				.delete(/^\/client\/v4\/accounts\/acc123\/images\/v1\/img\d+$/)
				.times(300)
				.optionally()
				.delay(20)
				.reply(() => {
					arrive();
					return [200, done, window(--left)];
				});
			const viaBatch: string[] = [];
			nock('https://batch.imagedelivery.net')
				.delete(/^\/images\/v1\/img\d+$/)
				.times(300)
				.optionally()
				.delay(20)
				.reply((uri) => {
					viaBatch.push(uri);
					arrive();
					return [200, done];
				});
			const result = await runWorkflow(
				chainWorkflow(
					Array.from({ length: 300 }, (_, i) => ({ id: `img${i}` })),
					[
						{
							type: cloudflareImage.node,
							credentialType: cloudflareImage.credentialType,
							parameters: deleteParameters(cloudflareImage),
							onError,
						},
					],
				),
				{ credentials: CREDENTIALS, whileRunning: (stop) => (cancel = stop) },
			);
			expect(viaBatch.length).toBeGreaterThan(0);
			expect(afterCancel).toBe(0);
			expect(deletes).toBeLessThan(300);
			expect(result.error?.message).toBe('The execution was cancelled');
			const description = (result.error as unknown as { description: string }).description;
			expect(description).toMatch(
				/^Cancelled: no request was started after the execution was cancelled/,
			);
			// Every item is told: done, under way at the cancel, or not done.
			expect(told(description)).toBe(300);
		},
	);

	test.each(['delayBefore', 'delayAfter'] as const)(
		'%s of 4 s, cancelled at 0.2 s: the wait ends at the cancel',
		async (option) => {
			nock(leonardoImage.origin)
				.delete(/.*/)
				.optionally()
				.reply(() => leonardoImage.deleted('x') as [number, object]);
			const started = Date.now();
			const result = await runWorkflow(
				chainWorkflow(
					[{ id: 'a' }],
					[
						{
							type: leonardoImage.node,
							credentialType: leonardoImage.credentialType,
							parameters: { ...deleteParameters(leonardoImage), options: { [option]: 4 } },
						},
					],
				),
				{
					credentials: CREDENTIALS,
					whileRunning: (stop) => setTimeout(stop, 200),
				},
			);
			expect(result.error?.message).toBe('The execution was cancelled');
			// 6f2dbbe waited the whole 4 s.
			expect(Date.now() - started).toBeLessThan(2000);
		},
	);

	test('Leonardo Create waiting at a 5 s poll interval, cancelled during the wait: the wait ends at the cancel, and the run tells the generation it made', async () => {
		nock(leonardoImage.origin)
			.post('/api/rest/v1/generations')
			.reply(200, { sdGenerationJob: { generationId: 'g0', apiCreditCost: 8 } })
			.get('/api/rest/v1/generations/g0')
			.reply(200, { generations_by_pk: { id: 'g0', status: 'PENDING' } });
		let looksAfter = 0;
		nock(leonardoImage.origin)
			.get('/api/rest/v1/generations/g0')
			.optionally()
			.reply(() => {
				looksAfter++;
				return [200, { generations_by_pk: { id: 'g0', status: 'PENDING' } }];
			});
		const started = Date.now();
		const result = await runWorkflow(
			chainWorkflow(
				[{}],
				[
					{
						type: leonardoImage.node,
						credentialType: leonardoImage.credentialType,
						parameters: {
							resource: 'generation',
							operation: 'create',
							prompt: 'a fox',
							options: { waitForCompletion: true, pollInterval: 5 },
						},
					},
				],
			),
			{ credentials: CREDENTIALS, whileRunning: (stop) => setTimeout(stop, 300) },
		);
		expect(looksAfter).toBe(0);
		expect(Date.now() - started).toBeLessThan(2000);
		expect(result.error?.message).toBe('The execution was cancelled');
		expect((result.error as unknown as { description: string }).description).toContain(
			'- item 0: made generation g0 (its credits are spent): get it with Generation → Get, Generation ID g0; not waited for: the execution was cancelled.',
		);
	});
});
