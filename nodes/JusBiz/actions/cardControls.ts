import type { IDataObject, INodeProperties } from 'n8n-workflow';

import {
	amountRule,
	BLOCK_PAYMENT_CODES,
	blockPaymentsRule,
	mccRangesRule,
	ValidationError,
} from '../api/validate';
import { showFor } from './shared';

/** JusBiz's "rules", as Create and Update both set them. */
export const cardControlsField: INodeProperties = {
	displayName: 'Card Controls',
	name: 'cardControls',
	type: 'collection',
	placeholder: 'Add Control',
	default: {},
	displayOptions: showFor('create', 'update'),
	description: 'Where and for how much the card may be used (JusBiz "rules")',
	options: [
		{
			displayName: 'Block Payments',
			name: 'blockPayments',
			type: 'multiOptions',
			default: [],
			description: 'Merchant category groups the card may not pay',
			options: BLOCK_PAYMENT_CODES.map(([value, label]) => ({
				name: `${label} (${value})`,
				value,
			})).sort((a, b) => a.name.localeCompare(b.name)),
		},
		{
			displayName: 'Maximum Amount',
			name: 'maxAmount',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 2 },
			default: 0,
			description: 'The largest single payment the card accepts',
		},
		{
			displayName: 'MCC Allow',
			name: 'mccAllow',
			type: 'string',
			default: '',
			placeholder: 'e.g. 5013-6051, 7011',
			description:
				'Merchant category codes the card may pay only: four-digit codes or ranges, comma-separated',
		},
		{
			displayName: 'MCC Block',
			name: 'mccBlock',
			type: 'string',
			default: '',
			placeholder: 'e.g. 5013-6051, 7011',
			description:
				'Merchant category codes the card may not pay: four-digit codes or ranges, comma-separated',
		},
		{
			displayName: 'Minimum Amount',
			name: 'minAmount',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 2 },
			default: 0,
			description: 'The smallest single payment the card accepts',
		},
	],
};

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
