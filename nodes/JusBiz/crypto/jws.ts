/**
 * JusBiz may sign what it encrypts: the decrypted plaintext is then a JWS whose payload is the
 * JSON answer, in the compact form or in Juspay's JSON form `{ header, payload, signature }`.
 */

import { constants, createPublicKey, KeyObject, verify } from 'crypto';

import { decodeStrictBase64 } from '../helpers/base64';
import { attempt } from '../helpers/errors';
import { quote } from './jose';
import { readPemBlock } from './pem';
import { isRecord, parseJson, type JsonRecord } from '../helpers/values';

// Fixed strings, as in jwe.ts: nothing derived from a key or the payload reaches a message.
export class JwsError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'JwsError';
	}
}

export interface Jws {
	/** The protected header segment, as transmitted. */
	header: string;
	payload: string;
	signature: string;
}

const PUBLIC_KEY_INVALID =
	'The JusBiz Public Key in the credential is not a valid PEM RSA public key (expected "-----BEGIN PUBLIC KEY-----", "-----BEGIN RSA PUBLIC KEY-----" or "-----BEGIN CERTIFICATE-----")';
const PUBLIC_KEY_IS_PRIVATE =
	'The JusBiz Public Key field of the credential holds a private key; paste the public key downloaded from the JusBiz dashboard instead, and keep private keys out of that field';
const PUBLIC_LABELS = new Set(['PUBLIC KEY', 'RSA PUBLIC KEY', 'CERTIFICATE']);
const SEGMENT = /^[A-Za-z0-9_-]+$/;

export function parsePublicKey(pem: unknown): KeyObject {
	const block = typeof pem === 'string' ? readPemBlock(pem) : undefined;
	if (block && /PRIVATE KEY/.test(block.label)) throw new JwsError(PUBLIC_KEY_IS_PRIVATE);
	if (!block || !PUBLIC_LABELS.has(block.label) || block.pem === '') {
		throw new JwsError(PUBLIC_KEY_INVALID);
	}
	const parsed = attempt(() => createPublicKey({ key: block.pem, format: 'pem' }));
	if (!parsed.ok || parsed.value.asymmetricKeyType !== 'rsa') {
		throw new JwsError(PUBLIC_KEY_INVALID);
	}
	return parsed.value;
}

/** The JWS the plaintext is, or undefined when it is anything else (plain JSON, for one). */
export function readJws(plaintext: string): Jws | undefined {
	const text = plaintext.trim();
	if (text.startsWith('{')) {
		const obj = parseJson(text);
		return isRecord(obj) ? jwsFromObject(obj) : undefined;
	}
	const parts = text.split('.');
	// An empty signature is still a JWS (alg "none"), so that verification can name and refuse it.
	if (parts.length !== 3 || !SEGMENT.test(parts[0]) || !SEGMENT.test(parts[1])) return undefined;
	if (parts[2] !== '' && !SEGMENT.test(parts[2])) return undefined;
	return { header: parts[0], payload: parts[1], signature: parts[2] };
}

/**
 * A JSON-form JWS: exactly Juspay's members, or RFC 7515's flattened ones, whose optional
 * unprotected header may not carry what decides verification.
 */
export function jwsFromObject(obj: JsonRecord): Jws | undefined {
	const keys = Object.keys(obj).sort().join(',');
	const juspay = keys === 'header,payload,signature';
	const rfc =
		keys === 'payload,protected,signature' ||
		(keys === 'header,payload,protected,signature' &&
			isRecord(obj.header) &&
			!('alg' in obj.header) &&
			!('crit' in obj.header));
	const header = juspay ? obj.header : obj.protected;
	const parts = [header, obj.payload, obj.signature];
	if (!(juspay || rfc) || !parts.every((part) => typeof part === 'string')) return undefined;
	const [h, p, s] = parts as string[];
	return { header: h, payload: p, signature: s };
}

/** The protected header as a JSON object, or undefined when it is not one. */
export function jwsHeader(jws: Jws): JsonRecord | undefined {
	const bytes = decodeStrictBase64(jws.header);
	const header = bytes === undefined ? undefined : parseJson(bytes.toString('utf8'));
	return isRecord(header) ? header : undefined;
}

function decodeSegment(segment: string, what: string): Buffer {
	const bytes = decodeStrictBase64(segment);
	if (bytes === undefined)
		throw new JwsError(`The signed response is not a valid JWS: the ${what} is not base64url`);
	return bytes;
}

/** The payload of a JWS, unverified: for a credential without a JusBiz public key. */
export function jwsPayload(jws: Jws): string {
	return decodeSegment(jws.payload, 'payload').toString('utf8');
}

/**
 * Verifies an RS256 signature and returns the payload. `none`, HS* (which would turn the public
 * key into an HMAC secret), PS*, ES* and every other alg are refused before any check.
 */
export function verifyJws(jws: Jws, publicKey: KeyObject): string {
	decodeSegment(jws.header, 'protected header');
	const header = jwsHeader(jws);
	if (header === undefined) {
		throw new JwsError(
			'The signed response is not a valid JWS: the protected header is not a JSON object',
		);
	}
	const { alg, crit } = header;
	if (alg !== 'RS256') {
		throw new JwsError(`The response is signed with alg ${quote(alg)}; only RS256 is accepted`);
	}
	// RFC 7515: an unknown critical extension (e.g. b64: false) must be refused.
	if (crit !== undefined) {
		throw new JwsError(
			'The signed response has a "crit" header; no critical extensions are supported',
		);
	}
	const signature = decodeSegment(jws.signature, 'signature');
	const valid = attempt(() =>
		verify(
			'sha256',
			Buffer.from(`${jws.header}.${jws.payload}`, 'ascii'),
			{ key: publicKey, padding: constants.RSA_PKCS1_PADDING },
			signature,
		),
	);
	if (!valid.ok || !valid.value) {
		throw new JwsError(
			'The signature of the response does not verify with the JusBiz Public Key in the credential',
		);
	}
	return jwsPayload(jws);
}
