import { spawn } from 'child_process';
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { createInterface } from 'readline';
import * as jose from 'jose';
import * as nodeJose from 'node-jose';

import { juspay } from '../support/interop';

import { SEEDED_PAYOUTS, generatedSecurityCode } from './payouts';
import { applyAuthorization, createCardStore, statusView } from './cards';
import { createSimulator, type Simulator } from './server';
import { DECLINE_REASONS } from './notifications';

// Read independently of payouts.js, so a wrong image table in the simulator fails here.
const FIXTURES_DIR = join(__dirname, '..', 'fixtures');
const cardPng = readFileSync(join(FIXTURES_DIR, 'card.png'));
const cardJpg = readFileSync(join(FIXTURES_DIR, 'card.jpg'));
const CLI_PATH = join(__dirname, 'cli.js');

interface Answer {
	status: number;
	headers: Headers;
	text: string;
	json: any;
	ms: number;
}

type Outcome = number | 'reset';

let sim: Simulator;

beforeAll(async () => {
	// Plain answers, so most tests read them directly; the encryption tests set their own.
	sim = await createSimulator({ encryption: 'none' });
});

afterAll(async () => {
	await sim.close();
});

beforeEach(() => {
	sim.reset();
});

function basic(user: string, password = ''): string {
	return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

function validHeaders(): Record<string, string> {
	return {
		Authorization: basic(sim.credentials.apiKey),
		KeyId: sim.credentials.keyId,
		'X-merchantid': sim.credentials.merchantId,
		'Content-Type': 'application/json',
	};
}

async function call(
	body: unknown,
	options: { headers?: Record<string, string | undefined>; raw?: boolean; path?: string } = {},
): Promise<Answer> {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries({ ...validHeaders(), ...options.headers })) {
		if (value !== undefined) headers[name] = value;
	}
	const started = performance.now();
	const res = await fetch(`${sim.url}${options.path ?? '/ardra/vt/cvv/v2'}`, {
		method: 'POST',
		headers,
		body: options.raw ? String(body) : JSON.stringify(body),
	});
	const text = await res.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json, ms: performance.now() - started };
}

function fetchPayout(payoutId: string, isCardImageRequired?: boolean): Promise<Answer> {
	return call(isCardImageRequired === undefined ? { payoutId } : { payoutId, isCardImageRequired });
}

/** The status, or 'reset' when the connection died before a full answer. */
async function outcome(payoutId: string): Promise<Outcome> {
	try {
		return (await fetchPayout(payoutId)).status;
	} catch {
		return 'reset';
	}
}

async function decryptCompact(
	jwe: string,
): Promise<{ header: jose.CompactJWEHeaderParameters; body: any }> {
	const { plaintext, protectedHeader } = await jose.compactDecrypt(
		jwe,
		createPrivateKey(sim.credentials.privateKeyPem),
		{ keyManagementAlgorithms: ['RSA-OAEP-256'], contentEncryptionAlgorithms: ['A256GCM'] },
	);
	return { header: protectedHeader, body: JSON.parse(new TextDecoder().decode(plaintext)) };
}

function success(payoutId: string, response: Record<string, string>) {
	return { status: 'SUCCESS', payoutId, message: 'Security code fetched successfully', response };
}

describe('authentication', () => {
	const cases: Array<[string, Record<string, string | undefined>, string]> = [
		[
			'no Authorization and no KeyId',
			{ Authorization: undefined, KeyId: undefined },
			'Basic Auth & Key ID missing in Headers',
		],
		['no KeyId', { KeyId: undefined }, 'Key ID missing in Headers'],
		['an empty KeyId', { KeyId: '' }, 'Key ID missing in Headers'],
		['no Authorization', { Authorization: undefined }, 'Basic Auth missing in Headers'],
		['a Bearer token', { Authorization: 'Bearer abc' }, 'Unauthorised: No key given'],
		['Basic without base64', { Authorization: 'Basic ***' }, 'Unauthorised: No key given'],
		[
			'Basic without a colon',
			{ Authorization: `Basic ${Buffer.from('key').toString('base64')}` },
			'Unauthorised: No key given',
		],
		['an empty user name', { Authorization: basic('') }, 'Unauthorised: No key given'],
		['an unknown KeyId', { KeyId: 'key_0000000000000000' }, 'Invalid Key ID passed'],
		['a wrong API key', { Authorization: basic('sim_wrong_key') }, 'Unauthorised: No key given'],
		['a password', { Authorization: basic('sim_api_key_0001', 'x') }, 'Unauthorised: No key given'],
	];

	it.each(cases)('answers 401 for %s', async (_name, headers, message) => {
		const answer = await call({ payoutId: 'PAYOUT_PNG_1' }, { headers });
		expect(answer.status).toBe(401);
		expect(answer.json).toEqual({ message });
	});

	it('checks the KeyId before the API key, as the documented order says', async () => {
		const answer = await call(
			{ payoutId: 'PAYOUT_PNG_1' },
			{ headers: { Authorization: basic('sim_wrong_key'), KeyId: 'key_other' } },
		);
		expect(answer.json).toEqual({ message: 'Invalid Key ID passed' });
	});

	it('treats header names case-insensitively', async () => {
		const answer = await call(
			{ payoutId: 'PAYOUT_PNG_1' },
			{
				headers: {
					Authorization: undefined,
					KeyId: undefined,
					'X-merchantid': undefined,
					authorization: basic(sim.credentials.apiKey),
					KEYID: sim.credentials.keyId,
					'x-MerchantID': sim.credentials.merchantId,
				},
			},
		);
		expect(answer.status).toBe(200);
	});
});

