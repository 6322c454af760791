/**
 * `ParameterReader` (nodes/shared/router.ts; the oracle node loads it from dist/, as shipped) held
 * against n8n's own evaluation: workflows run through n8n-core's `WorkflowExecute` into `test.parameterOracle`,
 * which reads each parameter for every item both with the real `getNodeParameter` (n8n's
 * expression engine, its sandbox and its schema checks) and with a `ParameterReader`. Every
 * reading, value, kind or error, must be the same. How often ours asked n8n shows which way it
 * read: once per run, from the item, or through n8n.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeParameterResourceLocator,
	INodeParameters,
} from 'n8n-workflow';

import { ParameterReader } from '../../nodes/shared/item';
import {
	ORACLE_FALLBACK,
	runWorkflow,
	TEST_PARAMETER_ORACLE,
	type Reading,
} from '../harness/engine';
import { chainWorkflow } from '../harness/workflows';

/** Items as varied as the json a workflow hands on. */
const ITEMS: IDataObject[] = [
	{ id: 'abc', 'file id': 'file 1', a: { b: 'deep' } },
	{ id: 42, 'file id': 'dir/sub/photo.png', a: { b: 0 } },
	{ id: 0, a: {} },
	{ id: '' },
	{},
	{ id: null, a: null },
	{ id: { nested: { deep: [1, 'two'] } } },
	{ id: ['a', 'b'] },
	{ id: 'with space/slash/ü/日本/"double" \'single\'', 'file id': 'ü 日本 "q"' },
	{ id: '  padded  ', 'file id': '' },
	{ id: false, 'file id': 7 },
	{ id: 'owns-guarded-names', constructor: 'own', toString: 'own', prototype: 'own' },
];

/** How ours should read: once per run, from the item's json, or through n8n for every item. */
type Way = 'once' | 'fromItem' | 'n8n';

interface Case {
	title: string;
	parameters: INodeParameters;
	/** What to read, in this order, for every item. */
	names: string[];
	way: Way;
}

const locator = (
	mode: string,
	value: INodeParameterResourceLocator['value'],
	more: Partial<INodeParameterResourceLocator> = {},
): INodeParameterResourceLocator => ({ __rl: true, mode, value, ...more });

const plainCases: Case[] = [
	{ title: 'a stored string', parameters: { text: 'abc' }, names: ['text'], way: 'once' },
	{ title: 'a stored empty string', parameters: { text: '' }, names: ['text'], way: 'once' },
	{ title: 'a stored number', parameters: { count: 25 }, names: ['count'], way: 'once' },
	{ title: 'a stored 0', parameters: { count: 0 }, names: ['count'], way: 'once' },
	{ title: 'a stored boolean', parameters: { flag: true }, names: ['flag'], way: 'once' },
	{
		title: 'a stored collection',
		parameters: { options: { ignoreNotFound: true } },
		names: ['options'],
		way: 'once',
	},
	{
		title: 'a stored resource locator',
		parameters: { locator: locator('id', 'abc') },
		names: ['locator'],
		way: 'once',
	},
	{
		title: 'a stored resource locator with its cached name',
		parameters: { locator: locator('list', 'abc', { cachedResultName: 'photo.png' }) },
		names: ['locator'],
		way: 'once',
	},
	{
		title: 'a stored string before its "=": no expression',
		parameters: { text: ' ={{ $json.id }}' },
		names: ['text'],
		way: 'once',
	},
	{
		title: 'a parameter the node does not have (the fallback)',
		parameters: {},
		names: ['absent'],
		way: 'n8n',
	},
];

