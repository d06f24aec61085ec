/**
 * The JusBiz node's operations, and its description assembled from theirs: each operation lists
 * the parameters it shows, in order; a parameter several operations share is one field.
 */

import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../api/operation';
import { checkHealth } from './checkHealth';
import { create } from './create';
import { deleteCard } from './delete';
import { getSecurityCode } from './getSecurityCode';
import { getStatus } from './getStatus';
import { update } from './update';

// In the order the editor lists them.
const VIRTUAL_CARD = [create, deleteCard, getSecurityCode, getStatus, update];
const SYSTEM = [checkHealth];

export const OPERATIONS: readonly Operation[] = [...VIRTUAL_CARD, ...SYSTEM];

/** The operation a node's parameters name, or undefined for one this version does not know. */
export function findOperation(resource: string, operation: string): Operation | undefined {
	return OPERATIONS.find((op) => op.resource === resource && op.option.value === operation);
}

/**
 * Every operation's properties in one list that keeps each operation's own order: a property not
 * yet placed goes just before the next one of its operation that is.
 */
function mergeInOrder(lists: INodeProperties[][]): INodeProperties[] {
	const merged: INodeProperties[] = [];
	for (const list of lists) {
		list.forEach((property, index) => {
			if (merged.includes(property)) return;
			const next = list.slice(index + 1).find((later) => merged.includes(later));
			merged.splice(next ? merged.indexOf(next) : merged.length, 0, property);
		});
	}
	return merged;
}

const virtualCardSelector: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['virtualCard'] } },
	default: 'create',
	options: VIRTUAL_CARD.map((op) => op.option),
};

export const properties: INodeProperties[] = [
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
	virtualCardSelector,
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['system'] } },
		default: 'checkHealth',
		options: SYSTEM.map((op) => op.option),
	},
	...mergeInOrder(OPERATIONS.map((op) => op.properties)),
];

/**
 * The parameters of the tool variant in the editor: the operations offered to AI agents and MCP
 * clients only. n8n runs the tool with the node's own list, where the other operations stay
 * selectable by a workflow file: the per-item runner refuses them.
 */
export const toolProperties: INodeProperties[] = properties.map((property) =>
	property === virtualCardSelector
		? {
				...property,
				options: VIRTUAL_CARD.filter((op) => op.offeredToTools).map((op) => op.option),
			}
		: property,
);
