import nock from 'nock';

import { resetPacing } from './pacing';

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
});
