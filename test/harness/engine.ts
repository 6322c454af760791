/**
 * Runs workflow JSON through n8n's own engine: n8n-core's `WorkflowExecute` with our package
 * loaded by n8n-core's `PackageDirectoryLoader` from `dist/` (as n8n loads an installed
 * package), real parameter and expression resolution, real credential `authenticate` blocks,
 * and n8n's own error routing. HTTP goes through n8n's request helpers and is mocked by nock.
 */
import path from 'node:path';

import {
	ExecutionLifecycleHooks,
	LoadOptionsContext,
	PackageDirectoryLoader,
	WorkflowExecute,
} from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeListSearchResult,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IVersionedNodeType,
	IConnections,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, Workflow } from 'n8n-workflow';

export const PACKAGE_DIR = path.resolve(__dirname, '../..');
export const PACKAGE = 'n8n-nodes-image-storage';

/**
 * A start node that outputs the items given in its `items` parameter (JSON). An item's
 * `$binary` field becomes its binary data: `{ "data": { "data": "<base64>", "mimeType", "fileName" } }`.
 */
class TestItems implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Test Items',
		name: 'testItems',
		group: ['trigger'],
		version: 1,
		description: 'Outputs fixed items',
		defaults: { name: 'Items' },
		inputs: [],
		outputs: ['main'],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as string | IDataObject[];
		const items = (typeof raw === 'string' ? JSON.parse(raw) : raw) as IDataObject[];
		return [
			items.map(({ $binary, ...json }) => ({
				json,
				...($binary ? { binary: $binary as INodeExecutionData['binary'] } : {}),
			})),
		];
	}
}

