import type { IDataObject } from 'n8n-workflow';

import { PATHS } from '../baseUrl';
import { amountRule, currencyRule, dateOrderRule, dayRule, ValidationError } from '../validate';
import { call, type ItemCall } from './call';
import { cardRules, isSet, type CardControls } from './cardControls';
import { outputJson, responseFields } from './fields';

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
 * Update replaces values, so repeating it gives the same card: it is retried like a read, after
 * resets and time-outs too.
 */
export async function updateCard(
	item: ItemCall,
	updateFields: IDataObject,
	cardControls: CardControls,
): Promise<IDataObject> {
	const body = updateBody(item.payoutId, updateFields, cardControls);
	const answer = await call(item, PATHS.provision, body);
	return outputJson(answer, item.payoutId, responseFields(answer));
}
