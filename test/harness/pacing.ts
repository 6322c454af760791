// The budget module instance the loaded package uses (the same file in dist).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const budget =
	require('../../dist/nodes/shared/http/budget') as typeof import('../../nodes/shared/http/budget');

/** Gives every account its whole budget again: runs in one test file share the budgets. */
export function resetPacing(): void {
	budget.forgetIdleBudgets(-1);
}
