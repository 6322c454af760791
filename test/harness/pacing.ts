// The pacing module instance the loaded package uses (the same file in dist).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pacing =
	require('../../dist/nodes/shared/http/pacing') as typeof import('../../nodes/shared/http/pacing');

/** Gives every account its full burst again: runs in one test file share the buckets. */
export function resetPacing(): void {
	pacing.forgetIdleBuckets(-1);
}
