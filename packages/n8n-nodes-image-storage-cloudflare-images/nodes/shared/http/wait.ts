// Generated from nodes/shared/http/wait.ts at the repository's top level by `npm run packages`: edit that file.
import { sleep } from 'n8n-workflow';

/** One listener per execution's cancel signal, however many requests wait on it. */
const cancellations = new WeakMap<AbortSignal, Promise<void>>();

function whenCancelled(signal: AbortSignal): Promise<void> {
	let cancelled = cancellations.get(signal);
	if (!cancelled) {
		cancelled = new Promise((resolve) =>
			signal.addEventListener('abort', () => resolve(), { once: true }),
		);
		cancellations.set(signal, cancelled);
	}
	return cancelled;
}

/**
 * Waits `ms`; false as soon as `signal` says the execution was cancelled. n8n-workflow 2.x's
 * `sleep` takes the signal and clears its timer on it; 1.x's ignores it (its `sleepWithAbort`
 * is gone in 2.x), so the wait ends on the signal's event and leaves that sleep to run out.
 */
export async function waitUnlessCancelled(ms: number, signal?: AbortSignal): Promise<boolean> {
	const slept = sleep(ms, signal);
	// 2.x rejects the sleep when the signal aborts: that is the cancellation, seen below.
	return await untilSettled(
		slept.catch(() => undefined),
		signal,
	);
}

/** Waits until `event` settles; false as soon as `signal` says the execution was cancelled. */
export async function untilSettled(event: Promise<void>, signal?: AbortSignal): Promise<boolean> {
	if (signal?.aborted) return false;
	await Promise.race([event, ...(signal ? [whenCancelled(signal)] : [])]);
	return signal?.aborted !== true;
}

/** The execution's cancel signal; none where requests are sent for the editor (list searches). */
export function cancelSignal(fn: object): AbortSignal | undefined {
	const context = fn as { getExecutionCancelSignal?: () => AbortSignal | undefined };
	return typeof context.getExecutionCancelSignal === 'function'
		? context.getExecutionCancelSignal()
		: undefined;
}
