// @ts-check
'use strict';
/** What every e2e case file builds with: the provider rows, the workflow builder, readers of run data. */
const { PROVIDERS: FIXTURES } = require('../../fixtures/providers');
const { chainWorkflow, manualItems } = require('../../fixtures/workflows');

/** The fixture rows, with the sandbox's side of each at hand. */
const PROVIDERS = FIXTURES.map((provider) => ({
	...provider,
	...provider.sandbox,
	routePrefix: provider.sandbox.deletePrefix,
}));

let workflowCounter = 0;

/** Each workflow of the suite its own id. */
function nextWorkflowId() {
	return `e2eWorkflow${String(++workflowCounter).padStart(5, '0')}`;
}

/**
 * Manual Trigger → Items (Set, raw JSON) → Split Out → the chain → Done (and Errors, on the last
 * node's error output when it has `continueErrorOutput`).
 */
function workflow(name, items, chain) {
	return chainWorkflow({
		id: nextWorkflowId(),
		name: `e2e: ${name}`,
		head: manualItems(items),
		chain,
		success: { name: 'Done', type: 'n8n-nodes-base.noOp' },
		errors: { name: 'Errors', type: 'n8n-nodes-base.noOp' },
	});
}

/** Items on `output` of `node`'s first run. */
function outputOf(data, node, output = 0) {
	const run = data?.resultData?.runData?.[node]?.[0];
	return (run?.data?.main?.[output] ?? []).map((item) => item.json);
}

function deleteStep(p, name, extra = {}) {
	return {
		name,
		node: p.node,
		credential: p.credential,
		parameters: {
			resource: p.resource,
			operation: 'delete',
			[p.idParameter]: '={{ $json.id }}',
			...extra,
		},
	};
}

module.exports = { PROVIDERS, nextWorkflowId, workflow, outputOf, deleteStep };
