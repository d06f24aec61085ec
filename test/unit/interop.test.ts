import {
	constants,
	createHmac,
	generateKeyPairSync,
	publicEncrypt,
	randomBytes,
	sign,
} from 'crypto';
import { createCipheriv } from 'crypto';
import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as jose from 'jose';

import { decryptJwe } from '../../nodes/JusBiz/crypto/jwe';
import { JwsError, parsePublicKey, readJws, verifyJws } from '../../nodes/JusBiz/crypto/jws';
import { openEncrypted } from '../../nodes/JusBiz/crypto/payload';
import {
	juspay,
	jwcryptoCompact,
	nodeJoseCompactJws,
	nodeJoseJwe,
	rsaPair,
	type RsaPair,
} from '../support/interop';
import { failureOf } from '../support/failureOf';

const ANSWER =
	'{"status":"SUCCESS","payoutId":"P_1","message":"ok","response":{"securityCode":"451"}}';
const CODE = '451';

let client: RsaPair;
let jusbiz: RsaPair;
let stranger: RsaPair;

beforeAll(async () => {
	client = rsaPair();
	jusbiz = rsaPair();
	stranger = rsaPair();
});

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');
const keys = (withPublicKey: boolean) => ({
	privateKey: () => client.privateKey,
	publicKey: () => (withPublicKey ? jusbiz.publicKey : undefined),
});

/** An RS256-style compact JWS with any header, signed by `signer` (or an empty signature). */
function compactJws(header: Record<string, unknown>, payload: string, signer?: RsaPair): string {
	const input = `${b64url(JSON.stringify(header))}.${b64url(payload)}`;
	const signature = signer
		? sign('sha256', Buffer.from(input), signer.privateKey)
		: Buffer.alloc(0);
	return `${input}.${b64url(signature)}`;
}