describe('request validation', () => {
	it.each([
		['missing', undefined],
		['unknown', 'someone_else'],
	])('answers 400 for a %s X-merchantid', async (_name, merchant) => {
		const answer = await call(
			{ payoutId: 'PAYOUT_PNG_1' },
			{ headers: { 'X-merchantid': merchant } },
		);
		expect(answer.status).toBe(400);
		expect(answer.json).toEqual({
			status: 'FAILURE',
			payoutId: 'PAYOUT_PNG_1',
			message: 'X-merchantid is missing or unknown',
		});
	});

	it.each(['not json', '[1,2]', 'null', '"PAYOUT_PNG_1"', ''])(
		'answers 400 for the body %j',
		async (raw) => {
			const answer = await call(raw, { raw: true });
			expect(answer.status).toBe(400);
			expect(answer.json).toEqual({
				status: 'FAILURE',
				payoutId: '',
				message: 'Request body must be a JSON object',
			});
		},
	);

	it.each([{}, { payoutId: '' }, { payoutId: 42 }, { payoutId: null }])(
		'answers 400 for the payout id in %j',
		async (body) => {
			const answer = await call(body);
			expect(answer.status).toBe(400);
			expect(answer.json).toEqual({
				status: 'FAILURE',
				payoutId: '',
				message: 'payoutId is invalid',
			});
		},
	);

	it('answers 400 for a non-boolean isCardImageRequired', async () => {
		const answer = await call({ payoutId: 'PAYOUT_PNG_1', isCardImageRequired: 'true' });
		expect(answer.status).toBe(400);
		expect(answer.json).toEqual({
			status: 'FAILURE',
			payoutId: 'PAYOUT_PNG_1',
			message: 'isCardImageRequired must be a boolean',
		});
	});

	it('answers 400 for an unknown payout, and for a bare fault prefix', async () => {
		for (const payoutId of ['PAYOUT_NOPE', 'FAULT_503_', 'LOAD_123456789']) {
			const answer = await fetchPayout(payoutId);
			expect(answer.status).toBe(400);
			expect(answer.json).toEqual({ status: 'FAILURE', payoutId, message: 'Payout not found' });
		}
	});

	it('does not insist on a Content-Type', async () => {
		const answer = await call(
			{ payoutId: 'PAYOUT_PNG_1' },
			{ headers: { 'Content-Type': undefined } },
		);
		expect(answer.status).toBe(200);
	});

	it('refuses a body over 64 KB with 413', async () => {
		const answer = await call({ payoutId: 'PAYOUT_PNG_1', pad: 'x'.repeat(70_000) });
		expect(answer.status).toBe(413);
	});
});

describe('successful fetches', () => {
	it('returns the code and the PNG image bytes in camelCase', async () => {
		const answer = await fetchPayout('PAYOUT_PNG_1', true);
		expect(answer.status).toBe(200);
		expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
		expect(answer.json).toEqual(
			success('PAYOUT_PNG_1', { securityCode: '119', cardImage: cardPng.toString('base64') }),
		);
		expect(Buffer.from(answer.json.response.cardImage, 'base64').equals(cardPng)).toBe(true);
	});

	it('returns the JPEG image of PAYOUT_JPG_1', async () => {
		const answer = await fetchPayout('PAYOUT_JPG_1', true);
		expect(answer.json.response.securityCode).toBe('482');
		expect(Buffer.from(answer.json.response.cardImage, 'base64').equals(cardJpg)).toBe(true);
	});

	it('leaves the image out unless it is asked for', async () => {
		expect((await fetchPayout('PAYOUT_PNG_1')).json.response).toEqual({ securityCode: '119' });
		expect((await fetchPayout('PAYOUT_PNG_1', false)).json.response).toEqual({
			securityCode: '119',
		});
	});

	it('has no image at all for PAYOUT_NOIMG_1', async () => {
		const answer = await fetchPayout('PAYOUT_NOIMG_1', true);
		expect(answer.json).toEqual(success('PAYOUT_NOIMG_1', { securityCode: '777' }));
	});

	it('always uses PascalCase keys for PAYOUT_PASCAL_1', async () => {
		const answer = await fetchPayout('PAYOUT_PASCAL_1', true);
		expect(answer.json.response).toEqual({
			SecurityCode: '305',
			CardImage: cardPng.toString('base64'),
		});
	});

	it('uses PascalCase keys for every payout when configured', async () => {
		sim.setConfig({ keyCase: 'pascal' });
		const answer = await fetchPayout('PAYOUT_JPG_1', true);
		expect(answer.json.response).toEqual({
			SecurityCode: '482',
			CardImage: cardJpg.toString('base64'),
		});
	});

	it('generates LOAD_ payouts with deterministic codes', async () => {
		for (const [payoutId, code] of [
			['LOAD_0', '100'],
			['LOAD_1', '137'],
			['LOAD_25', '125'],
			['LOAD_12345678', String(100 + ((12345678 * 37) % 900))],
		]) {
			const answer = await fetchPayout(payoutId, true);
			expect(answer.json).toEqual(
				success(payoutId, { securityCode: code, cardImage: cardPng.toString('base64') }),
			);
		}
	});

	it('exports the seeded table the tests rely on', () => {
		expect(
			Object.fromEntries(Object.values(SEEDED_PAYOUTS).map((p) => [p.payoutId, p.securityCode])),
		).toEqual({
			PAYOUT_PNG_1: '119',
			PAYOUT_JPG_1: '482',
			PAYOUT_PASCAL_1: '305',
			PAYOUT_ENC_COMPACT: '611',
			PAYOUT_ENC_JSON: '612',
			PAYOUT_ENC_SIGNED: '621',
			PAYOUT_ENC_JUSPAY: '622',
			PAYOUT_ENC_JUSPAY256: '623',
			PAYOUT_ENC_OTHERSIGN: '624',
			PAYOUT_ENC_UNSIGNED: '625',
			PAYOUT_ENC_NODEJOSE: '626',
			PAYOUT_EXPIRED_1: '778',
			PAYOUT_NOIMG_1: '777',
			PAYOUT_DECLINES_1: '779',
			PAYOUT_USED_1: '780',
		});
	});

	it('serves 1,000 LOAD_ payouts, 50 at a time, each with its own code', async () => {
		const ids = Array.from({ length: 1000 }, (_, i) => `LOAD_${i}`);
		const codes: string[] = [];
		for (let start = 0; start < ids.length; start += 50) {
			const batch = await Promise.all(ids.slice(start, start + 50).map((id) => fetchPayout(id)));
			codes.push(...batch.map((a) => a.json.response.securityCode));
		}
		expect(codes).toEqual(ids.map((id) => generatedSecurityCode(id)));
		expect(sim.stats().byStatus).toEqual({ '200': 1000 });
	});
});

