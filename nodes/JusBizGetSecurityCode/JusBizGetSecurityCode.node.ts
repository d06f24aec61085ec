import {
	NodeConnectionTypes,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { requireBaseUrl, runPerItem } from '../JusBiz/api/items';
import { getSecurityCode } from '../JusBiz/api/operations/securityCode';
import { prepareRun, readPayoutId, toBoolean } from '../JusBiz/api/run';
import { CREDENTIAL_TYPE } from '../JusBiz/api/transport';
import { requestOptions } from '../JusBiz/descriptions/options';

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
		const run = await prepareRun(this);
		return await runPerItem(this, run, {
			doing: 'fetching the security code',
			payoutId: (itemIndex) => readPayoutId(run.parameter('payoutId', itemIndex, '')),
			run: async (itemIndex, payoutId) => {
				if (payoutId === '') {
					throw new NodeOperationError(run.node, `Item ${itemIndex}: the payout ID is empty`, {
						itemIndex,
						description: 'Set "Payout ID", for example to the expression {{ $json.payoutId }}.',
					});
				}
				const baseURL = requireBaseUrl(run, itemIndex, payoutId);
				const isCardImageRequired = toBoolean(
					run.parameter('isCardImageRequired', itemIndex, false),
				);
				const binaryPropertyName = isCardImageRequired
					? String(run.parameter('binaryPropertyName', itemIndex, 'data')).trim()
					: '';
				if (isCardImageRequired && binaryPropertyName === '') {
					throw new NodeOperationError(
						run.node,
						`Item ${itemIndex}: "Put Image in Field" is empty`,
						{
							itemIndex,
						},
					);
				}
				const transport = run.transport(itemIndex, baseURL);
				return await getSecurityCode(
					{ context: this, run, itemIndex, payoutId, transport },
					isCardImageRequired,
					binaryPropertyName,
				);
			},
		});
	}
}
