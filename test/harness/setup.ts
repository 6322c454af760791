import nock from 'nock';

// Every request a test makes is mocked; anything else is a failure, not a real call.
beforeEach(() => {
	nock.disableNetConnect();
});

afterEach(() => {
	nock.cleanAll();
});
