/**
 * The JusBiz tool's spending ceiling (the node as an AI agent's or MCP client's tool): the operator
 * sets it, the model cannot move it, and Create and Update check it before anything is sent.
 */

import type { INodeProperties } from 'n8n-workflow';

import type { ItemCall } from '../api/request';
import { ValidationError } from '../api/validate';

export const maxOrderAmountField: INodeProperties = {
	displayName: 'Max Order Amount',
	name: 'maxOrderAmount',
	type: 'number',
	required: true,
	default: 0,
	typeOptions: { minValue: 0, numberPrecision: 2 },
	// Only the tool variant shows it: n8n names that variant's type `…Tool`.
	displayOptions: {
		show: { resource: ['virtualCard'], operation: ['create', 'update'], '@tool': [true] },
	},
	description:
		'The most Order Amount + GST a card this tool creates or updates may reach; a call above it fails before anything is sent. Set a fixed number: a value the model fills ($fromAI) is refused.',
};

/** The operator's ceiling for this item; a missing one, or one the model fills, fails the item. */
export function readCeiling(call: ItemCall): number {
	const { node, parameters } = call.runContext;
	const raw = node.parameters.maxOrderAmount;
	if (typeof raw === 'string' && /\$fromai\b/i.test(raw)) {
		throw new ValidationError(
			'"Max Order Amount" is filled by the model ($fromAI); a limit the model sets is no limit',
			'Set "Max Order Amount" of the JusBiz tool to a fixed number.',
		);
	}
	const value = Number(parameters.value('maxOrderAmount', call.itemIndex, 0));
	if (!Number.isFinite(value) || value <= 0) {
		throw new ValidationError(
			'"Max Order Amount" is not set: the JusBiz tool creates and updates cards only up to a limit you set',
			'Set "Max Order Amount" of the JusBiz tool to the most one card may be for.',
		);
	}
	return value;
}

/** Fails the item, before any request, when order amount + GST is above the ceiling. */
export function requireWithinCeiling(call: ItemCall, orderAmount: string, gst = '0'): void {
	const ceiling = readCeiling(call);
	const total = Number(orderAmount) + Number(gst);
	if (total > ceiling) {
		throw new ValidationError(
			`Order Amount + GST (${total.toFixed(2)}) is above the Max Order Amount of ${ceiling.toFixed(2)} this tool may set; nothing was sent`,
			'Ask a person to issue or change this card outside the AI tool, or raise "Max Order Amount".',
		);
	}
}
