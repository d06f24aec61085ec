import nock from 'nock';
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { createSimulator, type Simulator } from '../simulator/server';
import { SEEDED_PAYOUTS } from '../simulator/payouts';
import { PATH, SANDBOX, sandboxCredentials, useEngine } from '../support/engine/useEngine';
import { rsaKeys, successBody } from '../support/fixtures';
import { jwcryptoCompact, rsaPair } from '../support/interop';

// Every answer form runs through n8n-core's real engine with the built package loaded.
const engine = useEngine();
let simulator: Simulator;
let plain: ICredentialDataDecryptedObject;
let verifying: ICredentialDataDecryptedObject;

beforeAll(async () => {
	nock.enableNetConnect('127.0.0.1');
	simulator = await createSimulator();
	plain = { ...simulator.credentials, privateKey: simulator.credentials.privateKeyPem };
	verifying = { ...plain, jusBizPublicKey: simulator.credentials.jusBizPublicKeyPem };
});
afterEach(() => simulator.reset());
afterAll(async () => {
	await simulator.close();
});

const ACCEPTED_SIGNED = ['PAYOUT_ENC_JUSPAY', 'PAYOUT_ENC_JUSPAY256', 'PAYOUT_ENC_SIGNED'];
const REFUSED_WHEN_VERIFYING: Array<[string, RegExp]> = [
	[
		'PAYOUT_ENC_OTHERSIGN',
		/signed response was refused: .*does not verify with the JusBiz Public Key/,
	],
	[
		'PAYOUT_ENC_UNSIGNED',
		/encrypted response without a signature.*"JusBiz Public Key" requires one/,
	],
	['PAYOUT_ENC_COMPACT', /without a signature/],
	['PAYOUT_ENC_NODEJOSE', /without a signature/],
];
const ALL_ENCRYPTED = [
	'PAYOUT_ENC_COMPACT',
	'PAYOUT_ENC_JSON',
	'PAYOUT_ENC_NODEJOSE',
	...ACCEPTED_SIGNED,
	'PAYOUT_ENC_OTHERSIGN',
	'PAYOUT_ENC_UNSIGNED',
];

const ids = (payoutIds: string[]): IDataObject[] => payoutIds.map((id) => ({ id }));
const codeOf = (payoutId: string) => SEEDED_PAYOUTS[payoutId].securityCode;

async function run(
	payoutIds: string[],
	credentials: ICredentialDataDecryptedObject,
	onError:
		'continueRegularOutput' | 'continueErrorOutput' | 'stopWorkflow' = 'continueRegularOutput',
) {
	return await engine().runNode({
		items: ids(payoutIds),
		parameters: { payoutId: '={{ $json.id }}', isCardImageRequired: true },
		credentials,
		onError,
	});
}

describe('without a JusBiz Public Key', () => {
	it('decodes every encrypted form, signed or not, with its image', async () => {
		const result = await run(ALL_ENCRYPTED, plain);
		expect(result.main.map((item) => item.json.error)).toEqual(ALL_ENCRYPTED.map(() => undefined));
		expect(result.main.map((item) => item.json.securityCode)).toEqual(ALL_ENCRYPTED.map(codeOf));
		expect(result.main.map((item) => item.binary?.data?.mimeType)).toEqual(
			ALL_ENCRYPTED.map(() => 'image/png'),
		);
		expect(result.main.map((item) => item.pairedItem)).toEqual(
			ALL_ENCRYPTED.map((_, item) => ({ item })),
		);
	});
});

