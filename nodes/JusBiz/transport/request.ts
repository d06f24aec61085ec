/**
 * The one way an operation talks to JusBiz: post (with the per-item retries), decode, and settle
 * JusBiz's own refusals. `requestOutcome` hands a refusal back as a value for the operations that
 * decide on it; `requestOrThrow` throws it.
 */

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { JusBizFailure, settle } from '../helpers/errors';
import { decodeAnswer, type Answer, type DecodeKeys } from './decode';
import { postToJusBiz, type TransportOptions } from './http';

/** What a request needs of the item it is made for. */
export interface RequestScope {
	context: IExecuteFunctions;
	runContext: { keys: DecodeKeys; secrets: readonly string[] };
	payoutId: string;
	transport: TransportOptions;
}

/** JusBiz's SUCCESS answer, or its refusal (an HTTP error or a FAILURE answer), with the attempts. */
export type Outcome =
	| { ok: true; answer: Answer; attempts: number }
	| { ok: false; failure: JusBizFailure; attempts: number };

export interface OutcomeOptions {
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
export async function requestOutcome(
	scope: RequestScope,
	path: string,
	body: IDataObject,
	{ repeatAmbiguous = true }: OutcomeOptions = {},
): Promise<Outcome> {
	const response = await postToJusBiz(
		scope.context,
		{ path, body },
		{ ...scope.transport, repeatAmbiguous },
	);
	const { attempts } = response;
	const { keys, secrets } = scope.runContext;
	const decoded = await settle(decodeAnswer(response, keys, secrets, scope.payoutId));
	if (decoded.ok) return { ok: true, answer: decoded.value, attempts };
	const { error } = decoded;
	if (error instanceof JusBizFailure && (error.kind === 'status' || error.kind === 'http')) {
		return { ok: false, failure: error, attempts };
	}
	throw error;
}

/** `requestOutcome` for operations with nothing to decide about a refusal: it is thrown. */
export async function requestOrThrow(
	scope: RequestScope,
	path: string,
	body: IDataObject,
): Promise<Answer> {
	const outcome = await requestOutcome(scope, path, body);
	if (!outcome.ok) throw outcome.failure;
	return outcome.answer;
}
