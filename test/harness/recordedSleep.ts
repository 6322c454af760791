/**
 * n8n-workflow with a `sleep` that records instead of sleeping: the node must wait with that
 * `sleep`, so its calls show every wait (delays, backoff, polls) without real time passing.
 * The clock (`Date.now`) moves on by each recorded wait, as if it had been slept: a budget that
 * waits until a time sees that time come.
 *
 *   jest.mock('n8n-workflow', () => jest.requireActual('../harness/recordedSleep').workflowWithRecordedSleep());
 */
export const sleeps: number[] = [];

/** Called by sleep: lets a test log waits among other events. */
export const onSleep: { listener?: (ms: number) => void } = {};

export function workflowWithRecordedSleep(): object {
	return {
		...jest.requireActual('n8n-workflow'),
		sleep: jest.fn(async (ms: number) => {
			sleeps.push(ms);
			skipped += ms;
			onSleep.listener?.(ms);
		}),
	};
}

/** Time the recorded sleeps skipped: added to the real clock. */
let skipped = 0;
const realNow = Date.now.bind(Date);

beforeEach(() => {
	jest.spyOn(Date, 'now').mockImplementation(() => realNow() + skipped);
	sleeps.length = 0;
	onSleep.listener = undefined;
});
