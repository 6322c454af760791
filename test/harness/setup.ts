import nock from 'nock';

// The same module instance the loaded package uses (same file in dist).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { forgetIdleBuckets } = require('../../dist/nodes/shared/pacing') as typeof import('../../nodes/shared/pacing');

// Every request a test makes is mocked; anything else is a failure, not a real call.
beforeEach(() => {
	nock.disableNetConnect();
	// Each test starts with every account's full burst: pacing is shared across node runs.
	forgetIdleBuckets(-1);
});

afterEach(() => {
	nock.cleanAll();
});

// Each test file loads its own nock; the last one's interceptor must not outlive its file.
afterAll(() => {
	nock.restore();
});
