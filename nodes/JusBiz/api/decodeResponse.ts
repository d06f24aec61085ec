/** Turns one raw HTTP answer from JusBiz into a security code, or a JusBizFailure saying why not. */

import type { KeyObject } from 'crypto';

import { JusBizFailure, redact } from './errors';
import { openEncrypted } from './payload';

export interface RawResponse {
	statusCode: number;
	contentType: string;
	body: Buffer;
	/** How the retries went, e.g. "4 attempts", for the message of a final failure. */
	retryNote?: string;
}

export interface SecurityCodeResponse {
	status: 'SUCCESS';
	payoutId: string;
	message: string;
	securityCode: string;
	cardImage?: string;
}

type JsonRecord = Record<string, unknown>;

const isRecord = (value: unknown): value is JsonRecord =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

// The API's field table and its sample JSON disagree on casing (SecurityCode / securityCode).
function field(record: JsonRecord, name: string): unknown {
	if (name in record) return record[name];
	const wanted = name.toLowerCase();
	const key = Object.keys(record).find((k) => k.toLowerCase() === wanted);
	return key === undefined ? undefined : record[key];
}

const asText = (value: unknown): string | undefined =>
	typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

function describeBody(response: RawResponse): string {
	if (response.body.length === 0) return 'an empty body';
	const type = response.contentType.split(';')[0].trim();
	return `a body that is not JSON${type ? ` (${type})` : ''}`;
}

const HINTS: Record<number, string> = {
	400: 'Check the payout ID: JusBiz knows payouts by the ID your system gave them when they were created.',
	401: 'Check the API key and Key ID in the JusBiz API credential.',
	403: 'Check that this merchant may fetch security codes, and the merchant ID in the credential.',
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
		const redacted = redact(apiMessage, secrets);
		return new JusBizFailure('http', `JusBiz answered HTTP ${statusCode}: ${redacted}${suffix}`, {
			httpCode: statusCode,
			apiMessage: redacted,
			hint,
		});
	}
	return new JusBizFailure(
		'http',
		`JusBiz answered HTTP ${statusCode} with ${json === undefined ? describeBody(response) : 'no message'}${suffix}`,
		{ httpCode: statusCode, hint },
	);
}

const noKey = (): undefined => undefined;

/**
 * Accepts the documented plain 200 body and the `{ encryptedResponse }` form (a JWE of JSON or of a
 * signed JWS); every other answer
 * becomes a JusBizFailure whose message carries the HTTP status and the API's own words.
 */
export function decodeResponse(
	response: RawResponse,
	expected: {
		isCardImageRequired: boolean;
		privateKey: () => KeyObject | undefined;
		publicKey?: () => KeyObject | undefined;
	},
	secrets: readonly string[],
): SecurityCodeResponse {
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
	if (encrypted !== undefined) {
		const keys = { privateKey: expected.privateKey, publicKey: expected.publicKey ?? noKey };
		json = parseJson(openEncrypted(encrypted, keys, statusCode));
		if (!isRecord(json)) {
			throw new JusBizFailure('body', 'The decrypted response is not a JSON object', {
				httpCode: statusCode,
			});
		}
	}

	const inner = field(json, 'response');
	const payload = isRecord(inner) ? inner : {};
	const securityCode = asText(field(payload, 'securityCode') ?? field(json, 'securityCode'));
	// The code must be redacted from the API's own words before they go anywhere.
	const allSecrets = securityCode ? [...secrets, securityCode] : secrets;
	const status = asText(field(json, 'status'));
	const message = redact(asText(field(json, 'message')) ?? '', allSecrets);

	if (status?.toUpperCase() !== 'SUCCESS') {
		throw new JusBizFailure(
			'status',
			`JusBiz answered status ${status ?? '(none)'}${message ? `: ${message}` : ''}`,
			{ httpCode: statusCode, apiMessage: message || undefined },
		);
	}
	if (securityCode === undefined || securityCode === '') {
		throw new JusBizFailure('body', 'JusBiz answered SUCCESS without a security code', {
			httpCode: statusCode,
		});
	}
	const cardImage = field(payload, 'cardImage') ?? field(json, 'cardImage');
	const hasImage = typeof cardImage === 'string' && cardImage.length > 0;
	if (expected.isCardImageRequired && !hasImage) {
		throw new JusBizFailure(
			'image',
			'JusBiz answered SUCCESS without the card image that was asked for',
			{ httpCode: statusCode },
		);
	}
	return {
		status: 'SUCCESS',
		payoutId: asText(field(json, 'payoutId')) ?? '',
		message,
		securityCode,
		cardImage: hasImage ? cardImage : undefined,
	};
}
