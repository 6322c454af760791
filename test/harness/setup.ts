import nock from 'nock';

import { resetPacing } from './pacing';
import { specViolations, type SeenRequest } from './specs';

// Every request nock answers is kept, to be checked against the providers' specifications.
const seen: SeenRequest[] = [];
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Scope } = require('nock/lib/scope') as {
	Scope: { prototype: { emit(event: string, ...args: unknown[]): boolean; basePath: string } };
};
const emit = Scope.prototype.emit;
Scope.prototype.emit = function (this: { basePath: string }, event: string, ...args: unknown[]) {
	if (event === 'request') {
		const [req, , body] = args as [
			{ method: string; path: string; headers: Record<string, unknown> },
			unknown,
			string,
		];
		seen.push({
			method: req.method,
			url: `${this.basePath}${req.path}`,
			headers: req.headers,
			body: body ?? '',
		});
	}
	return emit.call(this, event, ...args);
};

// Every request a test makes is mocked; anything else is a failure, not a real call.
beforeEach(() => {
	nock.disableNetConnect();
	// Each test starts with every account's full burst: pacing is shared across node runs.
	resetPacing();
});

afterEach(() => {
	nock.cleanAll();
});

// Each test file loads its own nock; the last one's interceptor must not outlive its file.
afterAll(() => {
	nock.restore();
	// What the node sent, as the providers' own specifications read it (documented faults waived).
	const violations = [...new Set(seen.flatMap((request) => specViolations(request) ?? []))];
	expect(violations).toEqual([]);
});
