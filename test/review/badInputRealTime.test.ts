// Review (outside reading): a Poll Interval that is not a number (text from an expression).
//
// README: "Leonardo AI 2,000 a minute … deletes and polls keep their pace". The Poll Interval
// field's minimum is 0.1 s ("Seconds between two looks at the generation while waiting"), which
// the code keeps for numbers (`Math.max(100, …)`) but not for text.
import nock from 'nock';

import { runNode } from '../harness/run';

test('Leonardo Generation → Get, Wait for Completion with Poll Interval set by an expression to "5s": polls at most every 0.1 s (or the item fails) — not as fast as the account\'s budget lets it', async () => {
	let polls = 0;
	nock('https://cloud.leonardo.ai')
		.get('/api/rest/v1/generations/g1')
		.times(Infinity)
		.reply(() => {
			polls++;
			return [200, { generations_by_pk: { id: 'g1', status: 'PENDING', generated_images: [] } }];
		});
	const started = Date.now();
	await runNode('leonardoAi', {
		resource: 'generation',
		operation: 'get',
		generationId: { __rl: true, mode: 'id', value: 'g1' },
		options: { waitForCompletion: true, pollInterval: '={{ "5s" }}', timeout: 2 },
	});
	const seconds = (Date.now() - started) / 1000;
	// Today: hundreds of polls in the 2 s timeout (one per millisecond-timer turn), spending the
	// account's 2,000-a-minute budget that its deletes share.
	expect(polls).toBeLessThanOrEqual(Math.ceil(seconds / 0.1) + 1);
});
