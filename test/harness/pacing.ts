/**
 * Gives every account its whole budget again: runs in one test file share the budgets. The
 * budget module is the one the loaded package uses (the same file in dist), required only when
 * first needed: after the test file's `jest.mock('n8n-workflow')`, so that its waits use that mock.
 */
export function resetPacing(): void {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const budget =
		require('../../dist/nodes/shared/pacing') as typeof import('../../nodes/shared/pacing');
	budget.forgetIdleBudgets(-1);
}
