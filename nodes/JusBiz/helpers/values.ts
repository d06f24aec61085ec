/**
 * Readers for values whose shape nobody guarantees: JusBiz's JSON, credential fields, HTTP
 * headers, the node's parameters. None of them throws, so callers decide what a missing or odd
 * value means.
 */

import type { IDataObject, INode, NodeParameterValueType } from 'n8n-workflow';

import { redact } from './errors';

export type JsonRecord = Record<string, unknown>;

/**
 * The node's parameters for one item, read by type (the router builds the reader). Values an operator can fill by expression stay
 * `unknown` in `value`: the operation's rules check them and name the field when they are wrong.
 */
export interface ParameterReader {
	value(name: string, itemIndex: number, fallback?: NodeParameterValueType): unknown;
	/** A string (trimmed) or a number as text; '' for anything else. */
	text(name: string, itemIndex: number, fallback?: string): string;
	/** An expression may give "false" or 0; JusBiz expects a JSON boolean. */
	flag(name: string, itemIndex: number, fallback?: boolean): boolean;
	/** A collection's fields; empty when it is not set. */
	collection(name: string, itemIndex: number): IDataObject;
}

/** What a rule about one item's parameters reads of the item (an operation's call has it all). */
export interface ItemParameters {
	itemIndex: number;
	runContext: { node: INode; asTool: boolean; parameters: ParameterReader };
}

export function isRecord(value: unknown): value is JsonRecord {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The parsed JSON, or undefined when the text is not JSON. */
export function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

/**
 * The one reader of text: a string as it is, a finite number written out (JusBiz sends amounts
 * either way, and an expression may give a number where a field expects text); undefined for
 * anything else, so a caller says what a missing value reads as (`?? ''`).
 */
export function asText(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}

/** A member read case-insensitively: JusBiz's field tables and samples disagree on casing. */
export function field(record: JsonRecord, name: string): unknown {
	if (name in record) return record[name];
	const wanted = name.toLowerCase();
	const key = Object.keys(record).find((k) => k.toLowerCase() === wanted);
	return key === undefined ? undefined : record[key];
}

/** Node's and n8n's header maps: lower-cased names, a repeated header as an array. */
export type HeaderMap = Record<string, unknown>;

/** The first value of a header, or undefined when it is absent. */
export function headerValue(headers: HeaderMap, name: string): string | undefined {
	const value = headers[name] ?? headers[name.toLowerCase()];
	const first: unknown = Array.isArray(value) ? value[0] : value;
	return typeof first === 'string' ? first : undefined;
}

/**
 * The most characters of one value a message shows. Every value the package itself accepts in a
 * quoted field (a payout ID of 21, an amount, a date with its time zone) and every message JusBiz
 * documents (39 at most) fits whole, with room for an undocumented JusBiz sentence naming a
 * parameter; a 100 kB payout ID no longer makes a 100 kB message, which n8n stores with the
 * execution and logs.
 */
export const QUOTE_LENGTH = 100;

export interface QuoteOptions {
	/**
	 * Strings in double quotes (JSON-escaped, so a quote or a line break in the value cannot pass
	 * for the message's own text or a new log line); `false` for JusBiz's own sentences, which a
	 * message shows as they are.
	 */
	quotes?: boolean;
}

/**
 * A value as a message shows it, cut to QUOTE_LENGTH characters with its full length stated:
 * `"ABCDEFGH…" (100000 characters)`. Strings are quoted, anything else is shown as JSON. The
 * `secrets` are redacted before the cut: a cut through the middle of a secret would leave its
 * first half behind, where no later redaction can recognise it.
 */
export function quoteInput(
	value: unknown,
	secrets: readonly string[] = [],
	{ quotes = true }: QuoteOptions = {},
): string {
	const isString = typeof value === 'string';
	const full = isString ? value : jsonText(value);
	const text = redact(full, secrets);
	const cut = text.length > QUOTE_LENGTH;
	let shown = cut ? text.slice(0, QUOTE_LENGTH) : text;
	// Half of a surrogate pair is not a character; JSON would show it as an escape.
	if (cut && /[\uD800-\uDBFF]$/.test(shown)) shown = shown.slice(0, -1);
	if (cut) shown += '…';
	const body = isString && quotes ? JSON.stringify(shown) : shown;
	// The length the operator's own value has, which is how they will find it.
	return cut ? `${body} (${full.length} characters)` : body;
}

/** JSON for a value that is not a string; what JSON cannot show (undefined, a cycle) as text. */
function jsonText(value: unknown): string {
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		return Object.prototype.toString.call(value);
	}
}