describe('encryption', () => {
	it('sends PAYOUT_ENC_COMPACT as a compact JWE that jose decrypts', async () => {
		const answer = await fetchPayout('PAYOUT_ENC_COMPACT', true);
		expect(answer.status).toBe(200);
		expect(Object.keys(answer.json)).toEqual(['encryptedResponse']);
		const { header, body } = await decryptCompact(answer.json.encryptedResponse);
		expect(header).toEqual({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: sim.credentials.keyId });
		expect(body).toEqual(
			success('PAYOUT_ENC_COMPACT', { securityCode: '611', cardImage: cardPng.toString('base64') }),
		);
	});

	it('sends PAYOUT_ENC_JSON as the JSON form of the same JWE', async () => {
		const answer = await fetchPayout('PAYOUT_ENC_JSON');
		const form = answer.json.encryptedResponse;
		expect(Object.keys(form).sort()).toEqual([
			'encryptedKey',
			'encryptedPayload',
			'header',
			'iv',
			'tag',
		]);
		const compact = [form.header, form.encryptedKey, form.iv, form.encryptedPayload, form.tag].join(
			'.',
		);
		const { header, body } = await decryptCompact(compact);
		expect(header.kid).toBe(sim.credentials.keyId);
		expect(body).toEqual(success('PAYOUT_ENC_JSON', { securityCode: '612' }));
	});

	// Each signed form is checked with code other than the simulator's: jose, Juspay's SDK, node-jose.
	const signingKey = () => createPublicKey(sim.credentials.jusBizPublicKeyPem);
	const clientKey = () => createPrivateKey(sim.credentials.privateKeyPem);
	const joinJson = (f: Record<string, string>) =>
		[f.header, f.encryptedKey, f.iv, f.encryptedPayload, f.tag].join('.');
	const decryptAny = async (jwe: string) =>
		new TextDecoder().decode(
			(
				await jose.compactDecrypt(jwe, clientKey(), {
					keyManagementAlgorithms: ['RSA-OAEP-256', 'RSA-OAEP'],
				})
			).plaintext,
		);

	it('sends PAYOUT_ENC_SIGNED as a JWE of a compact JWS that jose verifies with the signing key', async () => {
		const answer = await fetchPayout('PAYOUT_ENC_SIGNED');
		const jws = await decryptAny(answer.json.encryptedResponse);
		const { payload, protectedHeader } = await jose.compactVerify(jws, signingKey());
		expect(protectedHeader.alg).toBe('RS256');
		expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(
			success('PAYOUT_ENC_SIGNED', { securityCode: '621' }),
		);
	});

	it("sends PAYOUT_ENC_JUSPAY exactly as Juspay's SDK jwtEncrypt does: RSA-OAEP, SHA-1 wrap, JSON JWS", async () => {
		const form = (await fetchPayout('PAYOUT_ENC_JUSPAY')).json.encryptedResponse;
		expect(JSON.parse(Buffer.from(form.header, 'base64url').toString())).toEqual({
			alg: 'RSA-OAEP',
			enc: 'A256GCM',
			cty: 'JWT',
			kid: sim.credentials.keyId,
		});
		const signed = JSON.parse(await decryptAny(joinJson(form)));
		expect(Object.keys(signed)).toEqual(['header', 'payload', 'signature']);
		const { payload } = await jose.compactVerify(
			`${signed.header}.${signed.payload}.${signed.signature}`,
			signingKey(),
		);
		expect(JSON.parse(new TextDecoder().decode(payload)).response).toEqual({ securityCode: '622' });
		// The SDK's own decrypt always unwraps with SHA-256, so it cannot read its own encrypt's output.
		expect(() => juspay.JWT.jwtDecrypt(form, 'k', signingKey(), clientKey())).toThrow();
	});

	it("sends PAYOUT_ENC_JUSPAY256 as Juspay's SDK jwtDecrypt expects a server answer", async () => {
		const form = (await fetchPayout('PAYOUT_ENC_JUSPAY256')).json.encryptedResponse;
		expect(JSON.parse(Buffer.from(form.header, 'base64url').toString()).alg).toBe('RSA-OAEP');
		const json = juspay.JWT.jwtDecrypt(form, 'k', signingKey(), clientKey());
		expect(JSON.parse(json)).toEqual(success('PAYOUT_ENC_JUSPAY256', { securityCode: '623' }));
	});

	it('signs PAYOUT_ENC_OTHERSIGN with a key that is not the published one', async () => {
		const form = (await fetchPayout('PAYOUT_ENC_OTHERSIGN')).json.encryptedResponse;
		const signed = JSON.parse(await decryptAny(joinJson(form)));
		await expect(
			jose.compactVerify(`${signed.header}.${signed.payload}.${signed.signature}`, signingKey()),
		).rejects.toThrow(/signature verification failed/);
	});

	it('sends PAYOUT_ENC_UNSIGNED as the SDK JWE of plain JSON', async () => {
		const form = (await fetchPayout('PAYOUT_ENC_UNSIGNED')).json.encryptedResponse;
		expect(JSON.parse(await decryptAny(joinJson(form)))).toEqual(
			success('PAYOUT_ENC_UNSIGNED', { securityCode: '625' }),
		);
	});

	it("sends PAYOUT_ENC_NODEJOSE as node-jose's flattened JSON JWE, which node-jose decrypts", async () => {
		const form = (await fetchPayout('PAYOUT_ENC_NODEJOSE')).json.encryptedResponse;
		expect(Object.keys(form).sort()).toEqual([
			'ciphertext',
			'encrypted_key',
			'iv',
			'protected',
			'tag',
		]);
		const key = await nodeJose.JWK.asKey(sim.credentials.privateKeyPem, 'pem');
		const { plaintext } = await nodeJose.JWE.createDecrypt(key).decrypt(form);
		expect(JSON.parse(plaintext.toString())).toEqual(
			success('PAYOUT_ENC_NODEJOSE', { securityCode: '626' }),
		);
	});

	it('accepts the merchant id under x-merchant-id alone, and counts both spellings', async () => {
		const alone = await call(
			{ payoutId: 'PAYOUT_PNG_1' },
			{ headers: { 'X-merchantid': undefined, 'x-merchant-id': sim.credentials.merchantId } },
		);
		expect(alone.status).toBe(200);
		const neither = await call(
			{ payoutId: 'PAYOUT_PNG_1' },
			{ headers: { 'X-merchantid': 'someone_else', 'x-merchant-id': undefined } },
		);
		expect(neither.status).toBe(400);
		expect(sim.stats().merchantIdHeaders).toEqual({ 'x-merchant-id': 1, 'x-merchantid': 1 });
	});

	it('encrypts every 2xx body when configured, FAILURE too, never a 4xx or 5xx', async () => {
		sim.setConfig({ encryption: 'compact' });
		const ok = await fetchPayout('PAYOUT_JPG_1');
		expect((await decryptCompact(ok.json.encryptedResponse)).body.response).toEqual({
			securityCode: '482',
		});
		const failed = await fetchPayout('FAULT_FAILURE_A');
		expect(failed.status).toBe(200);
		expect((await decryptCompact(failed.json.encryptedResponse)).body).toEqual({
			status: 'FAILURE',
			payoutId: 'FAULT_FAILURE_A',
			message: 'Security code is no longer available',
		});
		expect((await fetchPayout('PAYOUT_NOPE')).json.message).toBe('Payout not found');
		expect((await call({ payoutId: 'X' }, { headers: { KeyId: undefined } })).json.message).toBe(
			'Key ID missing in Headers',
		);
		expect((await fetchPayout('FAULT_500_A')).json.message).toBe(
			'Validated Expense Data cannot be Empty',
		);
	});

	it('encrypts to a given PKCS#1 key', async () => {
		const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
		const pkcs1 = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
		const own = await createSimulator({
			privateKeyPem: pkcs1,
			encryption: 'json',
			keyId: 'key_OWN',
		});
		try {
			expect(own.credentials.privateKeyPem).toBe(pkcs1);
			const res = await fetch(`${own.url}/ardra/vt/cvv/v2`, {
				method: 'POST',
				headers: {
					Authorization: basic(own.credentials.apiKey),
					KeyId: 'key_OWN',
					'X-merchantid': own.credentials.merchantId,
				},
				body: JSON.stringify({ payoutId: 'PAYOUT_PNG_1' }),
			});
			const form = ((await res.json()) as any).encryptedResponse;
			const compact = [
				form.header,
				form.encryptedKey,
				form.iv,
				form.encryptedPayload,
				form.tag,
			].join('.');
			const { plaintext } = await jose.compactDecrypt(compact, privateKey);
			expect(JSON.parse(new TextDecoder().decode(plaintext)).response.securityCode).toBe('119');
		} finally {
			await own.close();
		}
	});
});

