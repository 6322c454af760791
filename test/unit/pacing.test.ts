// The token buckets, on a clock that moves only as far as they sleep.
import { forgetIdleBuckets, takeToken } from '../../nodes/shared/http/pacing';

let now = 1_000_000;
const mockSleeps: number[] = [];
jest.mock('n8n-workflow', () => ({
	sleep: jest.fn(async (ms: number) => {
		mockSleeps.push(ms);
		now += ms;
	}),
}));

beforeEach(() => {
	jest.spyOn(Date, 'now').mockImplementation(() => now);
	mockSleeps.length = 0;
	forgetIdleBuckets(-1);
});
afterEach(() => jest.restoreAllMocks());

test('no more than burst + rate × t requests leave in any stretch of time t', async () => {
	const rate = { perSecond: 10, burst: 5 };
	const sent: number[] = [];
	for (let i = 0; i < 45; i++) {
		await takeToken('account-a', rate);
		sent.push(now);
	}
	for (let first = 0; first < sent.length; first++) {
		for (let last = first; last < sent.length; last++) {
			const stretch = (sent[last] - sent[first]) / 1000;
			expect(last - first + 1).toBeLessThanOrEqual(
				rate.burst + Math.ceil(rate.perSecond * stretch) + 1,
			);
		}
	}
	// 45 requests: 5 at once, then 40 at 10/s.
	expect(sent[44] - sent[0]).toBeGreaterThanOrEqual(3_900);
	expect(sent[44] - sent[0]).toBeLessThanOrEqual(4_100);
});

test('callers sharing an account share its pace; other accounts are not slowed', async () => {
	const rate = { perSecond: 4, burst: 2 };
	const times: number[] = [];
	const caller = async () => {
		for (let i = 0; i < 6; i++) {
			await takeToken('shared', rate);
			times.push(now);
		}
	};
	await Promise.all([caller(), caller()]);
	times.sort((x, y) => x - y);
	// 12 requests on one account at 4/s with a burst of 2: about 2.5 s, not half of it.
	expect(times[11] - times[0]).toBeGreaterThanOrEqual(2_400);
	// Another account still has its whole burst: no wait.
	const sleepsBefore = mockSleeps.length;
	await takeToken('other', rate);
	await takeToken('other', rate);
	expect(mockSleeps.length).toBe(sleepsBefore);
});
