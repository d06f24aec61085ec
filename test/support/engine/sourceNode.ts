import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

export const SOURCE_NODE_TYPE = 'n8n-nodes-engine-harness.testSource';
export const SOURCE_NODE_NAME = 'Test Source';

/**
 * A start node without inputs that emits the given items. n8n feeds a start node one empty item,
 * so every emitted item is paired with that item 0; the node under test then pairs with these.
 */
export function createSourceNodeType(items: IDataObject[]): INodeType {
	return {
		description: {
			displayName: 'Test Source',
			name: 'testSource',
			group: ['input'],
			version: 1,
			description: 'Test-only start node that emits the items given to the harness',
			defaults: { name: SOURCE_NODE_NAME },
			inputs: [],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		},
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			return [items.map((json) => ({ json: structuredClone(json), pairedItem: { item: 0 } }))];
		},
	};
}
