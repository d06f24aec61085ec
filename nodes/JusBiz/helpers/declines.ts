/**
 * What a failed authorization means, for the person who has to act on it. JusBiz sends a reason
 * text (and, per its table, a sub-type) but no code: the same "Do Not Honor" can mean an
 * over-charged card, a card used twice or a blocked account. Reading it never fails an item: a
 * reason the table does not list still gives a `decline`, with code `unknown`.
 *
 * Source: JusBiz documentation, resources › Transaction Decline Error Messages.
 */

import type { IDataObject } from 'n8n-workflow';

import { redactCardShapes } from './errors';
import { asText, field, quoteInput, type JsonRecord } from './values';

export type DeclineCode =
	| 'overCardAmount'
	| 'cardAlreadyUsed'
	| 'primaryCardUsed'
	| 'fundingCardNoFunds'
	| 'wrongSecurityCode'
	| 'pinNotVerified'
	| 'accountVerification'
	| 'accountBlocked'
	| 'issuerRejected'
	| 'suspectedFraud'
	| 'unknown';

// A type alias, not an interface, so that a Decline is an IDataObject value as it is.
export type Decline = {
	/** JusBiz's text as sent; '' when it sent none. */
	reason: string;
	/** The reason's sub-type (`SPVTA`, `ACCB`, …) as JusBiz gave it or as inferred; null if none. */
	subType: string | null;
	code: DeclineCode;
	meaning: string;
	action: string;
	/** False for an account verification, which JusBiz reports as a failure but is not one. */
	isDecline: boolean;
	/** True only when `subType` and `code` came from the amounts or the card's history. */
	inferred: boolean;
};

export interface DeclineRow {
	/** The reason texts as JusBiz writes them, stray punctuation included. */
	reasons: readonly string[];
	/** The sub-type the row is for; null: the reason has none. */
	subType: string | null;
	code: Exclude<DeclineCode, 'unknown'>;
	meaning: string;
	action: string;
	isDecline: boolean;
}

const row = (
	reasons: string | readonly string[],
	subType: string | null,
	code: DeclineRow['code'],
	isDecline: boolean,
	meaning: string,
	action: string,
): DeclineRow => ({
	reasons: typeof reasons === 'string' ? [reasons] : reasons,
	subType,
	code,
	meaning,
	action,
	isDecline,
});

/** JusBiz's table, one row per line: reason(s), sub-type, code, isDecline, meaning, action. */
// prettier-ignore
export const DECLINE_TABLE: readonly DeclineRow[] = [
	row('Do Not Honor', 'SPVTA', 'overCardAmount', true, 'The supplier tried to charge more than the amount the card was issued for.', "If the higher amount is right, raise the card's amount with JusBiz › Update, then ask the supplier to charge again."),
	row('Do Not Honor', 'SPVTC', 'cardAlreadyUsed', true, 'The supplier tried to charge the card again after its one successful payment.', 'Check whether the first payment settled the invoice; for a further payment, issue a new card with JusBiz › Create.'),
	row('RESTRICTED CARD', null, 'primaryCardUsed', true, "The supplier charged your company's primary (funding) card instead of the virtual card.", 'Ask the supplier to charge the virtual card, not the primary card; send its details again with JusBiz › Get Security Code.'),
	row('NOT SUFFICIENT FUNDS', null, 'fundingCardNoFunds', true, "Your company's primary (funding) card, which pays for the virtual card, had no funds available.", 'Fund the primary card named in cardAlias, then ask the supplier to charge again and check the result with JusBiz › Get Status.'),
	row(['INCORRECT CVV/ICVV)', 'INCORRECT CVV', 'DECLINE CVV2 FAILURE', 'NEGATIVE ONLINE CAM: dCVV'], null, 'wrongSecurityCode', true, 'The supplier gave a wrong security code (CVV), or none.', 'Send the supplier the security code again (JusBiz › Get Security Code) and ask them to charge again.'),
	row('CANNOT VERIFY PIN NO PVV', null, 'pinNotVerified', true, 'The card network could not verify a PIN for this payment.', 'Ask the supplier to charge the card as an online payment without a PIN; if it fails again, check the card with JusBiz › Get Status and ask JusBiz.'),
	row('NO REASON TO DECLINE', null, 'accountVerification', false, "Not a decline: a bank checked that the card is valid without charging it.", 'Nothing to do; JusBiz › Get Status shows whether a payment followed.'),
	row('Do Not Honor', 'ACCB', 'accountBlocked', true, 'The issuing bank has blocked the account behind the card.', 'Ask JusBiz or the issuing bank to unblock the account, or issue a new card with JusBiz › Create once it is unblocked.'),
	row('Do Not Honor', 'Not Applicable', 'issuerRejected', true, 'The issuing bank rejected the payment under VISA rules without giving a more precise reason.', "Check the card's amount, dates and controls with JusBiz › Get Status, then ask the supplier to charge again; if it fails again, ask JusBiz."),
	row('SUSPECTED FRAUD', null, 'suspectedFraud', true, "The issuing bank's fraud checks stopped the payment; it can go through once the bank has checked it.", 'Confirm the payment with JusBiz or the issuing bank, then ask the supplier to charge again and check the result with JusBiz › Get Status.'),
];

