/**
 * Which output is card data, in one list: the nodes' `sensitiveOutputFields`, the redaction of
 * answer messages, and what the node as an AI agent's or MCP client's tool may output (stripped by
 * the router, actions/router.ts, whenever the node runs as the tool variant, whatever its parameters say).
 */

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { redactCardShapes } from './errors';
import { isRecord } from './values';

/**
 * The output fields that hold a card number, an expiry or a security code: never for a log, an
 * error or a model. A card image, in binary, is card data whichever operation ran.
 */
export const CARD_DATA_FIELDS: readonly string[] = ['token', 'expiry', 'securityCode'];

/** Names of card data, whichever operation ran and whatever JusBiz adds: never for a model. */
const CARD_DATA_KEY = new RegExp(
	`^(${[...CARD_DATA_FIELDS, 'expiryDate', 'cvv2?', 'cvc2?', 'pan', 'cardNumber', 'card_number', 'cardImage'].join('|')})$`,
	'i',
);

/**
 * The output a model may see: no card number, expiry, security code or image, at any depth and
 * under any name JusBiz might add, and no text shaped like one. The last four digits stay, so
 * that a person can tell cards apart.
 */
export function forModel(output: INodeExecutionData): INodeExecutionData {
	const { token } = output.json;
	const json = scrub(output.json);
	if (json.cardLastFourDigits === undefined && typeof token === 'string') {
		const digits = token.replace(/\D/g, '');
		if (digits.length >= 4) json.cardLastFourDigits = digits.slice(-4);
	}
	return { json, pairedItem: output.pairedItem };
}

function scrub(record: IDataObject): IDataObject {
	const clean: IDataObject = {};
	for (const [key, value] of Object.entries(record)) {
		if (CARD_DATA_KEY.test(key)) continue;
		clean[key] = scrubValue(value);
	}
	return clean;
}

function scrubValue(value: IDataObject[string]): IDataObject[string] {
	if (typeof value === 'string') return redactCardShapes(value);
	if (Array.isArray(value)) {
		return (value as Array<IDataObject[string]>).map((entry) =>
			scrubValue(entry),
		) as IDataObject[string];
	}
	return isRecord(value) ? scrub(value as IDataObject) : value;
}
