import { sleep } from 'n8n-workflow';

import type { Rate } from '../contracts';

interface Bucket {
	rate: Rate;
	tokens: number;
	updatedAt: number;
}

/**
 * Token buckets, one per provider account (and per Cloudflare batch token), shared by every
 * node run in this n8n process: parallel executions that use one account together stay under
 * its limit. An account's bucket keeps the rate it was made with — the provider's — whatever a
 * run asks: a run that wants to go slower has its own limiter in front (`runLimiter`).
 * Waiters re-check after sleeping, so at most `burst` requests leave at once.
 */
const buckets = new Map<string, Bucket>();

export async function takeToken(key: string, rate: Rate): Promise<void> {
	let bucket = buckets.get(key);
	if (!bucket) {
		forgetIdleBuckets();
		bucket = { rate, tokens: rate.burst, updatedAt: Date.now() };
		buckets.set(key, bucket);
	}
	await take(bucket);
}

/**
 * A limiter of one node run's own, for a cap below the account's pace; it holds no account.
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

/** Buckets of accounts idle for a while are dropped: memory stays bounded by active accounts. */
export function forgetIdleBuckets(idleMs = 10 * 60_000, now = Date.now()): void {
	for (const [key, bucket] of buckets) if (now - bucket.updatedAt > idleMs) buckets.delete(key);
}
