import type {
	ExecutionError,
	IConnections,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IRun,
	IVersionedNodeType,
	IWorkflowBase,
} from 'n8n-workflow';
import type * as N8nCore from 'n8n-core';
import { NodeConnectionTypes, Workflow } from 'n8n-workflow';

import { createAdditionalData } from './additionalData';
import { collectAllText } from './allText';
import { loadCore, n8nMajor } from './core';
import type { AuthenticatedRequest } from './credentialsHelper';
import { HarnessCredentialsHelper } from './credentialsHelper';
import type { CapturedLog } from './logCapture';
import { captureLogs } from './logCapture';
import { HarnessNodeTypes, newestVersion } from './nodeTypes';
import { createSourceNodeType, SOURCE_NODE_NAME, SOURCE_NODE_TYPE } from './sourceNode';

export type { AuthenticatedRequest } from './credentialsHelper';
export type { CapturedLog } from './logCapture';

export interface NodeRunOptions {
	/** input items' json, fed to the node under test by a tiny test-only source node */
	items: IDataObject[];
	/** parameters of the node under test (may contain n8n expressions like '={{ $json.id }}') */
	parameters: INodeParameters;
	/** decrypted credential data for credential type `credentialType` */
	credentials?: ICredentialDataDecryptedObject;
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	/** defaults to the node type's newest version */
	typeVersion?: number;
	/**
	 * Runs the node as n8n runs its AI-tool variant: the same class under the type `…Tool`, whose
	 * description n8n names `…Tool` too (what `@tool` display options and the node itself see).
	 */
	asTool?: boolean;
}

/**
 * A run of other nodes behind the source node: `nodes[0]`, named NODE_UNDER_TEST_NAME, takes the
 * items; `connections` link the rest. For comparisons with n8n's own nodes (the benchmark).
 */
export interface WorkflowRunOptions {
	items: IDataObject[];
	nodes: INode[];
	connections: IConnections;
	/** the node types of `nodes` that are not the package's */
	nodeTypes: Record<string, INodeType | IVersionedNodeType>;
}

export interface NodeRunResult {
	/** output 0 of the node under test ([] if none) */
	main: INodeExecutionData[];
	/** output 1 (error output) when onError = continueErrorOutput, else [] */
	errorOutput: INodeExecutionData[];
	/**
	 * the error of the node under test: set when the run failed, and also when the node threw as a
	 * whole under a continue* setting (the engine then passes its input through to output 0)
	 */
	nodeError?: ExecutionError;
	/** the whole run */
	run: IRun;
	/** every request the credentials helper authenticated, as handed to the HTTP client */
	requests: AuthenticatedRequest[];
	/** everything n8n logged during the run, at any level (n8n's console output is silenced) */
	logs: CapturedLog[];
	/**
	 * Every string reachable in the run, including non-enumerable Error fields, `cause` chains,
	 * decoded inline binary data, the captured logs and, unless `includeRequests: false`, the
	 * request log (it holds the credential's own headers, so a test asserting that the API key
	 * appears nowhere must leave it out).
	 */
	allText(options?: { includeRequests?: boolean }): string;
}

export interface EngineHarness {
	runNode(opts: NodeRunOptions): Promise<NodeRunResult>;
	runWorkflow(opts: WorkflowRunOptions): Promise<NodeRunResult>;
}

export const NODE_UNDER_TEST_NAME = 'Node Under Test';
export const CREDENTIAL_NAME = 'JusBiz test';
const DEFAULT_RUN_TIMEOUT_MS = 20_000;