describe('faults by payout id', () => {
	it('FAULT_500_ answers the documented 500', async () => {
		const answer = await fetchPayout('FAULT_500_A');
		expect(answer.status).toBe(500);
		expect(answer.json).toEqual({ message: 'Validated Expense Data cannot be Empty' });
	});

	it.each([502, 503, 504])('FAULT_%i_ answers a gateway HTML page', async (status) => {
		const answer = await fetchPayout(`FAULT_${status}_A`);
		expect(answer.status).toBe(status);
		expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
		expect(answer.text).toContain(`<h1>${status} `);
		expect(answer.json).toBeUndefined();
	});

	it('FAULT_429_ answers 429 without Retry-After, FAULT_429RA_ with Retry-After: 1', async () => {
		const plain = await fetchPayout('FAULT_429_A');
		expect(plain.status).toBe(429);
		expect(plain.json).toEqual({ message: 'Too many requests' });
		expect(plain.headers.get('retry-after')).toBeNull();
		const withHint = await fetchPayout('FAULT_429RA_A');
		expect(withHint.status).toBe(429);
		expect(withHint.headers.get('retry-after')).toBe('1');
	});

	it('FAULT_RESET_ drops the connection without an answer', async () => {
		const error = await fetchPayout('FAULT_RESET_A').then(
			() => undefined,
			(e: unknown) => e as Error & { cause?: { code?: string } },
		);
		expect(error?.cause?.code).toBe('ECONNRESET');
		expect((await fetchPayout('PAYOUT_PNG_1')).status).toBe(200);
	});

	it('FAULT_TRUNCATED_ promises more bytes than it sends', async () => {
		const res = await fetch(`${sim.url}/ardra/vt/cvv/v2`, {
			method: 'POST',
			headers: validHeaders(),
			body: JSON.stringify({ payoutId: 'FAULT_TRUNCATED_A', isCardImageRequired: true }),
		});
		expect(res.status).toBe(200);
		expect(Number(res.headers.get('content-length'))).toBeGreaterThan(cardPng.length);
		await expect(res.text()).rejects.toThrow();
	});

	it('FAULT_EMPTY_ answers 200 with no body', async () => {
		const answer = await fetchPayout('FAULT_EMPTY_A');
		expect(answer.status).toBe(200);
		expect(answer.text).toBe('');
	});

	it('FAULT_FAILURE_ answers HTTP 200 with status FAILURE', async () => {
		const answer = await fetchPayout('FAULT_FAILURE_A');
		expect(answer.status).toBe(200);
		expect(answer.json).toEqual({
			status: 'FAILURE',
			payoutId: 'FAULT_FAILURE_A',
			message: 'Security code is no longer available',
		});
	});

	it('FAULT_SLOW<ms>_ answers normally after the delay', async () => {
		const answer = await fetchPayout('FAULT_SLOW300_A');
		expect(answer.ms).toBeGreaterThanOrEqual(295);
		expect(answer.json).toEqual(
			success('FAULT_SLOW300_A', { securityCode: generatedSecurityCode('FAULT_SLOW300_A') }),
		);
	});

	it('FLAKY<n>_ fails n times per payout id, then succeeds, until reset', async () => {
		const sequence = async (id: string) => [
			await outcome(id),
			await outcome(id),
			await outcome(id),
			await outcome(id),
		];
		expect(await sequence('FLAKY2_A')).toEqual([503, 503, 200, 200]);
		expect(await sequence('FLAKY1_B')).toEqual([503, 200, 200, 200]);
		expect(await outcome('FLAKY2_A')).toBe(200);
		sim.reset();
		expect(await sequence('FLAKY2_A')).toEqual([503, 503, 200, 200]);
		const flaky = await fetchPayout('FLAKY2_A', true);
		expect(flaky.json.response).toEqual({
			securityCode: generatedSecurityCode('FLAKY2_A'),
			cardImage: cardPng.toString('base64'),
		});
	});
});

describe('random faults', () => {
	const rates = { faultRates: { '503': 0.25, '429': 0.15, reset: 0.1 }, retryAfterSeconds: 3 };

	async function run(count: number): Promise<Outcome[]> {
		const out: Outcome[] = [];
		for (let i = 0; i < count; i++) out.push(await outcome(`LOAD_${i}`));
		return out;
	}

	it('follows the seed: the same seed gives the same sequence', async () => {
		sim.setConfig({ ...rates, seed: 42 });
		const first = await run(60);
		sim.reset();
		sim.setConfig({ ...rates, seed: 42 });
		expect(await run(60)).toEqual(first);
		expect(new Set(first)).toEqual(new Set([200, 503, 429, 'reset']));
		sim.setConfig({ seed: 7 });
		expect(await run(60)).not.toEqual(first);
	});

	it('can be set over HTTP, and a bad patch changes nothing', async () => {
		const post = (path: string, body: unknown) =>
			fetch(`${sim.url}/__simulator/${path}`, { method: 'POST', body: JSON.stringify(body) });
		const set = await post('config', { ...rates, seed: 42 });
		expect(set.status).toBe(200);
		expect(await set.json()).toMatchObject({ seed: 42, faultRates: rates.faultRates });
		const overHttp = await run(60);

		sim.reset();
		sim.setConfig({ ...rates, seed: 42 });
		expect(await run(60)).toEqual(overHttp);

		for (const bad of [
			{ faultRates: { '503': 0.8, '429': 0.3 } },
			{ faultRates: { teapot: 0.1 } },
			{ encryption: 'rot13' },
			{ latencyMs: -1 },
			{ seed: 42, colour: 'red' },
		]) {
			const refused = await post('config', bad);
			expect(refused.status).toBe(400);
		}
		expect(sim.config).toMatchObject({ seed: 42, encryption: 'none', latencyMs: 0 });
		expect(() => sim.setConfig({ keyCase: 'snake' as never })).toThrow(/keyCase/);

		await post('reset', {});
		expect(sim.config.faultRates).toEqual({});
		expect(await (await fetch(`${sim.url}/__simulator/config`)).json()).toEqual(sim.config);
	});

	it('sends the configured Retry-After on random 429s', async () => {
		sim.setConfig({ faultRates: { '429': 1 }, retryAfterSeconds: 3 });
		const answer = await fetchPayout('PAYOUT_PNG_1');
		expect(answer.status).toBe(429);
		expect(answer.headers.get('retry-after')).toBe('3');
	});

	it('leaves payout ids that name a fault to their own rule', async () => {
		sim.setConfig({ faultRates: { '500': 1 } });
		expect(await outcome('PAYOUT_PNG_1')).toBe(500);
		expect(await outcome('FLAKY1_A')).toBe(503);
		expect(await outcome('FLAKY1_A')).toBe(200);
		expect(await outcome('FAULT_429_A')).toBe(429);
		expect(await outcome('PAYOUT_NOPE')).toBe(400);
	});
});