const fieldCases: Case[] = [
	{
		title: '={{ $json.id }}',
		parameters: { text: '={{ $json.id }}' },
		names: ['text'],
		way: 'fromItem',
	},
	{
		title: '={{$json.id}}',
		parameters: { text: '={{$json.id}}' },
		names: ['text'],
		way: 'fromItem',
	},
	{
		title: '={{ $json["id"] }}',
		parameters: { text: '={{ $json["id"] }}' },
		names: ['text'],
		way: 'fromItem',
	},
	{
		title: "={{ $json['file id'] }} (missing from some items)",
		parameters: { text: "={{ $json['file id'] }}" },
		names: ['text'],
		way: 'fromItem',
	},
	{
		title: '={{ $json.missing }} (in no item)',
		parameters: { text: '={{ $json.missing }}' },
		names: ['text'],
		way: 'fromItem',
	},
	{
		title: 'an expression across lines',
		parameters: { text: '={{\n\t$json.id\n}}' },
		names: ['text'],
		way: 'fromItem',
	},
	{
		title: '={{ $json.id }} in a number parameter',
		parameters: { count: '={{ $json.id }}' },
		names: ['count'],
		way: 'fromItem',
	},
	{
		title: "a resource locator's value: By ID",
		parameters: { locator: locator('id', '={{ $json.id }}') },
		names: ['locator'],
		way: 'fromItem',
	},
	{
		title: "a resource locator's value: By URL",
		parameters: { locator: locator('url', '={{ $json["file id"] }}') },
		names: ['locator'],
		way: 'fromItem',
	},
	{
		title: "a resource locator's value, its cached name plain",
		parameters: { locator: locator('list', '={{ $json.id }}', { cachedResultName: 'photo.png' }) },
		names: ['locator'],
		way: 'fromItem',
	},
];

const throughN8nCases: Case[] = [
	...[
		'={{ $json.id.trim() }}',
		'={{ $json.a.b }}',
		'=prefix-{{ $json.id }}',
		'={{ $json.id }} ',
		'={{ $json.id }}{{ $json.id }}',
		"={{ $('Items').item.json.id }}",
		'={{ $json.id + 1 }}',
		'={{ $itemIndex }}',
		'={{ $json.id ?? "none" }}',
		'={{ $json["it\'s"] }}',
		'={{ $json }}',
		'=abc',
		'=',
	].map(
		(text): Case => ({
			title: JSON.stringify(text),
			parameters: { text },
			names: ['text'],
			way: 'n8n',
		}),
	),
	{
		title: 'a resource locator whose cached name holds an expression',
		parameters: {
			locator: locator('list', '={{ $json.id }}', { cachedResultName: '={{ $json["file id"] }}' }),
		},
		names: ['locator'],
		way: 'n8n',
	},
	{
		title: 'a resource locator whose mode is an expression',
		parameters: { locator: locator('={{ "id" }}', '={{ $json.id }}') },
		names: ['locator'],
		way: 'n8n',
	},
	{
		title: "a resource locator's value read further",
		parameters: { locator: locator('id', '={{ $json.id.toString() }}') },
		names: ['locator'],
		way: 'n8n',
	},
	{
		title: 'a collection holding an expression',
		parameters: { options: { ignoreNotFound: true, label: '={{ $json.id }}' } },
		names: ['options'],
		way: 'n8n',
	},
];

/**
 * Fields n8n reads only as an item's own (`toString` of every object is a function: an error)
 * or not at all (`constructor`, `__proto__`, `prototype`: refused for security): read from the
 * item, ours would answer where n8n fails.
 */
const guardedCases: Case[] = [
	...['={{ $json.toString }}', '={{ $json.hasOwnProperty }}', '={{ $json["valueOf"] }}'].map(
		(text): Case => ({ title: text, parameters: { text }, names: ['text'], way: 'fromItem' }),
	),
	...[
		'={{ $json.constructor }}',
		'={{ $json["constructor"] }}',
		'={{ $json.__proto__ }}',
		'={{ $json["__proto__"] }}',
		'={{ $json.prototype }}',
		'={{ $json.__defineGetter__ }}',
	].map((text): Case => ({ title: text, parameters: { text }, names: ['text'], way: 'n8n' })),
	{
		title: "a resource locator's value: {{ $json.constructor }}",
		parameters: { locator: locator('id', '={{ $json.constructor }}') },
		names: ['locator'],
		way: 'n8n',
	},
];

