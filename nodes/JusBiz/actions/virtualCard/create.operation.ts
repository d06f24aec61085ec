/**
 * Create: issue a virtual card for a payout. Never issues a card twice: see `createCard`.
 */

import {
	sleep,
	type IDataObject,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { cardFields, statusFields } from '../../transport/answerFields';
import { cardRules, isSet, type CardControls } from '../../helpers/cardControls';
import { readCardImageChoice, withCardImage, type CardImageChoice } from '../../helpers/cardImage';
import { requireFixedCurrency, requireWithinCeiling } from '../../helpers/ceiling';
import { JusBizFailure, settle } from '../../helpers/errors';
import { requireSameTerms } from '../../helpers/sameTerms';
import {
	amountRule,
	currencyRule,
	dateOrderRule,
	dayRule,
	maxLengthRule,
	todayUtc,
	ValidationError,
} from '../../helpers/validate';
import { asText } from '../../helpers/values';
import { readCardImage, type Answer } from '../../transport/decode';
import { findCard, requestSecurityCode } from '../../transport/endpoints';
import { PATHS } from '../../transport/paths';
import { backoffMs } from '../../transport/http';
import { requestOutcome } from '../../transport/request';
import {
	amountField,
	cardControlsField,
	cardImageFields,
	maxOrderAmountField,
	payoutIdField,
	requestOptions,
} from '../common.descriptions';
import type { ItemCall, Operation } from '../operation';

const UDFS = Array.from({ length: 10 }, (_, n) => `udf${n + 1}`);

const udfFields: INodeProperties[] = UDFS.map((name, n) => ({
	displayName: `UDF ${n + 1}`,
	name,
	type: 'string',
	default: '',
	description: `User-defined field ${n + 1} of the expense category`,
}));

const ifCardExistsOption: INodeProperties = {
	displayName: 'If the Card Already Exists',
	name: 'ifCardExists',
	type: 'options',
	default: 'useIfSame',
	description:
		'What to do when JusBiz already has a card under the payout ID, as after n8n retries or re-runs the workflow',
	options: [
		{
			name: 'Use It if Its Terms Are the Same',
			value: 'useIfSame',
			description:
				'Output the existing card (recovered: true) when every term compares equal; fail naming each term that differs',
		},
		{
			name: 'Fail',
			value: 'fail',
			description: 'Fail the item, unless this very request made the card and its answer was lost',
		},
	],
};

// The editor lists a collection's options by display name, as n8n's lint requires.
const label = (option: { displayName?: string; name: string }) => option.displayName ?? option.name;

const properties: INodeProperties[] = [
	payoutIdField,
	maxOrderAmountField,
	{
		...amountField(
			'Order Amount',
			'orderAmount',
			'The amount the card is for (with GST, the most it can be redeemed for)',
		),
		required: true,
	},
	{
		displayName: 'Currency',
		name: 'currency',
		type: 'string',
		required: true,
		default: 'INR',
		description: 'ISO 4217 code of a VISA-supported currency',
	},
	{
		displayName: 'End Date',
		name: 'endDate',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'The last day the card can be used (sent as a UTC day, YYYY-MM-DD)',
	},
	{
		displayName: 'Card Alias',
		name: 'cardAlias',
		type: 'string',
		required: true,
		default: '',
		description:
			'Alias of the primary (funding) card the virtual card is issued against, from the JusBiz dashboard',
	},
	...cardImageFields,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Expense Category ID',
				name: 'expenseCategoryId',
				type: 'string',
				default: '',
				description: 'From the JusBiz dashboard; needed for the user-defined fields',
			},
			amountField('GST', 'gst', 'Added to the order amount'),
			{
				displayName: 'Start Date',
				name: 'startDate',
				type: 'dateTime',
				default: '',
				description: 'The first day the card can be used (UTC); JusBiz uses today when empty',
			},
			...udfFields,
		],
	},
	cardControlsField,
	{
		...requestOptions,
		options: [...(requestOptions.options ?? []), ifCardExistsOption].sort((a, b) =>
			label(a).localeCompare(label(b)),
		),
	},
];

export interface CreateParameters {
	orderAmount: unknown;
	currency: unknown;
	endDate: unknown;
	cardAlias: unknown;
	additionalFields: IDataObject;
	cardControls: CardControls;
	isCardImageRequired: boolean;
}

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

/** The item's Create parameters, typed as the rules in `createBody` expect them. */
function readCreateParameters(call: ItemCall): {
	parameters: CreateParameters;
	image: CardImageChoice;
	useIfSame: boolean;
} {
	const { parameters } = call.runContext;
	const i = call.itemIndex;
	const image = readCardImageChoice(call);
	return {
		image,
		useIfSame: parameters.collection('options', i).ifCardExists !== 'fail',
		parameters: {
			orderAmount: parameters.value('orderAmount', i),
			currency: parameters.value('currency', i, 'INR'),
			endDate: parameters.value('endDate', i),
			cardAlias: parameters.value('cardAlias', i),
			additionalFields: parameters.collection('additionalFields', i),
			cardControls: parameters.collection('cardControls', i),
			isCardImageRequired: image.wanted,
		},
	};
}