describe('stats, latency and housekeeping', () => {
	it('counts requests per payout and per status, the same in-process and over HTTP', async () => {
		await fetchPayout('PAYOUT_PNG_1');
		await fetchPayout('PAYOUT_PNG_1');
		await fetchPayout('PAYOUT_NOPE');
		await fetchPayout('FAULT_503_A');
		await outcome('FAULT_RESET_A');
		await call({ payoutId: 'PAYOUT_JPG_1' }, { headers: { KeyId: undefined } });
		await call('junk', { raw: true });
		await fetch(`${sim.url}/ardra/health`);
		const expected = {
			requests: 7,
			byPayout: {
				PAYOUT_PNG_1: 2,
				PAYOUT_NOPE: 1,
				FAULT_503_A: 1,
				FAULT_RESET_A: 1,
				PAYOUT_JPG_1: 1,
			},
			byStatus: { '200': 2, '400': 2, '401': 1, '503': 1, reset: 1 },
			// The 401 is answered before the merchant id is read.
			merchantIdHeaders: { 'x-merchantid': 6 },
			byEndpoint: { securityCode: 7 },
			notifications: [],
			duplicateCreates: 0,
		};
		expect(sim.stats()).toEqual(expected);
		expect(await (await fetch(`${sim.url}/__simulator/stats`)).json()).toEqual(expected);
		sim.reset();
		expect(sim.stats()).toEqual({
			requests: 0,
			byPayout: {},
			byStatus: {},
			merchantIdHeaders: {},
			byEndpoint: {},
			notifications: [],
			duplicateCreates: 0,
		});
	});

	it('spreads the latency uniformly over latency × (1 ± jitter)', async () => {
		sim.setConfig({ latencyMs: 100, latencyJitter: 0.5 });
		const times = await Promise.all(
			Array.from({ length: 20 }, async () => (await fetchPayout('PAYOUT_PNG_1')).ms),
		);
		expect(Math.min(...times)).toBeGreaterThanOrEqual(45);
		expect(Math.max(...times)).toBeLessThan(250);
		// Not one fixed delay: the spread is well over a fixed latency's scheduling noise.
		expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(30);
		expect(() => sim.setConfig({ latencyJitter: 1.5 })).toThrow(/latencyJitter must be/);
	});

	it('adds the configured latency to every API answer, 401s and health included', async () => {
		sim.setConfig({ latencyMs: 250 });
		expect((await fetchPayout('PAYOUT_PNG_1')).ms).toBeGreaterThanOrEqual(245);
		expect((await call({}, { headers: { KeyId: undefined } })).ms).toBeGreaterThanOrEqual(245);
		const started = performance.now();
		await fetch(`${sim.url}/ardra/health`);
		expect(performance.now() - started).toBeGreaterThanOrEqual(245);
	});

	it('answers the health check without auth, and 404 for anything else', async () => {
		const health = await fetch(`${sim.url}/ardra/health`);
		expect(health.status).toBe(200);
		expect(await health.json()).toEqual({ status: 'UP' });
		for (const [method, path] of [
			['GET', '/ardra/vt/cvv/v2'],
			['POST', '/ardra/vt/cvv/v1'],
			['POST', '/ardra/health'],
			['GET', '/'],
		]) {
			const res = await fetch(`${sim.url}${path}`, { method });
			expect([method, path, res.status, await res.json()]).toEqual([
				method,
				path,
				404,
				{ message: 'Not found' },
			]);
		}
	});

	it('closes promptly with a keep-alive connection and a slow request open', async () => {
		const other = await createSimulator();
		const health = await fetch(`${other.url}/ardra/health`);
		expect(health.headers.get('connection')).toBe('keep-alive');
		await health.text();
		const pending = fetch(`${other.url}/ardra/vt/cvv/v2`, {
			method: 'POST',
			headers: {
				Authorization: basic(other.credentials.apiKey),
				KeyId: other.credentials.keyId,
				'X-merchantid': other.credentials.merchantId,
			},
			body: JSON.stringify({ payoutId: 'FAULT_SLOW20000_A' }),
		}).catch(() => 'dropped');
		await new Promise((resolve) => setTimeout(resolve, 50));
		const started = performance.now();
		await other.close();
		expect(performance.now() - started).toBeLessThan(2000);
		expect(await pending).toBe('dropped');
	});
});

