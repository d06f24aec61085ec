/**
 * The node as an AI agent's or MCP client's tool: what its output may hold. Stripped by the
 * per-item runner whenever the node runs as the tool variant, whatever its parameters say.
 */

import type { INodeExecutionData } from 'n8n-workflow';

import type { CardData } from './operation';

/** Card data that never reaches a model, whichever operation ran. */
const NEVER_TO_A_MODEL = ['token', 'expiry', 'securityCode'];

/**
 * The output a model may see: no card number, expiry, security code or image. The last four
 * digits stay, so that a person can tell cards apart.
 */
export function forModel(output: INodeExecutionData, cardData: CardData): INodeExecutionData {
	const json = { ...output.json };
	const { token } = json;
	if (json.cardLastFourDigits === undefined && typeof token === 'string') {
		const digits = token.replace(/\D/g, '');
		if (digits.length >= 4) json.cardLastFourDigits = digits.slice(-4);
	}
	for (const name of new Set([...NEVER_TO_A_MODEL, ...cardData.json])) delete json[name];
	return { json, pairedItem: output.pairedItem };
}
