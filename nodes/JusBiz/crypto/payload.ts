/**
 * From an encrypted JusBiz message (an API answer's `encryptedResponse`, later a notification) to
 * its JSON text: decrypt the JWE, then, when the plaintext is a JWS, check or unwrap it.
 * Messages speak of a "response"; the notification reader rewords them for its own callers.
 */

import type { KeyObject } from 'crypto';

import { JusBizFailure } from '../helpers/errors';
import { decryptJwe, JweError } from './jwe';
import { JwsError, jwsPayload, readJws, verifyJws } from './jws';

export interface PayloadKeys {
	/** Parsed on first use; throws JweError when the credential's key is not usable. */
	privateKey: () => KeyObject | undefined;
	/** JusBiz's signing key; when set, only a payload with a valid RS256 signature is accepted. */
	publicKey: () => KeyObject | undefined;
}

export const SIGNATURE_HINT =
	'The answer was discarded. Check that "JusBiz Public Key" in the credential is the signing key downloaded from the JusBiz dashboard; clear the field only if JusBiz does not sign its answers for your account.';

/** The plaintext JSON text of an encrypted message, after the signature policy was applied. */
export async function openEncrypted(
	encrypted: unknown,
	keys: PayloadKeys,
	httpCode?: number,
): Promise<string> {
	const privateKey = keys.privateKey();
	if (privateKey === undefined) {
		throw new JusBizFailure(
			'encryption',
			'JusBiz sent an encrypted response but no private key is set',
			{
				httpCode,
				hint: 'Add the RSA private key that matches the public key uploaded under this Key ID to the "Private Key" field of the JusBiz API credential.',
			},
		);
	}
	let plaintext: string | undefined;
	let reason = 'unexpected decryption error';
	try {
		plaintext = (await decryptJwe(encrypted, privateKey)).plaintext;
	} catch (error) {
		if (error instanceof JweError) reason = error.message;
	}
	if (plaintext === undefined) {
		throw new JusBizFailure(
			'encryption',
			`The encrypted response could not be decrypted: ${reason}`,
			{
				httpCode,
				hint: 'Check that the private key in the JusBiz API credential belongs to the Key ID.',
			},
		);
	}

	return signedPayload(plaintext, keys.publicKey(), httpCode, 'an encrypted');
}

/**
 * The payload of a plaintext that may be a JWS, after the signature policy: with JusBiz's public
 * key set, only a valid RS256 signature passes; without it, a JWS is unwrapped unverified.
 */
export function signedPayload(
	plaintext: string,
	publicKey: KeyObject | undefined,
	httpCode?: number,
	article = 'a',
): string {
	const jws = readJws(plaintext);
	if (jws === undefined) {
		if (publicKey === undefined) return plaintext;
		throw new JusBizFailure(
			'signature',
			`JusBiz sent ${article} response without a signature, but the credential's "JusBiz Public Key" requires one`,
			{ httpCode, hint: SIGNATURE_HINT },
		);
	}
	let payload: string | undefined;
	let reason = 'unexpected verification error';
	try {
		payload = publicKey === undefined ? jwsPayload(jws) : verifyJws(jws, publicKey);
	} catch (error) {
		if (error instanceof JwsError) reason = error.message;
	}
	if (payload === undefined) {
		throw new JusBizFailure('signature', `The signed response was refused: ${reason}`, {
			httpCode,
			hint: SIGNATURE_HINT,
		});
	}
	return payload;
}
