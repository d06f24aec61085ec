import type { IAuthenticateRuleResponseSuccessBody, IHttpRequestOptions } from 'n8n-workflow';

import { JusBizApi } from '../../credentials/JusBizApi.credentials';
import { KNOWN_ERRORS, knownError } from '../../nodes/JusBiz/transport/knownErrors';
import {
	AUTHORIZATION_VALUE,
	FAKE_API_KEY,
	FAKE_KEY_ID,
	FAKE_MERCHANT_ID,
} from '../support/fixtures';

const credential = new JusBizApi();
const base = { apiKey: FAKE_API_KEY, merchantId: FAKE_MERCHANT_ID, keyId: FAKE_KEY_ID };
const request: IHttpRequestOptions = { method: 'POST', url: '/ardra/vt/cvv/v2' };

describe('JusBizApi credential', () => {
	it('keeps the public names of the contract', () => {
		expect(credential.name).toBe('jusBizApi');
		expect(credential.displayName).toBe('JusBiz API');
		expect(credential.properties.map((p) => p.name)).toEqual([
			'apiKey',
			'merchantId',
			'keyId',
			'environment',
			'hostname',
			'baseUrl',
			'privateKey',
			'jusBizPublicKey',
		]);
		const byName = Object.fromEntries(credential.properties.map((p) => [p.name, p]));
		expect(byName.apiKey.typeOptions?.password).toBe(true);
		expect(byName.privateKey.typeOptions?.password).toBe(true);
		expect(byName.environment.default).toBe('sandbox');
		// Optional and empty by default, so credentials saved before the field existed keep working.
		expect(byName.jusBizPublicKey).toMatchObject({ type: 'string', default: '' });
		expect(byName.jusBizPublicKey.required).toBeFalsy();
		expect(byName.hostname.displayOptions).toEqual({ show: { environment: ['production'] } });
		expect(byName.baseUrl.displayOptions).toEqual({ show: { environment: ['custom'] } });
	});

	describe('authenticate', () => {
		it('sends Basic auth with an empty password, both merchant-id spellings and KeyId', async () => {
			const out = await credential.authenticate(base, { ...request, headers: { A: '1' } });
			expect(out.headers).toEqual({
				A: '1',
				Authorization: AUTHORIZATION_VALUE,
				'X-merchantid': FAKE_MERCHANT_ID,
				'x-merchant-id': FAKE_MERCHANT_ID,
				KeyId: FAKE_KEY_ID,
			});
			expect(Buffer.from(AUTHORIZATION_VALUE.slice(6), 'base64').toString()).toBe(
				`${FAKE_API_KEY}:`,
			);
		});

		it.each([
			[{}, 'https://sandbox.biz.juspay.in'],
			[{ environment: 'production', hostname: 'indusind' }, 'https://indusind.biz.juspay.in'],
			[{ environment: 'custom', baseUrl: 'http://127.0.0.1:9' }, 'http://127.0.0.1:9'],
		])('pins the request to the configured origin (%p)', async (fields, origin) => {
			const out = await credential.authenticate({ ...base, ...fields }, request);
			expect(out.baseURL).toBe(origin);
			expect(out.disableFollowRedirect).toBe(true);
			expect(out.sendCredentialsOnCrossOriginRedirect).toBe(false);
		});

		it('refuses to authenticate a request aimed at another host', async () => {
			await expect(
				credential.authenticate(base, { ...request, url: 'https://evil.example/ardra/vt/cvv/v2' }),
			).rejects.toThrow(/other than the configured one/);
			await expect(
				credential.authenticate(base, { ...request, baseURL: 'https://evil.example' }),
			).rejects.toThrow(/other than the configured one/);
		});

		it('checks the legacy `uri` target too, and refuses a request with no target', async () => {
			const legacy = (uri: string) => ({ ...request, uri }) as IHttpRequestOptions;
			await expect(credential.authenticate(base, legacy('https://evil.example/x'))).rejects.toThrow(
				/other than the configured one/,
			);
			await expect(
				credential.authenticate(base, legacy('https://sandbox.biz.juspay.in/ardra/vt/cvv/v2')),
			).resolves.toMatchObject({ baseURL: 'https://sandbox.biz.juspay.in' });
			await expect(
				credential.authenticate(base, { method: 'POST' } as IHttpRequestOptions),
			).rejects.toThrow(/other than the configured one/);
		});

		it('refuses a bad hostname before a request exists', async () => {
			await expect(
				credential.authenticate(
					{ ...base, environment: 'production', hostname: 'evil.com' },
					request,
				),
			).rejects.toThrow(/Hostname/);
		});
	});

	describe('test request', () => {
		// n8n's credentials tester fails a test when lodash.get(body, key) === value, rule by rule.
		const rules = (credential.test.rules ?? []) as IAuthenticateRuleResponseSuccessBody[];
		const verdict = (body: unknown): string => {
			for (const rule of rules) {
				const value =
					typeof body === 'object' && body !== null
						? (body as Record<string, unknown>)[rule.properties.key]
						: undefined;
				if (value === rule.properties.value) return rule.properties.message;
			}
			return 'OK';
		};

		it('posts a blank payout id to the real endpoint without failing on HTTP status', () => {
			expect(credential.test.request).toMatchObject({
				method: 'POST',
				url: '/ardra/vt/cvv/v2',
				body: { payoutId: '' },
				ignoreHttpStatusErrors: true,
			});
			expect(credential.test.request.baseURL).toBeUndefined();
		});

		it.each([
			['Invalid Key ID passed', /^Set "Key ID" .*Upload New RSA.*environment/],
			['Basic Auth & Key ID missing in Headers', /^Fill in "API Key" .* and "Key ID"/],
			['Key ID missing in Headers', /^Fill in "Key ID"/],
			['Basic Auth missing in Headers', /^Fill in "API Key"/],
			['Unauthorised: No key given', /"API Key" of the JusBiz API credential is empty/],
		])(
			'reports the documented 401 "%s" in the API\'s words, with the fix the node gives',
			(message, fix) => {
				const known = knownError(message);
				expect(known?.fix).toMatch(fix);
				expect(verdict({ message })).toBe(
					`JusBiz refused these credentials: ${message}. ${known?.fix}`,
				);
			},
		);

		it('has a rule for every documented 401 and for no other documented message', () => {
			const documented = rules.filter((rule) => rule.properties.key === 'message');
			expect(documented.map((rule) => rule.properties.value)).toEqual(
				KNOWN_ERRORS.filter((known) => known.httpCode === 401).map((known) => known.message),
			);
		});

		it('fails on an undocumented 401, a 500 or a gateway page', () => {
			expect(verdict({ message: 'Something new' })).toMatch(/did not accept/);
			expect(verdict('<html>502</html>')).toMatch(/did not accept/);
			expect(verdict({ status: 401, error: 'Unauthorized' })).toMatch(
				/did not accept .*status 401/,
			);
		});

		it('passes on the 400 a working credential gets for the blank payout id', () => {
			expect(verdict({ status: 'FAILURE', payoutId: '', message: 'payoutId is invalid' })).toBe(
				'OK',
			);
		});
	});
});