describe('cli', () => {
	async function startCli(args: string[]) {
		const child = spawn(process.execPath, [CLI_PATH, ...args], {
			env: { ...process.env, PORT: '0' },
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
		const lines = createInterface({ input: child.stdout });
		const firstLine = await new Promise<string>((resolve, reject) => {
			lines.once('line', resolve);
			child.once('exit', (code) => reject(new Error(`cli exited with ${code}`)));
		});
		lines.close();
		return { child, exited, firstLine };
	}

	it('--json prints one parseable line of working credentials, and SIGTERM stops it', async () => {
		const { child, exited, firstLine } = await startCli(['--json', '--encryption', 'none']);
		try {
			const { url, credentials } = JSON.parse(firstLine);
			expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
			expect(credentials).toMatchObject({
				apiKey: 'sim_api_key_0001',
				merchantId: 'sim_merchant',
				keyId: 'key_SIMULATOR00000001',
				baseUrl: url,
				environment: 'custom',
			});
			expect(credentials.privateKeyPem).toContain('-----BEGIN PRIVATE KEY-----');
			const res = await fetch(`${url}/ardra/vt/cvv/v2`, {
				method: 'POST',
				headers: {
					Authorization: basic(credentials.apiKey),
					KeyId: credentials.keyId,
					'X-merchantid': credentials.merchantId,
				},
				body: JSON.stringify({ payoutId: 'PAYOUT_PNG_1' }),
			});
			expect(((await res.json()) as any).response).toEqual({ securityCode: '119' });
		} finally {
			child.kill('SIGTERM');
		}
		expect(await exited).toBe(0);
	});

	it('encrypts its answers by default, as JusBiz documents', async () => {
		const { child, exited, firstLine } = await startCli(['--json']);
		try {
			const { url, credentials } = JSON.parse(firstLine);
			const res = await fetch(`${url}/ardra/vt/fetchStatus/v2`, {
				method: 'POST',
				headers: {
					Authorization: basic(credentials.apiKey),
					KeyId: credentials.keyId,
					'X-merchantid': credentials.merchantId,
				},
				body: JSON.stringify({ payoutId: 'PAYOUT_JPG_1' }),
			});
			const { encryptedResponse } = (await res.json()) as { encryptedResponse: string };
			const { plaintext } = await jose.compactDecrypt(
				encryptedResponse,
				createPrivateKey(credentials.privateKeyPem),
			);
			expect(JSON.parse(new TextDecoder().decode(plaintext)).response.state).toBe('ISSUED');
		} finally {
			child.kill('SIGTERM');
		}
		expect(await exited).toBe(0);
	});

	it('uses --private-key-file and --encryption', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'jusbiz-sim-'));
		const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
		const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
		writeFileSync(join(dir, 'key.pem'), pem);
		try {
			const { child, exited, firstLine } = await startCli([
				'--json',
				'--encryption',
				'compact',
				'--private-key-file',
				join(dir, 'key.pem'),
			]);
			try {
				const { url, credentials } = JSON.parse(firstLine);
				expect(credentials.privateKeyPem).toBe(pem);
				const res = await fetch(`${url}/ardra/vt/cvv/v2`, {
					method: 'POST',
					headers: {
						Authorization: basic(credentials.apiKey),
						KeyId: credentials.keyId,
						'X-merchantid': credentials.merchantId,
					},
					body: JSON.stringify({ payoutId: 'PAYOUT_JPG_1' }),
				});
				const { encryptedResponse } = (await res.json()) as { encryptedResponse: string };
				const { plaintext } = await jose.compactDecrypt(encryptedResponse, privateKey);
				expect(JSON.parse(new TextDecoder().decode(plaintext)).response.securityCode).toBe('482');
			} finally {
				child.kill('SIGTERM');
			}
			expect(await exited).toBe(0);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('prints its signing public key, and --encryption juspay answers signed with it', async () => {
		const child = spawn(process.execPath, [CLI_PATH, '--encryption', 'juspay'], {
			env: { ...process.env, PORT: '0' },
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
		try {
			let banner = '';
			for await (const chunk of child.stdout) {
				banner += String(chunk);
				if (banner.includes('Ctrl-C to stop.')) break;
			}
			const url = /listening on (\S+)/.exec(banner)![1];
			const publicPem =
				/JusBiz Public Key[^\n]*\n(-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----)/.exec(
					banner,
				)![1];
			const privatePem = /(-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----)/.exec(
				banner,
			)![1];
			expect(banner).toMatch(/encryption juspay/);
			const res = await fetch(`${url}/ardra/vt/cvv/v2`, {
				method: 'POST',
				headers: {
					Authorization: basic('sim_api_key_0001'),
					KeyId: 'key_SIMULATOR00000001',
					'x-merchant-id': 'sim_merchant',
				},
				body: JSON.stringify({ payoutId: 'PAYOUT_PNG_1' }),
			});
			const form = ((await res.json()) as { encryptedResponse: Record<string, string> })
				.encryptedResponse;
			const { plaintext } = await jose.compactDecrypt(
				[form.header, form.encryptedKey, form.iv, form.encryptedPayload, form.tag].join('.'),
				createPrivateKey(privatePem),
				{ keyManagementAlgorithms: ['RSA-OAEP'] },
			);
			const signed = JSON.parse(new TextDecoder().decode(plaintext));
			const { payload } = await jose.compactVerify(
				`${signed.header}.${signed.payload}.${signed.signature}`,
				createPublicKey(publicPem),
			);
			expect(JSON.parse(new TextDecoder().decode(payload)).response.securityCode).toBe('119');
		} finally {
			child.kill('SIGTERM');
		}
		expect(await exited).toBe(0);
	});

	it('refuses an unknown option with exit code 2', async () => {
		const child = spawn(process.execPath, [CLI_PATH, '--bogus'], { stdio: 'ignore' });
		expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(2);
	});
});

describe('notifications', () => {
	interface Received {
		headers: Record<string, string | string[] | undefined>;
		body: string;
	}
	let received: Received[] = [];
	let answerStatus = 200;
	let webhook: import('http').Server;
	let webhookUrl = '';

	beforeAll(async () => {
		const http = await import('http');
		webhook = http.createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
				res.writeHead(answerStatus, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify({ status: answerStatus === 200 ? 'SUCCESS' : 'FAILURE' }));
			});
		});
		await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
		const address = webhook.address() as import('net').AddressInfo;
		webhookUrl = `http://127.0.0.1:${address.port}/webhook/juspay/notifications`;
	});
	afterAll(async () => {
		await new Promise((resolve) => webhook.close(resolve));
	});
	beforeEach(() => {
		received = [];
		answerStatus = 200;
	});

	const privateKey = () => createPrivateKey(sim.credentials.privateKeyPem);
	const jusBizKey = () => createPublicKey(sim.credentials.jusBizPublicKeyPem);

	it('posts a raw compact JWE of a JusBiz-signed JWS with Basic auth and the keyUuid header', async () => {
		const result = await sim.notify({ url: webhookUrl, username: 'u1', password: 'p1' });
		expect(result.status).toBe(200);
		const [request] = received;
		expect(request.headers.authorization).toBe(basic('u1', 'p1'));
		expect(request.headers.keyuuid).toBe(sim.credentials.keyId);
		expect(request.headers['content-type']).toBe('application/jose');
		const { plaintext } = await jose.compactDecrypt(request.body, privateKey());
		const { payload } = await jose.compactVerify(new TextDecoder().decode(plaintext), jusBizKey());
		const notification = JSON.parse(new TextDecoder().decode(payload));
		expect(notification).toEqual(result.notification);
		expect(notification).toMatchObject({
			rqstType: 'AuthorizationFailure',
			errMsg: 'Do Not Honor',
			payoutAmnt: expect.stringMatching(/^\d+\.\d\d$/),
			authTime: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
		});
		for (const field of [
			'payoutId',
			'payoutCurrCd',
			'tranId',
			'tranAmnt',
			'tranCurrCd',
			'merchCatgCd',
			'mrchCity',
			'mrchName',
			'lastFourTokenNumber',
			'lastFourCardNumber',
			'cardAlias',
		]) {
			expect(typeof notification[field]).toBe('string');
		}
		expect(sim.stats().notifications).toEqual([
			{
				type: 'AuthorizationFailure',
				payoutId: notification.payoutId,
				tranId: notification.tranId,
				envelope: 'raw',
				jwe: 'compact',
				signer: 'jusbiz',
				status: 200,
			},
		]);
	});

	it("puts the JWE under the envelope field asked for, in node-jose's or Juspay's JSON form", async () => {
		await sim.notify({ url: webhookUrl, envelope: 'encryptedData', jwe: 'node-jose' });
		await sim.notify({ url: webhookUrl, envelope: 'body', jwe: 'juspay', jws: 'juspay' });
		const flattened = JSON.parse(received[0].body).encryptedData;
		const decrypted = await jose.flattenedDecrypt(flattened, privateKey());
		await jose.compactVerify(new TextDecoder().decode(decrypted.plaintext), jusBizKey());
		const juspayForm = JSON.parse(received[1].body);
		expect(Object.keys(juspayForm).sort()).toEqual([
			'encryptedKey',
			'encryptedPayload',
			'header',
			'iv',
			'tag',
		]);
		// Juspay's SDK cannot decrypt its own JWE.encrypt (see "encryption" above): jose reads it.
		const { header, encryptedKey, iv, encryptedPayload, tag } = juspayForm;
		const compact = [header, encryptedKey, iv, encryptedPayload, tag].join('.');
		const { plaintext } = await jose.compactDecrypt(compact, privateKey());
		const signed = JSON.parse(new TextDecoder().decode(plaintext));
		expect(Object.keys(signed).sort()).toEqual(['header', 'payload', 'signature']);
	});

	it('signs with a key JusBiz does not publish, or not at all, when asked', async () => {
		await sim.notify({ url: webhookUrl, signer: 'other' });
		await sim.notify({ url: webhookUrl, signer: 'none', envelope: 'plain' });
		const { plaintext } = await jose.compactDecrypt(received[0].body, privateKey());
		await expect(
			jose.compactVerify(new TextDecoder().decode(plaintext), jusBizKey()),
		).rejects.toThrow();
		expect(JSON.parse(received[1].body).rqstType).toBe('AuthorizationFailure');
		expect(received[1].headers.authorization).toBeUndefined();
	});

	const plaintextOf = async (body: string) =>
		JSON.parse(
			new TextDecoder().decode(
				(
					await jose.compactVerify(
						new TextDecoder().decode((await jose.compactDecrypt(body, privateKey())).plaintext),
						jusBizKey(),
					)
				).payload,
			),
		) as Record<string, unknown>;

	it('re-sends a copy unchanged, as JusBiz does when it did not get a 200', async () => {
		const first = await sim.notify({ url: webhookUrl });
		const copy = await sim.notify({ url: webhookUrl, copyOf: first.notification });
		expect(copy.notification).toEqual(first.notification);
		expect(await plaintextOf(received[1].body)).toEqual(await plaintextOf(received[0].body));
		expect(received[0].body).not.toBe(received[1].body); // encrypted afresh, as a real resend is
	});

	it('retries like JusBiz while the webhook answers anything but 200, recording every attempt', async () => {
		answerStatus = 500;
		const result = await sim.notify({ url: webhookUrl, retry: { attempts: 3 } });
		expect(result.attempts.map((a) => a.status)).toEqual([500, 500, 500]);
		expect(received).toHaveLength(3);
		const payoutIds = await Promise.all(
			received.map(async (r) => (await plaintextOf(r.body)).tranId),
		);
		expect(new Set(payoutIds).size).toBe(1);
		expect(sim.stats().notifications.map((n) => n.status)).toEqual([500, 500, 500]);
		answerStatus = 200;
		const accepted = await sim.notify({ url: webhookUrl, retry: { attempts: 3 } });
		expect(accepted.attempts.map((a) => a.status)).toEqual([200]);
	});

	it.each(DECLINE_REASONS.map((d) => [d.reason, 'subType' in d ? d.subType : undefined] as const))(
		'sends the decline %s / %s with the sub-type as its own field or in the text',
		async (reason, subType) => {
			const asField = await sim.notify({ url: webhookUrl, reason, subType });
			expect(await plaintextOf(received[0].body)).toMatchObject(
				subType === undefined ? { errMsg: reason } : { errMsg: reason, subType },
			);
			expect(asField.notification.errMsg).toBe(reason);
			if (subType === undefined) return;
			await sim.notify({ url: webhookUrl, reason, subType, subTypeIn: 'text' });
			const inText = await plaintextOf(received[1].body);
			expect(inText.errMsg).toBe(`${reason} - ${subType}`);
			expect(inText).not.toHaveProperty('subType');
		},
	);

	it('records each status the webhook answered, and answers the control endpoint with it', async () => {
		answerStatus = 401;
		const answer = await fetch(`${sim.url}/__simulator/notify`, {
			method: 'POST',
			body: JSON.stringify({
				url: webhookUrl,
				username: 'u',
				password: 'wrong',
				type: 'AuthorizationSuccess',
			}),
		});
		expect(answer.status).toBe(200);
		expect(await answer.json()).toMatchObject({ status: 401 });
		answerStatus = 200;
		await sim.notify({ url: webhookUrl, type: 'AUTHORIZATION_FAILURE' });
		expect(sim.stats().notifications.map((n) => [n.type, n.status])).toEqual([
			['AuthorizationSuccess', 401],
			['AUTHORIZATION_FAILURE', 200],
		]);
		const stats = (await (await fetch(`${sim.url}/__simulator/stats`)).json()) as {
			notifications: unknown[];
		};
		expect(stats.notifications).toHaveLength(2);
	});

	it('posts only to this machine and refuses unknown forms', async () => {
		const refuse = async (body: unknown) => {
			const answer = await fetch(`${sim.url}/__simulator/notify`, {
				method: 'POST',
				body: JSON.stringify(body),
			});
			return { status: answer.status, body: (await answer.json()) as { message: string } };
		};
		expect(await refuse({ url: 'http://example.com/hook' })).toEqual({
			status: 502,
			body: { message: expect.stringMatching(/127\.0\.0\.1 or localhost only/) },
		});
		expect((await refuse({ url: webhookUrl, envelope: 'soap' })).body.message).toMatch(
			/envelope must be one of/,
		);
		expect(received).toEqual([]);
	});

	it('npm run simulator -- notify pushes through a running simulator and exits 0 only on 200', async () => {
		const run = (args: string[]) =>
			new Promise<{ code: number | null; out: string }>((resolve) => {
				const child = spawn(process.execPath, [CLI_PATH, 'notify', ...args]);
				let out = '';
				child.stdout.on('data', (chunk) => (out += chunk));
				child.stderr.on('data', (chunk) => (out += chunk));
				child.on('exit', (code) => resolve({ code, out }));
			});
		const ok = await run([
			'--simulator',
			sim.url,
			'--url',
			webhookUrl,
			'--username',
			'u',
			'--password',
			'p',
			'--type',
			'AuthorizationReversal',
			'--envelope',
			'payload',
			'--field',
			'mrchName=Corner Shop',
		]);
		expect(ok).toEqual({ code: 0, out: expect.stringMatching(/^webhook answered 200: /) });
		expect(Object.keys(JSON.parse(received[0].body))).toEqual(['payload']);
		expect(sim.stats().notifications[0]).toMatchObject({
			type: 'AuthorizationReversal',
			envelope: 'payload',
		});
		answerStatus = 400;
		expect((await run(['--simulator', sim.url, '--url', webhookUrl])).code).toBe(1);
		expect((await run(['--url', webhookUrl])).code).toBe(2);
	});
});

