// Generated from nodes/shared/operations/define.ts at the repository's top level by `npm run packages`: edit that file.
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { BulkPath, ItemCall, OperationModule } from '../contracts';
import { optionsCollection } from '../ui/options';
import { forOperation } from '../ui/properties';

/** One operation as its file states it: the editor's entry, its parameters, and what it does. */
export interface OperationSpec {
	/** The Operation list entry: `Get`, and the action text `Get a file`. */
	name: string;
	value: string;
	action: string;
	summary: string;
	/** Parameters shown above Options. */
	fields?: INodeProperties[];
	/** This operation's own options; the shared ones (delays, requests) are added. */
	options?: INodeProperties[];
	/** Whether the request options (timeout, retries, pace) apply: not for a local operation. */
	sendsRequests?: boolean;
	/** Completes "Failed to <task>. API error: …". */
	task: string;
	execute(call: ItemCall): Promise<IDataObject | IDataObject[]>;
	bulk?: BulkPath;
}

export function defineOperation(resource: string, spec: OperationSpec): OperationModule {
	const { name, value, action, summary, fields = [], options = [], sendsRequests = true } = spec;
	return {
		option: { name, value, action, description: summary },
		description: forOperation(resource, value, [
			...fields,
			optionsCollection(options, { withRequests: sendsRequests }),
		]),
		operation: {
			task: spec.task,
			execute: spec.execute,
			...(spec.bulk ? { bulk: spec.bulk } : {}),
		},
	};
}
