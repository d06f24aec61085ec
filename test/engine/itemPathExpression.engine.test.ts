import { Workflow } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, NodeParameterValueType } from 'n8n-workflow';

import { jsonPathOf, readJsonPath } from '../../nodes/JusBiz/actions/itemPathExpression';
import { HarnessNodeTypes } from '../support/engine/nodeTypes';
import {
	createSourceNodeType,
	SOURCE_NODE_NAME,
	SOURCE_NODE_TYPE,
} from '../support/engine/sourceNode';

// The fast path answers for n8n: whatever it returns must be what n8n's own evaluation gives for the
// same parameter and item, or it must decline. This runs both over a corpus, against the n8n the
// suite runs on (2.x here, the last 1.x in `npm run test:compat`), so an n8n release that reads an
// expression differently fails here rather than in a workflow.

/** The items, shaped so that each path meets strings, numbers, objects, arrays and absences. */
const ITEMS: IDataObject[] = [
	{
		a: 'text',
		spaced: '  padded  ',
		empty: '',
		braces: '{{ $json.a }}',
		n: 42,
		f: 1.5,
		z: 0,
		negativeZero: -0,
		big: 1e21,
		nan: NaN,
		inf: Infinity,
		t: true,
		fl: false,
		nul: null,
		o: { b: { c: 'deep' } },
		l: ['L0', 'L1', { m: 'in a list' }],
		'x y': 'spaced key',
		x: 'quoted',
		"it's": 'apostrophe',
		'a}}b': 'ends the braces',
		'}}': 'only braces',
		'{{ x': 'opens braces',
		'a"b': 'double quote',
		'a\\b': 'backslash',
		'a\nb': 'newline',
		'a\u2028b': 'line separator',
		'': 'empty key',
		'0': 'key zero',
		'1': 'key one',
		// What a reader taking `[01]` for the key "01" would find; JavaScript reads it as 1.
		'01': 'key zero one',
		$: 'dollar',
		_u: 'underscore',
		class: 'keyword',
		this: 'keyword this',
		café: 'not ASCII',
		date: new Date(0) as unknown as IDataObject,
		// Own properties named like what n8n's sandbox guards.
		constructor: 'own constructor',
		prototype: 'own prototype',
		binding: 'own binding',
		toString: 'own toString',
		hasOwnProperty: 'own hasOwnProperty',
		mainModule: 'own mainModule',
		...(JSON.parse('{"__proto__": "own proto"}') as IDataObject),
	},
	// The same names with other types, so a path that reads text above meets numbers and objects.
	{ a: 7, o: 'not an object', l: [], n: '42', t: 'true', nul: 'null', x: { y: 1 } },
	{ a: ['array'], o: { b: null }, l: 'a string', f: -2.5, fl: 0 },
	{ a: { nested: true }, o: { b: { c: 12 } }, l: [true, false], 'x y': 3 },
	{},
];