/** Several parameters read in turn for each item, by one reader, as the nodes read them. */
const mixedCases: Case[] = [
	{
		title: 'all of a node: stored, from the item, through n8n and absent, in turn',
		parameters: {
			text: '={{ $json.id }}',
			otherText: '={{ $json.id.length }}',
			count: 3,
			flag: true,
			options: { ignoreNotFound: true },
			locator: locator('id', '={{ $json["file id"] }}'),
		},
		names: ['text', 'otherText', 'count', 'flag', 'options', 'locator', 'absent', 'text'],
		way: 'fromItem',
	},
];

interface OracleItem {
	item: number;
	readings: Record<string, { n8n: Reading; ours: Reading; oursCalls: number }>;
}

async function oracle(parameters: INodeParameters, names: string[]): Promise<OracleItem[]> {
	const { outputs, error } = await runWorkflow(
		chainWorkflow(ITEMS, [
			{
				type: TEST_PARAMETER_ORACLE,
				name: 'Oracle',
				parameters: { names: JSON.stringify(names), ...parameters },
			},
		]),
	);
	expect(error).toBeUndefined();
	const items = (outputs('Oracle')[0] ?? []).map(({ json }) => json as unknown as OracleItem);
	expect(items.map(({ item }) => item)).toEqual(ITEMS.map((_, index) => index));
	return items;
}

/** Every item's readings by name, as n8n or as ours gave them. */
function side(items: OracleItem[], which: 'n8n' | 'ours'): Array<Record<string, Reading>> {
	return items.map(({ readings }) =>
		Object.fromEntries(Object.entries(readings).map(([name, reading]) => [name, reading[which]])),
	);
}

describe.each([
	['plain stored values', plainCases],
	['{{ $json.<field> }}, read from the item', fieldCases],
	['expressions only n8n answers', throughN8nCases],
	['fields n8n guards', guardedCases],
	['several parameters', mixedCases],
])('ParameterReader reads as n8n does: %s', (_group, cases) => {
	test.each(cases.map((testCase) => [testCase.title, testCase] as const))(
		'%s',
		async (_title, { parameters, names, way }) => {
			const items = await oracle(parameters, names);
			expect(side(items, 'ours')).toStrictEqual(side(items, 'n8n'));

			// The way it read: once per run, no call for an item that holds the field, else n8n's.
			const name = names[0];
			const calls = items.map(({ readings }) => readings[name].oursCalls);
			if (way === 'once') expect(calls).toEqual(ITEMS.map((_, index) => (index === 0 ? 1 : 0)));
			if (way === 'n8n') expect(calls).toEqual(ITEMS.map(() => 1));
			if (way === 'fromItem') {
				const field = jsonField(Object.values(parameters).map(fieldExpression).find(Boolean));
				expect(field).toBeDefined();
				ITEMS.forEach((json, index) => {
					if (Object.prototype.hasOwnProperty.call(json, field as string))
						expect([index, calls[index]]).toEqual([index, 0]);
				});
			}
		},
	);
});

/** The `{{ $json.<field> }}` of a parameter: the text, or a resource locator's value. */
function fieldExpression(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (value !== null && typeof value === 'object' && '__rl' in value)
		return (value as INodeParameterResourceLocator).value as string;
	return undefined;
}

