import {
	NodeApiError,
	NodeConnectionTypes,
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type JsonObject,
	type NodeParameterValueType,
} from 'n8n-workflow';
import type { KeyObject } from 'crypto';

import { BaseUrlError, resolveBaseUrl } from '../JusBiz/api/baseUrl';
import { CardImageError, decodeCardImage } from '../JusBiz/api/cardImage';
import { forEachConcurrently } from '../JusBiz/api/concurrency';
import { decodeResponse } from '../JusBiz/api/decodeResponse';
import { credentialSecrets, JusBizFailure, redact } from '../JusBiz/api/errors';
import { JweError, parsePrivateKey } from '../JusBiz/api/jwe';
import { JwsError, parsePublicKey } from '../JusBiz/api/jws';
import { CREDENTIAL_TYPE, postSecurityCodeRequest } from '../JusBiz/api/transport';

// Keep equal to the `default` of each option below (n8n's lint wants literals there).
export const DEFAULTS = { concurrency: 5, maxRetries: 5, maxRetryWait: 30_000, timeout: 30_000 };
// The card images are a few KB; anything this large is not a JusBiz answer.
const MAX_BODY_BYTES = 8 * 1024 * 1024;

interface RequestOptions {
	concurrency?: number;
	maxRetries?: number;
	maxRetryWait?: number;
	timeout?: number;
}