describe('Token Status shows the terms as a ledger holds them', () => {
	const store = createCardStore();
	const provision = (body: Record<string, unknown>) => {
		const outcome = store.provision({
			action: 'create',
			orderAmount: '9',
			endDate: '2030-06-30',
			cardAlias: 'primary_1',
			...body,
		});
		if (outcome.status !== 200) throw new Error(outcome.message);
		return statusView(outcome.card);
	};

	it('amounts in the currency decimals, dates as YYYY-MM-DD, rule lists in its own order', () => {
		const view = provision({
			payoutId: 'LEDGER_1',
			gst: '1.5',
			startDate: '2030-01-01',
			rules: {
				blockPayments: ['XBR', 'ATM'],
				mccBlock: [
					{ min: '7011', max: '7011' },
					{ min: '5013', max: '6051' },
				],
			},
		});
		expect(view).toMatchObject({
			orderAmount: '9.00',
			gst: '1.50',
			startDate: '2030-01-01',
			endDate: '2030-06-30',
			rules: {
				blockPayments: ['ATM', 'XBR'],
				mccBlock: [
					{ min: '5013', max: '6051' },
					{ min: '7011', max: '7011' },
				],
			},
		});
		expect(provision({ payoutId: 'LEDGER_2', currency: 'JPY', orderAmount: '900' })).toMatchObject({
			orderAmount: '900',
			gst: '0',
		});
	});

	it("seeded authorisations, with authRemaining counted down from the card's limit", () => {
		const declined = statusView(store.find('PAYOUT_DECLINES_1', false)!);
		const failed = (declined.authList as Array<Record<string, unknown>>).filter((e) =>
			/failure/i.test(String(e.tranStatus)),
		);
		expect(failed.length).toBeGreaterThanOrEqual(13);
		expect(declined).toMatchObject({ state: 'ISSUED', authPerformed: 18, authRemaining: 32 });
		expect(statusView(store.find('PAYOUT_USED_1', false)!)).toMatchObject({
			state: 'REDEEMED',
			redeemedAmount: '1000',
			authPerformed: 2,
			authRemaining: 0,
		});
	});

	it('an expired seeded card without its number or expiry', () => {
		const view = statusView(store.find('PAYOUT_EXPIRED_1', false)!);
		expect(view).toMatchObject({ state: 'EXPIRED', endDate: '2026-06-30' });
		expect(view).not.toHaveProperty('token');
		expect(view).not.toHaveProperty('expiry');
	});
});

