/**
 * The JusBiz node's resources and operations, and its parameters assembled from theirs: each
 * operation lists the parameters it shows, in order, and which operations show a parameter follows
 * from those lists alone. A new operation is its module and one line in its resource.
 */

import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import type { Operation, Resource } from './operation';
import { system } from './system/System.resource';
import { virtualCard } from './virtualCard/VirtualCard.resource';

// In the order the node's parameters list their Operation fields.
const RESOURCES: readonly Resource[] = [virtualCard, system];

export const OPERATIONS: readonly Operation[] = RESOURCES.flatMap((r) => r.operations);

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

/**
 * A property shown for exactly the operations that list it: for its resources, and for those
 * operations unless it is every operation of them, ahead of the conditions it has of its own.
 */
function shownForItsOperations(property: INodeProperties): INodeProperties {
	const listing = OPERATIONS.filter((op) => op.properties.includes(property));
	const resources = RESOURCES.filter((r) => listing.some((op) => op.resource === r.option.value));
	const everyOperation = resources.every((r) => r.operations.every((op) => listing.includes(op)));
	const { show: own, ...others }: IDisplayOptions = property.displayOptions ?? {};
	const show: IDisplayOptions['show'] = {
		resource: resources.map((r) => r.option.value),
		...(everyOperation ? {} : { operation: listing.map((op) => op.option.value) }),
		...own,
	};
	return { ...property, displayOptions: { show, ...others } };
}

function operationSelector(resource: Resource, operations: readonly Operation[]): INodeProperties {
	const first = operations[0].option.value;
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource.option.value] } },
		default: first,
		options: operations.map((op) => op.option),
	};
}

const firstResource = RESOURCES[0].option.value;

const resourceSelector: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	default: firstResource,
	// n8n's lint wants options in alphabetical order.
	options: RESOURCES.map((r) => r.option).sort((a, b) => a.name.localeCompare(b.name)),
};

const operationProperties = mergeInOrder(OPERATIONS.map((op) => op.properties)).map(
	shownForItsOperations,
);

export const properties: INodeProperties[] = [
	resourceSelector,
	...RESOURCES.map((r) => operationSelector(r, r.operations)),
	...operationProperties,
];

/**
 * The parameters of the tool variant in the editor: the operations offered to AI agents and MCP
 * clients only. n8n runs the tool with the node's own list, where the other operations stay
 * selectable by a workflow file: the router refuses them.
 */
export const toolProperties: INodeProperties[] = [
	resourceSelector,
	...RESOURCES.map((r) =>
		operationSelector(
			r,
			r.operations.filter((op) => op.offeredToTools),
		),
	),
	...operationProperties,
];
