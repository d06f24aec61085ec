import type { IDataObject, NodeParameterValueType } from 'n8n-workflow';

import { jsonPathOf, readJsonPath } from '../../nodes/JusBiz/actions/itemPathExpression';

// The corpus of the fast reader of item paths (nodes/JusBiz/actions/itemPathExpression.ts) and the
// rule it must keep: on every parameter and item, the value n8n's own evaluation gives, or a
// decline. test/engine/itemPathExpression.engine.test.ts holds it against n8n-workflow in-process
// (the legacy engine); test/e2e/itemPathExpression.e2e.test.ts against the vm engine that the
// n8n CLI starts by default.

/** The items, shaped so that each path meets strings, numbers, objects, arrays and absences. */
export const ITEMS: IDataObject[] = [
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
export const PARAMETERS: NodeParameterValueType[] = [
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

/** What n8n's evaluation of one parameter on one item gave. */
export type Outcome = { value: unknown } | { error: string };

export interface Case {
	parameter: NodeParameterValueType;
	itemIndex: number;
	/** the fast path's answer; undefined is its "not mine, ask n8n" */
	fast: unknown;
	n8n: Outcome;
}

/** The fast path as `runContext.ts` uses it: undefined is its "not mine, ask n8n". */
export function fastPathReads(parameter: NodeParameterValueType, itemIndex: number): unknown {
	const path = jsonPathOf(parameter);
	return path === undefined ? undefined : readJsonPath(ITEMS[itemIndex], path);
}

/** Every parameter on every item, the fast path's answer beside n8n's. */
export function casesAgainst(
	n8nEvaluates: (parameter: NodeParameterValueType, itemIndex: number) => Outcome,
): Case[] {
	return PARAMETERS.flatMap((parameter) =>
		ITEMS.map((_item, itemIndex) => ({
			parameter,
			itemIndex,
			fast: fastPathReads(parameter, itemIndex),
			n8n: n8nEvaluates(parameter, itemIndex),
		})),
	);
}

/** Object.is, so that "42" is not 42 and -0 is not 0. */
export const agrees = (c: Case): boolean => 'value' in c.n8n && Object.is(c.fast, c.n8n.value);

/** The cases of `parameter` where the fast path answered, and not what n8n gives: none, or a bug. */
export function differing(cases: Case[], parameter: NodeParameterValueType) {
	return cases
		.filter((c) => c.parameter === parameter && c.fast !== undefined && !agrees(c))
		.map(({ itemIndex, fast, n8n }) => ({ itemIndex, fast, n8n }));
}
