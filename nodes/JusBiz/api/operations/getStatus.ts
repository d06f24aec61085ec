import type { IDataObject } from 'n8n-workflow';

import { PATHS } from '../baseUrl';
import type { Answer } from '../decodeResponse';
import { call, callSettled, isNotFound, type ItemCall } from './call';
import { outputJson, responseFields } from './fields';

export const STATUS_LISTS = ['authList', 'settlementDetails'];

/** `POST /ardra/vt/fetchStatus/v2`: the card's state, amounts, authorisations and settlements. */
export async function getStatus(item: ItemCall): Promise<IDataObject> {
	const answer = await call(item, PATHS.fetchStatus, { payoutId: item.payoutId });
	return outputJson(answer, item.payoutId, responseFields(answer, STATUS_LISTS));
}

/**
 * Whether JusBiz has a card for this payout ID: its status answer, or undefined when JusBiz says
 * it does not exist. Any other failure is thrown: then nobody knows, and nothing may be re-sent.
 */
export async function findCard(item: ItemCall): Promise<Answer | undefined> {
	const { answer, failure } = await callSettled(item, PATHS.fetchStatus, {
		payoutId: item.payoutId,
	});
	if (answer) return answer;
	if (failure && isNotFound(failure)) return undefined;
	throw failure;
}
