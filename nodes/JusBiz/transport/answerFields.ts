/**
 * JusBiz's field tables and samples disagree on casing (SecurityCode / securityCode), so answers
 * are read case-insensitively and output under the documented camelCase names.
 */

import type { IDataObject } from 'n8n-workflow';

import type { Answer } from './decode';
import { withDeclines } from '../helpers/declines';
import { isRecord, type JsonRecord } from '../helpers/values';

const RESPONSE_FIELDS = [
	'token',
	'expiry',
	'state',
	'startDate',
	'endDate',
	'orderAmount',
	'gst',
	'payoutAmount',
	'redeemedAmount',
	'balanceAmount',
	'currency',
	'authPerformed',
	'authRemaining',
	'cardLastFourDigits',
	'cardAlias',
	'cardNetwork',
	'cardIssuerBankName',
	'rules',
	'userDefinedFields',
	'authList',
	'settlementDetails',
	'securityCode',
	'isDeleted',
	'cardImage',
];
const AUTH_FIELDS = [
	'tranTime',
	'tranId',
	'tranAmount',
	'tranCurrency',
	'tranStatus',
	'merchantCategoryCode',
	'merchantCity',
	'merchantCountry',
	'supplierName',
	'errorMessage',
];
const SETTLEMENT_FIELDS = [
	'transactionReferenceNumber',
	'transactionDateTime',
	'billingAmount',
	'billingCurrencyCode',
	'sourceAmount',
	'sourceCurrencyCode',
	'transactionTypeCode',
	'transactionTypeDetail',
	'supplierName',
	'supplierISOCurrencyCode',
];
const LISTS: Record<string, string[]> = {
	authList: AUTH_FIELDS,
	settlementDetails: SETTLEMENT_FIELDS,
};
// The top-level fields of every answer, output separately and first.
const ENVELOPE = new Set(['status', 'payoutid', 'message', 'response', 'encryptedresponse']);

const byLowerCase = (names: string[]) => new Map(names.map((name) => [name.toLowerCase(), name]));
const RESPONSE_NAMES = byLowerCase(RESPONSE_FIELDS);

/** Renames known keys to their documented spelling; unknown keys keep their own. */
function canonical(record: JsonRecord, names: Map<string, string>): IDataObject {
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(record)) {
		out[names.get(key.toLowerCase()) ?? key] = value as IDataObject[string];
	}
	return out;
}

function asList(value: unknown, fields: string[]): IDataObject[] {
	const names = byLowerCase(fields);
	const list = Array.isArray(value) ? value : isRecord(value) ? [value] : [];
	return list.filter(isRecord).map((entry) => canonical(entry, names));
}

/**
 * The answer's `response` fields (and any card fields a sample put at the top level) under their
 * documented names, without the card image, which goes to binary. `lists` are always arrays.
 * Every failed authorization in an `authList` gets its `decline`, whichever operation's answer
 * held the list, so that Get Status, Create's recovered card and Update say the same.
 */
export function responseFields(answer: Answer, lists: string[] = []): IDataObject {
	const top: JsonRecord = {};
	for (const [key, value] of Object.entries(answer.top)) {
		if (!ENVELOPE.has(key.toLowerCase()) && RESPONSE_NAMES.has(key.toLowerCase())) top[key] = value;
	}
	const fields = canonical({ ...top, ...answer.response }, RESPONSE_NAMES);
	delete fields.cardImage;
	for (const name of lists) fields[name] = asList(fields[name], LISTS[name]);
	const { authList } = fields;
	if (Array.isArray(authList) || isRecord(authList)) {
		fields.authList = withDeclines(asList(authList, AUTH_FIELDS), fields);
	}
	return fields;
}

/** `{ status, payoutId, message, …fields }`, the output of every virtual-card operation. */
export function outputJson(answer: Answer, payoutId: string, fields: IDataObject): IDataObject {
	return {
		status: answer.status,
		payoutId: answer.payoutId || payoutId,
		message: answer.message,
		...fields,
	};
}

/** Answer fields that are always output as lists, even when JusBiz sends one object or none. */
const STATUS_LISTS = ['authList', 'settlementDetails'];

/** A Create or Update answer as they output it: the card. */
export function cardFields(answer: Answer, payoutId: string): IDataObject {
	return outputJson(answer, payoutId, responseFields(answer));
}

/** A status answer as Get Status outputs it (Create and Delete output a card they found so). */
export function statusFields(answer: Answer, payoutId: string): IDataObject {
	return outputJson(answer, payoutId, responseFields(answer, STATUS_LISTS));
}
