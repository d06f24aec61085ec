import { Workflow } from 'n8n-workflow';
import type { INodeExecutionData, NodeParameterValueType } from 'n8n-workflow';

import {
	casesAgainst,
	differing,
	fastPathReads,
	ITEMS,
	PARAMETERS,
	type Outcome,
} from '../support/expressionCorpus';
import { HarnessNodeTypes } from '../support/engine/nodeTypes';
import {
	createSourceNodeType,
	SOURCE_NODE_NAME,
	SOURCE_NODE_TYPE,
} from '../support/engine/sourceNode';

// The fast path answers for n8n: whatever it returns must be what n8n's own evaluation gives for the
// same parameter and item, or it must decline. This runs both over a corpus, against the n8n the
// suite runs on (2.x here, the last 1.x in `npm run test:compat`), so an n8n release that reads an
// expression differently fails here rather than in a workflow. In-process n8n-workflow evaluates on
// its legacy engine; test/e2e/itemPathExpression.e2e.test.ts holds the same corpus
// (test/support/expressionCorpus.ts) against the vm engine the n8n CLI starts by default.

const nodeTypes = new HarnessNodeTypes({ [SOURCE_NODE_TYPE]: createSourceNodeType([]) });
const workflow = new Workflow({
	nodes: [
		{
			id: 'n',
			name: SOURCE_NODE_NAME,
			type: SOURCE_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
	],
	connections: {},
	active: false,
	nodeTypes,
});
const inputData: INodeExecutionData[] = ITEMS.map((json) => ({ json }));

/** n8n's own evaluation, as `getNodeParameter` runs it for a node's parameter on one item. */
function n8nEvaluates(parameter: NodeParameterValueType, itemIndex: number): Outcome {
	try {
		const value = workflow.expression.getParameterValue(
			parameter,
			null,
			0,
			itemIndex,
			SOURCE_NODE_NAME,
			inputData,
			'manual',
			{},
		);
		return { value };
	} catch (error) {
		return { error: error instanceof Error ? error.message : String(error) };
	}
}

const cases = casesAgainst(n8nEvaluates);
const handled = cases.filter((c) => c.fast !== undefined);

describe('the fast reader of item paths, against n8n evaluating the same parameter', () => {
	it.each(PARAMETERS.map((parameter) => [JSON.stringify(parameter), parameter]))(
		'%s: on every item, the value n8n gives or a decline',
		(_label, parameter) => {
			expect(differing(cases, parameter)).toEqual([]);
		},
	);

	it('reads the common forms itself, or the comparison above would prove nothing', () => {
		const read = (parameter: string) =>
			handled.filter((c) => c.parameter === parameter).map((c) => [c.itemIndex, c.fast]);
		expect(read('={{ $json.a }}')).toEqual([
			[0, 'text'],
			[1, 7],
		]);
		expect(read('={{ $json.o.b.c }}')).toEqual([
			[0, 'deep'],
			[3, 12],
		]);
		expect(read('={{ $json["x y"] }}')).toEqual([
			[0, 'spaced key'],
			[3, 3],
		]);
		expect(read("={{ $json['x'] }}")).toEqual([[0, 'quoted']]);
		expect(read('={{ $json.l[1] }}')).toEqual([
			[0, 'L1'],
			[3, false],
		]);
		expect(read('={{ $json.t }}')).toEqual([
			[0, true],
			[1, 'true'],
		]);
		expect(read('={{ $json.fl }}')).toEqual([
			[0, false],
			[2, 0],
		]);
		expect(handled.length).toBeGreaterThan(60);
	});

	it.each([
		'={{ $json.constructor }}',
		'={{ $json.__proto__ }}',
		'={{ $json.prototype }}',
		// n8n's vm engine reads these from Object.prototype, not from the item's own properties.
		'={{ $json.toString }}',
		'={{ $json.hasOwnProperty }}',
		'={{ $json["a}}b"] }}',
		'={{ $json.a }} ',
		'=id: {{ $json.a }}',
		'={{ $json.l[01] }}',
		'={{ $json.a.trim() }}',
	])('declines %j on every item: n8n decides it', (parameter) => {
		expect(handled.filter((c) => c.parameter === parameter)).toEqual([]);
	});

	it.each([
		'={{ $json.missing }}',
		'={{ $json.nul }}',
		'={{ $json.o }}',
		'={{ $json.l }}',
		'={{ $json.nan }}',
		'={{ $json.inf }}',
		'={{ $json.date }}',
	])('declines %j where the value is no string, finite number or boolean', (parameter) => {
		expect(fastPathReads(parameter, 0)).toBeUndefined();
	});
});