/** The code of a sub-typed reason whose sub-type is missing or one the table does not list. */
const UNLISTED_SUB_TYPE: DeclineRow['code'] = 'issuerRejected';

const UNKNOWN_ACTION =
	"Check the card's amount, dates and controls with JusBiz › Get Status, and ask JusBiz what the reason means.";

/**
 * Field names a sub-type may arrive under (JusBiz does not say where it travels), compared
 * case-insensitively and without `_` or `-`: `subType`, `sub_type`, `ERR_SUB_TYPE`, … all match.
 */
export const SUB_TYPE_FIELDS = [
	'subType',
	'reasonSubType',
	'errSubType',
	'errorSubType',
	'errMsgSubType',
	'errorMessageSubType',
	'declineSubType',
	'declineReasonSubType',
	'authDeclineSubType',
	'subErrorCode',
	'subErrCode',
	'subReason',
	'subReasonCode',
] as const;

const compact = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/g, '');
const SUB_TYPE_KEYS = new Set(SUB_TYPE_FIELDS.map(compact));

// Sub-types as JusBiz writes them, by their compact form; "N/A" and "NA" are JusBiz's "Not
// Applicable" written short.
const KNOWN_SUB_TYPES = new Map<string, string>([
	...DECLINE_TABLE.flatMap((r) => (r.subType ? [[compact(r.subType), r.subType] as const] : [])),
	['na', 'Not Applicable'],
]);
// A sub-type field holding one of these says there is none.
const NO_SUB_TYPE = new Set(['', 'none', 'null', 'nil', 'undefined']);

const ROWS_BY_REASON = new Map<string, DeclineRow[]>();
for (const entry of DECLINE_TABLE) {
	for (const reason of entry.reasons) {
		const key = compact(reason);
		ROWS_BY_REASON.set(key, [...(ROWS_BY_REASON.get(key) ?? []), entry]);
	}
}

/** Reasons that carry a sub-type, matched at the start of a text that goes on with it. */
const SUB_TYPED_REASONS = [
	...new Set(DECLINE_TABLE.filter((r) => r.subType !== null).flatMap((r) => r.reasons)),
].map((reason) => ({
	key: compact(reason),
	pattern: new RegExp(
		`^[^a-z0-9]*${reason
			.split(/[^A-Za-z0-9]+/)
			.filter(Boolean)
			.join('[^a-z0-9]*')}(?![a-z0-9])(.*)$`,
		'is',
	),
}));

export interface DeclineContext {
	/** A sub-type JusBiz sent as a field of its own; it wins over one written in the reason. */
	subType?: unknown;
	/** The failed transaction's amount and currency. */
	amount?: unknown;
	currency?: unknown;
	/** The card's amount (what it may be charged in all) and currency. */
	cardAmount?: unknown;
	cardCurrency?: unknown;
	/** The card had a successful authorization before this one and has no authorization left. */
	usedBefore?: boolean;
}

/**
 * What a failed authorization's reason means and what to do about it. Pure and total: any value
 * gives a Decline, `unknown` when the reason is not in JusBiz's table.
 */
export function explainDecline(reason: unknown, context: DeclineContext = {}): Decline {
	const text = reasonText(reason);
	const given = cleanSubType(context.subType);
	const exact = ROWS_BY_REASON.get(compact(text));
	const { rows, subType } = exact
		? { rows: exact, subType: given }
		: withSubTypeInText(text, given);
	if (!rows) return unknownDecline(text, subType);

	const plain = rows.find((r) => r.subType === null);
	if (plain) return fromRow(text, plain, subType, false);

	if (subType !== null) {
		const known = rows.find((r) => r.subType !== null && compact(r.subType) === compact(subType));
		return fromRow(text, known ?? unlisted(rows), known?.subType ?? subType, false);
	}
	const inferred = inferSubType(context);
	const match = inferred && rows.find((r) => r.subType === inferred);
	return match ? fromRow(text, match, inferred, true) : fromRow(text, unlisted(rows), null, false);
}

