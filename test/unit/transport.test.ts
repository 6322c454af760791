// Supplement: the shapes in which n8n versions hand over a lost connection.
import type { IExecuteFunctions } from 'n8n-workflow';

import { cloudflareImages } from '../../nodes/CloudflareImages/profile';
import { Budget, type RequestPace } from '../../nodes/shared/pacing';
import { sendWithRetries } from '../../nodes/shared/transport';

jest.mock('n8n-workflow', () => ({
	...jest.requireActual('n8n-workflow'),
	sleep: jest.fn(async () => {}),
}));

function fakeExecute(failures: unknown[]): { fn: IExecuteFunctions; calls: () => number } {
	let calls = 0;
	const fn = {
		getNode: () => ({ name: 'n', type: 't', typeVersion: 1, position: [0, 0], parameters: {} }),
		getExecutionCancelSignal: () => undefined,
		helpers: {
			httpRequestWithAuthentication: async () => {
				const failure = failures[calls++];
				if (failure) throw failure;
				return { statusCode: 404, statusMessage: 'Not Found', headers: {}, body: '' };
			},
		},
	} as unknown as IExecuteFunctions;
	return { fn, calls: () => calls };
}

const auth = { credentialType: 'x', credentials: {} };
const policy = { timeoutMs: 1000, maxRetries: 3, maxWaitMs: 60_000 };

test.each([
	[
		'n8n 2.x: the client error as cause',
		Object.assign(new Error('wrapped'), {
			cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
		}),
	],
	[
		'n8n 1.x: only httpCode and messages',
		Object.assign(new Error('The connection to the server was closed unexpectedly'), {
			httpCode: 'ECONNRESET',
			messages: ['socket hang up'],
		}),
	],
	[
		'a timeout as 1.x reports it',
		Object.assign(new Error('The connection was aborted'), {
			httpCode: 'ECONNABORTED',
			messages: ['timeout of 1000ms exceeded'],
		}),
	],
])(
	'%s is retried, and a later not-found counts as done by the lost attempt',
	async (_shape, failure) => {
		const { fn, calls } = fakeExecute([failure]);
		const response = await sendWithRetries(
			fn,
			auth,
			'https://api.test',
			{ method: 'DELETE', path: '/x' },
			policy,
		);
		expect(calls()).toBe(2);
		expect(response.statusCode).toBe(404);
		expect(response.uncertain).toBe(true);
	},
);

test('an error of no known kind is an attempt without an answer, told in its own words, not retried, and may have acted', async () => {
	const { fn, calls } = fakeExecute([
		new Error('Node "n" does not have any credentials of type "x" set'),
	]);
	await expect(
		sendWithRetries(fn, auth, 'https://api.test', { method: 'DELETE', path: '/x' }, policy),
	).resolves.toMatchObject({
		statusCode: 0,
		networkError: 'request failed: Node "n" does not have any credentials of type "x" set',
		uncertain: true,
	});
	expect(calls()).toBe(1);
});

describe('a create (`creates`) is sent again only when the provider surely did not act', () => {
	const networkFailure = (code: string) =>
		Object.assign(new Error('wrapped'), { cause: Object.assign(new Error(code), { code }) });

	test.each([
		['ECONNREFUSED', 2, false],
		['EHOSTUNREACH', 2, false],
		['ENETUNREACH', 2, false],
		['EAI_AGAIN', 2, false],
		['ECONNRESET', 1, true],
		['EPIPE', 1, true],
		['ETIMEDOUT', 1, true],
		['EPROTO', 1, true],
		// An answer that is not HTTP: the request was received (6f2dbbe threw it raw).
		['HPE_INVALID_CONSTANT', 1, true],
		// The secure connection was refused before anything went: not retried, nothing made.
		['CERT_HAS_EXPIRED', 1, false],
		['ERR_TLS_CERT_ALTNAME_INVALID', 1, false],
		['ENOTFOUND', 1, false],
	])('%s: %i attempt(s), may have acted: %s', async (code, attempts, uncertain) => {
		const { fn, calls } = fakeExecute([networkFailure(code)]);
		const response = await sendWithRetries(
			fn,
			auth,
			'https://api.test',
			{ method: 'POST', path: '/x', creates: true },
			policy,
		);
		expect(calls()).toBe(attempts);
		expect(response.uncertain).toBe(uncertain);
	});
});

/** A request's pace under one budget, as the package's `RunPacing` makes them. */
const paceOf = (budget: Budget): RequestPace => {
	let countedAt: number | undefined;
	return {
		waitToSend: async () => (countedAt = await budget.waitToSend()) !== undefined,
		waitWithoutCap: async () => (countedAt = await budget.waitToSend()) !== undefined,
		trySendNow: () => budget.trySendNow(),
		withdraw: () => {
			if (countedAt !== undefined) budget.withdraw(countedAt);
		},
		answered: (status, headers) => budget.answered(status, headers),
	};
};

test("five sends whose client error carries no code give their places back: the account's budget then counts none of them in flight", async () => {
	const account = cloudflareImages.budgetsFor({ method: 'DELETE', path: '/x' }).at(-1)!;
	const cloudflare = () => new Budget(account.budget, account.readHeaders, account.rule?.());
	const report = { ratelimit: '"default";r=1000;t=200' };
	const send = (budget: Budget, answer: () => Promise<unknown>) => {
		const fn = {
			getNode: () => ({ name: 'n', type: 't', typeVersion: 1, position: [0, 0], parameters: {} }),
			helpers: { httpRequestWithAuthentication: answer },
		} as unknown as IExecuteFunctions;
		return sendWithRetries(
			fn,
			auth,
			'https://api.test',
			{ method: 'DELETE', path: '/x' },
			policy,
			paceOf(budget),
		);
	};
	const thrown = cloudflare();
	for (let k = 0; k < 5; k++)
		await expect(
			send(thrown, async () => Promise.reject(new Error('no credentials'))),
		).resolves.toMatchObject({ statusCode: 0, networkError: 'request failed: no credentials' });
	// The same five sends answered, for comparison.
	const answered = cloudflare();
	for (let k = 0; k < 5; k++)
		await send(answered, async () => ({ statusCode: 404, headers: {}, body: '' }));
	// Then one answer on each says what the account has left.
	for (const budget of [thrown, answered])
		await send(budget, async () => ({ statusCode: 200, headers: report, body: '{}' }));
	expect(thrown.requestsLeftNow()).toBe(answered.requestsLeftNow());
	expect(thrown.requestsLeftNow()).toBeGreaterThan(0);
});
