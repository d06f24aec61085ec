import {
	NodeConnectionTypes,
	NodeOperationError,
	type ICredentialTestFunctions,
	type ICredentialsDecrypted,
	type IHookFunctions,
	type INodeCredentialTestResult,
	type IWebhookFunctions,
	type IWebhookResponseData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { WEBHOOK_CREDENTIAL_TYPE } from './helpers/credentials';
import { ACCEPTED } from './trigger/answers';
import { credentialProblem, type WebhookCredential } from './trigger/auth';
import type { NotificationHeaders } from './trigger/envelope';
import { NOTIFICATION_TYPES } from './trigger/notificationItem';
import { receiveNotification } from './trigger/receive';

/** The server keeps the raw bytes beside the parsed body; the trigger prefers the bytes. */
interface WebhookRequest {
	headers: NotificationHeaders;
	rawBody?: unknown;
	body?: unknown;
}

/** The part of the HTTP response the trigger writes itself: refusals, which start nothing. */
interface WebhookResponse {
	writeHead(statusCode: number, headers: Record<string, string>): unknown;
	end(body: string): unknown;
}

export class JusBizTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'JusBiz Trigger',
		name: 'jusBizTrigger',
		icon: { light: 'file:jusbiz.svg', dark: 'file:jusbiz.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{($parameter["events"] || []).join(", ")}}',
		description: 'Starts the workflow when JusBiz sends an authorization notification',
		defaults: { name: 'JusBiz Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: WEBHOOK_CREDENTIAL_TYPE, required: true, testedBy: 'jusBizWebhookCredentialTest' },
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// JusBiz sends a notification again until it is answered 200, so by default the 200
				// waits for the execution: n8n answers a failed one with 500 itself. The body after the
				// workflow is empty ("noData"): n8n would otherwise send the last node's data, which
				// may hold a security code, and it offers no way to send a fixed body then.
				responseMode: `={{ $parameter["respond"] === "onReceived" ? "onReceived" : "lastNode" }}`,
				// In "onReceived" mode n8n answers a started execution with responseData, not with the
				// notification's own answer (webhookResponse), which is used only when none starts.
				responseData: `={{ $parameter["respond"] === "onReceived" ? (${JSON.stringify(ACCEPTED)}) : "noData" }}`,
				path: '={{$parameter["path"]}}',
				isFullPath: true,
			},
		],
		properties: [
			{
				displayName:
					'Give JusBiz the Production URL above, after publishing the workflow, with the user name and password of the credential',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Path',
				name: 'path',
				type: 'string',
				default: 'juspay/notifications',
				required: true,
				placeholder: 'juspay/notifications',
				description:
					'The path of the webhook URL under /webhook/; each published workflow needs its own',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				default: [...NOTIFICATION_TYPES],
				options: [
					{
						name: 'Authorization Failure',
						value: 'AuthorizationFailure',
						description: 'A payment on the card was declined; errMsg holds the reason',
					},
					{
						name: 'Authorization Reversal',
						value: 'AuthorizationReversal',
						description: 'An earlier authorization was reversed',
					},
					{
						name: 'Authorization Success',
						value: 'AuthorizationSuccess',
						description: 'A payment on the card was approved',
					},
				],
				description:
					'Which notifications start the workflow; the others are acknowledged and dropped. With all selected, types JusBiz adds later start it too.',
			},
			{
				displayName: 'Respond',
				name: 'respond',
				type: 'options',
				default: 'afterWorkflow',
				options: [
					{
						name: 'After the Workflow Succeeds',
						value: 'afterWorkflow',
						description:
							'JusBiz gets 200 once the execution has succeeded, and 500 when it failed, so that JusBiz sends the notification again',
					},
					{
						name: 'When Received',
						value: 'onReceived',
						description:
							'JusBiz gets 200 at once, before the workflow runs; a notification whose execution fails is not sent again',
					},
				],
				description:
					'When JusBiz is told that the notification was processed. Refused and filtered-out notifications are answered at once either way.',
			},
		],
	};

	methods = {
		credentialTest: {
			// Nothing can be sent to JusBiz to test: it calls n8n. So "Test" checks what the trigger
			// will need, without revealing any of it.
			async jusBizWebhookCredentialTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const problem = credentialProblem(credential.data ?? {});
				return problem === undefined
					? { status: 'OK', message: 'The credential can authenticate and read notifications' }
					: { status: 'Error', message: problem };
			},
		},
	};

	// JusBiz has no API to register a webhook: the corporate gives JusBiz the URL. Publishing the
	// workflow is where a credential the trigger could not use is caught, instead of at JusBiz's
	// first notification.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const credential = await this.getCredentials<WebhookCredential>(WEBHOOK_CREDENTIAL_TYPE);
				const problem = credentialProblem(credential);
				if (problem !== undefined) throw new NodeOperationError(this.getNode(), problem);
				const events = this.getNodeParameter('events', []) as string[];
				if (events.length === 0) {
					throw new NodeOperationError(
						this.getNode(),
						'Select at least one of the Events: with none, no notification would start the workflow',
					);
				}
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject() as WebhookRequest;
		const credential = await this.getCredentials<WebhookCredential>(WEBHOOK_CREDENTIAL_TYPE);
		const events = this.getNodeParameter('events', []) as string[];
		const outcome = await receiveNotification(
			{
				headers: request.headers,
				rawBody: Buffer.isBuffer(request.rawBody) ? request.rawBody : undefined,
				body: request.body,
			},
			credential,
			events,
		);

		if (outcome.kind === 'refused') {
			const { statusCode, headers, body } = outcome.answer;
			// Only the reason is logged: never the body, the headers or the credential.
			if (outcome.reason !== 'authentication') {
				this.logger.warn(`JusBiz Trigger refused a notification (${statusCode}): ${body.message}`, {
					reason: outcome.reason,
				});
			}
			const response = this.getResponseObject() as WebhookResponse;
			response.writeHead(statusCode, headers);
			response.end(JSON.stringify(body));
			return { noWebhookResponse: true };
		}
		if (outcome.kind === 'filtered') {
			return { webhookResponse: ACCEPTED };
		}
		return {
			webhookResponse: ACCEPTED,
			workflowData: [[{ json: outcome.item }]],
		};
	}
}