/** A node that passes its input on: a place for outputs to arrive in run data. */
class TestSink implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Test Sink',
		name: 'testSink',
		group: ['transform'],
		version: 1,
		description: 'Passes items on',
		defaults: { name: 'Sink' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

/**
 * A stand-in for n8n's Execute Workflow node: runs the workflow JSON in its `workflow`
 * parameter as a sub-workflow (an execution of its own), the input items arriving at the
 * sub-workflow's Items node, and outputs what the sub-workflow's last node output.
 */
class TestSubWorkflow implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Test Sub-workflow',
		name: 'testSubWorkflow',
		group: ['transform'],
		version: 1,
		description: 'Runs a sub-workflow',
		defaults: { name: 'Sub-workflow' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [{ displayName: 'Workflow', name: 'workflow', type: 'json', default: '{}' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('workflow', 0) as string | IWorkflowBase;
		const code = (typeof raw === 'string' ? JSON.parse(raw) : raw) as IWorkflowBase;
		const result = await this.executeWorkflow({ code }, this.getInputData());
		return [result.data[0] ?? []];
	}
}

/** What one reading of a parameter gave: its value (and its kind), or the error it threw. */
export type Reading = { kind: string; value: unknown } | { error: string };

function reading(read: () => unknown): Reading {
	try {
		const value = read();
		return { kind: value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value, value };
	} catch (error) {
		return { error: error instanceof Error ? error.message : String(error) };
	}
}

/** The fallback `test.parameterOracle` passes with every reading. */
export const ORACLE_FALLBACK = '<fallback>';

/**
 * For `test/unit/parameters.test.ts`: reads each parameter named in `names` for every input
 * item twice, as n8n reads it (`getNodeParameter`) and as the package's `ParameterReader` does
 * (loaded from dist/, the shipped code), and outputs one item per input item:
 * `{ item, readings: { [name]: { n8n, ours, oursCalls } } }`, `oursCalls` being how many times
 * ParameterReader asked n8n for that parameter and item. Its parameters are one of each kind
 * the package's nodes read: n8n keeps only the parameters a node type declares.
 */
class TestParameterOracle implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Test Parameter Oracle',
		name: 'parameterOracle',
		group: ['transform'],
		version: 1,
		description: 'Reads parameters as n8n and as ParameterReader do',
		defaults: { name: 'Oracle' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [
			{ displayName: 'Names', name: 'names', type: 'json', default: '[]' },
			{ displayName: 'Text', name: 'text', type: 'string', default: '' },
			{ displayName: 'Other Text', name: 'otherText', type: 'string', default: '' },
			{ displayName: 'Count', name: 'count', type: 'number', default: 0 },
			{ displayName: 'Flag', name: 'flag', type: 'boolean', default: false },
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				default: {},
				options: [
					{
						displayName: 'Ignore Not Found',
						name: 'ignoreNotFound',
						type: 'boolean',
						default: false,
					},
					{ displayName: 'Label', name: 'label', type: 'string', default: '' },
				],
			},
			{
				displayName: 'Locator',
				name: 'locator',
				type: 'resourceLocator',
				default: { mode: 'list', value: '' },
				modes: [
					{
						displayName: 'From List',
						name: 'list',
						type: 'list',
						typeOptions: { searchListMethod: 'search' },
					},
					{ displayName: 'By ID', name: 'id', type: 'string' },
					{ displayName: 'By URL', name: 'url', type: 'string' },
				],
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { ParameterReader } =
			require('../../dist/nodes/shared/item') as typeof import('../../nodes/shared/item');
		const rawNames = this.getNodeParameter('names', 0) as string | string[];
		const names = (typeof rawNames === 'string' ? JSON.parse(rawNames) : rawNames) as string[];
		const n8n = this.getNodeParameter.bind(this);
		let calls = 0;
		// The same execution context, its parameter reads counted.
		const counted = Object.create(this, {
			getNodeParameter: {
				value: (...args: Parameters<IExecuteFunctions['getNodeParameter']>) => {
					calls++;
					return n8n(...args);
				},
			},
		}) as IExecuteFunctions;
		const ours = new ParameterReader(counted);
		return [
			this.getInputData().map((_, item) => {
				const readings: IDataObject = {};
				for (const name of names) {
					calls = 0;
					const oursReading = reading(() => ours.read(name, item, ORACLE_FALLBACK));
					readings[name] = {
						n8n: reading(() => n8n(name, item, ORACLE_FALLBACK)),
						ours: oursReading,
						oursCalls: calls,
					};
				}
				return { json: { item, readings }, pairedItem: { item } };
			}),
		];
	}
}

export const TEST_ITEMS = 'test.testItems';
export const TEST_SINK = 'test.testSink';
export const TEST_SUB_WORKFLOW = 'test.testSubWorkflow';
export const TEST_PARAMETER_ORACLE = 'test.parameterOracle';

interface LoadedPackage {
	nodeTypes: INodeTypes;
	credentialTypes: Record<string, ICredentialType>;
	/** This package's node types, e.g. `n8n-nodes-image-storage.imageKit`. */
	packageNodes: string[];
}

let loaded: Promise<LoadedPackage> | undefined;

/** Loads `dist/` the way n8n loads an installed community package. */
export function loadPackage(): Promise<LoadedPackage> {
	loaded ??= (async () => {
		const loader = new PackageDirectoryLoader(PACKAGE_DIR);
		await loader.loadAll();
		const types: Record<string, INodeType | IVersionedNodeType> = {
			[TEST_ITEMS]: new TestItems(),
			[TEST_SINK]: new TestSink(),
			[TEST_SUB_WORKFLOW]: new TestSubWorkflow(),
			[TEST_PARAMETER_ORACLE]: new TestParameterOracle(),
		};
		for (const [name, { type }] of Object.entries(loader.nodeTypes)) {
			types[`${PACKAGE}.${name}`] = type;
		}
		const nodeTypes: INodeTypes = {
			getByName: (name) => known(types, name),
			getByNameAndVersion: (name, version) =>
				NodeHelpers.getVersionedNodeType(known(types, name), version),
			getKnownTypes: () => ({}),
		};
		const credentialTypes: Record<string, ICredentialType> = {};
		for (const [name, { type }] of Object.entries(loader.credentialTypes)) {
			credentialTypes[name] = type;
		}
		const packageNodes = Object.keys(loader.nodeTypes).map((name) => `${PACKAGE}.${name}`);
		return { nodeTypes, credentialTypes, packageNodes };
	})();
	return loaded;
}

function known<T>(types: Record<string, T>, name: string): T {
	const type = types[name];
	if (!type) throw new Error(`Unknown node type ${name}`);
	return type;
}

/**
 * Credentials as n8n's own CredentialsHelper applies them: a function `authenticate` is
 * called; a generic one has its `={{$credentials.x}}` expressions resolved by the workflow.
 */
class TestCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly types: Record<string, ICredentialType>,
		private readonly data: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.types[typeName] ?? {};
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (!authenticate || authenticate.type !== 'generic' || !workflow || !node)
			return requestOptions;
		const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
		for (const [section, entries] of Object.entries(authenticate.properties)) {
			target[section] ??= {};
			for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
				const resolvedKey = resolve(workflow, node, key, credentials);
				target[section][resolvedKey] = resolve(workflow, node, value, credentials);
			}
		}
		return requestOptions;
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by these tests');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: unknown,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.data[type];
		if (!data) throw new Error(`No test credentials of type ${type}`);
		return { ...data };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(): [] {
		return [];
	}
}

function resolve(
	workflow: Workflow,
	node: INode,
	value: unknown,
	credentials: ICredentialDataDecryptedObject,
): string {
	if (typeof value !== 'string' || !value.startsWith('=')) return value as string;
	const resolved = workflow.expression.getSimpleParameterValue(
		node,
		value,
		'internal',
		{ $credentials: credentials },
		undefined,
		'',
	);
	return resolved === undefined || resolved === null ? '' : String(resolved);
}

export interface WorkflowJson {
	id?: string;
	name?: string;
	nodes: INode[];
	connections: IConnections;
}

