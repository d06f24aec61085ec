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
} from 'n8n-workflow';
import type { KeyObject } from 'crypto';

import { BaseUrlError, resolveBaseUrl } from './baseUrl';
import { CardImageError, decodeCardImage } from './cardImage';
import { decodeResponse } from './decodeResponse';
import { credentialSecrets, JusBizFailure, redact } from './errors';
import { JweError, parsePrivateKey } from './jwe';
import { CREDENTIAL_TYPE, postSecurityCodeRequest } from './transport';

const DEFAULT_TIMEOUT_MS = 30_000;

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
						displayName: 'Timeout',
						name: 'timeout',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: DEFAULT_TIMEOUT_MS,
						description: 'How long to wait for JusBiz to answer one request, in milliseconds',
					},
				],
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const node = this.getNode();
		const credentials = await this.getCredentials(CREDENTIAL_TYPE);
		const secrets = credentialSecrets(credentials.apiKey, credentials.privateKey);
		const privateKeyText = typeof credentials.privateKey === 'string' ? credentials.privateKey : '';
		// A bad hostname or base URL fails every item before any request: the key never leaves.
		const base = resolveBaseUrlOrReason(credentials);

		// Parsed once, on the first encrypted response, rather than once per item.
		let privateKey: KeyObject | undefined;
		const getPrivateKey = (): KeyObject | undefined => {
			if (privateKeyText.trim() === '') return undefined;
			privateKey ??= parsePrivateKey(privateKeyText);
			return privateKey;
		};

		const returnData: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			let payoutId = '';
			try {
				payoutId = readPayoutId(this.getNodeParameter('payoutId', itemIndex, ''));
				if (payoutId === '') {
					throw new NodeOperationError(node, `Item ${itemIndex}: the payout ID is empty`, {
						itemIndex,
						description: 'Set "Payout ID", for example to the expression {{ $json.payoutId }}.',
					});
				}
				if ('reason' in base) {
					throw new NodeOperationError(
						node,
						`Item ${itemIndex} (payout "${payoutId}"): ${base.reason}`,
						{
							itemIndex,
						},
					);
				}
				const isCardImageRequired = this.getNodeParameter(
					'isCardImageRequired',
					itemIndex,
					false,
				) as boolean;
				const binaryPropertyName = isCardImageRequired
					? String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data')).trim()
					: '';
				if (isCardImageRequired && binaryPropertyName === '') {
					throw new NodeOperationError(node, `Item ${itemIndex}: "Put Image in Field" is empty`, {
						itemIndex,
					});
				}
				const options = this.getNodeParameter('options', itemIndex, {}) as { timeout?: number };

				const response = await postSecurityCodeRequest(
					this,
					{ payoutId, isCardImageRequired },
					{ baseURL: base.url, timeout: positiveOr(options.timeout, DEFAULT_TIMEOUT_MS) },
				);
				const decoded = decodeResponse(
					response,
					{ isCardImageRequired, privateKey: getPrivateKey },
					secrets,
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
						[binaryPropertyName]: await this.helpers.prepareBinaryData(
							image.data,
							`card-${String(output.json.payoutId)}.${image.extension}`,
							image.mimeType,
						),
					};
				}
				returnData.push(output);
			} catch (caught) {
				const error = toNodeError(node, caught, itemIndex, payoutId, secrets);
				if (!this.continueOnFail()) throw error;
				returnData.push(failedItem(node, error, itemIndex, payoutId));
			}
		}
		return [returnData];
	}
}

/**
 * n8n 2.x replaces the json of any item that carries `item.error` with `{ error }`, and routes to
 * the error output only items with `item.error` or a json of nothing but error/message/details.
 * So the failure travels in json alone: all of it on the main output, and under `details` on the
 * error output, where n8n merges the input item's fields in beneath it.
 */
function failedItem(
	node: INode,
	error: NodeApiError | NodeOperationError,
	itemIndex: number,
	payoutId: string,
): INodeExecutionData {
	const httpCode =
		error instanceof NodeApiError && error.httpCode ? Number(error.httpCode) : undefined;
	const details = { payoutId, ...(httpCode ? { httpCode } : {}) };
	const json =
		node.onError === 'continueErrorOutput'
			? { error: error.message, details }
			: { error: error.message, ...details };
	return { json, pairedItem: { item: itemIndex } };
}

function readPayoutId(value: unknown): string {
	if (typeof value === 'number') return String(value);
	return typeof value === 'string' ? value.trim() : '';
}

function positiveOr(value: number | undefined, fallback: number): number {
	return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
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
		return new NodeApiError(node, response, {
			message,
			description: details.hint,
			httpCode,
			itemIndex,
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
