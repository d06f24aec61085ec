import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IWebhookData,
	IWebhookResponseData,
	IWorkflowBase,
} from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { createAdditionalData } from './additionalData';
import { loadCore } from './core';
import { HarnessCredentialsHelper } from './credentialsHelper';
import { captureLogs, type CapturedLog } from './logCapture';
import { HarnessNodeTypes, newestVersion } from './nodeTypes';

export const TRIGGER_NODE_NAME = 'Trigger Under Test';

export interface WebhookCall {
	/** what the node's webhook() returned; undefined when it threw */
	result?: IWebhookResponseData;
	/** the error webhook() threw, if it did */
	error?: Error;
	/** the items an execution would start with; undefined when none would start */
	started?: INodeExecutionData[];
	logs: CapturedLog[];
}

export interface WebhookEndpoint {
	/** POST here, as JusBiz would post to the production webhook URL */
	url: string;
	/** every request's outcome, in order of arrival */
	calls: WebhookCall[];
	close(): Promise<void>;
}

export interface WebhookHarness {
	/**
	 * serves the trigger node on 127.0.0.1 with these parameters and credential data; `execution`
	 * says how the workflow a notification starts ends (default: it succeeds)
	 */
	serve(opts: {
		parameters?: INodeParameters;
		credentials?: ICredentialDataDecryptedObject;
		execution?: 'succeeds' | 'fails';
	}): Promise<WebhookEndpoint>;
	/** the node type as loaded from the built package */
	nodeType: INodeType;
	credentialType: ICredentialType;
}

/**
 * A webhook trigger from the BUILT package, called through n8n-core's real WebhookContext on a
 * real HTTP server. What n8n's CLI does around the node — reading the raw body, parsing JSON, and
 * turning the node's answer into the HTTP response — is done here the way n8n 2.41 does it for a
 * version-1 trigger in "onReceived" mode; the e2e test runs the CLI itself.
 */
