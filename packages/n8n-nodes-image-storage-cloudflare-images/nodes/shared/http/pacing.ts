// Generated from nodes/shared/http/pacing.ts at the repository's top level by `npm run packages`: edit that file.
import { sleep } from 'n8n-workflow';

import type { Rate } from '../contracts';

interface Bucket {
	rate: Rate;
	tokens: number;
	updatedAt: number;
}

/**
 * A limiter of one node run's own (Max Requests per Second); it holds no account: the account's
 * budget (`budget.ts`) is still waited for inside it.
 * `next` (the account's turn) runs inside it, one request at a time, so that a wait for the
 * account cannot let the run's requests bunch up past its cap once the account frees.
 */
export function runLimiter(rate: Rate): (next: () => Promise<void>) => Promise<void> {
	const bucket: Bucket = { rate, tokens: rate.burst, updatedAt: Date.now() };
	let queue: Promise<void> = Promise.resolve();
	return async (next) => {
		const turn = queue.then(async () => {
			await take(bucket);
			await next();
			// The cap counts from when the request left: a wait for the account is not saved up.
			bucket.updatedAt = Date.now();
		});
		queue = turn.catch(() => undefined);
		await turn;
	};
}

async function take(bucket: Bucket): Promise<void> {
	const { rate } = bucket;
	for (;;) {
		const now = Date.now();
		bucket.tokens = Math.min(
			rate.burst,
			bucket.tokens + ((now - bucket.updatedAt) * rate.perSecond) / 1000,
		);
		bucket.updatedAt = now;
		if (bucket.tokens >= 1) {
			bucket.tokens -= 1;
			return;
		}
		await sleep(Math.max(1, Math.ceil(((1 - bucket.tokens) * 1000) / rate.perSecond)));
	}
}
