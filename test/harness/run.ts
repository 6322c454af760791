import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import { type RunResult, runWorkflow } from './engine';
import { CREDENTIALS } from './providers';
import { chainWorkflow, type OnError } from './workflows';

/** This package's nodes, by their short type. */
export type NodeName = 'leonardoAi' | 'cloudflareImages' | 'imageKit';

/**
 * Runs one node of this package (named `Node 1`) on `items` through n8n's engine, with the test
 * credential of its type.
 */
export async function runNode(
	node: NodeName,
	parameters: INodeParameters,
	{
		items = [{}],
		onError,
		credentials = CREDENTIALS,
	}: {
		items?: IDataObject[];
		onError?: OnError;
		credentials?: Record<string, ICredentialDataDecryptedObject>;
	} = {},
): Promise<RunResult> {
	return await runWorkflow(
		chainWorkflow(items, [{ type: node, credentialType: `${node}Api`, parameters, onError }]),
		{ credentials },
	);
}

/** The JSON of `Node 1`'s main output. */
export const outputJson = (result: RunResult): IDataObject[] =>
	result.outputs('Node 1')[0]?.map((item) => item.json) ?? [];

/** The description of the error the run stopped with. */
export const errorDescription = (result: RunResult): string =>
	String((result.error as unknown as { description?: string } | undefined)?.description);