/**
 * The decline of a Trigger notification: for an `AuthorizationFailure` (either spelling JusBiz
 * has used), its `errMsg` explained with the notification's own amounts; undefined for any other
 * type.
 */
export function notificationDecline(notification: IDataObject): Decline | undefined {
	if (!isFailureStatus(field(notification, 'rqstType'))) return undefined;
	return explainDecline(field(notification, 'errMsg') ?? field(notification, 'errorMessage'), {
		subType: subTypeField(notification),
		amount: field(notification, 'tranAmnt'),
		currency: field(notification, 'tranCurrCd'),
		cardAmount: field(notification, 'payoutAmnt'),
		cardCurrency: field(notification, 'payoutCurrCd'),
	});
}

/**
 * Get Status's `authList` with a `decline` on every failed entry, explained against the card's
 * amount, currency and authorizations; other entries are left as they are.
 */
export function withDeclines(authList: readonly IDataObject[], card: IDataObject): IDataObject[] {
	const cardAmount = cardAmountOf(card);
	const noneLeft = amountOf(field(card, 'authRemaining'))?.units === 0n;
	return authList.map((entry) => {
		if (!isFailureStatus(field(entry, 'tranStatus'))) return entry;
		const decline = explainDecline(field(entry, 'errorMessage') ?? field(entry, 'errMsg'), {
			subType: subTypeField(entry),
			amount: field(entry, 'tranAmount'),
			currency: field(entry, 'tranCurrency'),
			cardAmount,
			cardCurrency: field(card, 'currency'),
			usedBefore: noneLeft && succeededBefore(authList, entry),
		});
		return { ...entry, decline };
	});
}

/** `AuthorizationFailure` and `AUTHORIZATION_FAILURE`, and spacing or case between them. */
function isFailureStatus(value: unknown): boolean {
	return typeof value === 'string' && compact(value) === 'authorizationfailure';
}

const isSuccessStatus = (value: unknown): boolean =>
	typeof value === 'string' && compact(value) === 'authorizationsuccess';

/** The value of the first field named like a sub-type (SUB_TYPE_FIELDS), if any. */
function subTypeField(record: JsonRecord): unknown {
	const key = Object.keys(record).find((name) => SUB_TYPE_KEYS.has(compact(name)));
	return key === undefined ? undefined : record[key];
}

function reasonText(reason: unknown): string {
	if (typeof reason === 'string') return reason;
	if (typeof reason === 'number' || typeof reason === 'boolean') return String(reason);
	return '';
}

/** A sub-type as given, trimmed of spacing and surrounding punctuation; null when there is none. */
function cleanSubType(value: unknown): string | null {
	if (typeof value !== 'string' && typeof value !== 'number') return null;
	const text = String(value)
		.replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '')
		.replace(/\s+/g, ' ');
	if (NO_SUB_TYPE.has(text.toLowerCase())) return null;
	return KNOWN_SUB_TYPES.get(compact(text)) ?? text;
}

/** A sub-typed reason followed by its sub-type in the same text (`Do Not Honor - SPVTA`). */
function withSubTypeInText(
	text: string,
	given: string | null,
): { rows: DeclineRow[] | undefined; subType: string | null } {
	for (const { key, pattern } of SUB_TYPED_REASONS) {
		const found = pattern.exec(text);
		if (found) return { rows: ROWS_BY_REASON.get(key), subType: given ?? cleanSubType(found[1]) };
	}
	return { rows: undefined, subType: given };
}

function unlisted(rows: readonly DeclineRow[]): DeclineRow {
	return rows.find((r) => r.code === UNLISTED_SUB_TYPE) ?? rows[0];
}

function fromRow(
	reason: string,
	entry: DeclineRow,
	subType: string | null,
	inferred: boolean,
): Decline {
	return {
		reason,
		subType,
		code: entry.code,
		meaning: entry.meaning,
		action: entry.action,
		isDecline: entry.isDecline,
		inferred,
	};
}

