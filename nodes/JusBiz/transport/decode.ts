/** Turns one raw HTTP answer from JusBiz into a SUCCESS answer, or a JusBizFailure saying why not. */

import type { KeyObject } from 'crypto';

import { CARD_DATA_FIELDS } from '../helpers/cardData';
import { JusBizFailure, redactApiText } from '../helpers/errors';
import { knownError } from './knownErrors';
import { openEncrypted, SIGNATURE_HINT } from '../crypto/payload';
import { asText, field, isRecord, parseJson, quoteInput, type JsonRecord } from '../helpers/values';

export interface RawResponse {
	statusCode: number;
	contentType: string;
	body: Buffer;
	/** How the retries went, e.g. "4 attempts", for the message of a final failure. */
	retryNote?: string;
}

function describeBody(response: RawResponse): string {
	if (response.body.length === 0) return 'an empty body';
	const type = response.contentType.split(';')[0].trim();
	return `a body that is not JSON${type ? ` (${ownWords(type)})` : ''}`;
}

const HINTS: Record<number, string> = {
	400: 'Check the payout ID: JusBiz knows payouts by the ID your system gave them when they were created.',
	401: 'Check the API key and Key ID in the JusBiz API credential.',
	403: 'Check the merchant ID in the JusBiz API credential, and that JusBiz allows this merchant this operation.',
	404: 'Check the environment and hostname in the JusBiz API credential.',
	429: 'JusBiz is rate-limiting these requests; try again later.',
};

function httpFailure(
	response: RawResponse,
	json: unknown,
	secrets: readonly string[],
): JusBizFailure {
	const statusCode = response.statusCode;
	const suffix = response.retryNote ? ` (${response.retryNote})` : '';
	const apiMessage = isRecord(json) ? asText(field(json, 'message')) : undefined;
	const hint =
		HINTS[statusCode] ??
		(statusCode >= 500 ? 'JusBiz or a gateway in front of it failed; try again later.' : undefined);
	if (apiMessage !== undefined) {
		const redacted = redactApiText(apiMessage, secrets);
		return new JusBizFailure(
			'http',
			`JusBiz answered HTTP ${statusCode}: ${ownWords(redacted)}${suffix}`,
			{
				httpCode: statusCode,
				apiMessage: redacted,
				hint: knownError(redacted)?.fix ?? hint,
			},
		);
	}
	return new JusBizFailure(
		'http',
		`JusBiz answered HTTP ${statusCode} with ${json === undefined ? describeBody(response) : 'no message'}${suffix}`,
		{ httpCode: statusCode, hint },
	);
}

/** JusBiz's own text (already redacted), cut for a message as every quoted value is. */
function ownWords(text: string): string {
	return quoteInput(text, [], { quotes: false });
}

const noKey = (): undefined => undefined;

export interface DecodeKeys {
	privateKey: () => KeyObject | undefined;
	publicKey?: () => KeyObject | undefined;
}

/** A decoded SUCCESS answer of any endpoint. */
export interface Answer {
	status: 'SUCCESS';
	payoutId: string;
	/** Redacted of every card value the answer holds. */
	message: string;
	/** The `response` object (empty when absent). */
	response: JsonRecord;
	/** The whole decoded answer, for fields some samples put at the top level. */
	top: JsonRecord;
	statusCode: number;
}

/**
 * Accepts the documented plain 200 body and the `{ encryptedResponse }` form (a JWE of JSON or of a
 * signed JWS); every other answer, and `status` other than SUCCESS, becomes a JusBizFailure whose
 * message carries the HTTP status and the API's own words.
 */
export async function decodeAnswer(
	response: RawResponse,
	keys: DecodeKeys,
	secrets: readonly string[],
	expectedPayoutId?: string,
): Promise<Answer> {
	const { statusCode } = response;
	let json = parseJson(response.body.toString('utf8'));

	if (statusCode < 200 || statusCode > 299) throw httpFailure(response, json, secrets);
	if (!isRecord(json)) {
		throw new JusBizFailure(
			'body',
			`JusBiz answered HTTP ${statusCode} with ${json === undefined ? describeBody(response) : 'JSON that is not an object'}`,
			{ httpCode: statusCode },
		);
	}

	const encrypted = field(json, 'encryptedResponse');
	const publicKey = keys.publicKey ?? noKey;
	if (encrypted !== undefined) {
		json = parseJson(
			await openEncrypted(encrypted, { privateKey: keys.privateKey, publicKey }, statusCode),
		);
		if (!isRecord(json)) {
			throw new JusBizFailure('body', 'The decrypted response is not a JSON object', {
				httpCode: statusCode,
			});
		}
	} else if (
		asText(field(json, 'status'))?.toUpperCase() === 'SUCCESS' &&
		publicKey() !== undefined
	) {
		// Anyone able to answer in JusBiz's place could otherwise skip the signature by not
		// encrypting; JusBiz documents every answer as encrypted.
		throw new JusBizFailure(
			'signature',
			'JusBiz sent a SUCCESS answer that is neither encrypted nor signed, but the credential\'s "JusBiz Public Key" requires signed answers',
			{ httpCode: statusCode, hint: SIGNATURE_HINT },
		);
	}

	const inner = field(json, 'response');
	const payload = isRecord(inner) ? inner : {};
	// Card values must be redacted from the API's own words before they go anywhere.
	const cardValues = CARD_DATA_FIELDS.map((name) =>
		asText(field(payload, name) ?? field(json as JsonRecord, name)),
	);
	const allSecrets = [...secrets, ...cardValues.filter((v): v is string => !!v)];
	const status = asText(field(json, 'status'));
	const message = redactApiText(asText(field(json, 'message')) ?? '', allSecrets);

	if (status?.toUpperCase() !== 'SUCCESS') {
		throw new JusBizFailure(
			'status',
			`JusBiz answered status ${status === undefined ? '(none)' : ownWords(redactApiText(status, allSecrets))}${message ? `: ${ownWords(message)}` : ''}`,
			{ httpCode: statusCode, apiMessage: message || undefined, hint: knownError(message)?.fix },
		);
	}
	const payoutId = asText(field(json, 'payoutId')) ?? '';
	// A genuine signed answer could be replayed for another payout: with signatures required, it
	// must name the payout that was asked for.
	if (
		expectedPayoutId !== undefined &&
		publicKey() !== undefined &&
		payoutId !== expectedPayoutId
	) {
		throw new JusBizFailure(
			'body',
			payoutId === ''
				? 'The signed answer names no payout, so it cannot be tied to this request'
				: `JusBiz answered for payout ${quoteInput(payoutId, allSecrets)}, not for the one asked for`,
			{ httpCode: statusCode },
		);
	}
	return { status: 'SUCCESS', payoutId, message, response: payload, top: json, statusCode };
}

/** A response field, in the `response` object or (as some samples have it) at the top level. */
export function answerField(answer: Answer, name: string): unknown {
	return field(answer.response, name) ?? field(answer.top, name);
}

/** The base64 card image, or a failure when it was asked for and is missing. */
export function readCardImage(answer: Answer, required: boolean): string | undefined {
	const cardImage = answerField(answer, 'cardImage');
	const hasImage = typeof cardImage === 'string' && cardImage.length > 0;
	if (required && !hasImage) {
		throw new JusBizFailure(
			'image',
			'JusBiz answered SUCCESS without the card image that was asked for',
			{ httpCode: answer.statusCode },
		);
	}
	return hasImage ? cardImage : undefined;
}
