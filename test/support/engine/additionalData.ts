import type { IRun, IWorkflowBase, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { loadCore } from './core';
import type { HarnessCredentialsHelper } from './credentialsHelper';

/**
 * What n8n's CLI would hand the engine, reduced to what programmatic nodes touch. Binary data
 * stays inline (base64) because BinaryDataService is deliberately never initialised.
 */
export function createAdditionalData(args: {
	executionId: string;
	workflowData: IWorkflowBase;
	credentialsHelper: HarnessCredentialsHelper;
}): { additionalData: IWorkflowExecuteAdditionalData; finished: Promise<IRun> } {
	const { ExecutionLifecycleHooks, ExternalSecretsProxy } = loadCore();
	const hooks = new ExecutionLifecycleHooks('manual', args.executionId, args.workflowData);
	const finished = new Promise<IRun>((resolve) => {
		hooks.addHandler('workflowExecuteAfter', (run) => resolve(run));
	});
	const baseUrl = 'http://harness.invalid/';
	const notAvailable = (what: string) => async (): Promise<never> => {
		throw new Error(`${what} is not available in the engine harness`);
	};

	const additionalData: IWorkflowExecuteAdditionalData = {
		credentialsHelper: args.credentialsHelper,
		hooks,
		executionId: args.executionId,
		executeWorkflow: notAvailable('executeWorkflow'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: notAvailable('startRunnerTask'),
		logAiEvent: () => {},
		externalSecretsProxy: new ExternalSecretsProxy(),
		currentNodeExecutionIndex: 0,
		currentNodeParameters: undefined,
		restApiUrl: `${baseUrl}rest`,
		instanceBaseUrl: baseUrl,
		formBaseUrl: `${baseUrl}form`,
		formWaitingBaseUrl: `${baseUrl}form-waiting`,
		formTestBaseUrl: `${baseUrl}form-test`,
		webhookBaseUrl: `${baseUrl}webhook`,
		webhookWaitingBaseUrl: `${baseUrl}webhook-waiting`,
		webhookTestBaseUrl: `${baseUrl}webhook-test`,
		mcpBaseUrl: `${baseUrl}mcp`,
		mcpTestBaseUrl: `${baseUrl}mcp-test`,
		variables: {},
		userId: 'harness-user',
		workflowId: args.workflowData.id,
	};
	return { additionalData, finished };
}
