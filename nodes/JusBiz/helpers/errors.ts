/** Why a single item failed, kept apart from n8n's error classes so the decoding code stays pure. */

export type FailureKind =
	'http' | 'status' | 'body' | 'encryption' | 'signature' | 'image' | 'network';

export interface FailureDetails {
	httpCode?: number;
	/** The API's own `message`, already redacted. */
	apiMessage?: string;
	/** What the operator can do about it; becomes the error's description. */
	hint?: string;
	/** A network failure after which it is unknown whether JusBiz acted on the request. */
	ambiguous?: boolean;
}

export class JusBizFailure extends Error {
	constructor(
		readonly kind: FailureKind,
		message: string,
		readonly details: FailureDetails = {},
	) {
		super(message);
		this.name = 'JusBizFailure';
	}
}

const MIN_SECRET_LENGTH = 3;

/** Every string that must never reach an error, a log or an output, derived from the credential. */
export function credentialSecrets(
	apiKey: unknown,
	privateKey: unknown,
	publicKeyField?: unknown,
): string[] {
	const secrets: string[] = [];
	if (typeof apiKey === 'string' && apiKey.length > 0) {
		secrets.push(apiKey, Buffer.from(`${apiKey}:`).toString('base64'));
	}
	// The public-key field is not secret, but an operator may paste a private key into it.
	for (const key of [privateKey, publicKeyField]) {
		if (typeof key === 'string' && key.trim().length > 0) {
			// A key can be echoed whole or one PEM line at a time.
			secrets.push(key.trim(), ...key.split(/\r?\n|\\n/).filter((l) => l.length >= 16));
		}
	}
	return secrets;
}

// A card number (12–19 digits, maybe grouped) or an expiry (MM/YY, MM/YYYY) that an error answer
// echoes is not known to the node beforehand, so JusBiz's own words are searched for the shapes.
const CARD_NUMBER = /(?<![\w])\d(?:[ -]?\d){11,18}(?![\w])/g;
const EXPIRY = /(?<![\w/])(?:0[1-9]|1[0-2])\/(?:\d{4}|\d{2})(?![\w/])/g;

/** JusBiz's own words, redacted of the secrets and of anything shaped like card data. */
export function redactApiText(text: string, secrets: readonly string[]): string {
	return redactCardShapes(redact(text, secrets));
}

/** Text with anything shaped like a card number (12–19 digits) or an expiry replaced. */
export function redactCardShapes(text: string): string {
	return text.replace(CARD_NUMBER, '[card number]').replace(EXPIRY, '[expiry]');
}

export function redact(text: string, secrets: readonly string[]): string {
	let result = text;
	for (const secret of secrets) {
		if (secret.length >= MIN_SECRET_LENGTH && result.includes(secret)) {
			result = result.split(secret).join('[redacted]');
		}
	}
	return result;
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * A call's outcome as a value. n8n's lint refuses any throw inside a catch block, so code that
 * must pass some failures on decides outside it; the crypto code also keeps node's own error,
 * which may describe a key, out of every message this way.
 */
export async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
	try {
		return { ok: true, value: await promise };
	} catch (error) {
		return { ok: false, error };
	}
}

/** `settle` for a synchronous call. */
export function attempt<T>(fn: () => T): Settled<T> {
	try {
		return { ok: true, value: fn() };
	} catch (error) {
		return { ok: false, error };
	}
}
