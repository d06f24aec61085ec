/** Get Status: the card's state, amounts, authorisations and settlements. */

import { statusFields } from '../../transport/answerFields';
import { fetchStatus } from '../../transport/endpoints';
import { payoutIdField, requestOptions } from '../common.descriptions';
import type { Operation } from '../operation';

export const getStatus: Operation = {
	resource: 'virtualCard',
	option: {
		name: 'Get Status',
		value: 'getStatus',
		description: 'Get the state, amounts, authorizations and settlements of a virtual card',
		action: 'Get the state, amounts and payments of the virtual card of a payout ID',
	},
	properties: [payoutIdField, requestOptions],
	byPayoutId: true,
	offeredToTools: true,
	execute: async (call) => {
		const answer = await fetchStatus(call);
		return { json: statusFields(answer, call.payoutId), pairedItem: { item: call.itemIndex } };
	},
};
