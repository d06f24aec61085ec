import { sleep, type IDataObject, type INodeExecutionData } from 'n8n-workflow';

import { PATHS } from '../baseUrl';
import { cardImageBinary } from '../cardImage';
import { decodeResponse, readCardImage, type Answer } from '../decodeResponse';
import { JusBizFailure, settle } from '../errors';
import { backoffMs, postToJusBiz } from '../transport';
import {
	amountRule,
	currencyRule,
	dateOrderRule,
	dayRule,
	maxLengthRule,
	todayUtc,
	ValidationError,
} from '../validate';
import { callSettled, type ItemCall } from './call';
import { cardRules, isSet, type CardControls } from './cardControls';
import { outputJson, responseFields } from './fields';
import { findCard, STATUS_LISTS } from './getStatus';

export interface CreateParameters {
	orderAmount: unknown;
	currency: unknown;
	endDate: unknown;
	cardAlias: unknown;
	additionalFields: IDataObject;
	cardControls: CardControls;
	isCardImageRequired: boolean;
}

const UDFS = Array.from({ length: 10 }, (_, n) => `udf${n + 1}`);

/** The provision body of a Create, every rule checked first. */
export function createBody(payoutId: string, p: CreateParameters): IDataObject {
	const currency = currencyRule(p.currency, 'Currency');
	const extra = p.additionalFields;
	const endDate = dayRule(p.endDate, 'End Date');
	const startDate = isSet(extra.startDate) ? dayRule(extra.startDate, 'Start Date') : undefined;
	// JusBiz starts the card today (UTC) when no start date is given.
	dateOrderRule(startDate ?? todayUtc(), endDate, startDate ? '"Start Date"' : 'today (UTC)');
	const body: IDataObject = {
		payoutId,
		action: 'create',
		orderAmount: amountRule(p.orderAmount, 'Order Amount', currency),
		currency,
		endDate,
		cardAlias: maxLengthRule(p.cardAlias, 'Card Alias', 21),
	};
	if (startDate) body.startDate = startDate;
	if (isSet(extra.gst)) body.gst = amountRule(extra.gst, 'GST', currency, true);
	const udfs = UDFS.filter((name) => isSet(extra[name]));
	if (isSet(extra.expenseCategoryId)) {
		body.expenseCategoryId = String(extra.expenseCategoryId).trim();
	} else if (udfs.length > 0) {
		throw new ValidationError(
			`"${udfs[0].toUpperCase()}" needs "Expense Category ID": JusBiz reads user-defined fields only for an expense category`,
		);
	}
	for (const name of udfs) body[name] = String(extra[name]);
	const rules = cardRules(p.cardControls, currency);
	if (rules) body.rules = rules;
	body.isCardImageRequired = p.isCardImageRequired;
	return body;
}

const ALREADY_EXISTS = /already exists|already created|duplicate/i;
const UNKNOWN_STATE_HINT =
	'Use Get Status for this payout ID before creating the card again: JusBiz may have issued it.';

/**
 * Create never issues a card twice. When its answer is lost (reset, cut-off answer, time-out), or a
 * repeated Create is told the card already exists, JusBiz is asked whether the card exists: if it
 * does, the item succeeds with it (`recovered: true`); only if JusBiz says it does not is Create
 * sent again. 429 and 502–504 answers, where JusBiz did not act, are repeated as for every call.
 */
export async function createCard(
	item: ItemCall,
	p: CreateParameters,
	binaryPropertyName: string,
): Promise<INodeExecutionData> {
	const body = createBody(item.payoutId, p);
	const { maxRetries } = item.transport;
	for (let sent = 0; ;) {
		// Resets and time-outs are resolved below, never by sending Create again blind.
		const outcome = await settle(callSettled(item, PATHS.provision, body, false));
		if (!outcome.ok) {
			const { error } = outcome;
			if (!(error instanceof JusBizFailure && error.details.ambiguous)) throw error;
			sent += 1;
			const existing = await lookUp(item, error);
			if (existing) {
				return await recovered(item, existing, p.isCardImageRequired, binaryPropertyName);
			}
			if (sent > maxRetries) {
				throw new JusBizFailure(
					'network',
					`${error.message}; JusBiz confirmed that no card was created (${sent} attempts)`,
					error.details,
				);
			}
			await sleep(backoffMs(sent, item.transport.maxRetryWait));
			continue;
		}
		const { answer, failure, attempts } = outcome.value;
		sent += attempts;
		if (answer) {
			const image = readCardImage(answer, p.isCardImageRequired);
			return await withImage(item, answer, responseFields(answer), image, binaryPropertyName);
		}
		const failed = failure as JusBizFailure;
		// Only a repeated request may meet the card it created itself; on a first request the
		// payout ID belongs to another card, and taking that one would pay the wrong supplier.
		if (sent > 1 && ALREADY_EXISTS.test(failed.details.apiMessage ?? '')) {
			const existing = await lookUp(item, failed);
			if (existing) {
				return await recovered(item, existing, p.isCardImageRequired, binaryPropertyName);
			}
		}
		throw failed;
	}
}

async function lookUp(item: ItemCall, cause: JusBizFailure): Promise<Answer | undefined> {
	const found = await settle(findCard(item));
	if (found.ok) return found.value;
	const reason =
		found.error instanceof JusBizFailure ? found.error.message : 'the status request failed';
	throw new JusBizFailure(
		'network',
		`${cause.message}; whether the card was created is unknown (Get Status: ${reason})`,
		{ ...cause.details, hint: UNKNOWN_STATE_HINT, ambiguous: true },
	);
}

async function recovered(
	item: ItemCall,
	status: Answer,
	isCardImageRequired: boolean,
	binaryPropertyName: string,
): Promise<INodeExecutionData> {
	let image: string | undefined;
	if (isCardImageRequired) {
		// Get Status has no image; the security-code call does (its code is not used here).
		const response = await postToJusBiz(
			item.context,
			{ path: PATHS.securityCode, body: { payoutId: item.payoutId, isCardImageRequired: true } },
			item.transport,
		);
		image = (
			await decodeResponse(
				response,
				{ ...item.run.keys, isCardImageRequired: true, payoutId: item.payoutId },
				item.run.secrets,
			)
		).cardImage;
	}
	const fields = { ...responseFields(status, STATUS_LISTS), recovered: true };
	return await withImage(item, status, fields, image, binaryPropertyName);
}

async function withImage(
	item: ItemCall,
	answer: Answer,
	fields: IDataObject,
	image: string | undefined,
	binaryPropertyName: string,
): Promise<INodeExecutionData> {
	const json = outputJson(answer, item.payoutId, fields);
	const output: INodeExecutionData = { json, pairedItem: { item: item.itemIndex } };
	if (image !== undefined) {
		output.binary = {
			[binaryPropertyName]: await cardImageBinary(item.context, image, String(json.payoutId)),
		};
	}
	return output;
}
