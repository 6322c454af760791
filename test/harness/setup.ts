import nock from 'nock';

// Every request a test makes is mocked; anything else is a failure, not a real call.
beforeEach(() => {
	nock.disableNetConnect();
});

afterEach(() => {
	nock.cleanAll();
});

// Each test file loads its own nock; the last one's interceptor must not outlive its file.
afterAll(() => {
	nock.restore();
});
