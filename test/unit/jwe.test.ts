import { constants, generateKeyPairSync, KeyObject, publicEncrypt, randomBytes } from 'crypto';
import * as jose from 'jose';

import { decryptJwe, isJwe, JweError, parsePrivateKey } from '../../nodes/JusBiz/crypto/jwe';

// JWEs are produced by jose (an independent implementation), never by our own code.
const PLAINTEXT = '{"status":"SUCCESS","response":{"securityCode":"987"}}';
const PLAINTEXT_MARKER = 'securityCode":"987';

interface Pems {
	pkcs8: string;
	pkcs1: string;
	encryptedPkcs8: string;
	encryptedPkcs1: string;
}

let publicKey: KeyObject;
let pems: Pems;
let otherPkcs8: string;
let ecPkcs8: string;
let publicPem: string;
let compact: string;
let compactRsaOaep: string;
let compactA128: string;
let compactCrit: string;

const encoder = new TextEncoder();

function b64url(value: string | Buffer): string {
	return Buffer.from(value).toString('base64url');
}

function parts(jwe: string): string[] {
	return jwe.split('.');
}

function withPart(jwe: string, index: number, value: string): string {
	const p = parts(jwe);
	p[index] = value;
	return p.join('.');
}

function flipByte(segment: string, at = 0): string {
	const buf = Buffer.from(segment, 'base64url');
	buf[at] ^= 0x01;
	return buf.toString('base64url');
}

function toJsonForm(jwe: string): Record<string, string> {
	const [header, encryptedKey, iv, encryptedPayload, tag] = parts(jwe);
	return { header, encryptedKey, iv, encryptedPayload, tag };
}

function pemSlices(): string[] {
	return [pems.pkcs8, pems.pkcs1, otherPkcs8, pems.encryptedPkcs8, pems.encryptedPkcs1].map(
		// The second full body line is unique to the key (the first is mostly a shared ASN.1 prefix).
		(pem) =>
			pem
				.split('\n')
				.filter((l) => /^[A-Za-z0-9+/]{64}$/.test(l))[1]
				.slice(10, 50),
	);
}

async function catchError(fn: () => unknown): Promise<Error> {
	try {
		await fn();
	} catch (error) {
		return error as Error;
	}
	throw new Error('expected a throw');
}

async function encrypt(header: jose.CompactJWEHeaderParameters, options?: jose.EncryptOptions) {
	return new jose.CompactEncrypt(encoder.encode(PLAINTEXT))
		.setProtectedHeader(header)
		.encrypt(publicKey, options);
}

beforeAll(async () => {
	const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
	publicKey = pair.publicKey;
	pems = {
		pkcs8: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
		pkcs1: pair.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string,
		encryptedPkcs8: pair.privateKey.export({
			type: 'pkcs8',
			format: 'pem',
			cipher: 'aes-256-cbc',
			passphrase: 'secret',
		}) as string,
		encryptedPkcs1: pair.privateKey.export({
			type: 'pkcs1',
			format: 'pem',
			cipher: 'aes-256-cbc',
			passphrase: 'secret',
		}) as string,
	};
	publicPem = pair.publicKey.export({ type: 'spki', format: 'pem' }) as string;
	otherPkcs8 = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
		type: 'pkcs8',
		format: 'pem',
	}) as string;
	ecPkcs8 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
		type: 'pkcs8',
		format: 'pem',
	}) as string;

	compact = await encrypt({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'key-2024-01' });
	compactRsaOaep = await encrypt({ alg: 'RSA-OAEP', enc: 'A256GCM' });
	compactA128 = await encrypt({ alg: 'RSA-OAEP-256', enc: 'A128GCM' });
	compactCrit = await encrypt(
		{ alg: 'RSA-OAEP-256', enc: 'A256GCM', crit: ['urn:x'], 'urn:x': 1 },
		{ crit: { 'urn:x': true } },
	);
});