/** Parameter values as n8n stores them; `=` marks an expression. */
const PARAMETERS: NodeParameterValueType[] = [
	// Plain paths.
	'={{ $json.a }}',
	'={{ $json.o.b.c }}',
	'={{ $json.o.b }}',
	'={{ $json.o }}',
	'={{ $json.l }}',
	'={{ $json.spaced }}',
	'={{ $json.empty }}',
	'={{ $json.braces }}',
	'={{ $json.date }}',
	'={{ $json.$ }}',
	'={{ $json._u }}',
	'={{ $json.class }}',
	'={{ $json.this }}',
	'={{ $json.café }}',
	// Numbers, booleans, null.
	'={{ $json.n }}',
	'={{ $json.f }}',
	'={{ $json.z }}',
	'={{ $json.negativeZero }}',
	'={{ $json.big }}',
	'={{ $json.nan }}',
	'={{ $json.inf }}',
	'={{ $json.t }}',
	'={{ $json.fl }}',
	'={{ $json.nul }}',
	// Missing fields, and paths through something that is not an object.
	'={{ $json.missing }}',
	'={{ $json.missing.deeper }}',
	'={{ $json.a.length }}',
	'={{ $json.l.length }}',
	'={{ $json.a[0] }}',
	// Array indexes.
	'={{ $json.l[0] }}',
	'={{ $json.l[1] }}',
	'={{ $json.l[2].m }}',
	'={{ $json.l[ 1 ] }}',
	'={{ $json.l[9] }}',
	'={{ $json.l[01] }}',
	'={{ $json.l[-1] }}',
	'={{ $json.l[1.0] }}',
	'={{ $json.l["1"] }}',
	'={{ $json[0] }}',
	'={{ $json[01] }}',
	'={{ $json["0"] }}',
	// Quoted keys.
	'={{ $json["x y"] }}',
	"={{ $json['x y'] }}",
	"={{ $json['x'] }}",
	'={{ $json["x"] }}',
	'={{ $json["it\'s"] }}',
	'={{ $json[""] }}',
	'={{ $json["o"]["b"]["c"] }}',
	"={{ $json['o'].b['c'] }}",
	'={{ $json["\\u0078"] }}',
	'={{ $json["a\\"b"] }}',
	'={{ $json["a\\\\b"] }}',
	'={{ $json["a\\nb"] }}',
	'={{ $json["a\nb"] }}',
	'={{ $json["a\u2028b"] }}',
	'={{ $json[`x`] }}',
	// Keys that could end, or open, the braces.
	'={{ $json["a}}b"] }}',
	"={{ $json['a}}b'] }}",
	'={{ $json["}}"] }}',
	'={{ $json["{{ x"] }}',
	// Whitespace.
	'={{$json.a}}',
	'={{   $json.a   }}',
	'={{\n$json.a\n}}',
	'={{\t$json.o.b.c\t}}',
	'={{ $json .a }}',
	'={{ $json. a }}',
	'={{ $json ["x"] }}',
	'={{ $json.o ["b"] .c }}',
	'={{ $json\n.a }}',
	'={{ $json["x" ] }}',
	// Surrounding text, which n8n reads as text.
	'=id: {{ $json.a }}',
	'={{ $json.a }} ',
	'={{ $json.a }}\n',
	' ={{ $json.a }}',
	'=={{ $json.a }}',
	'={{ $json.a }}{{ $json.a }}',
	'={{ $json.a }} }}',
	'={{ {{ $json.a }} }}',
	'{{ $json.a }}',
	'$json.a',
	// Names n8n's sandbox refuses.
	'={{ $json.constructor }}',
	'={{ $json["constructor"] }}',
	'={{ $json.o.constructor }}',
	'={{ $json.__proto__ }}',
	'={{ $json["__proto__"] }}',
	'={{ $json.prototype }}',
	'={{ $json.binding }}',
	'={{ $json.mainModule }}',
	'={{ $json.toString }}',
	'={{ $json.hasOwnProperty }}',
	// Anything more than a property read.
	'={{ $json.a.trim() }}',
	'={{ $json?.a }}',
	'={{ $json.o?.b }}',
	'={{ $json.a ?? "fallback" }}',
	'={{ $json.a; }}',
	'={{ $json.a /* note */ }}',
	'={{ ($json.a) }}',
	'={{ $json }}',
	'={{ $jsonx.a }}',
	'={{ $JSON.a }}',
	'={{ $input.item.json.a }}',
	'={{ $json[$json.x] }}',
	// Not expressions at all.
	'plain text',
	'',
	42,
	true,
	null,
];

type Outcome = { value: unknown } | { error: string };

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

/** The fast path as `runContext.ts` uses it: undefined is its "not mine, ask n8n". */
function fastPathReads(parameter: NodeParameterValueType, itemIndex: number): unknown {
	const path = jsonPathOf(parameter);
	return path === undefined ? undefined : readJsonPath(inputData[itemIndex].json, path);
}

interface Case {
	parameter: NodeParameterValueType;
	itemIndex: number;
	fast: unknown;
	n8n: Outcome;
}

const cases: Case[] = PARAMETERS.flatMap((parameter) =>
	ITEMS.map((_item, itemIndex) => ({
		parameter,
		itemIndex,
		fast: fastPathReads(parameter, itemIndex),
		n8n: n8nEvaluates(parameter, itemIndex),
	})),
);
const handled = cases.filter((c) => c.fast !== undefined);

/** Object.is, so that "42" is not 42 and -0 is not 0. */
const agrees = (c: Case): boolean => 'value' in c.n8n && Object.is(c.fast, c.n8n.value);

describe('the fast reader of item paths, against n8n evaluating the same parameter', () => {
	it.each(PARAMETERS.map((parameter) => [JSON.stringify(parameter), parameter]))(
		'%s: on every item, the value n8n gives or a decline',
		(_label, parameter) => {
			const differing = cases
				.filter((c) => c.parameter === parameter && c.fast !== undefined && !agrees(c))
				.map(({ itemIndex, fast, n8n }) => ({ itemIndex, fast, n8n }));
			expect(differing).toEqual([]);
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
