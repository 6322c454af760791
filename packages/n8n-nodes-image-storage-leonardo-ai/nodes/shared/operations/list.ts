// Generated from nodes/shared/operations/list.ts at the repository's top level by `npm run packages`: edit that file.
import type { IDataObject } from 'n8n-workflow';

import type { ItemCall, OperationModule } from '../contracts';
import { collectPages, type Page } from '../input/paging';
import { returnAllAndLimit } from '../ui/fields';
import { outputOptions } from '../ui/options';
import { defineOperation, type OperationSpec } from './define';
import { simplified } from './simplify';

/** A Get Many: Return All / Limit, page by page; what differs per provider is stated here. */
export interface ListOperationSpec
	extends Omit<OperationSpec, 'name' | 'value' | 'execute' | 'fields'> {
	/** Reads the item's filters once, then fetches page `pageIndex` (`wanted` items still wanted). */
	pager(call: ItemCall): Promise<(wanted: number, pageIndex: number) => Promise<Page>>;
	/** With these, a Simplify option (on by default) keeps only them in each item. */
	simplifyFields?: string[];
}

export function defineListOperation(resource: string, spec: ListOperationSpec): OperationModule {
	const { simplifyFields } = spec;
	return defineOperation(resource, {
		...spec,
		name: 'Get Many',
		value: 'getMany',
		fields: returnAllAndLimit(),
		options: [...(spec.options ?? []), ...outputOptions(simplifyFields)],
		execute: async (call): Promise<IDataObject[]> => {
			const items = await collectPages(call, await spec.pager(call));
			return items.map((item) => simplified(call, item, simplifyFields));
		},
	});
}
