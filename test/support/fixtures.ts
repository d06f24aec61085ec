import { generateKeyPairSync, type KeyObject } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';
import * as jose from 'jose';

export const FIXTURES_DIR = join(__dirname, '..', 'fixtures');
export const PACKAGE_DIR = join(__dirname, '..', '..');

export const cardPng = readFileSync(join(FIXTURES_DIR, 'card.png'));
export const cardJpeg = readFileSync(join(FIXTURES_DIR, 'card.jpg'));
export const cardGif = readFileSync(join(FIXTURES_DIR, 'card.gif'));
export const cardWebp = readFileSync(join(FIXTURES_DIR, 'card.webp'));

// Recognisable values, so a leak test can search a whole run for them.
export const FAKE_API_KEY = 'sk_live_LEAKCANARY_4f9a2b7c1d';
export const FAKE_MERCHANT_ID = 'merchant_canary';
export const FAKE_KEY_ID = 'key_0123456789abcdef';
export const FAKE_SECURITY_CODE = '731';
export const AUTHORIZATION_VALUE = `Basic ${Buffer.from(`${FAKE_API_KEY}:`).toString('base64')}`;

export interface RsaKeys {
	publicKey: KeyObject;
	privateKeyPem: string;
	pkcs1Pem: string;
}

let cached: RsaKeys | undefined;
export function rsaKeys(): RsaKeys {
	if (!cached) {
		const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
		cached = {
			publicKey,
			privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
			pkcs1Pem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
		};
	}
	return cached;
}

export function otherPrivateKeyPem(): string {
	const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
	return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** A JWE made by the independent `jose` library, never by this package. */
export async function encryptCompact(
	payload: unknown,
	publicKey: KeyObject = rsaKeys().publicKey,
	header: jose.CompactJWEHeaderParameters = {
		alg: 'RSA-OAEP-256',
		enc: 'A256GCM',
		kid: FAKE_KEY_ID,
	},
): Promise<string> {
	return new jose.CompactEncrypt(new TextEncoder().encode(JSON.stringify(payload)))
		.setProtectedHeader(header)
		.encrypt(publicKey);
}

/** The `{ header, encryptedKey, iv, encryptedPayload, tag }` form other Juspay APIs use. */
export function toJsonForm(compact: string): Record<string, string> {
	const [header, encryptedKey, iv, encryptedPayload, tag] = compact.split('.');
	return { header, encryptedKey, iv, encryptedPayload, tag };
}

export function successBody(
	options: {
		payoutId?: string;
		securityCode?: string;
		cardImage?: string;
		upperCaseKeys?: boolean;
	} = {},
): Record<string, unknown> {
	const code = options.securityCode ?? FAKE_SECURITY_CODE;
	const inner: Record<string, unknown> = options.upperCaseKeys
		? { SecurityCode: code, ...(options.cardImage ? { CardImage: options.cardImage } : {}) }
		: { securityCode: code, ...(options.cardImage ? { cardImage: options.cardImage } : {}) };
	return {
		status: 'SUCCESS',
		payoutId: options.payoutId ?? 'PAYOUT_1',
		message: 'Security code fetched',
		response: inner,
	};
}
