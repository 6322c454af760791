// Bad input costs nothing: a clear error before any request, or exactly one encoded path
// segment on the delete route — never a request that could delete something else.
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';
import nock from 'nock';

import { runWorkflow } from '../harness/engine';
import { resetPacing } from '../harness/pacing';
import { CREDENTIALS, DELETE_CASES, type DeleteCase } from '../harness/providers';
import { chainWorkflow } from '../harness/workflows';

type Outcome = { sent: string } | { refused: RegExp };
const sent = (id: string): Outcome => ({ sent: encodeURIComponent(id.trim()) });
const refused = (message: RegExp): Outcome => ({ refused: message });
const EMPTY = /ID cannot be empty\. Please provide a valid .* ID\./;

/** [label, the id as an expression yields it, the defined outcome] */
const TABLE: Array<[string, unknown, Outcome]> = [
	['empty', '', refused(EMPTY)],
	['blank', '   ', refused(EMPTY)],
	['tabs and newlines', '\t\n\r ', refused(EMPTY)],
	['null', null, refused(EMPTY)],
	['zero', 0, sent('0')],
	['integer', 12345, sent('12345')],
	['negative number', -7, sent('-7')],
	['float', 3.5, sent('3.5')],
	['boolean true', true, sent('true')],
	['boolean false', false, sent('false')],
	['object', { id: 'x' }, refused(/must be text or a number, not an object/)],
	['empty object', {}, refused(/must be text or a number, not an object/)],
	['list', ['a', 'b'], refused(/must be text or a number, not a list/)],
	['empty list', [], refused(/must be text or a number, not a list/)],
	['dot', '.', refused(/cannot be "\."/)],
	['dot dot', '..', refused(/cannot be "\.\."/)],
	['padded dot dot', '  ..  ', refused(/cannot be "\.\."/)],
	['three dots', '...', sent('...')],
	['slash', '/', sent('/')],
	['leading slash', '/abc', sent('/abc')],
	['sub-path', 'a/b', sent('a/b')],
	['deep sub-path', 'folder/sub/img.png', sent('folder/sub/img.png')],
	['traversal', '../x', sent('../x')],
	['double traversal', '../../accounts/other', sent('../../accounts/other')],
	['backslash traversal', '..\\x', sent('..\\x')],
	['encoded traversal', '%2e%2e', sent('%2e%2e')],
	['encoded slash', 'a%2Fb', sent('a%2Fb')],
	['double-encoded traversal', '%252e%252e%252f', sent('%252e%252e%252f')],
	['percent alone', '%', sent('%')],
	['bad percent', '%zz', sent('%zz')],
	['question mark', 'x?y', sent('x?y')],
	['query injection', 'x?force=true', sent('x?force=true')],
	['hash', 'x#y', sent('x#y')],
	['both', 'x?y#z', sent('x?y#z')],
	['ampersand and equals', 'a&b=c', sent('a&b=c')],
	['semicolon', 'a;b', sent('a;b')],
	['at and colon', 'user:pass@host', sent('user:pass@host')],
	['full URL', 'https://evil.example/x', sent('https://evil.example/x')],
	['CRLF', 'line\r\nbreak', sent('line\r\nbreak')],
	['header injection', 'x\r\nAuthorization: Bearer evil', sent('x\r\nAuthorization: Bearer evil')],
	['NUL', 'a\u0000b', sent('a\u0000b')],
	['control characters', '\u0001\u0002\u001f', sent('\u0001\u0002\u001f')],
	['DEL', 'a\u007fb', sent('a\u007fb')],
	['unicode', 'café', sent('café')],
	['emoji', '🖼️🔥', sent('🖼️🔥')],
	['right-to-left', '\u202eabc', sent('\u202eabc')],
	['zero-width space', 'a\u200bb', sent('a\u200bb')],
	['lone surrogate', 'ab\ud800', refused(/contains characters that cannot be sent/)],
	['quotes', `"'\``, sent(`"'\``)],
	['angle brackets', '<script>', sent('<script>')],
	['spaces inside', 'my image 1', sent('my image 1')],
	['plus', 'a+b', sent('a+b')],
	['UUID', '0f0e5b9a-0000-4000-8000-000000000001', sent('0f0e5b9a-0000-4000-8000-000000000001')],
	['2,000 characters', 'a'.repeat(2000), sent('a'.repeat(2000))],
	['8,192 characters', 'b'.repeat(8192), sent('b'.repeat(8192))],
	['10,000 characters', 'b'.repeat(10_000), refused(/is too long to send \(10000 characters\)/)],
	['2,000 multibyte characters (12,000 encoded)', 'é'.repeat(2000), refused(/is too long to send/)],
];

