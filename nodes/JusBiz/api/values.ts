/**
 * Readers for values whose shape nobody guarantees: JusBiz's JSON, credential fields, HTTP
 * headers. None of them throws, so callers decide what a missing or odd value means.
 */

export type JsonRecord = Record<string, unknown>;

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

/** A string field as it is, '' for anything else (a credential field that was never set). */
export function textOf(value: unknown): string {
	return typeof value === 'string' ? value : '';
}

/** A string or a number as text, as JusBiz sends amounts either way; undefined otherwise. */
export function asText(value: unknown): string | undefined {
	return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
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
