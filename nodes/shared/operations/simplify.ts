import type { ItemCall } from '../contracts';

/** Keeps only `fields` of an object when the Simplify option is on (the default). */
export function simplified<T extends object>(call: ItemCall, value: T, fields: string[]): T {
	if (!call.option('simplify', true)) return value;
	const result: Record<string, unknown> = {};
	for (const field of fields)
		if (field in value) result[field] = (value as Record<string, unknown>)[field];
	return result as T;
}
