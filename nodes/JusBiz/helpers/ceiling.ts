/**
 * The JusBiz tool's spending ceiling (the node as an AI agent's or MCP client's tool): the operator
 * sets it, the model cannot move it, and Create and Update check it before anything is sent.
 */

import { ValidationError } from './validate';
import type { ItemParameters } from './values';

/**
 * The operator's ceiling: a fixed number. A value the model fills fails the item, and so does any
 * other expression, since a tool call's arguments reach expressions too (through `$json`).
 */
function readCeiling(call: ItemParameters): number {
	const raw: unknown = call.runContext.node.parameters.maxOrderAmount;
	if (typeof raw === 'string' && /\$fromai\b/i.test(raw)) {
		throw new ValidationError(
			'"Max Order Amount" is filled by the model ($fromAI); a limit the model sets is no limit',
			FIXED_HINT,
		);
	}
	if (typeof raw === 'string' && raw.startsWith('=')) {
		throw new ValidationError(
			'"Max Order Amount" is an expression; the JusBiz tool takes only a fixed number, since what the model sends can reach an expression',
			FIXED_HINT,
		);
	}
	if (typeof raw !== 'number' || !Number.isFinite(raw) || raw <= 0) {
		throw new ValidationError(
			'"Max Order Amount" is not set: the JusBiz tool creates and updates cards only up to a limit you set',
			FIXED_HINT,
		);
	}
	return raw;
}

const FIXED_HINT =
	'Set "Max Order Amount" of the JusBiz tool to a fixed number: the most one card may be for.';

/**
 * Fails the item, before any request, unless the amounts (order amount and GST) add up to at most
 * the ceiling. An amount that cannot be read (undefined included) fails it too: it cannot be shown
 * to be within the limit.
 */
export function requireWithinCeiling(
	call: ItemParameters,
	amounts: Array<string | undefined>,
): void {
	const ceiling = readCeiling(call);
	const total = amounts.reduce((sum, amount) => sum + Number(amount ?? Number.NaN), 0);
	if (!Number.isFinite(total)) {
		throw new ValidationError(
			'the amounts of the card could not be read, so they cannot be held to "Max Order Amount"; nothing was sent',
			HUMAN_HINT,
		);
	}
	if (total > ceiling) {
		throw new ValidationError(
			`Order Amount + GST (${total.toFixed(2)}) is above the Max Order Amount of ${ceiling.toFixed(2)} this tool may set; nothing was sent`,
			HUMAN_HINT,
		);
	}
}

const HUMAN_HINT =
	'Ask a person to issue or change this card outside the AI tool, or raise "Max Order Amount".';

/**
 * The ceiling counts in one currency, so the model may not pick it: a tool's Create takes a fixed
 * Currency, and its Update leaves the currency alone.
 */
export function requireFixedCurrency(call: ItemParameters, updating: boolean): void {
	const { node, parameters } = call.runContext;
	if (updating) {
		if (parameters.collection('updateFields', call.itemIndex).currency !== undefined) {
			throw new ValidationError(
				'the JusBiz tool does not change a card\'s currency: "Max Order Amount" counts in it',
				HUMAN_HINT,
			);
		}
		return;
	}
	const raw: unknown = node.parameters.currency;
	if (typeof raw === 'string' && raw.startsWith('=')) {
		throw new ValidationError(
			'"Currency" is an expression; the JusBiz tool takes a fixed currency, which "Max Order Amount" counts in',
			'Set "Currency" of the JusBiz tool to a fixed code such as INR.',
		);
	}
}