describe('notified authorizations change the card, so Token Status tells the same story', () => {
	const store = createCardStore();
	const card = (payoutId: string) => {
		const outcome = store.provision({
			action: 'create',
			payoutId,
			orderAmount: '1000',
			endDate: '2030-06-30',
			cardAlias: 'primary_1',
		});
		if (outcome.status !== 200) throw new Error(outcome.message);
		return outcome.card;
	};
	const notification = (
		rqstType: string,
		tranAmnt: string,
		extra: Record<string, unknown> = {},
	): Record<string, unknown> => ({
		rqstType,
		tranAmnt,
		tranId: `T_${rqstType}_${tranAmnt}`,
		authTime: '2030-01-02 10:00:00',
		tranCurrCd: 'INR',
		mrchName: 'Acme',
		...extra,
	});

	it('an approval redeems its amount, a reversal gives it back, a decline is listed with its reason', () => {
		const issued = card('CHARGED_1');
		const part = notification('AuthorizationSuccess', '400');
		applyAuthorization(issued, part, { amountGiven: false });
		expect(part).toMatchObject({ payoutAmnt: '1000.00', payoutCurrCd: 'INR' });
		expect(statusView(issued)).toMatchObject({
			state: 'PARTIALLY_REDEEMED',
			redeemedAmount: '400',
		});
		applyAuthorization(
			issued,
			notification('AUTHORIZATION_FAILURE', '900', { errMsg: 'Do Not Honor' }),
			{
				amountGiven: false,
			},
		);
		applyAuthorization(issued, notification('AuthorizationSuccess', '600'), { amountGiven: false });
		expect(statusView(issued)).toMatchObject({ state: 'REDEEMED', redeemedAmount: '1000' });
		applyAuthorization(issued, notification('AuthorizationReversal', '1000'), {
			amountGiven: false,
		});
		const view = statusView(issued);
		expect(view).toMatchObject({ state: 'ISSUED', redeemedAmount: '0' });
		expect(
			(view.authList as Array<Record<string, unknown>>).map((a) => [a.tranStatus, a.errorMessage]),
		).toEqual([
			['AuthorizationSuccess', ''],
			['AuthorizationFailure', 'Do Not Honor'],
			['AuthorizationSuccess', ''],
			['AuthorizationSuccess', ''],
		]);
	});

	it("a test's own card amount is kept, and a deleted card is not charged", () => {
		const gone = card('GONE_1');
		expect(store.remove('GONE_1', 'CANCEL').status).toBe(200);
		const sent = notification('AuthorizationSuccess', '10', { payoutAmnt: '5.00' });
		applyAuthorization(gone, sent, { amountGiven: true });
		expect(sent.payoutAmnt).toBe('5.00');
		expect(statusView(gone)).toMatchObject({ state: 'DELETED', redeemedAmount: '0' });
	});
});
