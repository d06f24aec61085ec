/** The Card Controls collection as JusBiz reads it: its `rules`, every rule checked. */

import type { IDataObject } from 'n8n-workflow';

import { amountRule, blockPaymentsRule, mccRangesRule, ValidationError } from './validate';

export interface CardControls {
	blockPayments?: unknown;
	minAmount?: unknown;
	maxAmount?: unknown;
	mccBlock?: unknown;
	mccAllow?: unknown;
}

/** Whether an optional field was given: n8n leaves an unset collection field out, or empty. */
export const isSet = (value: unknown) =>
	value !== undefined &&
	value !== null &&
	value !== '' &&
	!(Array.isArray(value) && value.length === 0);

/** The Card Controls collection as JusBiz's `rules`, or undefined when none is set. */
export function cardRules(
	controls: CardControls,
	currency: string | undefined,
): IDataObject | undefined {
	const rules: IDataObject = {};
	if (isSet(controls.blockPayments))
		rules.blockPayments = blockPaymentsRule(controls.blockPayments);
	const min = isSet(controls.minAmount)
		? amountRule(controls.minAmount, 'Minimum Amount', currency)
		: undefined;
	const max = isSet(controls.maxAmount)
		? amountRule(controls.maxAmount, 'Maximum Amount', currency)
		: undefined;
	if (min !== undefined && max !== undefined && Number(min) > Number(max)) {
		throw new ValidationError(
			`"Minimum Amount" (${min}) must not be above "Maximum Amount" (${max})`,
		);
	}
	if (min !== undefined || max !== undefined) {
		rules.amountRange = {
			...(min !== undefined ? { min } : {}),
			...(max !== undefined ? { max } : {}),
		};
	}
	if (isSet(controls.mccBlock)) rules.mccBlock = mccRangesRule(controls.mccBlock, 'MCC Block');
	if (isSet(controls.mccAllow)) rules.mccAllow = mccRangesRule(controls.mccAllow, 'MCC Allow');
	return Object.keys(rules).length > 0 ? rules : undefined;
}