describe("Juspay's own SDK (expresscheckout-nodejs security modules)", () => {
	it('JWT.jwtEncrypt (JSON-form JWE "RSA-OAEP" of a JSON-form RS256 JWS) decrypts and verifies', async () => {
		const sealed = juspay.JWT.jwtEncrypt(ANSWER, 'key_1', client.publicKey, jusbiz.privateKey);
		expect(JSON.parse(Buffer.from(sealed.header, 'base64url').toString())).toEqual({
			alg: 'RSA-OAEP',
			enc: 'A256GCM',
			cty: 'JWT',
			kid: 'key_1',
		});
		expect(await openEncrypted(sealed, keys(true))).toBe(ANSWER);
		// The same answer given as a JSON string, as it may sit inside `encryptedResponse`.
		expect(await openEncrypted(JSON.stringify(sealed), keys(true))).toBe(ANSWER);
	});

	it('uses the payload unverified when the credential has no JusBiz public key', async () => {
		const sealed = juspay.JWT.jwtEncrypt(ANSWER, 'key_1', client.publicKey, stranger.privateKey);
		expect(await openEncrypted(sealed, keys(false))).toBe(ANSWER);
	});

	it('refuses an answer signed by another key when the public key is set, naming the field', async () => {
		const sealed = juspay.JWT.jwtEncrypt(ANSWER, 'key_1', client.publicKey, stranger.privateKey);
		const failure = await failureOf(() => openEncrypted(sealed, keys(true), 200));
		expect(failure.kind).toBe('signature');
		expect(failure.message).toMatch(/does not verify with the JusBiz Public Key/);
		expect(failure.details.httpCode).toBe(200);
		expect(JSON.stringify(failure)).not.toContain(CODE);
		expect(failure.message + failure.details.hint).not.toContain(CODE);
	});

	it('refuses an unsigned JWE.encrypt answer when the public key is set, accepts it without', async () => {
		const sealed = juspay.JWE.encrypt(ANSWER, 'key_1', client.publicKey);
		const failure = await failureOf(() => openEncrypted(sealed, keys(true)));
		expect(failure.kind).toBe('signature');
		expect(failure.message).toMatch(/without a signature.*"JusBiz Public Key" requires one/);
		expect(await openEncrypted(sealed, keys(false))).toBe(ANSWER);
	});

	it('decrypts the "RSA-OAEP" label over an SHA-256 key wrap, which the SDK decrypts too', async () => {
		// What the SDK's own jwtDecrypt expects of Juspay's servers: built with its JWS.sign, the
		// header it writes, and the SHA-256 OAEP its decrypt uses.
		const signed = JSON.stringify(juspay.JWS.sign(ANSWER, 'sig_1', jusbiz.privateKey));
		const header = b64url(
			JSON.stringify({ alg: 'RSA-OAEP', enc: 'A256GCM', cty: 'JWT', kid: 'k' }),
		);
		const cek = randomBytes(32);
		const iv = randomBytes(12);
		const cipher = createCipheriv('aes-256-gcm', cek, iv);
		cipher.setAAD(Buffer.from(header));
		const encryptedPayload = Buffer.concat([cipher.update(signed), cipher.final()]);
		const sealed = {
			header,
			encryptedKey: b64url(
				publicEncrypt(
					{ key: client.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
					cek,
				),
			),
			iv: b64url(iv),
			encryptedPayload: b64url(encryptedPayload),
			tag: b64url(cipher.getAuthTag()),
		};
		expect(juspay.JWT.jwtDecrypt(sealed, 'k', jusbiz.publicKey, client.privateKey)).toBe(ANSWER);
		expect(await openEncrypted(sealed, keys(true))).toBe(ANSWER);

		// A tampered tag still fails closed, whichever hash unwrapped the key.
		const tampered = { ...sealed, tag: b64url(Buffer.alloc(16)) };
		await expect(
			Promise.resolve().then(() => decryptJwe(tampered, client.privateKey)),
		).rejects.toThrow(/authentication tag mismatch/);
	});

	it('decrypts the "RSA-OAEP-256" label over an SHA-1 key wrap (the other way round)', async () => {
		const relabelled = b64url(JSON.stringify({ alg: 'RSA-OAEP-256', enc: 'A256GCM' }));
		// The label is authenticated data, so only a freshly made JWE can carry a different one.
		const cek = randomBytes(32);
		const iv = randomBytes(12);
		const cipher = createCipheriv('aes-256-gcm', cek, iv);
		cipher.setAAD(Buffer.from(relabelled));
		const ciphertext = Buffer.concat([cipher.update(ANSWER), cipher.final()]);
		const wrapped = publicEncrypt(
			{ key: client.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
			cek,
		);
		const compact = [
			relabelled,
			b64url(wrapped),
			b64url(iv),
			b64url(ciphertext),
			b64url(cipher.getAuthTag()),
		].join('.');
		expect((await decryptJwe(compact, client.privateKey)).plaintext).toBe(ANSWER);
	});

	it("reads the SDK's own JWS both ways it can be carried: JSON form and as a string", async () => {
		const signed = juspay.JWS.sign(ANSWER, 'sig_1', jusbiz.privateKey);
		const asJson = readJws(JSON.stringify(signed));
		expect(asJson).toEqual(signed);
		expect(verifyJws(asJson!, jusbiz.publicKey)).toBe(ANSWER);
		const compact = readJws(`${signed.header}.${signed.payload}.${signed.signature}`);
		expect(verifyJws(compact!, jusbiz.publicKey)).toBe(ANSWER);
	});
});

describe('node-jose (the library JusBiz documentation names)', () => {
	it.each(['compact', 'flattened', 'general'] as const)('decrypts its %s JWE', async (format) => {
		const jwe = await nodeJoseJwe(client.publicPem, ANSWER, format);
		expect((await decryptJwe(jwe, client.privateKey)).plaintext).toBe(ANSWER);
		expect(
			await openEncrypted(typeof jwe === 'string' ? jwe : JSON.stringify(jwe), keys(false)),
		).toBe(ANSWER);
	});

	it('decrypts its RSA-OAEP (SHA-1) JWE', async () => {
		const jwe = await nodeJoseJwe(client.publicPem, ANSWER, 'compact', 'RSA-OAEP');
		expect((await decryptJwe(jwe, client.privateKey)).plaintext).toBe(ANSWER);
	});

	it('verifies its RS256 JWS inside its JWE, and refuses it from another signer', async () => {
		const jws = await nodeJoseCompactJws(jusbiz.privatePem, ANSWER);
		const jwe = await nodeJoseJwe(client.publicPem, jws, 'compact');
		expect(await openEncrypted(jwe, keys(true))).toBe(ANSWER);
		const forged = await nodeJoseJwe(
			client.publicPem,
			await nodeJoseCompactJws(stranger.privatePem, ANSWER),
			'flattened',
		);
		expect((await failureOf(() => openEncrypted(forged, keys(true)))).kind).toBe('signature');
	});

	it('refuses a JSON JWE whose alg sits in an unprotected header', async () => {
		const jwe = (await nodeJoseJwe(client.publicPem, ANSWER, 'flattened')) as Record<
			string,
			unknown
		>;
		const moved = { ...jwe, unprotected: { alg: 'RSA-OAEP' } };
		await expect(
			Promise.resolve().then(() => decryptJwe(moved, client.privateKey)),
		).rejects.toThrow(/must be in the protected header/);
	});

	it('refuses a general JWE with two recipients', async () => {
		const jwe = (await nodeJoseJwe(client.publicPem, ANSWER, 'general')) as {
			recipients: unknown[];
		};
		const two = { ...jwe, recipients: [jwe.recipients[0], jwe.recipients[0]] };
		await expect(Promise.resolve().then(() => decryptJwe(two, client.privateKey))).rejects.toThrow(
			/not a valid JWE/,
		);
	});
});

describe('RFC 7516 JSON members', () => {
	it("authenticates jose's aad member, and refuses it altered or not base64url", async () => {
		const jwe = await new jose.FlattenedEncrypt(new TextEncoder().encode(ANSWER))
			.setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM' })
			.setAdditionalAuthenticatedData(new TextEncoder().encode('invoice-77'))
			.encrypt(client.publicKey);
		expect(jwe.aad).toBeDefined();
		expect((await decryptJwe(jwe, client.privateKey)).plaintext).toBe(ANSWER);
		await expect(
			Promise.resolve().then(() =>
				decryptJwe({ ...jwe, aad: b64url('invoice-78') }, client.privateKey),
			),
		).rejects.toThrow(/authentication tag mismatch/);
		await expect(
			Promise.resolve().then(() => decryptJwe({ ...jwe, aad: 'a.b!' }, client.privateKey)),
		).rejects.toThrow(/not base64url/);
	});

	it('takes only header and encrypted_key from the one recipient of the general form', async () => {
		const jwe = (await nodeJoseJwe(client.publicPem, ANSWER, 'general')) as Record<
			string,
			unknown
		> & { recipients: Array<Record<string, unknown>> };
		const overriding = {
			...jwe,
			recipients: [{ ...jwe.recipients[0], protected: b64url('{"alg":"dir","enc":"A256GCM"}') }],
		};
		expect((await decryptJwe(overriding, client.privateKey)).plaintext).toBe(ANSWER);
		await expect(
			Promise.resolve().then(() =>
				decryptJwe({ ...jwe, header: { alg: 'dir' } }, client.privateKey),
			),
		).rejects.toThrow(/not a valid JWE/);
	});
});

describe("Python's jwcrypto (Debian python3-jwcrypto)", () => {
	it.each(['RSA-OAEP-256', 'RSA-OAEP'] as const)('decrypts its compact %s JWE', async (alg) => {
		const jwe = jwcryptoCompact({ publicKeyPem: client.publicPem, plaintext: ANSWER, alg });
		expect((await decryptJwe(jwe, client.privateKey)).plaintext).toBe(ANSWER);
	});

	it('verifies its RS256 JWS inside its JWE, and refuses one signed by another key', async () => {
		const signed = jwcryptoCompact({
			publicKeyPem: client.publicPem,
			plaintext: ANSWER,
			alg: 'RSA-OAEP-256',
			signWithPem: jusbiz.privatePem,
		});
		expect(await openEncrypted(signed, keys(true))).toBe(ANSWER);
		const forged = jwcryptoCompact({
			publicKeyPem: client.publicPem,
			plaintext: ANSWER,
			alg: 'RSA-OAEP-256',
			signWithPem: stranger.privatePem,
		});
		expect((await failureOf(() => openEncrypted(forged, keys(true)))).message).toMatch(
			/does not verify/,
		);
	});
});

describe('JWS checks', () => {
	const refused = (jws: string, pattern: RegExp) => {
		const parsed = readJws(jws);
		expect(parsed).toBeDefined();
		expect(() => verifyJws(parsed!, jusbiz.publicKey)).toThrow(pattern);
	};

	it('accepts an RS256 signature made by jose, with or without kid', async () => {
		for (const header of [{ alg: 'RS256' }, { alg: 'RS256', kid: 'sig_1', typ: 'JWT' }]) {
			const jws = await new jose.CompactSign(new TextEncoder().encode(ANSWER))
				.setProtectedHeader(header)
				.sign(jusbiz.privateKey);
			expect(verifyJws(readJws(jws)!, jusbiz.publicKey)).toBe(ANSWER);
		}
	});

	it('refuses alg none', () =>
		refused(compactJws({ alg: 'none' }, ANSWER), /alg "none"; only RS256/));

	it('refuses HS256 keyed with the public key PEM (the algorithm-confusion forgery)', async () => {
		const input = `${b64url(JSON.stringify({ alg: 'HS256' }))}.${b64url(ANSWER)}`;
		const mac = createHmac('sha256', jusbiz.publicPem).update(input).digest();
		refused(`${input}.${b64url(mac)}`, /alg "HS256"; only RS256/);
	});

	it.each(['PS256', 'RS512', 'ES256', 'EdDSA'])('refuses alg %s', (alg) =>
		refused(compactJws({ alg }, ANSWER, jusbiz), new RegExp(`alg "${alg}"`)),
	);

	it('refuses a crit header (e.g. unencoded payloads)', () =>
		refused(compactJws({ alg: 'RS256', b64: false, crit: ['b64'] }, ANSWER, jusbiz), /"crit"/));

	it('refuses a tampered payload and an empty signature', async () => {
		const good = compactJws({ alg: 'RS256' }, ANSWER, jusbiz).split('.');
		refused([good[0], b64url(ANSWER.replace(CODE, '999')), good[2]].join('.'), /does not verify/);
		refused(`${good[0]}.${good[1]}.`, /does not verify/);
	});

	it("verifies jose's RFC 7515 flattened JSON JWS, and refuses alg or crit in its unprotected header", async () => {
		const flat = await new jose.FlattenedSign(new TextEncoder().encode(ANSWER))
			.setProtectedHeader({ alg: 'RS256' })
			.setUnprotectedHeader({ kid: 'sig_1' })
			.sign(jusbiz.privateKey);
		expect(verifyJws(readJws(JSON.stringify(flat))!, jusbiz.publicKey)).toBe(ANSWER);
		for (const header of [{ alg: 'none' }, { crit: ['b64'] }]) {
			expect(readJws(JSON.stringify({ ...flat, header }))).toBeUndefined();
		}
	});

	it('reads a JSON JWS only with exactly its members', async () => {
		const signed = juspay.JWS.sign(ANSWER, 'sig_1', jusbiz.privateKey);
		expect(readJws(JSON.stringify({ ...signed, extra: 1 }))).toBeUndefined();
		expect(readJws(JSON.stringify({ ...signed, protected: signed.header }))).toBeUndefined();
	});

	it('echoes only short algorithm names in its messages', async () => {
		refused(
			compactJws({ alg: `HS256 ${'x'.repeat(40)} secret-looking` }, ANSWER),
			/alg \(an unsupported value\); only RS256/,
		);
	});

	it('treats plain JSON and other text as "not a JWS"', async () => {
		expect(readJws(ANSWER)).toBeUndefined();
		expect(readJws('{"header":"a","payload":1,"signature":"c"}')).toBeUndefined();
		expect(readJws('a.b')).toBeUndefined();
	});
});

describe('parsePublicKey', () => {
	it('accepts an X.509 certificate, as a dashboard may offer the key', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'jusbiz-cert-'));
		try {
			writeFileSync(join(dir, 'key.pem'), jusbiz.privatePem);
			execFileSync('openssl', [
				'req',
				'-x509',
				'-new',
				'-key',
				join(dir, 'key.pem'),
				'-subj',
				'/CN=JusBiz signing',
				'-days',
				'2',
				'-out',
				join(dir, 'cert.pem'),
			]);
			const key = parsePublicKey(readFileSync(join(dir, 'cert.pem'), 'utf8'));
			const jws = compactJws({ alg: 'RS256' }, ANSWER, jusbiz);
			expect(verifyJws(readJws(jws)!, key)).toBe(ANSWER);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('accepts SPKI, PKCS#1 and a pasted key with escaped newlines', async () => {
		expect(parsePublicKey(jusbiz.publicPem).asymmetricKeyType).toBe('rsa');
		const pkcs1 = jusbiz.publicKey.export({ type: 'pkcs1', format: 'pem' }).toString();
		expect(parsePublicKey(pkcs1).asymmetricKeyType).toBe('rsa');
		expect(parsePublicKey(jusbiz.publicPem.replace(/\n/g, '\\n')).asymmetricKeyType).toBe('rsa');
	});

	it('refuses a private key pasted into the field without echoing it', async () => {
		let message = '';
		try {
			parsePublicKey(jusbiz.privatePem);
		} catch (error) {
			expect(error).toBeInstanceOf(JwsError);
			message = (error as Error).message;
		}
		expect(message).toMatch(/holds a private key/);
		for (const line of jusbiz.privatePem.split('\n').filter((l) => l.length > 20)) {
			expect(message).not.toContain(line);
		}
	});

	it('refuses an EC key and text that is not a key', async () => {
		const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
		expect(() => parsePublicKey(ec.export({ type: 'spki', format: 'pem' }).toString())).toThrow(
			/not a valid PEM RSA public key/,
		);
		expect(() => parsePublicKey('ssh-rsa AAAA')).toThrow(/not a valid PEM RSA public key/);
		expect(() => parsePublicKey(undefined)).toThrow(/not a valid PEM RSA public key/);
	});
});
