import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { decodeAnswer, type Answer } from '../decodeResponse';
import { JusBizFailure, settle } from '../errors';
import type { RunContext } from '../run';
import { postToJusBiz, type ApiResponse, type TransportOptions } from '../transport';

/** One item's call context: who asks, for which payout, with which request options. */
export interface ItemCall {
	context: IExecuteFunctions;
	run: RunContext;
	itemIndex: number;
	payoutId: string;
	transport: TransportOptions;
}

/** Posts and decodes: a SUCCESS answer, or a JusBizFailure with JusBiz's own words. */
export async function call(
	item: ItemCall,
	path: string,
	body: IDataObject,
	repeatAmbiguous = true,
): Promise<Answer & { attempts: number }> {
	const response: ApiResponse = await postToJusBiz(
		item.context,
		{ path, body },
		{ ...item.transport, repeatAmbiguous },
	);
	return {
		...(await decodeAnswer(response, item.run.keys, item.run.secrets, item.payoutId)),
		attempts: response.attempts,
	};
}

/** Like `call`, but a failure answer is returned with the attempt count instead of thrown. */
export async function callSettled(
	item: ItemCall,
	path: string,
	body: IDataObject,
	repeatAmbiguous = true,
): Promise<{ answer?: Answer; failure?: JusBizFailure; attempts: number }> {
	const response = await postToJusBiz(
		item.context,
		{ path, body },
		{ ...item.transport, repeatAmbiguous },
	);
	const decoded = await settle(
		decodeAnswer(response, item.run.keys, item.run.secrets, item.payoutId),
	);
	if (decoded.ok) return { answer: decoded.value, attempts: response.attempts };
	const { error } = decoded;
	if (error instanceof JusBizFailure && (error.kind === 'status' || error.kind === 'http')) {
		return { failure: error, attempts: response.attempts };
	}
	throw error;
}

/** JusBiz's answer for a payout ID it does not know (its wording is not documented). */
export function isNotFound(failure: JusBizFailure): boolean {
	const code = failure.details.httpCode;
	return (
		(code === 200 || code === 400 || code === 404) &&
		/not found|does not exist|doesn't exist|no such|unknown payout|invalid payout/i.test(
			failure.details.apiMessage ?? '',
		)
	);
}
