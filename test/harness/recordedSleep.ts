/**
 * n8n-workflow with a `sleep` that records instead of sleeping: the node must wait with that
 * `sleep`, so its calls show every wait (delays, backoff, polls) without real time passing.
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
			onSleep.listener?.(ms);
		}),
	};
}

beforeEach(() => {
	sleeps.length = 0;
	onSleep.listener = undefined;
});
