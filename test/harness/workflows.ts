import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { TEST_ITEMS, TEST_SINK, type WorkflowJson } from './engine';

interface Builder {
	chainWorkflow(spec: {
		id: string;
		head: Array<{ name: string; type: string; parameters: object }>;
		chain: Array<{
			name: string;
			node?: string;
			type?: string;
			parameters: object;
			onError?: OnError;
			credential?: [string, string, string];
		}>;
		success: { name: string; type: string };
		errors: { name: string; type: string };
	}): WorkflowJson;
}
// The JavaScript builder the e2e suite and the bench use too.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { chainWorkflow: build } = require('../fixtures/workflows') as Builder;

export type OnError = 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';

export interface NodeUnderTest {
	/** Short node type of this package (`leonardoAi`, `cloudflareImages`, `imageKit`), or a test node's (`test.…`). */
	type: string;
	parameters: INodeParameters;
	name?: string;
	onError?: OnError;
	credentialType?: string;
}

/**
 * Workflow JSON as the editor saves it (the shared builder of test/fixtures/workflows.js):
 * Items → our node(s) in a chain → a Success sink, and, for the last node with
 * `continueErrorOutput`, an Errors sink on its error output.
 */
export function chainWorkflow(
	items: IDataObject[],
	chain: NodeUnderTest[],
	id = 'workflow-1',
): WorkflowJson {
	return build({
		id,
		head: [{ name: 'Items', type: TEST_ITEMS, parameters: { items: JSON.stringify(items) } }],
		chain: chain.map((step, index) => ({
			name: step.name ?? `Node ${index + 1}`,
			...(step.type.startsWith('test.') ? { type: step.type } : { node: step.type }),
			parameters: step.parameters,
			onError: step.onError,
			credential: step.credentialType ? [step.credentialType, 'cred-1', 'Test key'] : undefined,
		})),
		success: { name: 'Success', type: TEST_SINK },
		errors: { name: 'Errors', type: TEST_SINK },
	});
}
