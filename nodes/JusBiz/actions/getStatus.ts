/** Get Status: the card's state, amounts, authorisations and settlements. */

import type { IDataObject } from 'n8n-workflow';

import { outputJson, responseFields } from '../api/answerFields';
import { PATHS } from '../api/baseUrl';
import type { Answer } from '../api/decode';
import type { Operation } from '../api/operation';
import { ask, isNotFound, send, type ItemCall } from '../api/request';
import { payoutIdField, virtualCardOptions } from './shared';

/** Answer fields that are always output as lists, even when JusBiz sends one object or none. */
const STATUS_LISTS = ['authList', 'settlementDetails'];

export const getStatus: Operation = {
	resource: 'virtualCard',
	option: {
		name: 'Get Status',
		value: 'getStatus',
		description: 'Get the state, amounts, authorizations and settlements of a virtual card',
		action: 'Get the state, amounts and payments of the virtual card of a payout ID',
	},
	properties: [payoutIdField, virtualCardOptions],
	byPayoutId: true,
	cardData: ['token', 'expiry'],
	offeredToTools: true,
	execute: async (call) => {
		const answer = await ask(call, PATHS.fetchStatus, { payoutId: call.payoutId });
		return { json: statusFields(call, answer), pairedItem: { item: call.itemIndex } };
	},
};

/** A status answer as Get Status outputs it. */
export function statusFields(call: ItemCall, answer: Answer): IDataObject {
	return outputJson(answer, call.payoutId, responseFields(answer, STATUS_LISTS));
}

/**
 * Whether JusBiz has a card for this payout ID: its status answer, or undefined when JusBiz says
 * it does not exist. Any other failure is thrown: then nobody knows, and nothing may be re-sent.
 */
export async function findCard(call: ItemCall): Promise<Answer | undefined> {
	const outcome = await send(call, PATHS.fetchStatus, { payoutId: call.payoutId });
	if (outcome.ok) return outcome.answer;
	if (isNotFound(outcome.failure)) return undefined;
	throw outcome.failure;
}
