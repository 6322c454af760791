// Supplements to the engine tests: the shared core's small parts, on their own.
import { closeConnection, findConnection, openConnection } from '../../nodes/shared/connections';
import { describeStop } from '../../nodes/shared/stop';
import {
	type ApiResponse,
	describeFailure,
	type ProviderProfile,
	redact,
} from '../../nodes/shared/transport';

describe('connection registry', () => {
	const scope = { provider: 'n8n-nodes-image-storage.imageKit', executionId: 'e1' };

	test('a connection lives until its expiry, in its own scope only', () => {
		const now = 1_000_000;
		const connection = openConnection(scope, 'imageKitApi', { privateKey: 'k' }, 60_000, now);
		expect(findConnection(connection.id, scope, now + 59_999)?.credentials).toEqual({
			privateKey: 'k',
		});
		expect(findConnection(connection.id, { ...scope, executionId: 'e2' }, now)).toBeUndefined();
		expect(findConnection(connection.id, { ...scope, executionId: '' }, now)).toBeUndefined();
		expect(
			findConnection(connection.id, { ...scope, provider: 'x.leonardoAi' }, now),
		).toBeUndefined();
		expect(findConnection(connection.id, scope, now + 60_000)).toBeUndefined();
		// Expired entries are gone, not just hidden.
		expect(findConnection(connection.id, scope, now)).toBeUndefined();
	});

	test('every use drops what has expired by then, whatever order the lifetimes are in', () => {
		const now = 2_000_000;
		const long = openConnection(scope, 'imageKitApi', { privateKey: 'k' }, 10 * 60_000, now);
		const short = openConnection(scope, 'imageKitApi', { privateKey: 'k' }, 60_000, now);
		expect(findConnection('conn_other', scope, now + 2 * 60_000)).toBeUndefined();
		// Gone for good: not found even when asked as if earlier.
		expect(findConnection(short.id, scope, now)).toBeUndefined();
		expect(findConnection(long.id, scope, now)).toBeDefined();
		expect(closeConnection('conn_other', scope, now + 11 * 60_000)).toBe(false);
		expect(findConnection(long.id, scope, now)).toBeUndefined();
	});

	test('a connection is never opened without an execution to belong to', () => {
		expect(() =>
			openConnection({ ...scope, executionId: '' }, 'imageKitApi', { privateKey: 'k' }, 60_000),
		).toThrow();
	});

	test('the registry keeps its own copy of the key', () => {
		const credentials = { privateKey: 'k' };
		const connection = openConnection(scope, 'imageKitApi', credentials, 60_000);
		credentials.privateKey = 'changed';
		expect(findConnection(connection.id, scope)?.credentials.privateKey).toBe('k');
		expect(closeConnection(connection.id, scope)).toBe(true);
		expect(closeConnection(connection.id, scope)).toBe(false);
	});
});

describe('error details', () => {
	const provider = {
		errorMessage: (body: unknown) => (body as { message?: string })?.message,
	} as ProviderProfile;
	const response = (over: Partial<ApiResponse>): ApiResponse => ({
		statusCode: 200,
		statusText: 'OK',
		headers: {},
		body: undefined,
		uncertain: false,
		...over,
	});

	test.each([
		[
			response({ statusCode: 502, statusText: 'Bad Gateway', invalidBody: true }),
			'502 Bad Gateway',
		],
		[
			response({ statusCode: 404, body: { message: 'The requested file does not exist.' } }),
			'The requested file does not exist.',
		],
		[response({ invalidBody: true }), 'invalid JSON in the response'],
		[response({}), 'empty response (HTTP 200)'],
		[response({ body: { ok: 1 } }), 'unexpected response (HTTP 200)'],
		[
			response({ statusCode: 0, networkError: 'connection lost (ECONNRESET)' }),
			'connection lost (ECONNRESET)',
		],
	])('%#', (input, expected) => {
		expect(describeFailure(input, provider)).toBe(expected);
	});

	test('redact replaces every occurrence of every secret', () => {
		expect(redact('a SECRET b SECRET c', ['SECRET'])).toBe('a *** b *** c');
	});
});

describe('describeStop', () => {
	const done = (ids: Array<string | undefined>) => ids.map((id) => [{ json: id ? { id } : {} }]);

	test('10,000 items, 9,000 done: indexes as ranges, the first 1,000 ids listed and the rest counted', () => {
		const output: Array<Array<{ json: { id?: string } }>> = [];
		for (let index = 0; index < 10_000; index++)
			if (index < 4_000 || index >= 5_000) output[index] = done([`img-${index}`])[0];
		const text = describeStop(output, [4_000], 10_000, new Map(), ['id']);
		expect(text).toContain('Done before the stop (9000 of 10000 items): items 0–3999, 5000–9999.');
		expect(text).toContain('Their IDs: img-0, img-1,');
		expect(text).toContain(', img-999, and 8000 more.');
		expect(text).toContain('Failed: item 4000.');
		expect(text).toContain('Not done: the other 999 items (not sent, or stopped part-way).');
		expect(text.length).toBeLessThan(12_000);
	});

	test('outputs without an id (Delete Many) are told by index only', () => {
		const output = [[{ json: { deleted: ['a'], notFound: [] } }]];
		expect(describeStop(output, [1], 2, new Map(), ['id']).split('\n')).toEqual([
			'Stopped: no request was started after this failure became known; requests already under way finished.',
			'Done before the stop (1 of 2 items): item 0.',
			'Failed: item 1.',
		]);
	});
});
