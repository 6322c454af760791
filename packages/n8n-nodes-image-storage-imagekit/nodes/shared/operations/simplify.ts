// Generated from nodes/shared/operations/simplify.ts at the repository's top level by `npm run packages`: edit that file.
import type { ItemCall } from '../contracts';

/**
 * An answer as the output options shape it: only the Output Fields when some are given, else
 * only `simplifyFields` while Simplify is on (the default), else the whole answer.
 */
export function simplified<T extends object>(
	call: ItemCall,
	value: T,
	simplifyFields?: string[],
): T {
	const chosen = String(call.option('outputFields', ''))
		.split(',')
		.map((field) => field.trim())
		.filter((field) => field !== '');
	const fields =
		chosen.length > 0
			? chosen
			: simplifyFields && call.option('simplify', true)
				? simplifyFields
				: undefined;
	if (!fields) return value;
	const result: Record<string, unknown> = {};
	for (const field of fields)
		if (field in value) result[field] = (value as Record<string, unknown>)[field];
	return result as T;
}