export interface RunOptions {
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/**
	 * n8n's id of the execution. Each run is a new execution unless given: two runs with the same
	 * id stand for two parts of one execution. `null`: n8n gave the run no execution id.
	 */
	executionId?: string | null;
	/** Called as the run starts with what cancels it, as n8n's Stop button does. */
	whileRunning?: (cancel: () => void) => void;
}

export interface RunResult {
	run: IRun;
	data: IRunExecutionData;
	/** Items on each output of a node's first run: `outputs(node)[0]` is main, `[1]` the error output. */
	outputs(nodeName: string): INodeExecutionData[][];
	/** The error the workflow stopped with, if any. */
	error: IRunExecutionData['resultData']['error'];
}

let executions = 0;
/** A new execution id, as n8n gives one to every execution (a sub-workflow's too). */
const newExecutionId = () => `execution-${++executions}`;

export async function runWorkflow(
	workflowJson: WorkflowJson,
	options: RunOptions = {},
): Promise<RunResult> {
	const executionId = options.executionId === undefined ? newExecutionId() : options.executionId;
	return await execute(workflowJson, options, executionId);
}

/** One execution; `inputItems` (a sub-workflow's) replace what its Items node would output. */
async function execute(
	workflowJson: WorkflowJson,
	options: RunOptions,
	executionId: string | null,
	inputItems?: INodeExecutionData[],
): Promise<RunResult> {
	const { nodeTypes, credentialTypes } = await loadPackage();
	const workflowData: IWorkflowBase = {
		id: workflowJson.id ?? 'workflow-1',
		name: workflowJson.name ?? 'test',
		active: false,
		isArchived: false,
		nodes: workflowJson.nodes,
		connections: workflowJson.connections,
		createdAt: new Date(),
		updatedAt: new Date(),
		settings: { executionOrder: 'v1' },
	} as IWorkflowBase;
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		active: false,
		nodeTypes,
		settings: workflowData.settings,
	});
	const hooks = new ExecutionLifecycleHooks('manual', executionId ?? '', workflowData);
	const additionalData = testAdditionalData(
		new TestCredentialsHelper(credentialTypes, options.credentials ?? {}),
		hooks,
	);
	additionalData.executionId = executionId ?? undefined;
	// As n8n runs a sub-workflow: an execution of its own; its error fails the calling node.
	additionalData.executeWorkflow = async (workflowInfo, _additionalData, { inputData }) => {
		const subExecutionId = newExecutionId();
		const sub = await execute(
			workflowInfo.code as WorkflowJson,
			options,
			subExecutionId,
			inputData ?? [],
		);
		if (sub.error) throw sub.error;
		const last = sub.data.resultData.lastNodeExecuted ?? '';
		return { executionId: subExecutionId, data: sub.outputs(last).slice(0, 1) };
	};

	const start = workflow.getNode('Items');
	if (!start) throw new Error('The workflow has no Items node to start from');
	const execution = new WorkflowExecute(additionalData, 'manual');
	const running = execution.run({
		workflow,
		startNode: start,
		pinData: inputItems ? { [start.name]: inputItems } : undefined,
	});
	options.whileRunning?.(() => running.cancel());
	const run = await running;
	const data = run.data;
	return {
		run,
		data,
		error: data.resultData.error,
		outputs: (nodeName) => {
			const taskData = data.resultData.runData[nodeName]?.[0];
			return (taskData?.data?.main ?? []).map((items) => items ?? []);
		},
	};
}

function testAdditionalData(
	credentialsHelper: ICredentialsHelper,
	hooks?: ExecutionLifecycleHooks,
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper,
		hooks,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		formBaseUrl: 'http://localhost:5678/form',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		formTestBaseUrl: 'http://localhost:5678/form-test',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		mcpBaseUrl: 'http://localhost:5678/mcp',
		mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
		variables: {},
		userId: 'user-1',
		executeWorkflow: async () => {
			throw new Error('not used by these tests');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('not used by these tests');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface ListSearchOptions {
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	filter?: string;
	paginationToken?: string;
}

/**
 * Asks a node's `listSearch` method for a resource locator's list as n8n's editor does: with
 * n8n-core's `LoadOptionsContext` for the node and the parameter, credentials from the helper.
 */
export async function searchList(
	node: INode,
	parameter: string,
	method: string,
	options: ListSearchOptions = {},
): Promise<INodeListSearchResult> {
	const { nodeTypes, credentialTypes } = await loadPackage();
	const workflow = new Workflow({
		id: 'workflow-1',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
	});
	const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const search = nodeType.methods?.listSearch?.[method];
	if (!search) throw new Error(`${node.type} has no listSearch method ${method}`);
	const additionalData = testAdditionalData(
		new TestCredentialsHelper(credentialTypes, options.credentials ?? {}),
	);
	const context = new LoadOptionsContext(workflow, node, additionalData, `parameters.${parameter}`);
	return await search.call(context, options.filter, options.paginationToken);
}