/** Runs one delete per item and returns what nock saw on the provider's host, and the outputs. */
async function deleteAll(c: DeleteCase, values: unknown[]) {
	// Many runs in one test: the account's pace would otherwise make this test about waiting.
	resetPacing();
	const seen: Array<{ method: string; path: string }> = [];
	const prefix = c.path('');
	const scope = nock(c.origin).persist();
	for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']) {
		scope
			.intercept(() => true, method)
			.reply(function (uri) {
				seen.push({ method: this.req.method, path: uri });
				const id = decodeURIComponent(uri.slice(prefix.length));
				return c.deleted(id) as [number, string];
			});
	}
	// A request to any other host is recorded too (and refused).
	const elsewhere = (req: { method: string; path: string }) =>
		seen.push({ method: req.method, path: `elsewhere:${req.path}` });
	nock.emitter.on('no match', elsewhere);
	const items = values.map((id) => ({ id }) as IDataObject);
	const result = await runWorkflow(
		chainWorkflow(items, [
			{
				type: c.node,
				credentialType: c.credentialType,
				onError: 'continueRegularOutput',
				parameters: {
					resource: c.resource,
					operation: 'delete',
					[c.idParameter]: '={{ $json.id }}',
				},
			},
		]),
		{ credentials: CREDENTIALS },
	);
	nock.emitter.removeListener('no match', elsewhere);
	nock.cleanAll();
	return { seen, outputs: result.outputs('Node 1')[0].map((item) => item.json) };
}

describe.each(DELETE_CASES)('$title: hostile and odd ids', (c) => {
	// One item per run (below the bulk threshold), so the request seen is this id's.
	test.each(TABLE)('%s', async (_label, value, expected) => {
		const { seen, outputs } = await deleteAll(c, [value]);
		if ('sent' in expected) {
			expect(seen).toEqual([{ method: 'DELETE', path: c.path(expected.sent) }]);
			expect(outputs[0]).toEqual({ deleted: true, id: String(value).trim() });
		} else {
			expect(seen).toEqual([]);
			expect(String(outputs[0].error)).toMatch(expected.refused);
		}
	});
});

describe.each(DELETE_CASES)('$title: any string at all', (c) => {
	test('is refused before any request, or sent as exactly one segment of the delete route — and nothing else is sent', async () => {
		await fc.assert(
			fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 60 }), async (id) => {
				const { seen, outputs } = await deleteAll(c, [id]);
				const trimmed = id.trim();
				if (seen.length === 0) {
					expect(String(outputs[0].error)).toMatch(/ID (cannot be|contains|must be)/);
					expect(
						trimmed === '' || trimmed === '.' || trimmed === '..' || !isWellFormedText(trimmed),
					).toBe(true);
					return;
				}
				expect(seen).toHaveLength(1);
				expect(seen[0].method).toBe('DELETE');
				const segment = seen[0].path.slice(c.path('').length);
				expect(seen[0].path.startsWith(c.path(''))).toBe(true);
				expect(segment).not.toMatch(/[/?#]/);
				expect(decodeURIComponent(segment)).toBe(trimmed);
				expect(outputs[0]).toEqual({ deleted: true, id: trimmed });
			}),
			{ numRuns: 60 },
		);
	}, 60_000);
});

/** The platform's own answer (ES2024 String.prototype.isWellFormed), not the package's check. */
function isWellFormedText(text: string): boolean {
	return (text as string & { isWellFormed(): boolean }).isWellFormed();
}
