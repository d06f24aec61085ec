/**
 * Parameters that several virtual-card operations show as one field: the payout ID, the card
 * image, and the request options. Each operation lists the ones it uses among its properties.
 */

import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { cardImageBinary } from '../api/cardImage';
import type { ItemCall } from '../api/request';
import { requestOptions } from '../api/requestOptions';
import { ValidationError } from '../api/validate';

export const showFor = (...operation: string[]) => ({
	show: { resource: ['virtualCard'], operation },
});

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

export const payoutIdField: INodeProperties = {
	displayName: 'Payout ID',
	name: 'payoutId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. INV_2026_000123',
	displayOptions: { show: { resource: ['virtualCard'] } },
	description:
		'Your own ID for the card: at most 21 letters, digits or underscores. Later operations find the card by it.',
};

export const cardImageFields: INodeProperties[] = [
	{
		displayName: 'Include Card Image',
		name: 'isCardImageRequired',
		type: 'boolean',
		default: false,
		displayOptions: { ...showFor('create', 'getSecurityCode'), hide: { '@tool': [true] } },
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
			hide: { '@tool': [true] },
		},
		description: 'The name of the output binary field to put the card image in',
	},
];

/** The Options of every virtual-card operation but Create, which adds its own. */
export const virtualCardOptions: INodeProperties = {
	...requestOptions,
	displayOptions: showFor('delete', 'getSecurityCode', 'getStatus', 'update'),
};

export interface CardImageChoice {
	wanted: boolean;
	/** The binary field the image goes to; '' when no image is wanted. */
	field: string;
}

/** "Include Card Image" and "Put Image in Field" of one item. */
export function readCardImageChoice(call: ItemCall): CardImageChoice {
	const { parameters, asTool } = call.runContext;
	const { itemIndex } = call;
	// A card image shows the number, the expiry and the security code: never for a model.
	const wanted = !asTool && parameters.flag('isCardImageRequired', itemIndex);
	const field = wanted ? parameters.text('binaryPropertyName', itemIndex, 'data') : '';
	if (wanted && field === '') throw new ValidationError('"Put Image in Field" is empty');
	return { wanted, field };
}

/** An operation's output item, with the card image as binary when there is one. */
export async function withCardImage(
	call: ItemCall,
	json: IDataObject,
	image: string | undefined,
	binaryPropertyName: string,
): Promise<INodeExecutionData> {
	const output: INodeExecutionData = { json, pairedItem: { item: call.itemIndex } };
	if (image !== undefined) {
		output.binary = {
			[binaryPropertyName]: await cardImageBinary(call.context, image, String(json.payoutId)),
		};
	}
	return output;
}
