/**
 * The input rules of JusBiz's API pages, checked before any request: each failure names the field
 * and the rule, so the operator can fix the item without reading JusBiz's answer.
 */

import { asText, quoteInput } from './values';

/** Shows one input value inside a rule's message. */
export type Quote = (value: unknown) => string;

/**
 * A rule's failure. A message that quotes input is written as a function of the quoting: the
 * rules know no secrets, so the node error is made with `messageFor(secrets)`, which redacts each
 * quoted value before cutting it; `message` cuts without redacting, for tests and nothing else.
 */
export class ValidationError extends Error {
	private readonly compose: (quote: Quote) => string;

	constructor(
		message: string | ((quote: Quote) => string),
		readonly hint?: string,
	) {
		const compose = typeof message === 'string' ? () => message : message;
		super(compose((value) => quoteInput(value)));
		this.compose = compose;
		this.name = 'ValidationError';
	}

	/** The message, every quoted value redacted of `secrets` before it is cut. */
	messageFor(secrets: readonly string[]): string {
		return this.compose((value) => quoteInput(value, secrets));
	}
}

const PAYOUT_ID = /^[A-Za-z0-9_]{1,21}$/;
const AMOUNT = /^(\d{1,10})(?:\.(\d{1,2}))?$/;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DAY_PREFIX = /^(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const HAS_ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * The VISA currencies whose ISO 4217 minor unit is 0: an amount in them has no decimals.
 * (Currencies with three decimals are still limited to two by JusBiz's amount rule.)
 */
export const ZERO_DECIMAL_CURRENCIES = new Set([
	'BIF',
	'CLP',
	'DJF',
	'GNF',
	'ISK',
	'JPY',
	'KMF',
	'KRW',
	'PYG',
	'RWF',
	'UGX',
	'UYI',
	'VND',
	'VUV',
	'XAF',
	'XOF',
	'XPF',
]);

/** The merchant-category groups JusBiz documents for `rules.blockPayments`. */
export const BLOCK_PAYMENT_CODES = [
	['ATM', 'ATM cash withdrawals'],
	['ECOM', 'E-commerce'],
	['CNP', 'Card not present'],
	['NOC', 'NOC'],
	['ADT', 'ADT'],
	['XBR', 'All cross-border payments'],
	['FUEL', 'Fuel'],
	['HOT', 'Hotels'],
	['AUTO', 'Automobiles'],
	['AIR', 'Airlines'],
	['REST', 'Restaurants'],
	['JEWL', 'Jewellery'],
	['ELEC', 'Electronics'],
	['ALC', 'Alcohol'],
	['GTM', 'GTM'],
	['OSS', 'OSS'],
	['GROC', 'Groceries'],
] as const;
const BLOCK_CODES = new Set<string>(BLOCK_PAYMENT_CODES.map(([code]) => code));

export function payoutIdRule(payoutId: string): string {
	if (payoutId === '') {
		throw new ValidationError(
			'the payout ID is empty',
			'Set "Payout ID", for example to the expression {{ $json.payoutId }}.',
		);
	}
	if (!PAYOUT_ID.test(payoutId)) {
		throw new ValidationError(
			`"Payout ID" must be at most 21 letters, digits or underscores (got ${payoutId.length} characters${/[^A-Za-z0-9_]/.test(payoutId) ? ' including others' : ''})`,
		);
	}
	return payoutId;
}

export function currencyRule(value: unknown, field: string): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!/^[A-Za-z]{3}$/.test(text)) {
		throw new ValidationError(`"${field}" must be a three-letter ISO 4217 code such as INR`);
	}
	return text.toUpperCase();
}

/**
 * An amount as JusBiz wants it: a string of at most 10 digits and 2 decimals (none for the
 * zero-decimal currencies). A number keeps its shortest form; a string from an expression is kept
 * as written, so "100.50" stays "100.50".
 */