export async function createWebhookHarness(args: {
	packageDir: string;
	nodeType: string;
	credentialType: string;
}): Promise<WebhookHarness> {
	const { PackageDirectoryLoader, WebhookContext } = loadCore();
	const loader = new PackageDirectoryLoader(args.packageDir);
	await loader.loadAll();
	const loaded = loader.nodeTypes[args.nodeType];
	const credential = loader.credentialTypes[args.credentialType];
	if (loaded === undefined || credential === undefined) {
		throw new Error(`${args.nodeType} / ${args.credentialType} not found in ${loader.packageName}`);
	}
	const nodeType = NodeHelpers.getVersionedNodeType(loaded.type);
	const typeName = `${loader.packageName}.${args.nodeType}`;
	const credentialTypes: Record<string, ICredentialType> = {};
	for (const [name, { type }] of Object.entries(loader.credentialTypes)) {
		credentialTypes[name] = type;
	}

	async function serve(opts: {
		parameters?: INodeParameters;
		credentials?: ICredentialDataDecryptedObject;
		execution?: 'succeeds' | 'fails';
	}): Promise<WebhookEndpoint> {
		const node: INode = {
			id: 'harness-trigger',
			name: TRIGGER_NODE_NAME,
			type: typeName,
			typeVersion: newestVersion(loaded.type),
			position: [0, 0],
			webhookId: 'harness-webhook-id',
			parameters: opts.parameters ?? {},
			credentials: { [args.credentialType]: { id: '1', name: 'JusBiz webhook test' } },
		};
		const workflow = new Workflow({
			id: 'harness-webhook-workflow',
			name: 'Webhook harness',
			nodes: [node],
			connections: {},
			active: true,
			nodeTypes: new HarnessNodeTypes({ [typeName]: loaded.type }),
			settings: { executionOrder: 'v1' },
		});
		const workflowData: IWorkflowBase = {
			id: workflow.id,
			name: workflow.name ?? 'Webhook harness',
			active: true,
			isArchived: false,
			activeVersionId: null,
			createdAt: new Date(),
			updatedAt: new Date(),
			nodes: Object.values(workflow.nodes),
			connections: {},
			settings: workflow.settings,
		};
		const calls: WebhookCall[] = [];
		const credentialsHelper = new HarnessCredentialsHelper({
			credentialTypes,
			credentials: opts.credentials ? { [args.credentialType]: opts.credentials } : {},
			onAuthenticated: () => {},
		});
		const description = nodeType.description.webhooks?.[0];
		if (description === undefined) throw new Error(`${args.nodeType} declares no webhook`);

		const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
			const chunks: Buffer[] = [];
			for await (const chunk of req) chunks.push(chunk as Buffer);
			const rawBody = Buffer.concat(chunks);
			const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim();
			let body: unknown = {};
			if (rawBody.length > 0 && contentType === 'application/json') {
				try {
					body = JSON.parse(rawBody.toString('utf8'));
				} catch {
					// n8n itself refuses such a request before the node sees it.
					res.writeHead(422, { 'Content-Type': 'application/json' });
					res.end(JSON.stringify({ message: 'Failed to parse request body' }));
					return;
				}
			} else if (rawBody.length > 0 && contentType === 'text/plain') {
				body = rawBody.toString('utf8');
			}
			Object.assign(req, { rawBody, body, params: {}, query: {} });

			const { additionalData } = createAdditionalData({
				executionId: `webhook-${calls.length + 1}`,
				workflowData,
				credentialsHelper,
			});
			additionalData.httpRequest = req as unknown as typeof additionalData.httpRequest;
			additionalData.httpResponse = res as unknown as typeof additionalData.httpResponse;
			const webhookData: IWebhookData = {
				httpMethod: description.httpMethod as IWebhookData['httpMethod'],
				node: node.name,
				path: 'harness',
				webhookDescription: description,
				workflowId: workflow.id,
				workflowExecuteAdditionalData: additionalData,
			};
			const call: WebhookCall = { logs: [] };
			calls.push(call);
			const context = new WebhookContext(
				workflow,
				workflow.nodes[TRIGGER_NODE_NAME],
				additionalData,
				'webhook',
				webhookData,
				[],
				null,
			);
			try {
				call.result = await captureLogs(call.logs, async () => {
					if (nodeType.webhook === undefined) throw new Error('the node has no webhook()');
					return await nodeType.webhook.call(context);
				});
			} catch (error) {
				// n8n 2.41 answers 500 and still starts an (error) execution with one empty item.
				call.error = error as Error;
				call.started = [{ json: {} }];
				res.writeHead(500, { 'Content-Type': 'application/json' });
				res.end(
					JSON.stringify({ message: 'Workflow Webhook Error: Workflow could not be started!' }),
				);
				return;
			}
			const result = call.result;
			call.started = result.workflowData?.[0];
			if (result.noWebhookResponse === true) return;
			const triggerNode = workflow.nodes[TRIGGER_NODE_NAME];
			const mode = workflow.expression.getSimpleParameterValue(
				triggerNode,
				description.responseMode,
				'webhook',
				{},
				undefined,
				'onReceived',
			);
			const responseData = (fallback: string) =>
				workflow.expression.getComplexParameterValue(
					triggerNode,
					description.responseData,
					'webhook',
					{},
					undefined,
					fallback,
				);
			if (mode === 'lastNode' && result.workflowData) {
				// As n8n 2.41 does in "lastNode" mode once the execution has ended: a failed one is
				// answered 500 by n8n itself; a successful one with the last node's data as responseData
				// says, where "noData" is an empty body. No workflow runs here, so its end is given.
				if (opts.execution === 'fails') {
					res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' });
					res.end(JSON.stringify({ message: 'Error in workflow' }));
					return;
				}
				const data = responseData('firstEntryJson');
				res.writeHead(200);
				res.end(data === 'noData' ? '' : JSON.stringify(call.started ?? []));
				return;
			}
			// As n8n 2.41 does in "onReceived" mode: a started execution is answered with the
			// description's responseData (default "firstEntryJson"), else with webhookResponse; a call
			// that starts nothing, with webhookResponse.
			const evaluated = result.workflowData ? responseData('firstEntryJson') : undefined;
			const fallback = result.workflowData
				? { message: 'Workflow was started' }
				: { message: 'Webhook call received' };
			const answer = evaluated || result.webhookResponse || fallback;
			res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
			res.end(JSON.stringify(answer));
		};

		const server: Server = createServer((req, res) => {
			handle(req, res).catch((error: unknown) => {
				if (!res.headersSent) res.writeHead(500);
				res.end(String(error));
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		return {
			url: `http://127.0.0.1:${port}/webhook/juspay/notifications`,
			calls,
			close: async () => {
				await new Promise<void>((resolve) => {
					server.close(() => resolve());
					server.closeAllConnections();
				});
			},
		};
	}

	return { serve, nodeType, credentialType: credential.type };
}
