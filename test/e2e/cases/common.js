// @ts-check
'use strict';
/** What every e2e case file builds with: the provider rows, the workflow builder, readers of run data. */
const { PROVIDERS: FIXTURES } = require('../../fixtures/providers');
const { asNode, chainWorkflow, manualItems } = require('../../fixtures/workflows');

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

/**
 * Manual Trigger → branches side by side, each its items (Set, raw JSON) → Split Out → its chain:
 * several checks in one `n8n execute`. A branch's Set and Split Out are named after it
 * (`<name> items`, `<name> split`); node names are the workflow's, so each must be unique.
 * @param {string} name
 * @param {Array<{ name: string, items: object[], chain: any[] }>} branches
 */
function branchesWorkflow(name, branches) {
	const nodes = [
		asNode({ name: 'Start', type: 'n8n-nodes-base.manualTrigger', parameters: {} }, 0),
	];
	/** @type {Record<string, any>} */
	const connections = {};
	const link = (/** @type {string} */ from, /** @type {string} */ to) => {
		connections[from] ??= { main: [[]] };
		connections[from].main[0].push({ node: to, type: 'main', index: 0 });
	};
	branches.forEach((branch, row) => {
		const [, items, split] = manualItems(branch.items);
		const steps = [
			{ ...items, name: `${branch.name} items` },
			{ ...split, name: `${branch.name} split` },
			...branch.chain,
		];
		steps.forEach((step, column) => {
			nodes.push({
				...asNode(step, column + 1),
				id: `node-${row}-${column}`,
				position: [200 * (column + 1), 200 * row],
			});
			link(column === 0 ? 'Start' : steps[column - 1].name, step.name);
		});
	});
	return {
		id: nextWorkflowId(),
		name: `e2e: ${name}`,
		active: false,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
	};
}

/** Items on `output` of `node`'s first run. */
function outputOf(data, node, output = 0) {
	const run = data?.resultData?.runData?.[node]?.[0];
	return (run?.data?.main?.[output] ?? []).map((item) => item.json);
}

/**
 * The binary data `node` output on its first run: per item, each binary field's file name and
 * type (n8n keeps the bytes elsewhere: in filesystem mode, on disk).
 */
function filesOf(data, node) {
	const run = data?.resultData?.runData?.[node]?.[0];
	return (run?.data?.main?.[0] ?? []).map((item) =>
		Object.fromEntries(
			Object.entries(item.binary ?? {}).map(([field, binary]) => [
				field,
				{ fileName: binary.fileName, mimeType: binary.mimeType },
			]),
		),
	);
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

module.exports = {
	PROVIDERS,
	nextWorkflowId,
	workflow,
	branchesWorkflow,
	outputOf,
	filesOf,
	deleteStep,
};