export const create: Operation = {
	resource: 'virtualCard',
	option: {
		name: 'Create',
		value: 'create',
		description: 'Issue a virtual card for a payout',
		action: 'Create a virtual card for a payout ID, an order amount and an end date',
	},
	properties,
	byPayoutId: true,
	offeredToTools: true,
	execute: async (call) => {
		const { asTool } = call.runContext;
		if (asTool) requireFixedCurrency(call, false);
		const { parameters, image, useIfSame } = readCreateParameters(call);
		const body = createBody(call.payoutId, parameters);
		if (asTool) requireWithinCeiling(call, [asText(body.orderAmount), asText(body.gst) ?? '0']);
		return await createCard(call, body, image, useIfSame);
	},
};

/**
 * Create never issues a card twice, nor loses one. When its answer is lost (reset, cut-off answer,
 * time-out), or JusBiz says the payout ID exists (after a repeat, or with "If the Card Already
 * Exists" at its default), JusBiz is asked for the card: one with the same terms is the item's
 * card (`recovered: true`), one with other terms fails the item naming them. Only if JusBiz says
 * there is no card is Create sent again. 429 and 502–504 answers, where JusBiz did not act, are
 * repeated as for every call.
 */
async function createCard(
	call: ItemCall,
	body: IDataObject,
	image: CardImageChoice,
	useIfSame: boolean,
): Promise<INodeExecutionData> {
	const { maxRetries, maxRetryWait } = call.transport;
	for (let sent = 0; ;) {
		// Resets and time-outs are resolved below, never by sending Create again blind.
		const outcome = await settle(
			requestOutcome(call, PATHS.provision, body, { repeatAmbiguous: false }),
		);
		if (!outcome.ok) {
			const { error } = outcome;
			if (!(error instanceof JusBizFailure && error.details.ambiguous)) throw error;
			sent += 1;
			const existing = await lookUp(call, error);
			if (existing) return await recovered(call, existing, body, image);
			if (sent > maxRetries) {
				throw new JusBizFailure(
					'network',
					`${error.message}; JusBiz confirmed that no card was created (${sent} attempts)`,
					error.details,
				);
			}
			await sleep(backoffMs(sent, maxRetryWait));
			continue;
		}
		const result = outcome.value;
		sent += result.attempts;
		if (result.ok) {
			const { answer } = result;
			// An image nobody asked for is not passed on.
			const cardImage = image.wanted ? readCardImage(answer, true) : undefined;
			return await withCardImage(call, cardFields(answer, call.payoutId), cardImage, image.field);
		}
		const { failure } = result;
		// A repeated request may meet the card it created itself; a first request meets a card made
		// earlier (a re-run), taken only when the operator lets it and its terms are the same.
		if ((sent > 1 || useIfSame) && ALREADY_EXISTS.test(failure.details.apiMessage ?? '')) {
			const existing = await lookUp(call, failure);
			if (existing) return await recovered(call, existing, body, image);
		}
		throw failure;
	}
}

async function lookUp(call: ItemCall, cause: JusBizFailure): Promise<Answer | undefined> {
	const found = await settle(findCard(call));
	if (found.ok) return found.value;
	const reason =
		found.error instanceof JusBizFailure ? found.error.message : 'the status request failed';
	// After "already exists" the card is there; only its terms are unknown.
	const unknown = ALREADY_EXISTS.test(cause.details.apiMessage ?? '')
		? 'its card could not be read to compare its terms'
		: 'whether the card was created is unknown';
	throw new JusBizFailure('network', `${cause.message}; ${unknown} (Get Status: ${reason})`, {
		...cause.details,
		hint: UNKNOWN_STATE_HINT,
		ambiguous: true,
	});
}

/**
 * The card found by Get Status, as Create's output with the image when it was asked for, once its
 * terms proved to be those of `body`.
 */
async function recovered(
	call: ItemCall,
	status: Answer,
	body: IDataObject,
	image: CardImageChoice,
): Promise<INodeExecutionData> {
	const fields = statusFields(status, call.payoutId);
	requireSameTerms(call.payoutId, body, fields, call.runContext.secrets);
	// Get Status has no image; the security-code call does (its code is not used here).
	const cardImage = image.wanted ? (await requestSecurityCode(call, true)).cardImage : undefined;
	const json = { ...fields, recovered: true };
	return await withCardImage(call, json, cardImage, image.field);
}
