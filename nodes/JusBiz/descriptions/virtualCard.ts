import type { INodeProperties } from 'n8n-workflow';

import { BLOCK_PAYMENT_CODES } from '../api/validate';

const show = (...operation: string[]) => ({
	show: { resource: ['virtualCard'], operation },
});

export const virtualCardOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['virtualCard'] } },
	default: 'create',
	options: [
		{
			name: 'Create',
			value: 'create',
			description: 'Issue a virtual card for a payout',
			action: 'Create a virtual card',
		},
		{
			name: 'Delete',
			value: 'delete',
			description: 'Cancel a virtual card before redemption, or delete it after',
			action: 'Delete a virtual card',
		},
		{
			name: 'Get Security Code',
			value: 'getSecurityCode',
			description: 'Get the security code (CVV) of a virtual card, and its image',
			action: 'Get the security code of a virtual card',
		},
		{
			name: 'Get Status',
			value: 'getStatus',
			description: 'Get the state, amounts, authorizations and settlements of a virtual card',
			action: 'Get the status of a virtual card',
		},
		{
			name: 'Update',
			value: 'update',
			description: 'Change the amount, currency, validity or controls of a virtual card',
			action: 'Update a virtual card',
		},
	],
};

const amount = (displayName: string, name: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'number',
	typeOptions: { minValue: 0, numberPrecision: 2 },
	default: 0,
	description,
});

const cardControls: INodeProperties = {
	displayName: 'Card Controls',
	name: 'cardControls',
	type: 'collection',
	placeholder: 'Add Control',
	default: {},
	displayOptions: show('create', 'update'),
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

const udfs: INodeProperties[] = Array.from({ length: 10 }, (_, n) => ({
	displayName: `UDF ${n + 1}`,
	name: `udf${n + 1}`,
	type: 'string',
	default: '',
	description: `User-defined field ${n + 1} of the expense category`,
}));

export const virtualCardFields: INodeProperties[] = [
	{
		displayName: 'Payout ID',
		name: 'payoutId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. INV_2026_000123',
		displayOptions: { show: { resource: ['virtualCard'] } },
		description:
			'Your own ID for the card: at most 21 letters, digits or underscores. Later operations find the card by it.',
	},
	{
		...amount(
			'Order Amount',
			'orderAmount',
			'The amount the card is for (with GST, the most it can be redeemed for)',
		),
		required: true,
		displayOptions: show('create'),
	},
	{
		displayName: 'Currency',
		name: 'currency',
		type: 'string',
		required: true,
		default: 'INR',
		displayOptions: show('create'),
		description: 'ISO 4217 code of a VISA-supported currency',
	},
	{
		displayName: 'End Date',
		name: 'endDate',
		type: 'dateTime',
		required: true,
		default: '',
		displayOptions: show('create'),
		description: 'The last day the card can be used (sent as a UTC day, YYYY-MM-DD)',
	},
	{
		displayName: 'Card Alias',
		name: 'cardAlias',
		type: 'string',
		required: true,
		default: '',
		displayOptions: show('create'),
		description:
			'Alias of the primary (funding) card the virtual card is issued against, from the JusBiz dashboard',
	},
	{
		displayName: 'Include Card Image',
		name: 'isCardImageRequired',
		type: 'boolean',
		default: false,
		displayOptions: show('create', 'getSecurityCode'),
		description: 'Whether to also get the card image, output as a binary file',
	},
	{
		displayName: 'Put Image in Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		displayOptions: {
			show: {
				resource: ['virtualCard'],
				operation: ['create', 'getSecurityCode'],
				isCardImageRequired: [true],
			},
		},
		description: 'The name of the output binary field to put the card image in',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show('create'),
		options: [
			{
				displayName: 'Expense Category ID',
				name: 'expenseCategoryId',
				type: 'string',
				default: '',
				description: 'From the JusBiz dashboard; needed for the user-defined fields',
			},
			amount('GST', 'gst', 'Added to the order amount'),
			{
				displayName: 'Start Date',
				name: 'startDate',
				type: 'dateTime',
				default: '',
				description: 'The first day the card can be used (UTC); JusBiz uses today when empty',
			},
			...udfs,
		],
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show('update'),
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
			amount('GST', 'gst', 'Added to the order amount'),
			amount('Order Amount', 'orderAmount', 'The new amount of the card; replaces the old one'),
			{
				displayName: 'Start Date',
				name: 'startDate',
				type: 'dateTime',
				default: '',
				description: 'The first day the card can be used (UTC)',
			},
		],
	},
	cardControls,
	{
		displayName: 'Delete Type',
		name: 'deleteType',
		type: 'options',
		default: 'cancel',
		displayOptions: show('delete'),
		options: [
			{
				name: 'Cancel',
				value: 'cancel',
				description: 'Before the card is redeemed (JusBiz CANCEL)',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'After the card was redeemed (JusBiz DELETE)',
			},
		],
	},
];