describe('with the JusBiz Public Key set', () => {
	it("verifies Juspay's SDK answers (both OAEP hashes) and jose's signed answer", async () => {
		const result = await run(ACCEPTED_SIGNED, verifying);
		expect(result.main.map((item) => item.json)).toEqual(
			ACCEPTED_SIGNED.map((payoutId) => ({
				status: 'SUCCESS',
				payoutId,
				message: 'Security code fetched successfully',
				securityCode: codeOf(payoutId),
			})),
		);
	});

	it('refuses a wrong signer and every unsigned form, item by item, without the code', async () => {
		const payoutIds = ['PAYOUT_ENC_JUSPAY', ...REFUSED_WHEN_VERIFYING.map(([id]) => id)];
		const result = await run(payoutIds, verifying);

		expect(result.main).toHaveLength(payoutIds.length);
		expect(result.main[0].json.securityCode).toBe(codeOf('PAYOUT_ENC_JUSPAY'));
		REFUSED_WHEN_VERIFYING.forEach(([payoutId, reason], n) => {
			const item = result.main[n + 1];
			expect(item.json).toEqual({
				error: expect.stringMatching(reason),
				payoutId,
				httpCode: 200,
			});
			expect(item.json.error).toMatch(new RegExp(`^Item ${n + 1} \\(payout "${payoutId}"\\)`));
			expect(item.binary).toBeUndefined();
		});
		const text = result.allText({ includeRequests: false });
		for (const [payoutId] of REFUSED_WHEN_VERIFYING)
			expect(text).not.toContain(`"${codeOf(payoutId)}"`);
	});

	it('routes a refused answer to the error output with what to do', async () => {
		const result = await run(['PAYOUT_ENC_OTHERSIGN'], verifying, 'continueErrorOutput');
		expect(result.main).toEqual([]);
		expect(result.errorOutput).toHaveLength(1);
		expect(result.errorOutput[0].json).toMatchObject({
			id: 'PAYOUT_ENC_OTHERSIGN',
			error: expect.stringMatching(/does not verify/),
			message: expect.stringMatching(/JusBiz Public Key/),
		});
	});

	it('stops the workflow on a refused answer under "Stop Workflow"', async () => {
		const result = await run(['PAYOUT_ENC_UNSIGNED'], verifying, 'stopWorkflow');
		expect(result.nodeError?.message).toMatch(
			/Item 0 \(payout "PAYOUT_ENC_UNSIGNED"\).*without a signature/,
		);
	});

	it('fails every item clearly when the field holds a private key', async () => {
		const result = await run(['PAYOUT_ENC_JUSPAY'], {
			...plain,
			jusBizPublicKey: simulator.credentials.privateKeyPem,
		});
		expect(result.main[0].json.error).toMatch(
			/JusBiz Public Key field of the credential holds a private key/,
		);
		expect(result.main[0].json.securityCode).toBeUndefined();
	});

	it('refuses a plain SUCCESS answer, which carries no signature, and reports a plain failure', async () => {
		simulator.setConfig({ encryption: 'none' });
		const result = await run(['PAYOUT_PNG_1', 'PAYOUT_NOPE'], verifying);
		expect(result.main[0].json.error).toMatch(
			/SUCCESS answer that is neither encrypted nor signed, but the credential's "JusBiz Public Key" requires signed answers/,
		);
		expect(result.main[0].json.securityCode).toBeUndefined();
		expect(result.main[1].json.error).toMatch(/HTTP 400: Payout not found/);
	});

	it('refuses a genuine signed answer replayed for another payout', async () => {
		const sealed = await fetch(`${simulator.url}/ardra/vt/cvv/v2`, {
			method: 'POST',
			headers: {
				Authorization: `Basic ${Buffer.from(`${plain.apiKey}:`).toString('base64')}`,
				KeyId: String(plain.keyId),
				'X-merchantid': String(plain.merchantId),
			},
			body: JSON.stringify({ payoutId: 'PAYOUT_ENC_JUSPAY' }),
		}).then(async (res) => (await res.json()) as unknown);
		nock('https://sandbox.biz.juspay.in')
			.post('/ardra/vt/cvv/v2')
			.reply(200, sealed as nock.Body);
		const result = await engine().runNode({
			items: [{ id: 'PAYOUT_OTHER' }],
			parameters: { payoutId: '={{ $json.id }}' },
			credentials: { ...verifying, environment: 'sandbox' },
			onError: 'continueRegularOutput',
		});
		expect(result.main[0].json.error).toBe(
			'Item 0 (payout "PAYOUT_OTHER"): JusBiz answered for payout "PAYOUT_ENC_JUSPAY", not for the one asked for',
		);
	});
});

describe('merchant id', () => {
	it('is sent under both X-merchantid and x-merchant-id on every request', async () => {
		const result = await run(['PAYOUT_PNG_1', 'PAYOUT_JPG_1', 'PAYOUT_ENC_JUSPAY'], plain);
		expect(result.main.map((item) => item.json.status)).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS']);
		expect(simulator.stats().merchantIdHeaders).toEqual({ 'x-merchantid': 3, 'x-merchant-id': 3 });
	});
});

describe("jwcrypto's compact JWEs", () => {
	const jusbiz = rsaPair();
	const clientPublicPem = () =>
		rsaKeys().publicKey.export({ type: 'spki', format: 'pem' }).toString();
	const credentials = () => ({ ...sandboxCredentials, privateKey: rsaKeys().privateKeyPem });

	it.each(['RSA-OAEP-256', 'RSA-OAEP'] as const)('decrypt (%s)', async (alg) => {
		const jwe = jwcryptoCompact({
			publicKeyPem: clientPublicPem(),
			plaintext: JSON.stringify(successBody({ payoutId: 'PY_1', securityCode: '913' })),
			alg,
		});
		nock(SANDBOX).post(PATH).reply(200, { encryptedResponse: jwe });
		const result = await engine().runNode({
			items: [{ id: 'PY_1' }],
			parameters: { payoutId: '={{ $json.id }}' },
			credentials: credentials(),
		});
		expect(result.main[0].json).toMatchObject({ status: 'SUCCESS', securityCode: '913' });
	});

	it('of a jwcrypto JWS verify with the JusBiz Public Key', async () => {
		const jwe = jwcryptoCompact({
			publicKeyPem: clientPublicPem(),
			plaintext: JSON.stringify(successBody({ payoutId: 'PY_2', securityCode: '914' })),
			alg: 'RSA-OAEP-256',
			signWithPem: jusbiz.privatePem,
		});
		nock(SANDBOX).post(PATH).reply(200, { encryptedResponse: jwe });
		const result = await engine().runNode({
			items: [{ id: 'PY_2' }],
			parameters: { payoutId: '={{ $json.id }}' },
			credentials: { ...credentials(), jusBizPublicKey: jusbiz.publicPem },
		});
		expect(result.main[0].json).toMatchObject({ status: 'SUCCESS', securityCode: '914' });
	});
});
