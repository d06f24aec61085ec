import { createDecipheriv, createPrivateKey, KeyObject, webcrypto } from 'crypto';

import { decodeStrictBase64 } from '../helpers/base64';
import { attempt } from '../helpers/errors';
import { quote } from './jose';
import { readPemBlock } from './pem';
import { isRecord, parseJson } from '../helpers/values';

// Messages are fixed strings on purpose: nothing derived from the key, the CEK or the plaintext
// may reach an error message or stack, and node errors are never chained as `cause`.
export class JweError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'JweError';
	}
}

export interface JweHeader {
	alg: string;
	enc: string;
	kid?: string;
	[k: string]: unknown;
}

interface JweSegments {
	header: string;
	encryptedKey: string;
	iv: string;
	ciphertext: string;
	tag: string;
	/** RFC 7516 JSON serialization only: extra authenticated data, as transmitted. */
	aad?: string;
}

// The OAEP hash each accepted key-management label names. Juspay's own server code writes
// "RSA-OAEP" over a SHA-256 wrap, so the other hash is tried once when the named one fails.
type OaepHash = 'SHA-256' | 'SHA-1';
const OAEP_HASHES: Record<string, readonly [OaepHash, OaepHash]> = {
	'RSA-OAEP-256': ['SHA-256', 'SHA-1'],
	'RSA-OAEP': ['SHA-1', 'SHA-256'],
};
// Header parameters that change how the content is decrypted must be integrity-protected.
const PROTECTED_ONLY = ['alg', 'enc', 'zip', 'crit'];

const KEY_INVALID =
	'The private key in the JusBiz API credential is not a valid PEM RSA private key (expected "-----BEGIN PRIVATE KEY-----" or "-----BEGIN RSA PRIVATE KEY-----")';
const KEY_ENCRYPTED =
	'The private key in the JusBiz API credential is protected by a passphrase; paste the unencrypted PEM key (e.g. from "openssl pkey -in key.pem")';
const NOT_JWE =
	'The encrypted response is not a valid JWE (expected compact serialization, {header, encryptedKey, iv, encryptedPayload, tag} or RFC 7516 JSON)';
const ALGORITHMS = 'only RSA-OAEP-256 or RSA-OAEP with A256GCM is accepted';
const JSON_FIELDS = ['header', 'encryptedKey', 'iv', 'encryptedPayload', 'tag'] as const;
const RFC_FIELDS = ['protected', 'encrypted_key', 'iv', 'ciphertext', 'tag'] as const;
// Both alphabets are accepted because some Juspay APIs emit standard base64 with padding.
const B64_RE = /^[A-Za-z0-9+/_-]*={0,2}$/;

function decodeB64(segment: string, what: string): Buffer {
	const bytes = decodeStrictBase64(segment);
	if (bytes === undefined) {
		throw new JweError(`The encrypted response is not a valid JWE: the ${what} is not base64url`);
	}
	return bytes;
}

/** Juspay's own JSON form, or RFC 7516's flattened form or general form with one recipient. */
function fromJsonForm(value: unknown): JweSegments | undefined {
	if (!isRecord(value)) return undefined;
	if (JSON_FIELDS.every((f) => typeof value[f] === 'string')) {
		const [header, encryptedKey, iv, ciphertext, tag] = JSON_FIELDS.map((f) => value[f] as string);
		return { header, encryptedKey, iv, ciphertext, tag };
	}
	let obj = value;
	const { recipients } = value;
	if (Array.isArray(recipients)) {
		// More than one recipient means the answer was not meant for this key alone; a top-level
		// `header` or `encrypted_key` does not belong to the general form.
		if (recipients.length !== 1 || !isRecord(recipients[0])) return undefined;
		if ('header' in value || 'encrypted_key' in value) return undefined;
		const { header, encrypted_key } = recipients[0];
		obj = { ...value, header, encrypted_key };
	}
	if (!RFC_FIELDS.every((f) => typeof obj[f] === 'string')) return undefined;
	for (const shared of [obj.unprotected, obj.header]) {
		if (shared === undefined) continue;
		if (!isRecord(shared) || PROTECTED_ONLY.some((name) => name in shared)) {
			throw new JweError(
				'The encrypted response is not a valid JWE: alg, enc, zip and crit must be in the protected header',
			);
		}
	}
	if (obj.aad !== undefined && typeof obj.aad !== 'string') return undefined;
	const [header, encryptedKey, iv, ciphertext, tag] = RFC_FIELDS.map((f) => obj[f] as string);
	return { header, encryptedKey, iv, ciphertext, tag, aad: obj.aad as string | undefined };
}