export function amountRule(
	value: unknown,
	field: string,
	currency: string | undefined,
	allowZero = false,
): string {
	const text = asText(value)?.trim() ?? '';
	const match = AMOUNT.exec(text);
	if (!match) {
		throw new ValidationError(
			(quote) =>
				`"${field}" must be a ${allowZero ? 'non-negative' : 'positive'} amount with at most 10 digits and 2 decimals (got ${quote(value)})`,
		);
	}
	if (!allowZero && Number(text) === 0) {
		throw new ValidationError(`"${field}" must be more than 0`);
	}
	if (currency && ZERO_DECIMAL_CURRENCIES.has(currency) && match[2] && Number(match[2]) !== 0) {
		throw new ValidationError(`"${field}" must be a whole amount: ${currency} has no decimals`);
	}
	return currency && ZERO_DECIMAL_CURRENCIES.has(currency)
		? match[1].replace(/^0+(?=\d)/, '')
		: text;
}

/**
 * A dateTime parameter as the day JusBiz reads (YYYY-MM-DD, UTC). A value with a time zone (Z or
 * an offset, as expressions such as $now give) is converted to UTC; a value without one (what the
 * date picker gives) names its day as written.
 */
export function dayRule(value: unknown, field: string): string {
	let text: string | undefined;
	if (value instanceof Date) text = value.toISOString();
	else if (typeof value === 'string') text = value.trim();
	else if (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as { toISO?: unknown }).toISO === 'function'
	) {
		// A Luxon DateTime from an expression.
		text = String((value as { toISO: () => string }).toISO());
	}
	const invalid = () =>
		new ValidationError((quote) => `"${field}" must be a valid date (got ${quote(value)})`);
	if (!text) throw invalid();
	let day: string | undefined;
	if (HAS_ZONE.test(text)) {
		const time = Date.parse(text);
		if (Number.isNaN(time)) throw invalid();
		day = new Date(time).toISOString().slice(0, 10);
	} else {
		day = ISO_DAY_PREFIX.exec(text)?.[1];
	}
	const parts = day ? ISO_DAY.exec(day) : null;
	if (!day || !parts) throw invalid();
	const [, y, m, d] = parts.map(Number);
	const check = new Date(Date.UTC(y, m - 1, d));
	if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) {
		throw invalid();
	}
	return day;
}

export function todayUtc(): string {
	return new Date().toISOString().slice(0, 10);
}

export function dateOrderRule(startDate: string, endDate: string, startField: string): void {
	if (endDate < startDate) {
		throw new ValidationError(
			`"End Date" (${endDate}) must not be before ${startField} (${startDate})`,
		);
	}
}

/** "5013-6051, 7011" → [{ min: "5013", max: "6051" }, { min: "7011", max: "7011" }]. */
export function mccRangesRule(value: unknown, field: string): Array<{ min: string; max: string }> {
	const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
	const ranges: Array<{ min: string; max: string }> = [];
	for (const entry of text.split(',').map((part) => part.trim())) {
		if (entry === '') continue;
		const match = /^(\d{4})(?:\s*-\s*(\d{4}))?$/.exec(entry);
		if (!match) {
			throw new ValidationError(
				(quote) =>
					`"${field}" must list four-digit merchant category codes or ranges such as 5013-6051, 7011 (got ${quote(entry)})`,
			);
		}
		const [, min, max = min] = match;
		if (Number(min) > Number(max)) {
			// The codes as read, not the entry: its spaces around the "-" are unbounded.
			throw new ValidationError(
				`"${field}" has the range ${min}-${max}, whose start is above its end`,
			);
		}
		ranges.push({ min, max });
	}
	if (ranges.length === 0) {
		throw new ValidationError(`"${field}" is empty; remove it or list at least one code`);
	}
	return ranges;
}

export function blockPaymentsRule(value: unknown): string[] {
	const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
	const codes = list.map((code) => String(code).trim().toUpperCase()).filter(Boolean);
	const unknown = [...new Set(codes.filter((code) => !BLOCK_CODES.has(code)))];
	if (unknown.length > 0) {
		// One quoted value for them all: an expression can give thousands.
		throw new ValidationError(
			(quote) =>
				`"Block Payments" has ${quote(unknown.join(', '))}, which JusBiz does not list; use ${[...BLOCK_CODES].join(', ')}`,
		);
	}
	return [...new Set(codes)];
}

export function maxLengthRule(value: unknown, field: string, max: number): string {
	const text =
		typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
	if (text === '') throw new ValidationError(`"${field}" is empty`);
	if (text.length > max) {
		throw new ValidationError(`"${field}" must be at most ${max} characters (got ${text.length})`);
	}
	return text;
}
