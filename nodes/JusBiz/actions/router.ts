/**
 * The actions' router: runs an operation for every input item, as every action node does —
 * bounded concurrency, one output per input in input order with pairedItem, "On Error" handling,
 * and the one mapping from failures to n8n's errors.
 */

import {
	NodeApiError,
	NodeOperationError,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { JweError } from '../crypto/jwe';
import { JwsError } from '../crypto/jws';
import { forModel } from '../helpers/cardData';
import { JusBizFailure, redact } from '../helpers/errors';
import { payoutIdRule, ValidationError } from '../helpers/validate';
import { quoteInput } from '../helpers/values';
import { forEachConcurrently } from './concurrency';
import type { Operation } from './operation';
import { readRunContext, type RunContext } from './runContext';

/**
 * Runs one operation for every input item. `doing` says what the node was doing, for the fixed
 * text of an unexpected error.
 */
export async function runPerItem(
	context: IExecuteFunctions,
	operation: Operation,
	doing: string,
): Promise<INodeExecutionData[][]> {
	const runContext = await readRunContext(context);
	const items = context.getInputData();
	const { node, secrets } = runContext;
	const continueOnFail = context.continueOnFail();
	const results: INodeExecutionData[] = new Array<INodeExecutionData>(items.length);
	let firstFailure: { itemIndex: number; error: NodeApiError | NodeOperationError } | undefined;
	await forEachConcurrently(
		items.length,
		runContext.concurrency,
		async (itemIndex) => {
			let payoutId = '';
			try {
				if (operation.byPayoutId) payoutId = runContext.parameters.text('payoutId', itemIndex);
				results[itemIndex] = await runItem(context, runContext, operation, itemIndex, payoutId);
			} catch (caught) {
				const error = toNodeError(node, caught, itemIndex, payoutId, secrets, doing);
				if (continueOnFail) {
					const apiMessage =
						caught instanceof JusBizFailure ? caught.details.apiMessage : undefined;
					results[itemIndex] = failedItem(node, error, itemIndex, payoutId, apiMessage);
				} else if (!firstFailure || itemIndex < firstFailure.itemIndex) {
					firstFailure = { itemIndex, error };
				}
			}
		},
		// Under "Stop Workflow" no new request starts once an item has failed.
		() => firstFailure !== undefined,
	);
	if (firstFailure) throw firstFailure.error;
	return [results];
}

/** Every rule is checked, and every parameter read, before anything is sent for the item. */
async function runItem(
	context: IExecuteFunctions,
	runContext: RunContext,
	operation: Operation,
	itemIndex: number,
	payoutId: string,
): Promise<INodeExecutionData> {
	if (runContext.asTool && !operation.offeredToTools) {
		throw new ValidationError(
			`${operation.option.name} is not offered to AI agents and MCP clients: what it returns must never reach a model`,
			'Use the JusBiz node itself, outside the agent, for this operation.',
		);
	}
	if (operation.byPayoutId) payoutIdRule(payoutId);
	const baseURL = requireBaseUrl(runContext, itemIndex, payoutId);
	const transport = runContext.transport(itemIndex, baseURL);
	const output = await operation.execute({ context, runContext, itemIndex, payoutId, transport });
	return runContext.asTool ? forModel(output) : output;
}

/** Names the item (and its payout, cut as every quoted value is) in every message. */
export function itemLabel(itemIndex: number, payoutId: string, secrets: readonly string[]): string {
	return payoutId
		? `Item ${itemIndex} (payout ${quoteInput(payoutId, secrets)})`
		: `Item ${itemIndex}`;
}

/** The base URL, or the credential's reason for refusing it, as this item's parameter error. */
function requireBaseUrl(runContext: RunContext, itemIndex: number, payoutId: string): string {
	if ('reason' in runContext.base) {
		throw new NodeOperationError(
			runContext.node,
			`${itemLabel(itemIndex, payoutId, runContext.secrets)}: ${runContext.base.reason}`,
			{ itemIndex },
		);
	}
	return runContext.base.url;
}

/**
 * n8n (1.x and 2.x) replaces the json of any item that carries `item.error` with `{ error }`, and
 * routes to the error output only items with `item.error` or a json of just `{ error, message }`
 * (2.x also allows `details`). So the failure travels in json alone: in full on the main output;
 * as `{ error, message }` on the error output, where n8n merges the input item's fields beneath.
 */
function failedItem(
	node: INode,
	error: NodeApiError | NodeOperationError,
	itemIndex: number,
	payoutId: string,
	apiMessage: string | undefined,
): INodeExecutionData {
	if (node.onError === 'continueErrorOutput') {
		// n8n 1.x routes `{ error, message }` only when message is not empty. JusBiz's words are
		// cut here as in the error message: n8n stores this field with the execution.
		const message =
			(apiMessage && quoteInput(apiMessage, [], { quotes: false })) ||
			error.description ||
			error.message;
		return { json: { error: error.message, message }, pairedItem: { item: itemIndex } };
	}
	const httpCode =
		error instanceof NodeApiError && error.httpCode ? Number(error.httpCode) : undefined;
	return {
		json: { error: error.message, payoutId, ...(httpCode ? { httpCode } : {}) },
		pairedItem: { item: itemIndex },
	};
}

function toNodeError(
	node: INode,
	caught: unknown,
	itemIndex: number,
	payoutId: string,
	secrets: readonly string[],
	doing: string,
): NodeApiError | NodeOperationError {
	if (caught instanceof NodeOperationError || caught instanceof NodeApiError) return caught;
	const where = itemLabel(itemIndex, payoutId, secrets);
	if (caught instanceof ValidationError) {
		return new NodeOperationError(
			node,
			redact(`${where}: ${caught.messageFor(secrets)}`, secrets),
			{
				itemIndex,
				description: caught.hint,
			},
		);
	}
	if (caught instanceof JusBizFailure) {
		const { details } = caught;
		const httpCode = details.httpCode ? String(details.httpCode) : undefined;
		const message = redact(`${where}: ${caught.message}`, secrets);
		const response: JsonObject = { message, ...(httpCode ? { httpCode } : {}) };
		const error = new NodeApiError(node, response, {
			message,
			description: details.hint,
			httpCode,
			itemIndex,
		});
		// NodeApiError swaps a message that merely contains an error-code word ("ETIMEDOUT",
		// "EACCES" in a payout ID) for generic text, losing the item and JusBiz's own words.
		error.message = message;
		return error;
	}
	if (caught instanceof JwsError) {
		return new NodeOperationError(node, `${where}: ${caught.message}`, {
			itemIndex,
			description:
				'Paste the PEM public key JusBiz signs with, including its BEGIN and END lines, into "JusBiz Public Key" of the JusBiz API credential, or leave that field empty.',
		});
	}
	if (caught instanceof JweError) {
		return new NodeOperationError(node, `${where}: ${caught.message}`, {
			itemIndex,
			description:
				'Paste the PEM private key, including its BEGIN and END lines, into the JusBiz API credential.',
		});
	}
	// Anything unexpected keeps only a fixed text: its message could come from anywhere.
	return new NodeOperationError(node, `${where}: unexpected error while ${doing}`, { itemIndex });
}