function toSegments(value: unknown): JweSegments | undefined {
	if (typeof value !== 'string') return fromJsonForm(value);
	const text = value.trim();
	if (text.startsWith('{')) return fromJsonForm(parseJson(text));
	const parts = text.split('.');
	if (parts.length !== 5 || parts[0] === '') return undefined;
	const [header, encryptedKey, iv, ciphertext, tag] = parts;
	return { header, encryptedKey, iv, ciphertext, tag };
}

export function isJwe(value: unknown): boolean {
	const parsed = attempt(() => toSegments(value));
	const s = parsed.ok ? parsed.value : undefined;
	return (
		s !== undefined && Object.values(s).every((part) => part === undefined || B64_RE.test(part))
	);
}

function parseHeader(segment: string): JweHeader {
	const json = decodeB64(segment, 'protected header').toString('utf8');
	const header = parseJson(json);
	if (!isRecord(header)) {
		throw new JweError(
			'The encrypted response is not a valid JWE: the protected header is not a JSON object',
		);
	}
	const h = header;
	if (typeof h.alg !== 'string' || !Object.prototype.hasOwnProperty.call(OAEP_HASHES, h.alg)) {
		throw new JweError(`The response is encrypted with alg ${quote(h.alg)}; ${ALGORITHMS}`);
	}
	if (h.enc !== 'A256GCM') {
		throw new JweError(`The response is encrypted with enc ${quote(h.enc)}; ${ALGORITHMS}`);
	}
	if (h.zip !== undefined) {
		throw new JweError(
			`The encrypted response uses zip ${quote(h.zip)}; compressed payloads are not supported`,
		);
	}
	// RFC 7516 requires rejecting any critical extension we do not implement, and we implement none.
	if (h.crit !== undefined) {
		throw new JweError(
			'The encrypted response has a "crit" header; no critical extensions are supported',
		);
	}
	return h as JweHeader;
}

function normalisePem(pem: string): string {
	const block = readPemBlock(pem);
	if (!block) throw new JweError(KEY_INVALID);
	if (
		block.label === 'ENCRYPTED PRIVATE KEY' ||
		/Proc-Type:\s*4,\s*ENCRYPTED/i.test(block.rawBody)
	) {
		throw new JweError(KEY_ENCRYPTED);
	}
	if ((block.label !== 'PRIVATE KEY' && block.label !== 'RSA PRIVATE KEY') || block.pem === '') {
		throw new JweError(KEY_INVALID);
	}
	return block.pem;
}

export function parsePrivateKey(pem: string): KeyObject {
	if (typeof pem !== 'string') throw new JweError(KEY_INVALID);
	const pemText = normalisePem(pem);
	const parsed = attempt(() => createPrivateKey({ key: pemText, format: 'pem' }));
	if (!parsed.ok) {
		const { code } = parsed.error as { code?: unknown };
		throw new JweError(code === 'ERR_MISSING_PASSPHRASE' ? KEY_ENCRYPTED : KEY_INVALID);
	}
	// A PKCS#8 container may hold an EC or RSA-PSS key, neither of which can do RSA-OAEP.
	if (parsed.value.asymmetricKeyType !== 'rsa') throw new JweError(KEY_INVALID);
	return parsed.value;
}

// WebCrypto keys, imported once per private key and hash. WebCrypto runs RSA on libuv's thread
// pool: an RSA private-key operation per answer was the largest part of this package's time on
// n8n's single main thread.
const cryptoKeys = new WeakMap<KeyObject, Map<OaepHash, Promise<webcrypto.CryptoKey>>>();