describe('decryptJwe: accepted inputs', () => {
	it('decrypts a compact JWE with a PKCS#8 key and returns the header with kid', async () => {
		const result = await decryptJwe(compact, pems.pkcs8);
		expect(result.plaintext).toBe(PLAINTEXT);
		expect(result.header).toEqual({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'key-2024-01' });
	});

	it('decrypts with a PKCS#1 key', async () => {
		expect((await decryptJwe(compact, pems.pkcs1)).plaintext).toBe(PLAINTEXT);
	});

	it('decrypts the JSON form given as an object', async () => {
		const result = await decryptJwe(toJsonForm(compact), pems.pkcs8);
		expect(result.plaintext).toBe(PLAINTEXT);
		expect(result.header.kid).toBe('key-2024-01');
	});

	it('decrypts the JSON form given as a JSON string', async () => {
		expect((await decryptJwe(JSON.stringify(toJsonForm(compact)), pems.pkcs8)).plaintext).toBe(
			PLAINTEXT,
		);
	});

	it('tolerates standard base64 with padding in non-header segments', async () => {
		const p = parts(compact);
		const std = (s: string) => Buffer.from(s, 'base64url').toString('base64');
		const mixed = [p[0], std(p[1]), std(p[2]), std(p[3]), std(p[4])].join('.');
		expect(mixed).toMatch(/[=+/]/);
		expect((await decryptJwe(mixed, pems.pkcs8)).plaintext).toBe(PLAINTEXT);
	});

	it('tolerates surrounding whitespace around a compact JWE', async () => {
		expect((await decryptJwe(`  ${compact}\n`, pems.pkcs8)).plaintext).toBe(PLAINTEXT);
	});

	it('tolerates a PEM with literal \\n sequences (JSON/env-var escaped)', async () => {
		const escaped = pems.pkcs8.replace(/\n/g, '\\n');
		expect(escaped).not.toContain('\n');
		expect((await decryptJwe(compact, escaped)).plaintext).toBe(PLAINTEXT);
	});

	it('tolerates CRLF, indentation and surrounding whitespace in the PEM', async () => {
		const messy = `\n  ${pems.pkcs1
			.trim()
			.split('\n')
			.map((l) => `   ${l}`)
			.join('\r\n')}  \r\n\n`;
		expect((await decryptJwe(compact, messy)).plaintext).toBe(PLAINTEXT);
	});

	it('tolerates a PEM whose newlines were collapsed to spaces', async () => {
		expect((await decryptJwe(compact, pems.pkcs8.replace(/\n/g, ' '))).plaintext).toBe(PLAINTEXT);
	});

	it('decrypts alg RSA-OAEP (an SHA-1 key wrap) made by jose', async () => {
		const { plaintext, header } = await decryptJwe(compactRsaOaep, pems.pkcs8);
		expect(plaintext).toBe(PLAINTEXT);
		expect(header.alg).toBe('RSA-OAEP');
	});

	it('accepts a KeyObject returned by parsePrivateKey', async () => {
		const key = parsePrivateKey(pems.pkcs8);
		expect(key.type).toBe('private');
		expect((await decryptJwe(compact, key)).plaintext).toBe(PLAINTEXT);
	});
});

describe('isJwe', () => {
	it('recognises both serializations', async () => {
		expect(isJwe(compact)).toBe(true);
		expect(isJwe(toJsonForm(compact))).toBe(true);
		expect(isJwe(JSON.stringify(toJsonForm(compact)))).toBe(true);
	});

	it('rejects things that are not a JWE', async () => {
		const p = parts(compact);
		expect(isJwe(p.slice(0, 4).join('.'))).toBe(false);
		expect(isJwe('a.b!.c.d.e')).toBe(false);
		expect(isJwe('{"status":"SUCCESS"}')).toBe(false);
		expect(isJwe('{not json')).toBe(false);
		expect(isJwe({ header: p[0], iv: p[2] })).toBe(false);
		expect(isJwe({ ...toJsonForm(compact), tag: 5 })).toBe(false);
		expect(isJwe(null)).toBe(false);
		expect(isJwe(42)).toBe(false);
		expect(isJwe(['a', 'b', 'c', 'd', 'e'])).toBe(false);
	});
});

