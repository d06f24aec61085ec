import { createPrivateKey } from 'crypto';

import { readSecurityCode } from '../../nodes/JusBiz/transport/endpoints';
import {
	decodeAnswer,
	type DecodeKeys,
	type RawResponse,
} from '../../nodes/JusBiz/transport/decode';
import {
	encryptCompact,
	FAKE_API_KEY,
	FAKE_SECURITY_CODE,
	otherPrivateKeyPem,
	rsaKeys,
	successBody,
	toJsonForm,
} from '../support/fixtures';
import { failureOf } from '../support/failureOf';

/** What Get Security Code makes of one raw answer: decoded, then its code and image read. */
async function decodeResponse(
	response: RawResponse,
	expected: DecodeKeys & { isCardImageRequired: boolean; payoutId?: string },
	secrets: readonly string[],
) {
	const answer = await decodeAnswer(response, expected, secrets, expected.payoutId);
	const { securityCode, cardImage } = readSecurityCode(answer, expected.isCardImageRequired);
	const { status, payoutId, message } = answer;
	return { status, payoutId, message, securityCode, cardImage };
}

const json = (statusCode: number, body: unknown): RawResponse => ({
	statusCode,
	contentType: 'application/json',
	body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
});

const privateKey = () => createPrivateKey(rsaKeys().privateKeyPem);
const plain = { isCardImageRequired: false, privateKey: () => undefined };
const withKey = { isCardImageRequired: false, privateKey };
const secrets = [FAKE_API_KEY];

describe('decodeResponse: success', () => {
	it('reads the documented plain 200 body', async () => {
		expect(await decodeResponse(json(200, successBody()), plain, secrets)).toEqual({
			status: 'SUCCESS',
			payoutId: 'PAYOUT_1',
			message: 'Security code fetched',
			securityCode: FAKE_SECURITY_CODE,
			cardImage: undefined,
		});
	});

	it('matches SecurityCode / CardImage case-insensitively', async () => {
		const body = successBody({ upperCaseKeys: true, cardImage: 'iVBORw0KGgo=' });
		const decoded = await decodeResponse(
			json(200, body),
			{ ...plain, isCardImageRequired: true },
			secrets,
		);
		expect(decoded.securityCode).toBe(FAKE_SECURITY_CODE);
		expect(decoded.cardImage).toBe('iVBORw0KGgo=');
	});

	it('turns a numeric security code into a string', async () => {
		const body = { ...successBody(), response: { securityCode: 119 } };
		expect((await decodeResponse(json(200, body), plain, secrets)).securityCode).toBe('119');
	});

	it('decrypts a compact JWE made by jose', async () => {
		const body = { encryptedResponse: await encryptCompact(successBody({ payoutId: 'ENC_1' })) };
		const decoded = await decodeResponse(json(200, body), withKey, secrets);
		expect(decoded).toMatchObject({ payoutId: 'ENC_1', securityCode: FAKE_SECURITY_CODE });
	});

	it('decrypts the JSON form { header, encryptedKey, iv, encryptedPayload, tag }', async () => {
		const body = { encryptedResponse: toJsonForm(await encryptCompact(successBody())) };
		expect((await decodeResponse(json(200, body), withKey, secrets)).securityCode).toBe(
			FAKE_SECURITY_CODE,
		);
	});

	it('reads the encryptedResponse key case-insensitively', async () => {
		const body = { EncryptedResponse: await encryptCompact(successBody()) };
		expect((await decodeResponse(json(200, body), withKey, secrets)).status).toBe('SUCCESS');
	});
});

