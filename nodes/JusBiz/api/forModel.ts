/**
 * The node as an AI agent's or MCP client's tool: what its output may hold. Stripped by the
 * per-item runner whenever the node runs as the tool variant, whatever its parameters say.
 */

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { redactCardShapes } from './errors';
import type { CardData } from './operation';
import { isRecord } from './values';

/** Names of card data, whichever operation ran and whatever JusBiz adds: never for a model. */
const CARD_DATA_KEY =
	/^(token|expiry|expiryDate|securityCode|cvv2?|cvc2?|pan|cardNumber|card_number|cardImage)$/i;

/**
 * The output a model may see: no card number, expiry, security code or image, at any depth and
 * under any name JusBiz might add, and no text shaped like one. The last four digits stay, so
 * that a person can tell cards apart.
 */
export function forModel(output: INodeExecutionData, cardData: CardData): INodeExecutionData {
	const { token } = output.json;
	const json = scrub(output.json, new Set(cardData.map((name) => name.toLowerCase())));
	if (json.cardLastFourDigits === undefined && typeof token === 'string') {
		const digits = token.replace(/\D/g, '');
		if (digits.length >= 4) json.cardLastFourDigits = digits.slice(-4);
	}
	return { json, pairedItem: output.pairedItem };
}

function scrub(record: IDataObject, named: ReadonlySet<string>): IDataObject {
	const clean: IDataObject = {};
	for (const [key, value] of Object.entries(record)) {
		if (CARD_DATA_KEY.test(key) || named.has(key.toLowerCase())) continue;
		clean[key] = scrubValue(value, named);
	}
	return clean;
}

function scrubValue(value: IDataObject[string], named: ReadonlySet<string>): IDataObject[string] {
	if (typeof value === 'string') return redactCardShapes(value);
	if (Array.isArray(value)) {
		return (value as Array<IDataObject[string]>).map((entry) =>
			scrubValue(entry, named),
		) as IDataObject[string];
	}
	return isRecord(value) ? scrub(value as IDataObject, named) : value;
}
