/**
 * Update: change the amount, currency, validity or controls of a card. Update replaces values, so
 * repeating it gives the same card: it is retried like a read, after resets and time-outs too.
 */

import type { IDataObject } from 'n8n-workflow';

import { outputJson, responseFields } from '../api/answerFields';
import { PATHS } from '../api/baseUrl';
import type { Operation } from '../api/operation';
import { ask } from '../api/request';
import { amountRule, currencyRule, dateOrderRule, dayRule, ValidationError } from '../api/validate';
import { cardControlsField, cardRules, isSet, type CardControls } from './cardControls';
import { amountField, payoutIdField, showFor, virtualCardOptions } from './shared';

export const update: Operation = {
	resource: 'virtualCard',
	option: {
		name: 'Update',
		value: 'update',
		description: 'Change the amount, currency, validity or controls of a virtual card',
		action: 'Update a virtual card',
	},
	properties: [
		payoutIdField,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: showFor('update'),
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
		virtualCardOptions,
	],
	byPayoutId: true,
	cardData: { json: ['token', 'expiry'], image: false },
	execute: async (call) => {
		const { parameters } = call.runContext;
		const body = updateBody(
			call.payoutId,
			parameters.collection('updateFields', call.itemIndex),
			parameters.collection('cardControls', call.itemIndex),
		);
		const answer = await ask(call, PATHS.provision, body);
		const json = outputJson(answer, call.payoutId, responseFields(answer));
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
