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
	// The item fails with the answer it had: the run ends.
	expect(result.error?.message).toMatch(/503|busy/);
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
