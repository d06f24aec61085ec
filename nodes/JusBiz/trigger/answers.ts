/**
 * What JusBiz is answered: the documented answer for a notification it need not send again, and a
 * refusal (status, reason word and message) for one the trigger will not take.
 */

import type { IDataObject } from 'n8n-workflow';

/** The answer JusBiz documents for a notification it need not send again. */
export const ACCEPTED: IDataObject = { status: 'SUCCESS', response: 200 };

const BASIC_CHALLENGE = 'Basic realm="JusBiz"';

/** What went wrong, in one word, for the answer's `error` field and the log. */
export type RefusalReason =
	| 'authentication'
	| 'keyUuid'
	| 'size'
	| 'parse'
	| 'encryption'
	| 'decryption'
	| 'signature'
	| 'credential';

export interface HttpAnswer {
	statusCode: number;
	headers: Record<string, string>;
	body: IDataObject;
}

/** A refused request, as the trigger answers it. */
export interface Refused {
	kind: 'refused';
	reason: RefusalReason;
	answer: HttpAnswer;
}

export class Refusal extends Error {
	constructor(
		readonly statusCode: number,
		readonly reason: RefusalReason,
		message: string,
	) {
		super(message);
		this.name = 'Refusal';
	}
}

// The JOSE layer words its messages for API answers and the API credential.
export function forNotification(message: string): string {
	return message
		.replace(/JusBiz API credential/g, 'JusBiz Webhook credential')
		.replace(/\b(an encrypted|a signed|the) response\b/g, '$1 notification')
		.replace(/\bresponse\b/g, 'notification');
}

export function refusedAnswer(refusal: Refusal): Refused {
	const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8' };
	if (refusal.statusCode === 401) headers['WWW-Authenticate'] = BASIC_CHALLENGE;
	return {
		kind: 'refused',
		reason: refusal.reason,
		answer: {
			statusCode: refusal.statusCode,
			headers,
			body: {
				status: 'FAILURE',
				response: refusal.statusCode,
				error: refusal.reason,
				message: refusal.message,
			},
		},
	};
}
