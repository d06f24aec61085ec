/**
 * The one way an operation talks to JusBiz: post (with the per-item retries), decode, and settle
 * JusBiz's own refusals into a value the operation can decide on.
 */

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { decodeAnswer, type Answer } from './decode';
import { JusBizFailure, settle } from './errors';
import type { RunContext } from './runContext';
import { postToJusBiz, type TransportOptions } from './transport';

/** One item's call: who asks, for which payout, with which request options. */
export interface ItemCall {
	context: IExecuteFunctions;
	runContext: RunContext;
	itemIndex: number;
	payoutId: string;
	transport: TransportOptions;
}

/** JusBiz's SUCCESS answer, or its refusal (an HTTP error or a FAILURE answer), with the attempts. */
export type Outcome =
	| { ok: true; answer: Answer; attempts: number }
	| { ok: false; failure: JusBizFailure; attempts: number };

export interface SendOptions {
	/**
	 * Whether a reset, cut-off answer or time-out may be repeated; not for Create, which must find
	 * out whether the lost request took effect (the failure is then thrown as `ambiguous`).
	 */
	repeatAmbiguous?: boolean;
}

/**
 * Posts and decodes. JusBiz's refusals come back as `{ ok: false }`; anything else that went wrong
 * (the network, an answer that cannot be read, decrypted or verified) is thrown.
 */
export async function send(
	item: ItemCall,
	path: string,
	body: IDataObject,
	{ repeatAmbiguous = true }: SendOptions = {},
): Promise<Outcome> {
	const response = await postToJusBiz(
		item.context,
		{ path, body },
		{ ...item.transport, repeatAmbiguous },
	);
	const { attempts } = response;
	const { keys, secrets } = item.runContext;
	const decoded = await settle(decodeAnswer(response, keys, secrets, item.payoutId));
	if (decoded.ok) return { ok: true, answer: decoded.value, attempts };
	const { error } = decoded;
	if (error instanceof JusBizFailure && (error.kind === 'status' || error.kind === 'http')) {
		return { ok: false, failure: error, attempts };
	}
	throw error;
}

/** `send` for operations with nothing to decide about a refusal: it is thrown. */
export async function ask(item: ItemCall, path: string, body: IDataObject): Promise<Answer> {
	const outcome = await send(item, path, body);
	if (!outcome.ok) throw outcome.failure;
	return outcome.answer;
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
