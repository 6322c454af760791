// Generated from nodes/shared/http/pacing.ts at the repository's top level by `npm run packages`: edit that file.
import type { Rate } from '../contracts';
import { waitUnlessCancelled } from './wait';

interface Bucket {
	rate: Rate;
	tokens: number;
	updatedAt: number;
}

/** A turn under the account's budget: false when the execution was cancelled first. */
type AccountTurn = () => Promise<boolean>;

/**
 * A limiter of one node run's own (Max Requests per Second); it holds no account: the account's
 * budget (`budget.ts`) is still waited for inside it, on every lane the run sends through.
 * `next` (the account's turn) runs inside it, one request at a time, so that a wait for the
 * account cannot let the run's requests bunch up past its cap once the account frees.
 */
export function runLimiter(
	rate: Rate,
): (next: AccountTurn, signal?: AbortSignal) => Promise<boolean> {
	const bucket: Bucket = { rate, tokens: rate.burst, updatedAt: Date.now() };
	let queue: Promise<unknown> = Promise.resolve();
	return async (next, signal) => {
		const turn = queue.then(async () => {
			if (!(await take(bucket, signal))) return false;
			const went = await next();
			// The cap counts from when the request left: a wait for the account is not saved up.
			bucket.updatedAt = Date.now();
			return went;
		});
		queue = turn.catch(() => undefined);
		return await turn;
	};
}

/** Takes a token, waiting for one; false when the execution was cancelled first. */
async function take(bucket: Bucket, signal?: AbortSignal): Promise<boolean> {
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
			return true;
		}
		const waitMs = Math.max(1, Math.ceil(((1 - bucket.tokens) * 1000) / rate.perSecond));
		if (!(await waitUnlessCancelled(waitMs, signal))) return false;
	}
}
