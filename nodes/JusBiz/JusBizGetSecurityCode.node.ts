import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { getSecurityCode } from './actions/getSecurityCode';
import { runPerItem } from './api/perItem';
import { requestOptions } from './api/requestOptions';
import { CREDENTIAL_TYPE } from './api/transport';

/**
 * The first node of the package, kept for the workflows that use it: the JusBiz node's Get
 * Security Code operation under its own description.
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
		sensitiveOutputFields: ['token', 'expiry', 'securityCode'],
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [
			{
				displayName: 'Payout ID',
				name: 'payoutId',
				type: 'string',
				required: true,
				default: '',
				placeholder: 'e.g. payout_2026_000123',
				description: 'The ID your system gave the payout when it was created in JusBiz',
			},
			{
				displayName: 'Include Card Image',
				name: 'isCardImageRequired',
				type: 'boolean',
				default: false,
				description: 'Whether to also fetch the card image, output as a binary file',
			},
			{
				displayName: 'Put Image in Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				required: true,
				description: 'The name of the output binary field to put the card image in',
				displayOptions: { show: { isCardImageRequired: [true] } },
			},
			requestOptions,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runPerItem(this, getSecurityCode, 'fetching the security code');
	}
}