function oaepKey(key: KeyObject, hash: OaepHash): Promise<webcrypto.CryptoKey> {
	let byHash = cryptoKeys.get(key);
	if (!byHash) cryptoKeys.set(key, (byHash = new Map()));
	let imported = byHash.get(hash);
	if (!imported) {
		const der = key.export({ type: 'pkcs8', format: 'der' });
		imported = webcrypto.subtle
			.importKey('pkcs8', der, { name: 'RSA-OAEP', hash }, false, ['decrypt'])
			.finally(() => der.fill(0));
		byHash.set(hash, imported);
	}
	return imported;
}

async function unwrapContentKey(
	key: KeyObject,
	hashes: readonly OaepHash[],
	encryptedKey: Buffer,
): Promise<Buffer | undefined> {
	for (const hash of hashes) {
		try {
			const cryptoKey = await oaepKey(key, hash);
			return Buffer.from(
				await webcrypto.subtle.decrypt({ name: 'RSA-OAEP' }, cryptoKey, encryptedKey),
			);
		} catch {
			// A wrong hash or key: try the next hash; nothing of node's error is kept.
		}
	}
	return undefined;
}

/**
 * Decrypts an RSA-OAEP-256 or RSA-OAEP + A256GCM JWE; the key may also be a KeyObject the caller
 * cached. Trying the second OAEP hash gives nothing away: both are tried for every answer that
 * fails the first, and a wrong content key still fails the GCM tag.
 */
export async function decryptJwe(
	jwe: unknown,
	privateKeyPem: string | KeyObject,
): Promise<{ plaintext: string; header: JweHeader }> {
	const segments = toSegments(jwe);
	if (!segments) throw new JweError(NOT_JWE);
	const header = parseHeader(segments.header);
	const encryptedKey = decodeB64(segments.encryptedKey, 'encrypted key');
	const iv = decodeB64(segments.iv, 'initialization vector');
	const ciphertext = decodeB64(segments.ciphertext, 'ciphertext');
	const tag = decodeB64(segments.tag, 'authentication tag');
	if (segments.aad !== undefined) decodeB64(segments.aad, 'additional authenticated data');
	if (iv.length !== 12) {
		throw new JweError(
			'The encrypted response is not a valid JWE: the IV must be 12 bytes for A256GCM',
		);
	}
	if (tag.length !== 16) {
		throw new JweError(
			'The encrypted response is not a valid JWE: the authentication tag must be 16 bytes',
		);
	}
	const key =
		privateKeyPem instanceof KeyObject &&
		privateKeyPem.type === 'private' &&
		privateKeyPem.asymmetricKeyType === 'rsa'
			? privateKeyPem
			: parsePrivateKey(privateKeyPem as string);

	const cek = await unwrapContentKey(key, OAEP_HASHES[header.alg], encryptedKey);
	if (cek === undefined) {
		throw new JweError(
			'Could not decrypt the content key of the encrypted response: the private key does not match the key the response was encrypted to',
		);
	}
	try {
		if (cek.length !== 32) {
			throw new JweError(
				'The encrypted response could not be decrypted: the content key is not 256 bits',
			);
		}
		const decipher = createDecipheriv('aes-256-gcm', cek, iv, { authTagLength: 16 });
		// RFC 7516: the AAD is the protected header segment exactly as it was transmitted, followed
		// in the JSON serialization by "." and the aad member when there is one.
		const aad = segments.aad === undefined ? segments.header : `${segments.header}.${segments.aad}`;
		decipher.setAAD(Buffer.from(aad, 'ascii'));
		decipher.setAuthTag(tag);
		const plain = attempt(() => Buffer.concat([decipher.update(ciphertext), decipher.final()]));
		if (!plain.ok) {
			throw new JweError(
				'The encrypted response could not be decrypted: authentication tag mismatch (the response was altered or is not for this key)',
			);
		}
		return { plaintext: plain.value.toString('utf8'), header };
	} finally {
		cek.fill(0);
	}
}
