/**
 * Create's terms against a card JusBiz already has under the payout ID. A payout ID is the
 * corporate's own key for one invoice: the same ID with the same terms is the same card (a re-run,
 * a retry, a lost answer), the same ID with other terms is a mistake to name, never a card to take.
 */

import type { IDataObject } from 'n8n-workflow';

import { attempt, redactApiText } from './errors';
import { asText, isRecord, quoteInput, type JsonRecord } from './values';
import { dayRule, ValidationError, ZERO_DECIMAL_CURRENCIES } from './validate';

/** Card states whose payout ID can no longer stand for a usable card. */
const GONE_STATES = new Set(['DELETED', 'EXPIRED']);
/** The states of a card that is still the one the payout ID was issued for. */
const LIVE_STATES = new Set(['ISSUED', 'PARTIALLY_REDEEMED', 'REDEEMED']);
/** What a term JusBiz did not return compares as: never equal to a term that was sent. */
const NOT_RETURNED = '(not returned)';

interface Term {
	label: string;
	asked: string;
	existing: string;
}

/**
 * Throws, naming every term that differs, unless the card JusBiz holds (its Get Status fields) has
 * the terms of `body`, the Create request that was to be sent. The expense category, which Get
 * Status does not return, cannot be compared and is left out; any other term sent but not
 * returned counts as different, since the card cannot be shown to be the one asked for.
 */
export function requireSameTerms(
	payoutId: string,
	body: IDataObject,
	card: IDataObject,
	secrets: readonly string[],
): void {
	const state = asText(card.state)?.toUpperCase() ?? '';
	const payout = quoteInput(payoutId, secrets);
	if (GONE_STATES.has(state)) {
		throw new ValidationError(
			`the payout ID ${payout} belongs to ${state === 'DELETED' ? 'a deleted' : 'an expired'} card (state ${state}); it cannot be issued again`,
			'Use a new payout ID for a new card.',
		);
	}
	if (!LIVE_STATES.has(state)) {
		throw new ValidationError(
			`the payout ID ${payout} already has a card whose state JusBiz gave as ${state === '' ? '(none)' : quoteInput(redactApiText(state, secrets))}; it cannot be taken as the one asked for`,
			'Check the card with Get Status, then use a new payout ID or Update.',
		);
	}
	const currency = String(body.currency).toUpperCase();
	const differing = compareTerms(body, card, currency).filter(
		(term) => term.asked !== term.existing,
	);
	if (differing.length === 0) return;
	// Both sides are redacted, before they are cut: a UDF may hold anything, on either side.
	const shown = (value: string) => quoteInput(redactApiText(value, secrets), [], { quotes: false });
	const list = differing
		.map(
			(term) =>
				`"${term.label}": asked ${shown(term.asked)}, the existing card has ${shown(term.existing)}`,
		)
		.join('; ');
	throw new ValidationError(
		`the payout ID ${payout} already has a card with other terms: ${list}`,
		'Use a new payout ID for a new card, or the Update operation to change this one.',
	);
}

/** Every term Create sent that Get Status returns, in a form where equal means the same. */
function compareTerms(body: IDataObject, card: IDataObject, currency: string): Term[] {
	const terms: Term[] = [];
	const add = (label: string, asked: string | undefined, existing: string | undefined) => {
		if (asked !== undefined) terms.push({ label, asked, existing: existing ?? NOT_RETURNED });
	};
	const amount = (value: unknown) => amountText(value, currency);
	add('Order Amount', amount(body.orderAmount), amount(card.orderAmount));
	if (body.gst !== undefined) add('GST', amount(body.gst), amount(card.gst));
	add('Currency', code(body.currency), code(card.currency));
	if (body.startDate !== undefined) add('Start Date', day(body.startDate), day(card.startDate));
	add('End Date', day(body.endDate), day(card.endDate));
	add('Card Alias', code(body.cardAlias), code(card.cardAlias));
	const udfs = isRecord(card.userDefinedFields) ? card.userDefinedFields : {};
	for (let n = 1; n <= 10; n++) {
		const name = `udf${n}`;
		if (body[name] !== undefined) add(`UDF ${n}`, text(body[name]), text(udfs[name]));
	}
	if (isRecord(body.rules)) {
		terms.push(...ruleTerms(body.rules, isRecord(card.rules) ? card.rules : {}, currency));
	}
	return terms;
}

function ruleTerms(asked: JsonRecord, existing: JsonRecord, currency: string): Term[] {
	const terms: Term[] = [];
	if (asked.blockPayments !== undefined) {
		terms.push({
			label: 'Block Payments',
			asked: codeSet(asked.blockPayments),
			existing: codeSet(existing.blockPayments),
		});
	}
	const askedRange = isRecord(asked.amountRange) ? asked.amountRange : {};
	const existingRange = isRecord(existing.amountRange) ? existing.amountRange : {};
	for (const [bound, label] of [
		['min', 'Minimum Amount'],
		['max', 'Maximum Amount'],
	] as const) {
		if (askedRange[bound] === undefined) continue;
		terms.push({
			label,
			asked: amountText(askedRange[bound], currency) ?? '(none)',
			existing: amountText(existingRange[bound], currency) ?? '(none)',
		});
	}
	for (const [name, label] of [
		['mccBlock', 'MCC Block'],
		['mccAllow', 'MCC Allow'],
	] as const) {
		if (asked[name] === undefined) continue;
		terms.push({ label, asked: rangeSet(asked[name]), existing: rangeSet(existing[name]) });
	}
	return terms;
}

/** An amount in the currency's decimals (2, or 0 for JPY and the like): "9" and "9.00" agree. */
function amountText(value: unknown, currency: string): string | undefined {
	const written = asText(value)?.trim();
	if (written === undefined || written === '' || !Number.isFinite(Number(written))) return written;
	return Number(written).toFixed(ZERO_DECIMAL_CURRENCIES.has(currency) ? 0 : 2);
}

/** The UTC day of a date, read by the rule Create's dates go out by; unreadable text as it is. */
function day(value: unknown): string | undefined {
	const text = asText(value)?.trim();
	if (text === undefined) return undefined;
	const read = attempt(() => dayRule(text, 'date'));
	return read.ok ? read.value : text;
}

function code(value: unknown): string | undefined {
	return asText(value)?.trim().toUpperCase();
}

function text(value: unknown): string | undefined {
	return asText(value)?.trim();
}

/** A list of codes as a set: order and case do not matter. */
function codeSet(value: unknown): string {
	const list = Array.isArray(value) ? value : [];
	const codes = [...new Set(list.map((item) => String(item).trim().toUpperCase()))].sort();
	return codes.length > 0 ? codes.join(', ') : '(none)';
}

/** Merchant-category ranges as a set of "min-max". */
function rangeSet(value: unknown): string {
	const list = Array.isArray(value) ? value : [];
	const ranges = list
		.filter(isRecord)
		.map((range) => {
			const min = asText(range.min)?.trim() ?? '';
			const max = asText(range.max)?.trim() ?? min;
			return min === max ? min : `${min}-${max}`;
		})
		.sort();
	return ranges.length > 0 ? [...new Set(ranges)].join(', ') : '(none)';
}