export class JusBizGetSecurityCode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'JusBiz Get Security Code',
		name: 'jusBizGetSecurityCode',
		icon: { light: 'file:jusbiz.svg', dark: 'file:jusbiz.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{"Payout " + $parameter["payoutId"]}}',
		description: 'Fetch the security code (CVV) and card image of a JusBiz virtual card payout',
		defaults: { name: 'JusBiz Get Security Code' },
		// Declared on purpose and left unset: a card's security code must never be handed to an LLM
		// provider. n8n-workflow's type admits only `true` or a description, so `undefined` is the "no".
		usableAsTool: undefined,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [
			{
				displayName: 'Payout ID',
				name: 'payoutId',
				type: 'string',
				required: true,
				default: '',
				placeholder: 'e.g. payout_2026_000123',
				description: 'The ID your system gave the payout when it was created in JusBiz',
			},
			{
				displayName: 'Include Card Image',
				name: 'isCardImageRequired',
				type: 'boolean',
				default: false,
				description: 'Whether to also fetch the card image, output as a binary file',
			},
			{
				displayName: 'Put Image in Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				required: true,
				description: 'The name of the output binary field to put the card image in',
				displayOptions: { show: { isCardImageRequired: [true] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Concurrency',
						name: 'concurrency',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 10_000, numberPrecision: 0 },
						default: 5,
						description:
							'How many requests may be in flight at once. Read from the first item; JusBiz publishes no rate limit, so raise it with care.',
					},
					{
						displayName: 'Max Retries',
						name: 'maxRetries',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 10, numberPrecision: 0 },
						default: 5,
						description:
							'How many times to retry one item after a 429, 502, 503 or 504 answer, a reset or cut-off connection, or a time-out (0 = never). Other errors are never retried.',
					},
					{
						displayName: 'Max Retry Wait',
						name: 'maxRetryWait',
						type: 'number',
						typeOptions: { minValue: 0, numberPrecision: 0 },
						default: 30000,
						description:
							'The longest wait before a retry, in milliseconds. If JusBiz asks (Retry-After) for a longer wait, the item fails instead.',
					},
					{
						displayName: 'Timeout',
						name: 'timeout',
						type: 'number',
						typeOptions: { minValue: 1, numberPrecision: 0 },
						default: 30000,
						description:
							'How long one request may take, in milliseconds, from sending it to the last byte of the answer',
					},
				],
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const node = this.getNode();
		const credentials = await this.getCredentials(CREDENTIAL_TYPE);
		const run: RunContext = {
			node,
			credentials,
			credentialRef: node.credentials?.[CREDENTIAL_TYPE] ?? { id: null, name: '' },
			secrets: credentialSecrets(
				credentials.apiKey,
				credentials.privateKey,
				credentials.jusBizPublicKey,
			),
			// A bad hostname or base URL fails every item before any request: the key never leaves.
			base: resolveBaseUrlOrReason(credentials),
			getPrivateKey: lazyKey(credentials.privateKey, parsePrivateKey),
			getPublicKey: lazyKey(credentials.jusBizPublicKey, parsePublicKey),
			parameter: perItemParameters(this),
		};
		const continueOnFail = this.continueOnFail();
		const { concurrency } = this.getNodeParameter('options', 0, {}) as RequestOptions;

		const results: INodeExecutionData[] = new Array<INodeExecutionData>(items.length);
		let firstFailure: { itemIndex: number; error: NodeApiError | NodeOperationError } | undefined;
		await forEachConcurrently(
			items.length,
			wholeNumber(concurrency, DEFAULTS.concurrency, 1),
			async (itemIndex) => {
				let payoutId = '';
				try {
					payoutId = readPayoutId(this.getNodeParameter('payoutId', itemIndex, ''));
					results[itemIndex] = await fetchItem(this, run, itemIndex, payoutId);
				} catch (caught) {
					const error = toNodeError(node, caught, itemIndex, payoutId, run.secrets);
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
}

interface RunContext {
	node: INode;
	credentials: ICredentialDataDecryptedObject;
	credentialRef: { id: string | null; name: string };
	secrets: readonly string[];
	base: { url: string } | { reason: string };
	getPrivateKey: () => KeyObject | undefined;
	getPublicKey: () => KeyObject | undefined;
	parameter: (name: string, itemIndex: number, fallback: NodeParameterValueType) => unknown;
}

async function fetchItem(
	context: IExecuteFunctions,
	run: RunContext,
	itemIndex: number,
	payoutId: string,
): Promise<INodeExecutionData> {
	const { node } = run;
	if (payoutId === '') {
		throw new NodeOperationError(node, `Item ${itemIndex}: the payout ID is empty`, {
			itemIndex,
			description: 'Set "Payout ID", for example to the expression {{ $json.payoutId }}.',
		});
	}
	if ('reason' in run.base) {
		throw new NodeOperationError(
			node,
			`Item ${itemIndex} (payout "${payoutId}"): ${run.base.reason}`,
			{
				itemIndex,
			},
		);
	}
	const isCardImageRequired = toBoolean(run.parameter('isCardImageRequired', itemIndex, false));
	const binaryPropertyName = isCardImageRequired
		? String(run.parameter('binaryPropertyName', itemIndex, 'data')).trim()
		: '';
	if (isCardImageRequired && binaryPropertyName === '') {
		throw new NodeOperationError(node, `Item ${itemIndex}: "Put Image in Field" is empty`, {
			itemIndex,
		});
	}
	const options = run.parameter('options', itemIndex, {}) as RequestOptions;

	const response = await postSecurityCodeRequest(
		context,
		{ payoutId, isCardImageRequired },
		{
			baseURL: run.base.url,
			timeout: wholeNumber(options.timeout, DEFAULTS.timeout, 1),
			maxRetries: wholeNumber(options.maxRetries, DEFAULTS.maxRetries, 0),
			maxRetryWait: wholeNumber(options.maxRetryWait, DEFAULTS.maxRetryWait, 0),
			maxBodyBytes: MAX_BODY_BYTES,
			credentials: {
				id: run.credentialRef.id ?? '',
				name: run.credentialRef.name,
				data: run.credentials,
			},
		},
	);
	const decoded = decodeResponse(
		response,
		{ isCardImageRequired, privateKey: run.getPrivateKey, publicKey: run.getPublicKey },
		run.secrets,
	);
	const output: INodeExecutionData = {
		json: {
			status: decoded.status,
			payoutId: decoded.payoutId || payoutId,
			message: decoded.message,
			securityCode: decoded.securityCode,
		},
		pairedItem: { item: itemIndex },
	};
	if (decoded.cardImage !== undefined && isCardImageRequired) {
		const image = decodeCardImage(decoded.cardImage);
		output.binary = {
			[binaryPropertyName]: await context.helpers.prepareBinaryData(
				image.data,
				`card-${String(output.json.payoutId)}.${image.extension}`,
				image.mimeType,
			),
		};
	}
	return output;
}

/**
 * Every parameter may be an expression evaluated per item; one that is not has the same value for
 * every item, so it is read once. A thousand needless reads cost more than the requests' own code.
 */
function perItemParameters(context: IExecuteFunctions): RunContext['parameter'] {
	const raw = context.getNode().parameters;
	const cache = new Map<string, unknown>();
	return (name, itemIndex, fallback) => {
		if (hasExpression(raw[name])) return context.getNodeParameter(name, itemIndex, fallback);
		if (!cache.has(name)) cache.set(name, context.getNodeParameter(name, itemIndex, fallback));
		return cache.get(name);
	};
}

function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(hasExpression);
	if (typeof value === 'object' && value !== null) return Object.values(value).some(hasExpression);
	return false;
}

/** Parsed once, on the first encrypted response, rather than once per item. */
function lazyKey(value: unknown, parse: (pem: string) => KeyObject): () => KeyObject | undefined {
	const text = typeof value === 'string' ? value : '';
	let key: KeyObject | undefined;
	return () => {
		if (text.trim() === '') return undefined;
		key ??= parse(text);
		return key;
	};
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
		// n8n 1.x routes `{ error, message }` only when message is not empty.
		const message = apiMessage || error.description || error.message;
		return { json: { error: error.message, message }, pairedItem: { item: itemIndex } };
	}
	const httpCode =
		error instanceof NodeApiError && error.httpCode ? Number(error.httpCode) : undefined;
	return {
		json: { error: error.message, payoutId, ...(httpCode ? { httpCode } : {}) },
		pairedItem: { item: itemIndex },
	};
}

/** An expression may give "false" or 0; JusBiz expects a JSON boolean. */
function toBoolean(value: unknown): boolean {
	if (typeof value === 'string') return value.trim().toLowerCase() === 'true';
	return value === true || value === 1;
}

function readPayoutId(value: unknown): string {
	if (typeof value === 'number') return String(value);
	return typeof value === 'string' ? value.trim() : '';
}

function wholeNumber(value: number | undefined, fallback: number, min: number): number {
	return typeof value === 'number' && Number.isFinite(value) && value >= min
		? Math.floor(value)
		: fallback;
}

function resolveBaseUrlOrReason(
	credentials: ICredentialDataDecryptedObject,
): { url: string } | { reason: string } {
	try {
		return { url: resolveBaseUrl(credentials) };
	} catch (error) {
		return { reason: error instanceof BaseUrlError ? error.message : 'the base URL is invalid' };
	}
}

function toNodeError(
	node: INode,
	caught: unknown,
	itemIndex: number,
	payoutId: string,
	secrets: readonly string[],
): NodeApiError | NodeOperationError {
	if (caught instanceof NodeOperationError || caught instanceof NodeApiError) return caught;
	const where = `Item ${itemIndex} (payout "${payoutId}")`;
	if (caught instanceof JusBizFailure || caught instanceof CardImageError) {
		const details = caught instanceof JusBizFailure ? caught.details : {};
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
	return new NodeOperationError(
		node,
		`${where}: unexpected error while fetching the security code`,
		{ itemIndex },
	);
}
