/** Delete: cancel a card before redemption, or delete it after. */

import type { IDataObject } from 'n8n-workflow';

import { outputJson, responseFields } from '../../transport/answerFields';
import { JusBizFailure, settle } from '../../helpers/errors';
import { asText, quoteInput } from '../../helpers/values';
import type { Answer } from '../../transport/decode';
import { findCard } from '../../transport/endpoints';
import { PATHS } from '../../transport/paths';
import { requestOutcome } from '../../transport/request';
import { payoutIdField, requestOptions } from '../common.descriptions';
import type { ItemCall, Operation } from '../operation';

const DELETE_ACTIONS = { cancel: 'CANCEL', delete: 'DELETE' } as const;

export const deleteCard: Operation = {
	resource: 'virtualCard',
	option: {
		name: 'Delete',
		value: 'delete',
		description: 'Cancel a virtual card before redemption, or delete it after',
		action: 'Cancel or delete the virtual card of a payout ID',
	},
	properties: [
		payoutIdField,
		{
			displayName: 'Delete Type',
			name: 'deleteType',
			type: 'options',
			default: 'cancel',
			options: [
				{
					name: 'Cancel',
					value: 'cancel',
					description: 'Before the card is redeemed (JusBiz CANCEL)',
				},
				{
					name: 'Delete',
					value: 'delete',
					description: 'After the card was redeemed (JusBiz DELETE)',
				},
			],
		},
		requestOptions,
	],
	byPayoutId: true,
	offeredToTools: true,
	execute: async (call) => {
		const deleteType = call.runContext.parameters.text('deleteType', call.itemIndex, 'cancel');
		const json = await deleteOnce(call, deleteType);
		return { json, pairedItem: { item: call.itemIndex } };
	},
};

/**
 * Deleting twice must not turn a success into a failure: when Delete is refused (a repeat after a
 * lost answer or a 429/502–504, or a re-run of the workflow), or the answer never came, Get Status
 * decides: a card in state DELETED is what was asked for, and the item succeeds (`recovered: true`).
 */
async function deleteOnce(call: ItemCall, deleteType: string): Promise<IDataObject> {
	const action = DELETE_ACTIONS[deleteType as keyof typeof DELETE_ACTIONS] ?? DELETE_ACTIONS.cancel;
	const outcome = await settle(
		requestOutcome(call, PATHS.deleteCard, { payoutId: call.payoutId, action }),
	);
	if (!outcome.ok) {
		const { error } = outcome;
		if (error instanceof JusBizFailure && error.details.ambiguous) {
			return await deletedAlready(call, error);
		}
		throw error;
	}
	const result = outcome.value;
	if (result.ok) return deleted(call, result.answer);
	return await deletedAlready(call, result.failure);
}

function deleted(call: ItemCall, answer: Answer): IDataObject {
	const fields = responseFields(answer);
	if (fields.isDeleted === false || asText(fields.isDeleted)?.toLowerCase() === 'false') {
		throw new JusBizFailure(
			'status',
			`JusBiz answered SUCCESS but isDeleted false: the card was not deleted${answer.message ? ` (${quoteInput(answer.message, [], { quotes: false })})` : ''}`,
			{ httpCode: answer.statusCode, apiMessage: answer.message || undefined },
		);
	}
	return outputJson(answer, call.payoutId, { ...fields, isDeleted: true });
}

async function deletedAlready(call: ItemCall, cause: JusBizFailure): Promise<IDataObject> {
	const status = await findCard(call).catch(() => undefined);
	const state = status ? asText(responseFields(status).state) : undefined;
	if (!status || state?.toUpperCase() !== 'DELETED') throw cause;
	return outputJson(status, call.payoutId, { state, isDeleted: true, recovered: true });
}
