// Review probes for issue #19's restructure (a pure restructure must not change behaviour).
// Each test states what the code at 47a0e1f did; a failure is a behaviour change.
import type { IDataObject } from 'n8n-workflow';
import nock from 'nock';

import { runWorkflow } from '../harness/engine';
import { resetPacing } from '../harness/pacing';
import { CREDENTIALS, DELETE_CASES, type DeleteCase } from '../harness/providers';
import { chainWorkflow } from '../harness/workflows';

async function runDelete(c: DeleteCase, idValue: unknown, json: IDataObject = { id: 'x' }) {
	resetPacing();
	const seen: string[] = [];
	const scope = nock(c.origin).persist();
	scope
		.intercept(() => true, 'DELETE')
		.reply(function (uri) {
			seen.push(uri);
			return c.deleted(decodeURIComponent(uri.slice(c.path('').length))) as [number, string];
		});
	const result = await runWorkflow(
		chainWorkflow(
			[json],
			[
				{
					type: c.node,
					credentialType: c.credentialType,
					onError: 'continueRegularOutput',
					parameters: {
						resource: c.resource,
						operation: 'delete',
						[c.idParameter]: idValue,
					} as never,
				},
			],
		),
		{ credentials: CREDENTIALS },
	);
	nock.cleanAll();
	return { seen, outputs: result.outputs('Node 1')[0].map((item) => item.json) };
}

describe.each(DELETE_CASES)(
	'$title: a resource locator value stored without its `value` key',
	(c) => {
		// At 47a0e1f `readId` took `{__rl, mode}` as a locator and read its (missing) value: the
		// "cannot be empty" message. The merged `isLocatorValue` also wants `value`, so the same
		// stored parameter is now read as a plain object: "must be text or a number, not an object".
		test('fails with the empty-id message, as before the restructure', async () => {
			// An expression that yields a locator-shaped object without `value` (n8n's own check for a
			// required field only sees the expression text).
			const { seen, outputs } = await runDelete(c, '={{ $json.id }}', {
				id: { __rl: true, mode: 'id' },
			});
			expect(seen).toEqual([]);
			expect(String(outputs[0].error)).toMatch(
				/ID cannot be empty\. Please provide a valid .* ID\./,
			);
		});
	},
);