/** loads the BUILT package at packageDir (its package.json "n8n" section → dist/...) with n8n-core's PackageDirectoryLoader */
export async function createEngineHarness(args: {
	packageDir: string;
	/** e.g. 'jusBizGetSecurityCode' */
	nodeType: string;
	/** e.g. 'jusBizApi' */
	credentialType: string;
	/** a run that takes longer is cancelled and rejected; default 20 s */
	runTimeoutMs?: number;
}): Promise<EngineHarness> {
	const { PackageDirectoryLoader } = loadCore();
	const loader = new PackageDirectoryLoader(args.packageDir);
	await loader.loadAll();

	const loadedNode = loader.nodeTypes[args.nodeType];
	if (loadedNode === undefined) {
		throw new Error(
			`Node type "${args.nodeType}" not found in ${loader.packageName}; loaded: ${Object.keys(loader.nodeTypes).join(', ')}`,
		);
	}
	if (loader.credentialTypes[args.credentialType] === undefined) {
		throw new Error(
			`Credential type "${args.credentialType}" not found in ${loader.packageName}; loaded: ${Object.keys(loader.credentialTypes).join(', ')}`,
		);
	}
	const credentialTypes: Record<string, ICredentialType> = {};
	for (const [name, { type }] of Object.entries(loader.credentialTypes)) {
		credentialTypes[name] = type;
	}

	const nodeUnderTestType = `${loader.packageName}.${args.nodeType}`;
	const runner = new NodeRunner({
		nodeType: loadedNode.type,
		nodeTypeName: nodeUnderTestType,
		credentialType: args.credentialType,
		credentialTypes,
		runTimeoutMs: args.runTimeoutMs ?? DEFAULT_RUN_TIMEOUT_MS,
	});
	return {
		runNode: async (opts) => await runner.runNode(opts),
		runWorkflow: async (opts) => await runner.run(opts, {}),
	};
}

interface NodeRunnerArgs {
	nodeType: INodeType | IVersionedNodeType;
	nodeTypeName: string;
	credentialType: string;
	credentialTypes: Record<string, ICredentialType>;
	runTimeoutMs: number;
}

let executionCounter = 0;

/** n8n-core 1.x's `WorkflowExecute.run(workflow, startNode?, ...)` */
interface LegacyWorkflowExecute {
	run(
		workflow: Workflow,
		startNode?: INode,
	): ReturnType<InstanceType<typeof N8nCore.WorkflowExecute>['run']>;
}

class NodeRunner {
	constructor(private readonly args: NodeRunnerArgs) {}

	async runNode(opts: NodeRunOptions): Promise<NodeRunResult> {
		const { nodeType, nodeTypeName, credentialType } = this.args;
		const type = opts.asTool ? `${nodeTypeName}Tool` : nodeTypeName;
		const nodeUnderTest: INode = {
			id: 'harness-node-under-test',
			name: NODE_UNDER_TEST_NAME,
			type,
			typeVersion: opts.typeVersion ?? newestVersion(nodeType),
			position: [240, 0],
			parameters: structuredClone(opts.parameters),
			credentials: { [credentialType]: { id: '1', name: CREDENTIAL_NAME } },
			onError: opts.onError ?? 'stopWorkflow',
		};
		const nodeTypes = opts.asTool ? { [type]: toolVariant(nodeType) } : {};
		const run = { items: opts.items, nodes: [nodeUnderTest], connections: {}, nodeTypes };
		return await this.run(run, opts.credentials ? { [credentialType]: opts.credentials } : {});
	}

