/**
 * The parameters several operations show, each one field: the payout ID, amounts, the card image,
 * Card Controls, the tool's spending ceiling and the request Options. Which operations show one
 * is not written here: it follows from the operations whose properties list it.
 */

import type { INodeProperties } from 'n8n-workflow';

import { BLOCK_PAYMENT_CODES } from '../helpers/validate';

export const payoutIdField: INodeProperties = {
	displayName: 'Payout ID',
	name: 'payoutId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. INV_2026_000123',
	description:
		'Your own ID for the card: at most 21 letters, digits or underscores. Later operations find the card by it.',
};

export const amountField = (
	displayName: string,
	name: string,
	description: string,
): INodeProperties => ({
	displayName,
	name,
	type: 'number',
	typeOptions: { minValue: 0, numberPrecision: 2 },
	default: 0,
	description,
});

export const cardImageFields: INodeProperties[] = [
	{
		displayName: 'Include Card Image',
		name: 'isCardImageRequired',
		type: 'boolean',
		default: false,
		displayOptions: { hide: { '@tool': [true] } },
		description: 'Whether to also get the card image, output as a binary file',
	},
	{
		displayName: 'Put Image in Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		displayOptions: { show: { isCardImageRequired: [true] }, hide: { '@tool': [true] } },
		description: 'The name of the output binary field to put the card image in',
	},
];

/** JusBiz's "rules", as Create and Update both set them. */
export const cardControlsField: INodeProperties = {
	displayName: 'Card Controls',
	name: 'cardControls',
	type: 'collection',
	placeholder: 'Add Control',
	default: {},
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

/**
 * The JusBiz tool's spending ceiling (the node as an AI agent's or MCP client's tool): the operator
 * sets it, the model cannot move it; `helpers/ceiling.ts` checks it.
 */
export const maxOrderAmountField: INodeProperties = {
	displayName: 'Max Order Amount',
	name: 'maxOrderAmount',
	type: 'number',
	required: true,
	default: 0,
	typeOptions: { minValue: 0, numberPrecision: 2 },
	// Only the tool variant shows it: n8n names that variant's type `…Tool`.
	displayOptions: {
		show: { '@tool': [true] },
	},
	description:
		'The most Order Amount + GST a card this tool creates or updates may reach; a call above it fails before anything is sent. Set a fixed number: a value the model fills ($fromAI) is refused.',
};

/**
 * The Options collection: how many requests run at once, how they are retried and how long each
 * may take. The defaults are written here only (n8n's lint wants them literal); the run reads them
 * from here.
 */
export const requestOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 10_000, numberPrecision: 0 },
			default: 5,
			description:
				'How many requests may be in flight at once. Read from the first item; JusBiz publishes no rate limit, so raise it with care.',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 10, numberPrecision: 0 },
			default: 5,
			description:
				'How many times to retry one item after a 429, 502, 503 or 504 answer, a reset or cut-off connection, or a time-out (0 = never). Other errors are never retried.',
		},
		{
			displayName: 'Max Retry Wait',
			name: 'maxRetryWait',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 0 },
			default: 30000,
			description:
				'The longest wait before a retry, in milliseconds. If JusBiz asks (Retry-After) for a longer wait, the item fails instead.',
		},
		{
			displayName: 'Timeout',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 0 },
			default: 30000,
			description:
				'How long one request may take, in milliseconds, from sending it to the last byte of the answer',
		},
	],
};