describe('decodeResponse: failures', () => {
	it.each([
		[400, { status: 'FAILURE', payoutId: 'X', message: 'Invalid payoutId' }, 'Invalid payoutId'],
		[401, { message: 'Invalid Key ID passed' }, 'Invalid Key ID passed'],
		[401, { message: 'Basic Auth missing in Headers' }, 'Basic Auth missing in Headers'],
		[
			500,
			{ message: 'Validated Expense Data cannot be Empty' },
			'Validated Expense Data cannot be Empty',
		],
	])('HTTP %i carries the status and the API message', async (status, body, apiMessage) => {
		const failure = await failureOf(() => decodeResponse(json(status, body), plain, secrets));
		expect(failure.kind).toBe('http');
		expect(failure.message).toBe(`JusBiz answered HTTP ${status}: ${apiMessage}`);
		expect(failure.details).toMatchObject({ httpCode: status, apiMessage });
	});

	it('a gateway HTML page is described, not echoed', async () => {
		const failure = await failureOf(() =>
			decodeResponse(
				{
					statusCode: 502,
					contentType: 'text/html; charset=utf-8',
					body: Buffer.from('<html>bad</html>'),
				},
				plain,
				secrets,
			),
		);
		expect(failure.message).toBe(
			'JusBiz answered HTTP 502 with a body that is not JSON (text/html)',
		);
		expect(failure.details.httpCode).toBe(502);
	});

	it('a 200 that is not JSON, or empty, is a failure', async () => {
		expect(
			(await failureOf(() => decodeResponse(json(200, 'OK'), plain, secrets))).message,
		).toMatch(/HTTP 200 with a body that is not JSON/);
		expect(
			(
				await failureOf(() =>
					decodeResponse(
						{ statusCode: 200, contentType: '', body: Buffer.alloc(0) },
						plain,
						secrets,
					),
				)
			).message,
		).toMatch(/HTTP 200 with an empty body/);
		expect(
			(await failureOf(() => decodeResponse(json(200, '[1,2]'), plain, secrets))).message,
		).toMatch(/not an object/);
	});

	it('a 200 with status FAILURE is a failure with the API message', async () => {
		const body = { status: 'FAILURE', payoutId: 'P', message: 'Card not yet issued' };
		const failure = await failureOf(() => decodeResponse(json(200, body), plain, secrets));
		expect(failure.kind).toBe('status');
		expect(failure.message).toBe('JusBiz answered status FAILURE: Card not yet issued');
	});

	it('a SUCCESS without a security code is a failure', async () => {
		const body = { status: 'SUCCESS', payoutId: 'P', message: 'ok', response: {} };
		expect(
			(await failureOf(() => decodeResponse(json(200, body), plain, secrets))).message,
		).toMatch(/without a security code/);
	});

	it('an image asked for but missing is a failure', async () => {
		const failure = await failureOf(() =>
			decodeResponse(json(200, successBody()), { ...plain, isCardImageRequired: true }, secrets),
		);
		expect(failure.kind).toBe('image');
	});

	it('an encrypted body without a private key says what to add', async () => {
		const body = { encryptedResponse: await encryptCompact(successBody()) };
		const failure = await failureOf(() => decodeResponse(json(200, body), plain, secrets));
		expect(failure.kind).toBe('encryption');
		expect(failure.message).toMatch(/encrypted response but no private key is set/);
		expect(failure.details.hint).toMatch(/Private Key/);
	});

	it('an encrypted body for another key cannot be decrypted', async () => {
		const body = { encryptedResponse: await encryptCompact(successBody()) };
		const other = { ...plain, privateKey: () => createPrivateKey(otherPrivateKeyPem()) };
		const failure = await failureOf(() => decodeResponse(json(200, body), other, secrets));
		expect(failure.message).toMatch(/could not be decrypted/);
	});

	it('the security code and secrets are redacted from the API message', async () => {
		const body = {
			status: 'FAILURE',
			message: `code ${FAKE_SECURITY_CODE} refused for ${FAKE_API_KEY}`,
			response: { securityCode: FAKE_SECURITY_CODE },
		};
		const failure = await failureOf(() => decodeResponse(json(200, body), plain, secrets));
		expect(failure.message).not.toContain(FAKE_SECURITY_CODE);
		expect(failure.message).not.toContain(FAKE_API_KEY);
		expect(failure.message).toContain('[redacted]');
	});
});
