/**
 * The endpoint calls several operations make: reading a card (Create, Delete and
 * Update look a card up) and fetching its security code (Get Security Code, and Create for the
 * image of a card it recovers).
 */

import { JusBizFailure } from '../helpers/errors';
import { asText } from '../helpers/values';
import { answerField, readCardImage, type Answer } from './decode';
import { PATHS } from './paths';
import { requestOrThrow, requestOutcome, type RequestScope } from './request';

/** `POST /ardra/vt/fetchStatus/v2`: the card's status answer; a refusal is thrown. */
export async function fetchStatus(scope: RequestScope): Promise<Answer> {
	return await requestOrThrow(scope, PATHS.fetchStatus, { payoutId: scope.payoutId });
}

/**
 * Whether JusBiz has a card for this payout ID: its status answer, or undefined when JusBiz says
 * it does not exist. Any other failure is thrown: then nobody knows, and nothing may be re-sent.
 */
export async function findCard(scope: RequestScope): Promise<Answer | undefined> {
	const outcome = await requestOutcome(scope, PATHS.fetchStatus, { payoutId: scope.payoutId });
	if (outcome.ok) return outcome.answer;
	if (isNotFound(outcome.failure)) return undefined;
	throw outcome.failure;
}

/** JusBiz's answer for a payout ID it does not know (its wording is not documented). */
function isNotFound(failure: JusBizFailure): boolean {
	const code = failure.details.httpCode;
	return (
		(code === 200 || code === 400 || code === 404) &&
		/not found|does not exist|doesn't exist|no such|unknown payout|invalid payout/i.test(
			failure.details.apiMessage ?? '',
		)
	);
}

export interface SecurityCodeAnswer {
	answer: Answer;
	securityCode: string;
	cardImage?: string;
}

/** `POST /ardra/vt/cvv/v2`: a SUCCESS with a security code, and the image when it was asked for. */
export async function requestSecurityCode(
	scope: RequestScope,
	isCardImageRequired: boolean,
): Promise<SecurityCodeAnswer> {
	const body = { payoutId: scope.payoutId, isCardImageRequired };
	const answer = await requestOrThrow(scope, PATHS.securityCode, body);
	return readSecurityCode(answer, isCardImageRequired);
}

/** The security code of a decoded answer, and the image when it was asked for. */
export function readSecurityCode(answer: Answer, isCardImageRequired: boolean): SecurityCodeAnswer {
	const securityCode = asText(answerField(answer, 'securityCode'));
	if (securityCode === undefined || securityCode === '') {
		throw new JusBizFailure('body', 'JusBiz answered SUCCESS without a security code', {
			httpCode: answer.statusCode,
		});
	}
	// An image nobody asked for is not passed on.
	const cardImage = isCardImageRequired ? readCardImage(answer, true) : undefined;
	return { answer, securityCode, cardImage };
}