	async run(
		opts: WorkflowRunOptions,
		credentials: Record<string, ICredentialDataDecryptedObject>,
	): Promise<NodeRunResult> {
		const { WorkflowExecute } = loadCore();
		const { nodeType, nodeTypeName, runTimeoutMs } = this.args;
		const executionId = `harness-${++executionCounter}`;

		const sourceNode: INode = {
			id: 'harness-source',
			name: SOURCE_NODE_NAME,
			type: SOURCE_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		};
		const [nodeUnderTest] = opts.nodes;
		const nodes = [sourceNode, ...opts.nodes];
		const connections: IConnections = {
			...opts.connections,
			[SOURCE_NODE_NAME]: {
				[NodeConnectionTypes.Main]: [
					[{ node: NODE_UNDER_TEST_NAME, type: NodeConnectionTypes.Main, index: 0 }],
				],
			},
		};
		const nodeTypes = new HarnessNodeTypes({
			...opts.nodeTypes,
			[SOURCE_NODE_TYPE]: createSourceNodeType(opts.items),
			[nodeTypeName]: nodeType,
		});
		const workflow = new Workflow({
			id: 'harness-workflow',
			name: 'Engine harness',
			nodes,
			connections,
			active: false,
			nodeTypes,
			settings: { executionOrder: 'v1' },
		});

		const requests: AuthenticatedRequest[] = [];
		const credentialsHelper = new HarnessCredentialsHelper({
			credentialTypes: this.args.credentialTypes,
			credentials,
			onAuthenticated: (request) => requests.push(request),
		});

		const workflowData: IWorkflowBase = {
			id: workflow.id,
			name: 'Engine harness',
			active: false,
			isArchived: false,
			activeVersionId: null,
			createdAt: new Date(),
			updatedAt: new Date(),
			nodes: Object.values(workflow.nodes),
			connections,
			settings: workflow.settings,
		};
		const { additionalData, finished } = createAdditionalData({
			executionId,
			workflowData,
			credentialsHelper,
		});

		const logs: CapturedLog[] = [];
		const run = await captureLogs(logs, async () => {
			// Without a trigger node `getStartNode()` finds nothing, so name the start explicitly.
			const startNode = workflow.getNode(SOURCE_NODE_NAME) ?? sourceNode;
			const executor = new WorkflowExecute(additionalData, 'manual');
			// n8n 1.x takes the run's arguments positionally, 2.x as one options object.
			const execution =
				n8nMajor() >= 2
					? executor.run({ workflow, startNode })
					: (executor as unknown as LegacyWorkflowExecute).run(workflow, startNode);
			return await withTimeout(
				Promise.race([finished, execution]),
				runTimeoutMs,
				() => execution.cancel(),
				`Engine harness: the run of ${nodeTypeName} did not finish within ${runTimeoutMs} ms`,
			);
		});
		return buildResult({ run, nodeUnderTest, requests, logs });
	}
}

/** The node type as n8n's node-types service hands out its tool variant: renamed, same class. */
function toolVariant(nodeType: INodeType | IVersionedNodeType): INodeType {
	const { description } = nodeType as INodeType;
	const renamed = Object.create(description, {
		name: { value: `${description.name}Tool` },
	}) as INodeType['description'];
	return Object.create(nodeType, { description: { value: renamed } }) as INodeType;
}

async function withTimeout<T>(
	promise: Promise<T>,
	ms: number,
	onTimeout: () => void,
	message: string,
): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_resolve, reject) => {
		timer = setTimeout(() => {
			onTimeout();
			reject(new Error(message));
		}, ms);
	});
	try {
		return await Promise.race([promise, timeout]);
	} finally {
		clearTimeout(timer);
	}
}

function buildResult({
	run,
	nodeUnderTest,
	requests,
	logs,
}: {
	run: IRun;
	nodeUnderTest: INode;
	requests: AuthenticatedRequest[];
	logs: CapturedLog[];
}): NodeRunResult {
	const { resultData } = run.data;
	const task = resultData.runData[nodeUnderTest.name]?.[0];
	const outputs = task?.data?.[NodeConnectionTypes.Main] ?? [];
	const nodeError =
		task?.error ??
		(resultData.lastNodeExecuted === nodeUnderTest.name ? resultData.error : undefined);
	return {
		main: outputs[0] ?? [],
		errorOutput: nodeUnderTest.onError === 'continueErrorOutput' ? (outputs[1] ?? []) : [],
		nodeError,
		run,
		requests,
		logs,
		allText: ({ includeRequests = true } = {}) =>
			collectAllText(run, nodeError, logs, includeRequests ? requests : undefined),
	};
}
