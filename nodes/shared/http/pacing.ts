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
 * its limit. Waiters re-check after sleeping, so at most `burst` requests leave at once.
 */
const buckets = new Map<string, Bucket>();

export async function takeToken(key: string, rate: Rate): Promise<void> {
	let bucket = buckets.get(key);
	if (!bucket) forgetIdleBuckets();
	if (!bucket || bucket.rate.perSecond !== rate.perSecond || bucket.rate.burst !== rate.burst) {
		bucket = {
			rate,
			tokens: Math.min(bucket?.tokens ?? rate.burst, rate.burst),
			updatedAt: Date.now(),
		};
		buckets.set(key, bucket);
	}
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