function unknownDecline(reason: string, subType: string | null): Decline {
	// The sentence is ours, so JusBiz's words are quoted as every message quotes them: cut, and
	// without anything shaped like a card number (an email to finance may carry it).
	const quoted = redactCardShapes(reason.replace(/\s+/g, ' ').trim());
	const shown = quoteInput(quoted);
	return {
		reason,
		subType,
		code: 'unknown',
		meaning:
			quoted === ''
				? 'JusBiz declined the payment without giving a reason.'
				: `JusBiz declined the payment with the reason ${shown}, which its list of decline reasons does not explain.`,
		action: UNKNOWN_ACTION,
		isDecline: true,
		inferred: false,
	};
}

/**
 * The sub-type the amounts show when JusBiz gave none: a charge above the card's amount (in the
 * same currency, or one side's currency unknown) is SPVTA; otherwise a card already used and with
 * no authorization left is SPVTC. Anything unreadable infers nothing.
 */
function inferSubType(context: DeclineContext): 'SPVTA' | 'SPVTC' | undefined {
	const amount = amountOf(context.amount);
	const cardAmount = amountOf(context.cardAmount);
	const currency = currencyOf(context.currency);
	const cardCurrency = currencyOf(context.cardCurrency);
	const sameCurrency = !currency || !cardCurrency || currency === cardCurrency;
	if (amount && cardAmount && sameCurrency && compareAmounts(amount, cardAmount) > 0) {
		return 'SPVTA';
	}
	return context.usedBefore ? 'SPVTC' : undefined;
}

function currencyOf(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value.trim().toUpperCase() : undefined;
}

/** An exact decimal: `units` / 10^`scale`. */
interface Amount {
	units: bigint;
	scale: number;
}

// Digits with an optional decimal part; thousands separators (1,000.00 or 1,00,000.00) allowed.
const AMOUNT_TEXT = /^\d+(?:,\d+)*(?:\.\d+)?$/;

/** A non-negative amount from a number or a string; undefined when it cannot be read. */
function amountOf(value: unknown): Amount | undefined {
	const text = asText(value)?.trim() ?? '';
	if (!AMOUNT_TEXT.test(text)) return undefined;
	const [whole, fraction = ''] = text.replace(/,/g, '').split('.');
	return { units: BigInt(whole + fraction), scale: fraction.length };
}

const rescale = (a: Amount, scale: number): bigint => a.units * 10n ** BigInt(scale - a.scale);

function compareAmounts(a: Amount, b: Amount): number {
	const scale = Math.max(a.scale, b.scale);
	const [x, y] = [rescale(a, scale), rescale(b, scale)];
	return x === y ? 0 : x > y ? 1 : -1;
}

/** The card's amount in Get Status: `payoutAmount`, else `orderAmount` + `gst`. */
function cardAmountOf(card: IDataObject): string | undefined {
	const payout = amountOf(field(card, 'payoutAmount'));
	if (payout) return amountText(payout);
	const order = amountOf(field(card, 'orderAmount'));
	const gstValue = field(card, 'gst');
	const gst =
		gstValue === undefined || gstValue === null || gstValue === ''
			? { units: 0n, scale: 0 }
			: amountOf(gstValue);
	if (!order || !gst) return undefined;
	const scale = Math.max(order.scale, gst.scale);
	return amountText({ units: rescale(order, scale) + rescale(gst, scale), scale });
}

function amountText({ units, scale }: Amount): string {
	const digits = units.toString().padStart(scale + 1, '0');
	return scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

// `YYYY-MM-DD HH:mm:ss` (or with a T, or fractions of a second), as one comparable string.
const TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?/;

function timeKey(value: unknown): string | undefined {
	const found = typeof value === 'string' ? TIME.exec(value.trim()) : null;
	if (!found) return undefined;
	const [, y, mo, d, h, mi, s = '00', f = ''] = found;
	return `${y}${mo}${d}${h}${mi}${s}.${f.padEnd(9, '0')}`;
}

/**
 * Whether the list shows a successful authorization strictly before `failed`. Only times are
 * trusted, not list order, which JusBiz does not document: an entry without a readable time shows
 * nothing.
 */
function succeededBefore(authList: readonly IDataObject[], failed: IDataObject): boolean {
	const failedAt = timeKey(field(failed, 'tranTime'));
	if (failedAt === undefined) return false;
	return authList.some((entry) => {
		if (entry === failed || !isSuccessStatus(field(entry, 'tranStatus'))) return false;
		const at = timeKey(field(entry, 'tranTime'));
		return at !== undefined && at < failedAt;
	});
}
