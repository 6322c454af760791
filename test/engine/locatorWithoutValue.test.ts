// An id that arrives as a resource locator without its value (an expression, `$fromAI` or a
// workflow built through the API can yield one) is an empty id: the empty-id message, no request.
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
		test('fails with the empty-id message, and sends nothing', async () => {
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
