import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { cardImageFields, payoutIdField, requestOptions } from './actions/common.descriptions';
import { runPerItem } from './actions/router';
import { getSecurityCode } from './actions/virtualCard/getSecurityCode.operation';
import { CARD_DATA_FIELDS } from './helpers/cardData';
import { API_CREDENTIAL_TYPE } from './helpers/credentials';

const [includeImage, imageField] = cardImageFields;

/**
 * The first node of the package, kept for the workflows that use it: the JusBiz node's Get
 * Security Code operation under its own description. Its fields are the JusBiz node's, with the
 * wording and display conditions this node was released with.
 */
export class JusBizGetSecurityCode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'JusBiz Get Security Code',
		name: 'jusBizGetSecurityCode',
		icon: { light: 'file:jusbiz.svg', dark: 'file:jusbiz.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{"Payout " + $parameter["payoutId"]}}',
		description: 'Fetch the security code (CVV) and card image of a JusBiz virtual card payout',
		defaults: { name: 'JusBiz Get Security Code' },
		// Declared on purpose and left unset: a card's security code must never be handed to an LLM
		// provider. n8n-workflow's type admits only `true` or a description, so `undefined` is the "no".
		usableAsTool: undefined,
		sensitiveOutputFields: [...CARD_DATA_FIELDS],
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: API_CREDENTIAL_TYPE, required: true }],
		properties: [
			{
				...payoutIdField,
				placeholder: 'e.g. payout_2026_000123',
				description: 'The ID your system gave the payout when it was created in JusBiz',
			},
			{
				...includeImage,
				displayOptions: undefined,
				description: 'Whether to also fetch the card image, output as a binary file',
			},
			{ ...imageField, displayOptions: { show: { isCardImageRequired: [true] } } },
			requestOptions,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runPerItem(this, getSecurityCode, 'fetching the security code');
	}
}
