/**
 * What every operation module in actions/ provides: the operator's side (its entry in the
 * Operation list and the parameters it shows) and the run side (one item in, one item out).
 */

import type { INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { ItemCall } from './request';

/**
 * The fields of an operation's `json` that hold a card number, an expiry or a security code: never
 * for a log, an error or a model. A card image, in binary, is card data whichever operation ran.
 */
export type CardData = readonly string[];

export interface Operation {
	resource: 'virtualCard' | 'system';
	/** Its entry in the node's Operation list; `value` is the stored operation name. */
	option: INodePropertyOptions & { value: string };
	/** Every parameter the operator sees for it, in order, besides Resource and Operation. */
	properties: INodeProperties[];
	/** JusBiz finds the card by its payout ID: the ID's rule is checked before anything else. */
	byPayoutId: boolean;
	cardData: CardData;
	/** Whether an AI agent or MCP client may run it (the node's tool variant refuses the others). */
	offeredToTools: boolean;
	/** Reads and checks the item's parameters, then sends the request and maps the answer. */
	execute(call: ItemCall): Promise<INodeExecutionData>;
}
