/**
 * What every operation module provides: the operator's side (its entry in the Operation list and
 * the parameters it shows) and the run side (one item in, one item out). The router runs it.
 */

import type { INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { RequestScope } from '../transport/request';
import type { RunContext } from './runContext';

export type ResourceName = 'virtualCard' | 'system';

/** One item's call: who asks, for which payout, with which request options. */
export interface ItemCall extends RequestScope {
	runContext: RunContext;
	itemIndex: number;
}

export interface Operation {
	resource: ResourceName;
	/** Its entry in the node's Operation list; `value` is the stored operation name. */
	option: INodePropertyOptions & { value: string };
	/**
	 * Every parameter the operator sees for it, in order, besides Resource and Operation. Which
	 * operations show a parameter is derived from these lists (see `description.ts`): a parameter
	 * carries only the display conditions of its own, such as another parameter's value.
	 */
	properties: INodeProperties[];
	/** JusBiz finds the card by its payout ID: the ID's rule is checked before anything else. */
	byPayoutId: boolean;
	/** Whether an AI agent or MCP client may run it (the node's tool variant refuses the others). */
	offeredToTools: boolean;
	/** Reads and checks the item's parameters, then sends the request and maps the answer. */
	execute(call: ItemCall): Promise<INodeExecutionData>;
}

/** A resource of the JusBiz node: its entry in the Resource list and its operations, in order. */
export interface Resource {
	option: INodePropertyOptions & { value: ResourceName };
	operations: readonly Operation[];
}