describe('parsePrivateKey', () => {
	it('returns an RSA private KeyObject', async () => {
		expect(parsePrivateKey(pems.pkcs1).asymmetricKeyType).toBe('rsa');
	});
});

describe('failures', () => {
	const header = (h: Record<string, unknown>) => b64url(JSON.stringify(h));
	const MISMATCH = /private key does not match the key the response was encrypted to/;
	const TAG = /authentication tag mismatch/;
	const REFUSED = /only RSA-OAEP-256 or RSA-OAEP with A256GCM is accepted/;
	const NOT_JWE = /not a valid JWE/;
	const INVALID_KEY = /not a valid PEM RSA private key/;
	const PASSPHRASE = /passphrase/;

	const cases: Array<[string, () => unknown, RegExp]> = [
		['wrong private key', () => decryptJwe(compact, otherPkcs8), MISMATCH],
		[
			'tampered tag',
			() => decryptJwe(withPart(compact, 4, flipByte(parts(compact)[4])), pems.pkcs8),
			TAG,
		],
		[
			'tampered ciphertext',
			() => decryptJwe(withPart(compact, 3, flipByte(parts(compact)[3], 5)), pems.pkcs8),
			TAG,
		],
		[
			'tampered header (AAD)',
			() =>
				decryptJwe(
					withPart(compact, 0, header({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'other' })),
					pems.pkcs8,
				),
			TAG,
		],
		[
			'header re-encoded as standard base64 (AAD is the segment as received)',
			() =>
				decryptJwe(
					withPart(
						compact,
						0,
						`${Buffer.from(parts(compact)[0], 'base64url').toString('base64')}=`,
					),
					pems.pkcs8,
				),
			/authentication tag mismatch|not a valid JWE/,
		],
		[
			'tampered encrypted key',
			() => decryptJwe(withPart(compact, 1, flipByte(parts(compact)[1], 7)), pems.pkcs8),
			MISMATCH,
		],
		['enc A128GCM made by jose', () => decryptJwe(compactA128, pems.pkcs8), /enc "A128GCM"/],
		['crit header made by jose', () => decryptJwe(compactCrit, pems.pkcs8), /"crit"/],
		[
			'alg dir',
			() =>
				decryptJwe(
					[header({ alg: 'dir', enc: 'A256GCM' }), '', ...parts(compact).slice(2)].join('.'),
					pems.pkcs8,
				),
			/alg "dir".*only RSA-OAEP-256 or RSA-OAEP with A256GCM/,
		],
		[
			'alg none',
			() =>
				decryptJwe([header({ alg: 'none' }), '', '', b64url(PLAINTEXT), ''].join('.'), pems.pkcs8),
			/alg "none"/,
		],
		[
			'alg RSA1_5',
			() => decryptJwe(withPart(compact, 0, header({ alg: 'RSA1_5', enc: 'A256GCM' })), pems.pkcs8),
			/alg "RSA1_5"/,
		],
		[
			'missing alg',
			() => decryptJwe(withPart(compact, 0, header({ enc: 'A256GCM' })), pems.pkcs8),
			REFUSED,
		],
		[
			'enc A256CBC-HS512',
			() =>
				decryptJwe(
					withPart(compact, 0, header({ alg: 'RSA-OAEP-256', enc: 'A256CBC-HS512' })),
					pems.pkcs8,
				),
			/enc "A256CBC-HS512"/,
		],
		[
			'content key of 16 bytes',
			() => {
				// jose cannot be made to wrap a short CEK for A256GCM, so only the RSA step is manual.
				const shortCek = publicEncrypt(
					{ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
					randomBytes(16),
				);
				return decryptJwe(withPart(compact, 1, b64url(shortCek)), pems.pkcs8);
			},
			/content key is not 256 bits/,
		],
		[
			'header segment not base64',
			() => decryptJwe(withPart(compact, 0, 'e30!'), pems.pkcs8),
			/protected header is not base64url/,
		],
		[
			'missing enc',
			() => decryptJwe(withPart(compact, 0, header({ alg: 'RSA-OAEP-256' })), pems.pkcs8),
			/enc \(missing\)/,
		],
		[
			'zip header',
			() =>
				decryptJwe(
					withPart(compact, 0, header({ alg: 'RSA-OAEP-256', enc: 'A256GCM', zip: 'DEF' })),
					pems.pkcs8,
				),
			/compressed payloads are not supported/,
		],
		[
			'header not JSON',
			() => decryptJwe(withPart(compact, 0, b64url('not json')), pems.pkcs8),
			/protected header is not a JSON object/,
		],
		[
			'header is a JSON array',
			() => decryptJwe(withPart(compact, 0, b64url('[1]')), pems.pkcs8),
			/not a JSON object/,
		],
		[
			'IV of 16 bytes',
			() => decryptJwe(withPart(compact, 2, b64url(Buffer.alloc(16))), pems.pkcs8),
			/IV must be 12 bytes/,
		],
		[
			'tag of 12 bytes',
			() => decryptJwe(withPart(compact, 4, b64url(Buffer.alloc(12))), pems.pkcs8),
			/tag must be 16 bytes/,
		],
		['4 parts', () => decryptJwe(parts(compact).slice(0, 4).join('.'), pems.pkcs8), NOT_JWE],
		[
			'garbage base64',
			() => decryptJwe(withPart(compact, 3, 'not*base64!'), pems.pkcs8),
			/ciphertext is not base64url/,
		],
		['a number', () => decryptJwe(12, pems.pkcs8), NOT_JWE],
		[
			'JSON form missing a field',
			() => decryptJwe({ ...toJsonForm(compact), tag: undefined }, pems.pkcs8),
			NOT_JWE,
		],
		['unparseable JSON string', () => decryptJwe('{"header": ', pems.pkcs8), NOT_JWE],
		['encrypted PKCS#8 PEM', () => decryptJwe(compact, pems.encryptedPkcs8), PASSPHRASE],
		['encrypted PKCS#1 PEM', () => decryptJwe(compact, pems.encryptedPkcs1), PASSPHRASE],
		['parsePrivateKey: encrypted PEM', () => parsePrivateKey(pems.encryptedPkcs8), PASSPHRASE],
		['invalid PEM text', () => decryptJwe(compact, 'hello'), INVALID_KEY],
		['empty key', () => parsePrivateKey(''), INVALID_KEY],
		['public key PEM', () => parsePrivateKey(publicPem), INVALID_KEY],
		['EC private key', () => parsePrivateKey(ecPkcs8), INVALID_KEY],
		[
			'corrupted PEM body',
			() => parsePrivateKey(pems.pkcs8.replace(/\n[A-Za-z0-9+/]{10}/, '\nAAAAAAAAAA')),
			INVALID_KEY,
		],
		[
			'truncated PEM body',
			() =>
				parsePrivateKey(
					pems.pkcs1
						.split('\n')
						.filter((_, i) => i !== 5)
						.join('\n'),
				),
			INVALID_KEY,
		],
	];

	it.each(cases)('%s → JweError', async (_name, fn, message) => {
		await expect(Promise.resolve().then(fn)).rejects.toThrow(JweError);
		await expect(Promise.resolve().then(fn)).rejects.toThrow(message);
	});

	it.each(cases)('%s → no key material or plaintext in message/stack', async (_name, fn) => {
		const error = await catchError(fn);
		expect(error).toBeInstanceOf(JweError);
		expect(error.name).toBe('JweError');
		expect((error as { cause?: unknown }).cause).toBeUndefined();
		const text = `${error.message}\n${error.stack ?? ''}`;
		for (const slice of pemSlices()) {
			expect(slice).toHaveLength(40);
			expect(text).not.toContain(slice);
		}
		expect(text).not.toContain(PLAINTEXT_MARKER);
		// The key-format hint names the PEM armour, but no PEM body may follow it.
		expect(text).not.toMatch(/-----BEGIN [A-Z ]+-----\s*[A-Za-z0-9+/]{16}/);
	});
});
