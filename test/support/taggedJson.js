// @ts-check
// JSON that keeps what plain JSON loses between two Node processes: undefined, NaN, ±Infinity, -0,
// Dates, bigints and keys such as "__proto__". The test side (Node 20) and the script it spawns
// under n8n's Node 24 both use this one file; v8.serialize is not an option, as its format differs
// between the two Node versions. Anything it does not know (a function, a class instance) is
// written as a tag with a description, so a comparison with it fails visibly instead of passing.
'use strict';

/**
 * A JSON value whose objects are tags: `{ $t: 'object', v: [[key, value], …] }`, `{ $t: 'number',
 * v: 'NaN' }`, …; arrays, strings, finite numbers, booleans and null stand for themselves.
 * @typedef {null | boolean | string | number | { $t: string, v?: unknown } | unknown[]} Encoded
 */

/**
 * @param {unknown} value
 * @returns {Encoded}
 */
function encode(value) {
	switch (typeof value) {
		case 'undefined':
			return { $t: 'undefined' };
		case 'number':
			return Number.isFinite(value) && !Object.is(value, -0)
				? value
				: { $t: 'number', v: Object.is(value, -0) ? '-0' : String(value) };
		case 'bigint':
			return { $t: 'bigint', v: String(value) };
		case 'string':
		case 'boolean':
			return value;
		case 'object':
			if (value === null) return null;
			if (Array.isArray(value)) return value.map(encode);
			if (value instanceof Date) return { $t: 'date', v: encode(value.getTime()) };
			if (isPlainObject(value)) {
				return { $t: 'object', v: Object.entries(value).map(([k, v]) => [k, encode(v)]) };
			}
			return { $t: 'unknown', v: describe(value) };
		default:
			return { $t: 'unknown', v: describe(value) };
	}
}

/**
 * @param {Encoded} encoded
 * @returns {unknown}
 */
function decode(encoded) {
	if (encoded === null || typeof encoded !== 'object') return encoded;
	if (Array.isArray(encoded)) return encoded.map((item) => decode(/** @type {Encoded} */ (item)));
	const { $t: tag, v } = encoded;
	switch (tag) {
		case 'undefined':
			return undefined;
		case 'number':
			return Number(v);
		case 'bigint':
			return BigInt(/** @type {string} */ (v));
		case 'date':
			return new Date(/** @type {number} */ (decode(/** @type {Encoded} */ (v))));
		case 'object':
			// fromEntries defines own properties, so "__proto__" stays a key, not a prototype.
			return Object.fromEntries(
				/** @type {Array<[string, Encoded]>} */ (v).map(([k, item]) => [k, decode(item)]),
			);
		case 'unknown':
			return { unknown: v };
		default:
			throw new Error(`taggedJson: unknown tag ${JSON.stringify(tag)}`);
	}
}

/** @param {object} value */
function isPlainObject(value) {
	const prototype = Object.getPrototypeOf(value);
	return prototype === null || prototype === Object.prototype;
}

/** @param {unknown} value */
function describe(value) {
	const kind = Object.prototype.toString.call(value);
	try {
		return `${kind} ${String(value)}`;
	} catch {
		return kind;
	}
}

/** @param {unknown} value @returns {string} */
const stringify = (value) => JSON.stringify(encode(value));

/** @param {string} text @returns {unknown} */
const parse = (text) => decode(JSON.parse(text));

module.exports = { encode, decode, stringify, parse };