test('the oracle tells n8n’s readings apart: values, kinds and errors as n8n gives them', async () => {
	const items = await oracle(
		{ text: '={{ $json.id }}', locator: locator('url', '={{ $json["file id"] }}') },
		['text', 'locator', 'absent'],
	);
	const n8n = side(items, 'n8n');
	expect(n8n[0].text).toStrictEqual({ kind: 'string', value: 'abc' });
	expect(n8n[1].text).toStrictEqual({ kind: 'number', value: 42 });
	expect(n8n[2].text).toStrictEqual({ kind: 'number', value: 0 });
	expect(n8n[4].text).toStrictEqual({ kind: 'undefined', value: undefined });
	expect(n8n[5].text).toStrictEqual({ kind: 'null', value: null });
	expect(n8n[6].text).toStrictEqual({ kind: 'object', value: { nested: { deep: [1, 'two'] } } });
	expect(n8n[7].text).toStrictEqual({ kind: 'array', value: ['a', 'b'] });
	expect(n8n[1].locator).toStrictEqual({
		kind: 'object',
		value: { __rl: true, mode: 'url', value: 'dir/sub/photo.png' },
	});
	expect(n8n[0].absent).toStrictEqual({ kind: 'string', value: ORACLE_FALLBACK });
	const trimmed = side(await oracle({ text: '={{ $json.id.trim() }}' }, ['text']), 'n8n');
	expect(trimmed[9].text).toStrictEqual({ kind: 'string', value: 'padded' });
	const refused = side(await oracle({ text: '={{ $json.constructor }}' }, ['text']), 'n8n');
	expect(refused[0].text).toEqual({ error: expect.stringContaining('constructor') });
});

/**
 * The one input field ParameterReader reads straight from the item for a stored parameter value
 * (its short-cut for `{{ $json.<field> }}`), or undefined when it asks n8n instead.
 */
function jsonField(stored: unknown): string | undefined {
	let looked: string | undefined;
	const json = new Proxy(
		{},
		{
			getOwnPropertyDescriptor: (_target, key) => {
				looked = String(key);
				return { value: 'v', configurable: true, enumerable: true, writable: true };
			},
			get: () => 'v',
		},
	);
	const fn = {
		getNode: () => ({ parameters: { p: stored } }),
		getInputData: () => [{ json }],
		getNodeParameter: () => 'from n8n',
	} as unknown as IExecuteFunctions;
	const value = new ParameterReader(fn).read('p', 0);
	return value === 'from n8n' ? undefined : looked;
}

describe('the field ParameterReader reads from the item itself', () => {
	test.each([
		['={{ $json.id }}', 'id'],
		['={{$json.id}}', 'id'],
		['={{ $json._private$1 }}', '_private$1'],
		['={{ $json["id"] }}', 'id'],
		["={{ $json['file id'] }}", 'file id'],
		['={{ $json[ "a.b/c ü" ] }}', 'a.b/c ü'],
		['={{\n$json.id\n}}', 'id'],
	])('%s reads the field %s', (expression, field) => {
		expect(jsonField(expression)).toBe(field);
	});

	test.each([
		'{{ $json.id }}',
		'=$json.id',
		'={{ $json.id }} ',
		' ={{ $json.id }}',
		'=x{{ $json.id }}',
		'={{ $json.id.trim() }}',
		'={{ $json.a.b }}',
		'={{ $json.1a }}',
		'={{ $json["it\'s"] }}',
		'={{ $json["a\\"b"] }}',
		'={{ $json["id\'] }}',
		'={{ $json[id] }}',
		'={{ $json }}',
		'={{ $json.id + 1 }}',
		"={{ $('Items').item.json.id }}",
	])('%s is not one field', (expression) => {
		expect(jsonField(expression)).toBeUndefined();
	});

	test.each(['={{ $json.constructor }}', '={{ $json["__proto__"] }}', '={{ $json.prototype }}'])(
		'%s: a field n8n refuses to read, no field',
		(expression) => {
			expect(jsonField(expression)).toBeUndefined();
		},
	);

	test('not text: nothing', () => {
		expect(jsonField(undefined)).toBeUndefined();
		expect(jsonField(5)).toBeUndefined();
		expect(jsonField({ value: '={{ $json.id }}' })).toBeUndefined();
	});
});
