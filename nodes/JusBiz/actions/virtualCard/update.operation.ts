/**
 * Update: change the amount, currency, validity or controls of a card. Update replaces values, so
 * repeating it gives the same card: it is retried like a read, after resets and time-outs too.
 */

import type { IDataObject } from 'n8n-workflow';

import { cardFields, responseFields } from '../../transport/answerFields';
import { cardRules, isSet, type CardControls } from '../../helpers/cardControls';
import { requireFixedCurrency, requireWithinCeiling } from '../../helpers/ceiling';
import {
	amountRule,
	currencyRule,
	dateOrderRule,
	dayRule,
	ValidationError,
} from '../../helpers/validate';
import { asText } from '../../helpers/values';
import { findCard } from '../../transport/endpoints';
import { PATHS } from '../../transport/paths';
import { requestOrThrow } from '../../transport/request';
import {
	amountField,
	cardControlsField,
	maxOrderAmountField,
	payoutIdField,
	requestOptions,
} from '../common.descriptions';
import type { ItemCall, Operation } from '../operation';

export const update: Operation = {
	resource: 'virtualCard',
	option: {
		name: 'Update',
		value: 'update',
		description: 'Change the amount, currency, validity or controls of a virtual card',
		action: 'Update the amount, validity or controls of the virtual card of a payout ID',
	},
	properties: [
		payoutIdField,
		maxOrderAmountField,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'Only the fields set here are sent; each replaces the card’s current value',
			options: [
				{
					displayName: 'Currency',
					name: 'currency',
					type: 'string',
					default: 'INR',
					description: 'ISO 4217 code of a VISA-supported currency',
				},
				{
					displayName: 'End Date',
					name: 'endDate',
					type: 'dateTime',
					default: '',
					description: 'The last day the card can be used (UTC)',
				},
				amountField('GST', 'gst', 'Added to the order amount'),
				amountField(
					'Order Amount',
					'orderAmount',
					'The new amount of the card; replaces the old one',
				),
				{
					displayName: 'Start Date',
					name: 'startDate',
					type: 'dateTime',
					default: '',
					description: 'The first day the card can be used (UTC)',
				},
			],
		},
		cardControlsField,
		requestOptions,
	],
	byPayoutId: true,
	offeredToTools: true,
	execute: async (call) => {
		const { parameters, asTool } = call.runContext;
		if (asTool) requireFixedCurrency(call, true);
		const body = updateBody(
			call.payoutId,
			parameters.collection('updateFields', call.itemIndex),
			parameters.collection('cardControls', call.itemIndex),
		);
		if (asTool) await requireUpdateWithinCeiling(call, body);
		const answer = await requestOrThrow(call, PATHS.provision, body);
		const json = cardFields(answer, call.payoutId);
		return { json, pairedItem: { item: call.itemIndex } };
	},
};

/** The provision body of an Update: only the fields the operator set, every rule checked first. */
export function updateBody(
	payoutId: string,
	updateFields: IDataObject,
	cardControls: CardControls,
): IDataObject {
	const body: IDataObject = { payoutId, action: 'update' };
	const currency = isSet(updateFields.currency)
		? currencyRule(updateFields.currency, 'Currency')
		: undefined;
	if (isSet(updateFields.orderAmount)) {
		body.orderAmount = amountRule(updateFields.orderAmount, 'Order Amount', currency);
	}
	if (isSet(updateFields.gst)) body.gst = amountRule(updateFields.gst, 'GST', currency, true);
	if (currency) body.currency = currency;
	if (isSet(updateFields.startDate)) body.startDate = dayRule(updateFields.startDate, 'Start Date');
	if (isSet(updateFields.endDate)) body.endDate = dayRule(updateFields.endDate, 'End Date');
	if (typeof body.startDate === 'string' && typeof body.endDate === 'string') {
		dateOrderRule(body.startDate, body.endDate, '"Start Date"');
	}
	const rules = cardRules(cardControls, currency);
	if (rules) body.rules = rules;
	if (Object.keys(body).length === 2) {
		throw new ValidationError(
			'nothing to update: set at least one of "Update Fields" or "Card Controls"',
		);
	}
	return body;
}

/**
 * The tool's ceiling on an Update: the amount or GST it sets, with the card's other value as JusBiz
 * holds it (read with Get Status when the Update sets only one of them).
 */
async function requireUpdateWithinCeiling(call: ItemCall, body: IDataObject): Promise<void> {
	if (body.orderAmount === undefined && body.gst === undefined) return;
	// What the Update sets may be over the ceiling on its own: then nothing is asked of JusBiz.
	requireWithinCeiling(call, [asText(body.orderAmount) ?? '0', asText(body.gst) ?? '0']);
	if (body.orderAmount !== undefined && body.gst !== undefined) return;
	const status = await findCard(call);
	const current = status ? responseFields(status) : {};
	requireWithinCeiling(call, [
		asText(body.orderAmount ?? current.orderAmount),
		asText(body.gst ?? current.gst),
	]);
}
