/**
 * JOSE made by code nobody on this project wrote: Juspay's own Node SDK, node-jose (the library
 * JusBiz's Decryption Guide names) and Python's jwcrypto.
 */
import { execFileSync } from 'child_process';
import { generateKeyPairSync, type KeyObject } from 'crypto';
import { dirname, join } from 'path';
import * as nodeJose from 'node-jose';

type Serialized = Record<string, string>;

interface JuspaySecurity {
	JWS: { sign(claims: string, keyId: string, privateKey: KeyObject): Serialized };
	JWE: {
		encrypt(data: string, keyId: string, publicKey: KeyObject): Serialized;
		decrypt(cipher: Serialized | string, privateKey: KeyObject): string;
	};
	JWT: {
		jwtEncrypt(
			data: string,
			keyId: string,
			publicKey: KeyObject,
			privateKey: KeyObject,
		): Serialized;
		jwtDecrypt(
			data: Serialized | string,
			keyId: string,
			publicKey: KeyObject,
			privateKey: KeyObject,
		): string;
	};
}

/**
 * The SDK's package.json `exports` hides dist/cjs/security; its files are loaded by path, as they
 * are published, so the tests run Juspay's code unchanged.
 */
function loadJuspaySecurity(): JuspaySecurity {
	const dir = join(dirname(require.resolve('expresscheckout-nodejs')), 'security');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const load = (file: string) => (require(join(dir, file)) as { default: unknown }).default;
	return {
		JWS: load('JWS.js') as JuspaySecurity['JWS'],
		JWE: load('JWE.js') as JuspaySecurity['JWE'],
		JWT: load('JWT.js') as JuspaySecurity['JWT'],
	};
}

export const juspay = loadJuspaySecurity();

export interface RsaPair {
	publicKey: KeyObject;
	privateKey: KeyObject;
	publicPem: string;
	privatePem: string;
}

export function rsaPair(): RsaPair {
	const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
	return {
		publicKey,
		privateKey,
		publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
		privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
	};
}

const JWCRYPTO_SCRIPT = join(__dirname, '..', 'interop', 'jwcrypto_jwe.py');
// Debian's own interpreter: the one python3-jwcrypto is installed for (scripts/ensure-jwcrypto.sh).
const DEBIAN_PYTHON = '/usr/bin/python3';

/** A compact JWE made by jwcrypto, optionally of a compact RS256 JWS jwcrypto made too. */
export function jwcryptoCompact(options: {
	publicKeyPem: string;
	plaintext: string;
	alg: 'RSA-OAEP-256' | 'RSA-OAEP';
	kid?: string;
	signWithPem?: string;
}): string {
	return execFileSync(DEBIAN_PYTHON, [JWCRYPTO_SCRIPT], {
		input: JSON.stringify({ kid: 'key_jwcrypto', signWithPem: null, ...options }),
		encoding: 'utf8',
	});
}

/** node-jose's JWE in the given serialization (compact, or RFC 7516 flattened / general JSON). */
export async function nodeJoseJwe(
	publicKeyPem: string,
	plaintext: string,
	format: 'compact' | 'flattened' | 'general',
	alg: 'RSA-OAEP-256' | 'RSA-OAEP' = 'RSA-OAEP-256',
): Promise<string | Record<string, unknown>> {
	const key = await nodeJose.JWK.asKey(publicKeyPem, 'pem');
	const result: unknown = await nodeJose.JWE.createEncrypt(
		{ format, fields: { alg, enc: 'A256GCM', kid: 'key_nodejose' } },
		key,
	)
		.update(Buffer.from(plaintext))
		.final();
	return result as string | Record<string, unknown>;
}

/** node-jose's compact RS256 JWS. */
export async function nodeJoseCompactJws(privateKeyPem: string, payload: string): Promise<string> {
	const key = await nodeJose.JWK.asKey(privateKeyPem, 'pem');
	const result: unknown = await nodeJose.JWS.createSign(
		{ format: 'compact', fields: { alg: 'RS256' } },
		key,
	)
		.update(Buffer.from(payload))
		.final();
	return result as string;
}
