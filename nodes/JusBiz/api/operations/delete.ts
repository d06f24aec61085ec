import type { IDataObject } from 'n8n-workflow';

import { PATHS } from '../baseUrl';
import { asText, type Answer } from '../decodeResponse';
import { JusBizFailure, settle } from '../errors';
import { callSettled, type ItemCall } from './call';
import { outputJson, responseFields } from './fields';
import { findCard } from './getStatus';

export const DELETE_ACTIONS = { cancel: 'CANCEL', delete: 'DELETE' } as const;

/**
 * Deleting twice must not turn a success into a failure: when a repeated Delete (after a lost
 * answer or a 429/502–504) is refused, or the answer never came, Get Status decides: a card in
 * state DELETED was deleted by the earlier attempt, and the item succeeds (`recovered: true`).
 */
export async function deleteCard(item: ItemCall, deleteType: string): Promise<IDataObject> {
	const action = DELETE_ACTIONS[deleteType as keyof typeof DELETE_ACTIONS] ?? DELETE_ACTIONS.cancel;
	const outcome = await settle(
		callSettled(item, PATHS.deleteCard, { payoutId: item.payoutId, action }),
	);
	if (!outcome.ok) {
		const { error } = outcome;
		if (error instanceof JusBizFailure && error.details.ambiguous) {
			return await deletedAlready(item, error);
		}
		throw error;
	}
	const { answer, failure, attempts } = outcome.value;
	if (answer) return deleted(item, answer);
	if (attempts > 1) return await deletedAlready(item, failure as JusBizFailure);
	throw failure;
}

function deleted(item: ItemCall, answer: Answer): IDataObject {
	const fields = responseFields(answer);
	if (fields.isDeleted === false || asText(fields.isDeleted)?.toLowerCase() === 'false') {
		throw new JusBizFailure(
			'status',
			`JusBiz answered SUCCESS but isDeleted false: the card was not deleted${answer.message ? ` (${answer.message})` : ''}`,
			{ httpCode: answer.statusCode, apiMessage: answer.message || undefined },
		);
	}
	return outputJson(answer, item.payoutId, { ...fields, isDeleted: true });
}

async function deletedAlready(item: ItemCall, cause: JusBizFailure): Promise<IDataObject> {
	const status = await findCard(item).catch(() => undefined);
	const state = status ? asText(responseFields(status).state) : undefined;
	if (!status || state?.toUpperCase() !== 'DELETED') throw cause;
	return outputJson(status, item.payoutId, { state, isDeleted: true, recovered: true });
}
