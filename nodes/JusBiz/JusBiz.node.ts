import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { requireBaseUrl, runPerItem } from './api/items';
import type { ItemCall } from './api/operations/call';
import type { CardControls } from './api/operations/cardControls';
import { createCard } from './api/operations/create';
import { deleteCard } from './api/operations/delete';
import { getStatus } from './api/operations/getStatus';
import { checkHealth } from './api/operations/health';
import { getSecurityCode } from './api/operations/securityCode';
import { updateCard } from './api/operations/update';
import { prepareRun, readPayoutId, toBoolean } from './api/run';
import { CREDENTIAL_TYPE } from './api/transport';
import { payoutIdRule } from './api/validate';
import { requestOptions } from './descriptions/options';
import { systemOperations } from './descriptions/system';
import { virtualCardFields, virtualCardOperations } from './descriptions/virtualCard';

export class JusBiz implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'JusBiz',
		name: 'jusBiz',
		icon: { light: 'file:jusbiz.svg', dark: 'file:jusbiz.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create, update, check, reveal and delete JusBiz virtual cards',
		defaults: { name: 'JusBiz' },
		// Declared on purpose and left unset: card numbers and security codes must never be handed
		// to an LLM provider. n8n-workflow's type admits only `true` or a description.
		usableAsTool: undefined,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'virtualCard',
				options: [
					{ name: 'System', value: 'system' },
					{ name: 'Virtual Card', value: 'virtualCard' },
				],
			},
			virtualCardOperations,
			systemOperations,
			...virtualCardFields,
			{ ...requestOptions, displayOptions: { show: { resource: ['virtualCard'] } } },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const run = await prepareRun(this);
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		const cardOperation = resource === 'virtualCard';
		return await runPerItem(this, run, {
			doing: `running ${operation}`,
			payoutId: (itemIndex) =>
				cardOperation ? readPayoutId(run.parameter('payoutId', itemIndex, '')) : '',
			run: async (itemIndex, payoutId) => {
				// Every rule is checked before anything is sent for this item.
				if (cardOperation) payoutIdRule(payoutId);
				const baseURL = requireBaseUrl(run, itemIndex, payoutId);
				const item: ItemCall = {
					context: this,
					run,
					itemIndex,
					payoutId,
					transport: run.transport(itemIndex, baseURL),
				};
				const param = (name: string, fallback: unknown = undefined) =>
					run.parameter(name, itemIndex, fallback as never);
				const image = () => {
					const wanted = toBoolean(param('isCardImageRequired', false));
					const field = wanted ? String(param('binaryPropertyName', 'data')).trim() : '';
					if (wanted && field === '') {
						throw new NodeOperationError(
							run.node,
							`Item ${itemIndex} (payout "${payoutId}"): "Put Image in Field" is empty`,
							{ itemIndex },
						);
					}
					return { wanted, field };
				};
				const json = (value: IDataObject): INodeExecutionData => ({
					json: value,
					pairedItem: { item: itemIndex },
				});

				switch (`${resource}.${operation}`) {
					case 'virtualCard.create': {
						const { wanted, field } = image();
						return await createCard(
							item,
							{
								orderAmount: param('orderAmount'),
								currency: param('currency', 'INR'),
								endDate: param('endDate'),
								cardAlias: param('cardAlias'),
								additionalFields: param('additionalFields', {}) as IDataObject,
								cardControls: param('cardControls', {}) as CardControls,
								isCardImageRequired: wanted,
							},
							field,
						);
					}
					case 'virtualCard.update':
						return json(
							await updateCard(
								item,
								param('updateFields', {}) as IDataObject,
								param('cardControls', {}) as CardControls,
							),
						);
					case 'virtualCard.getStatus':
						return json(await getStatus(item));
					case 'virtualCard.getSecurityCode': {
						const { wanted, field } = image();
						return await getSecurityCode(item, wanted, field);
					}
					case 'virtualCard.delete':
						return json(await deleteCard(item, String(param('deleteType', 'cancel'))));
					case 'system.checkHealth':
						return json(await checkHealth(item));
					default:
						throw new NodeOperationError(
							run.node,
							`The operation "${operation}" of "${resource}" is not known`,
							{ itemIndex },
						);
				}
			},
		});
	}
}
