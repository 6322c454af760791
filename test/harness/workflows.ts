import type { IConnections, IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { PACKAGE, TEST_ITEMS, TEST_SINK, type WorkflowJson } from './engine';

export type OnError = 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';

export interface NodeUnderTest {
	/** Short node type: `leonardoAi`, `cloudflareImages`, `imageKit`. */
	type: string;
	parameters: INodeParameters;
	name?: string;
	onError?: OnError;
	credentialType?: string;
}

/**
 * Workflow JSON as the editor saves it: Items → our node(s) in a chain → a Success sink, and,
 * for the last node with `continueErrorOutput`, an Errors sink on its error output.
 */
export function chainWorkflow(
	items: IDataObject[],
	chain: NodeUnderTest[],
	id = 'workflow-1',
): WorkflowJson {
	const nodes: INode[] = [
		{
			id: 'items',
			name: 'Items',
			type: TEST_ITEMS,
			typeVersion: 1,
			position: [0, 0],
			parameters: { items: JSON.stringify(items) },
		},
	];
	const connections: IConnections = {};
	let previous = 'Items';
	chain.forEach((step, index) => {
		const name = step.name ?? `Node ${index + 1}`;
		nodes.push({
			id: `node-${index + 1}`,
			name,
			type: `${PACKAGE}.${step.type}`,
			typeVersion: 1,
			position: [200 * (index + 1), 0],
			parameters: step.parameters,
			...(step.onError ? { onError: step.onError } : {}),
			...(step.credentialType
				? { credentials: { [step.credentialType]: { id: 'cred-1', name: 'Test key' } } }
				: {}),
		});
		connections[previous] = { main: [[{ node: name, type: 'main', index: 0 }]] };
		previous = name;
	});
	const last = chain[chain.length - 1];
	nodes.push(sink('Success', 1), sink('Errors', 2));
	connections[previous] = {
		main: [
			[{ node: 'Success', type: 'main', index: 0 }],
			...(last.onError === 'continueErrorOutput'
				? [[{ node: 'Errors', type: 'main' as const, index: 0 }]]
				: []),
		],
	};
	return { id, nodes, connections };
}

function sink(name: string, row: number): INode {
	return {
		id: name.toLowerCase(),
		name,
		type: TEST_SINK,
		typeVersion: 1,
		position: [1000, row * 200],
		parameters: {},
	};
}
