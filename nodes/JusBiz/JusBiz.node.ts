import {
	NodeConnectionTypes,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type UsableAsToolDescription,
} from 'n8n-workflow';

import { findOperation, properties, toolProperties } from './actions/description';
import type { Operation } from './actions/operation';
import { runPerItem } from './actions/router';
import { CARD_DATA_FIELDS } from './helpers/cardData';
import { API_CREDENTIAL_TYPE } from './helpers/credentials';
import { quoteInput } from './helpers/values';

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
		// The tool variant (jusBizTool) offers the operations whose output can be made safe for a model;
		// n8n-workflow types replacements without `properties`, which n8n's editor applies all the same.
		usableAsTool: {
			replacements: {
				description:
					'Issue, check, update and cancel JusBiz virtual cards for payout IDs. Returns card states, amounts, payments and the last four digits, never a card number, expiry or security code.',
				properties: toolProperties,
			},
		} as UsableAsToolDescription,
		sensitiveOutputFields: [...CARD_DATA_FIELDS],
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: API_CREDENTIAL_TYPE, required: true }],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resource = String(this.getNodeParameter('resource', 0));
		const name = String(this.getNodeParameter('operation', 0));
		const operation = findOperation(resource, name) ?? unknownOperation(this, resource, name);
		return await runPerItem(this, operation, `running ${name}`);
	}
}

/** A workflow from a later version of the package: each item fails, as "On Error" decides. */
function unknownOperation(context: IExecuteFunctions, resource: string, name: string): Operation {
	return {
		resource: 'system',
		option: { name, value: name },
		properties: [],
		byPayoutId: false,
		offeredToTools: true,
		execute: async ({ itemIndex }) => {
			throw new NodeOperationError(
				context.getNode(),
				`The operation ${quoteInput(name)} of ${quoteInput(resource)} is not known`,
				{ itemIndex },
			);
		},
	};
}
