import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	IDataObject,
	IHookFunctions,
	INode,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { createSimulator, type Simulator } from '../simulator/server';
import { DECLINE_REASONS, ENVELOPES, sampleNotification } from '../simulator/notifications';
import {
	createWebhookHarness,
	type WebhookEndpoint,
	type WebhookHarness,
} from '../support/engine/webhook';
import { PACKAGE_DIR } from '../support/fixtures';
import { jwcryptoCompact, rsaPair } from '../support/interop';

// The JusBiz Trigger from the built package, called by n8n-core's WebhookContext on a real HTTP
// server; the simulator posts to it exactly as it posts to a published workflow in the e2e test.
const USERNAME = 'jusbiz-notify';
const PASSWORD = 'wh-pass-CANARY-7d1e93';
const ACCEPTED = { status: 'SUCCESS', response: 200 };
/** What JusBiz gets once the workflow has succeeded (Respond "After the Workflow Succeeds"). */
const DONE = '';

/**
 * The Trigger's item for a notification: its fields plus notificationId, computed here by the
 * rule of docs/trigger.md (type as this package spells it, payout ID, tranId; each
 * percent-encoded), and on a failure a decline (its content is the decline table's, tested in
 * declines.test.ts).
 */
function itemOf(notification: Record<string, unknown>): { json: IDataObject } {
	const type =
		String(notification.rqstType) === 'AUTHORIZATION_FAILURE'
			? 'AuthorizationFailure'
			: String(notification.rqstType);
	const id = [type, String(notification.payoutId), String(notification.tranId)]
		.map(encodeURIComponent)
		.join(':');
	const decline =
		type === 'AuthorizationFailure'
			? {
					decline: expect.objectContaining({
						reason: notification.errMsg ?? '',
						code: expect.any(String),
						meaning: expect.any(String),
						action: expect.any(String),
					}),
				}
			: {};
	return { json: { ...(notification as IDataObject), notificationId: id, ...decline } };
}

let simulator: Simulator;
let harness: WebhookHarness;
let full: ICredentialDataDecryptedObject;
const endpoints: WebhookEndpoint[] = [];

beforeAll(async () => {
	simulator = await createSimulator();
	harness = await createWebhookHarness({
		packageDir: PACKAGE_DIR,
		nodeType: 'jusBizTrigger',
		credentialType: 'jusBizWebhookApi',
	});
	full = {
		username: USERNAME,
		password: PASSWORD,
		privateKey: simulator.credentials.privateKeyPem,
		jusBizPublicKey: simulator.credentials.jusBizPublicKeyPem,
		keyUuid: '',
	};
});
afterEach(() => simulator.reset());
afterAll(async () => {
	for (const endpoint of endpoints) await endpoint.close();
	await simulator.close();
});

async function serve(
	credentials: ICredentialDataDecryptedObject = full,
	parameters: IDataObject = {},
	execution: 'succeeds' | 'fails' = 'succeeds',
): Promise<WebhookEndpoint> {
	const endpoint = await harness.serve({ credentials, parameters: parameters as never, execution });
	endpoints.push(endpoint);
	return endpoint;
}

const login = { username: USERNAME, password: PASSWORD };

async function postRaw(
	endpoint: WebhookEndpoint,
	body: string,
	headers: Record<string, string> = {},
): Promise<{ status: number; body: IDataObject; text: string; headers: Headers }> {
	const answer = await fetch(endpoint.url, {
		method: 'POST',
		headers: {
			Authorization: `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64')}`,
			...headers,
		},
		body,
	});
	const text = await answer.text();
	return {
		status: answer.status,
		body: (text === '' ? {} : JSON.parse(text)) as IDataObject,
		text,
		headers: answer.headers,
	};
}

const byNameOf = (description: WebhookHarness['nodeType']['description']) =>
	Object.fromEntries(description.properties.map((p) => [p.name, p]));

describe('description and credential', () => {
	it('is a POST webhook trigger named as the contract says, answering after the workflow by default', () => {
		const { description } = harness.nodeType;
		expect(description).toMatchObject({
			name: 'jusBizTrigger',
			displayName: 'JusBiz Trigger',
			group: ['trigger'],
			version: 1,
			inputs: [],
			credentials: [expect.objectContaining({ name: 'jusBizWebhookApi', required: true })],
		});
		expect(description.webhooks).toEqual([
			expect.objectContaining({ httpMethod: 'POST', isFullPath: true }),
		]);
		expect(byNameOf(description).respond).toMatchObject({
			type: 'options',
			default: 'afterWorkflow',
		});
		expect(
			byNameOf(description).respond.options?.map((o) => ('value' in o ? o.value : undefined)),
		).toEqual(['afterWorkflow', 'onReceived']);
		const byName = Object.fromEntries(description.properties.map((p) => [p.name, p]));
		expect(byName.path.default).toBe('juspay/notifications');
		expect(byName.events).toMatchObject({
			type: 'multiOptions',
			default: ['AuthorizationSuccess', 'AuthorizationFailure', 'AuthorizationReversal'],
		});
		expect(byName.events.options?.map((o) => ('value' in o ? o.value : undefined)).sort()).toEqual([
			'AuthorizationFailure',
			'AuthorizationReversal',
			'AuthorizationSuccess',
		]);
	});

	it('has the credential fields of the contract, secrets masked', () => {
		const { credentialType } = harness;
		expect(credentialType.name).toBe('jusBizWebhookApi');
		expect(credentialType.displayName).toBe('JusBiz Webhook API');
		const fields = Object.fromEntries(credentialType.properties.map((p) => [p.name, p]));
		expect(Object.keys(fields)).toEqual([
			'username',
			'password',
			'privateKey',
			'jusBizPublicKey',
			'keyUuid',
		]);
		expect(fields.username.required).toBe(true);
		expect(fields.password).toMatchObject({ required: true, typeOptions: { password: true } });
		expect(fields.privateKey.typeOptions?.password).toBe(true);
		expect(fields.jusBizPublicKey.required).toBeFalsy();
		expect(fields.keyUuid.required).toBeFalsy();
	});
});

describe('envelopes', () => {
	const cases: Array<[string, string]> = [];
	for (const envelope of ENVELOPES.filter((e) => e !== 'plain')) {
		for (const jwe of ['compact', 'juspay', 'node-jose']) {
			if (envelope === 'body' && jwe === 'compact') continue;
			cases.push([envelope, jwe]);
		}
	}

	it.each(cases)(
		'%s envelope, %s JWE, signed by JusBiz: accepted with every field',
		async (envelope, jwe) => {
			const endpoint = await serve();
			for (const jws of ['compact', 'juspay'] as const) {
				const result = await simulator.notify({
					url: endpoint.url,
					...login,
					envelope: envelope as never,
					jwe: jwe as never,
					jws,
				});
				expect(result.status).toBe(200);
				expect(result.body).toBe(DONE);
				const call = endpoint.calls.at(-1);
				expect(call?.started).toEqual([itemOf(result.notification)]);
			}
			expect(endpoint.calls).toHaveLength(2);
		},
	);

	it('a JWE made by Python jwcrypto around a jwcrypto JWS, as the raw body', async () => {
		const pair = rsaPair();
		const signer = rsaPair();
		const base = { username: USERNAME, password: PASSWORD, privateKey: pair.privatePem };
		const endpoint = await serve(base);
		const notification = sampleNotification('AuthorizationReversal');
		const body = jwcryptoCompact({
			publicKeyPem: pair.publicPem,
			plaintext: JSON.stringify(notification),
			alg: 'RSA-OAEP-256',
			signWithPem: signer.privatePem,
		});
		const verifyingEndpoint = await serve({ ...base, jusBizPublicKey: signer.publicPem });
		for (const target of [endpoint, verifyingEndpoint]) {
			const answer = await postRaw(target, body, { 'Content-Type': 'application/jose' });
			expect(answer).toMatchObject({ status: 200, text: DONE });
			expect(target.calls[0].started).toEqual([itemOf(notification)]);
		}
	});

	it('plain JSON only when the credential has no private key', async () => {
		const noKey = await serve({ username: USERNAME, password: PASSWORD });
		const plain = await simulator.notify({
			url: noKey.url,
			...login,
			envelope: 'plain',
			signer: 'none',
		});
		expect(plain.status).toBe(200);
		expect(noKey.calls[0].started).toEqual([itemOf(plain.notification)]);

		const withKey = await serve();
		const unsigned = await simulator.notify({
			url: withKey.url,
			...login,
			envelope: 'plain',
			signer: 'none',
		});
		expect(unsigned.status).toBe(400);
		expect(JSON.parse(unsigned.body).error).toBe('encryption');
		const refused = await simulator.notify({
			url: withKey.url,
			...login,
			envelope: 'plain',
			signer: 'jusbiz',
		});
		expect(refused.status).toBe(400);
		expect(JSON.parse(refused.body)).toMatchObject({
			status: 'FAILURE',
			response: 400,
			error: 'encryption',
			message: expect.stringMatching(/not encrypted.*Private Key/),
		});
		expect(withKey.calls.map((c) => c.started)).toEqual([undefined, undefined]);
	});

	it('a JWS without encryption is verified when the credential has a public key and no private key', async () => {
		const endpoint = await serve({
			username: USERNAME,
			password: PASSWORD,
			jusBizPublicKey: simulator.credentials.jusBizPublicKeyPem,
		});
		for (const jws of ['compact', 'juspay'] as const) {
			const good = await simulator.notify({ url: endpoint.url, ...login, envelope: 'plain', jws });
			expect(good.status).toBe(200);
			const forged = await simulator.notify({
				url: endpoint.url,
				...login,
				envelope: 'plain',
				signer: 'other',
				jws,
			});
			expect(forged.status).toBe(400);
			expect(JSON.parse(forged.body).error).toBe('signature');
			const unsigned = await simulator.notify({
				url: endpoint.url,
				...login,
				envelope: 'plain',
				signer: 'none',
			});
			expect(unsigned.status).toBe(400);
		}
		expect(endpoint.calls.map((c) => c.started !== undefined)).toEqual([
			true,
			false,
			false,
			true,
			false,
			false,
		]);
	});

	it('an encrypted notification without a private key in the credential is refused', async () => {
		const endpoint = await serve({ username: USERNAME, password: PASSWORD });
		const result = await simulator.notify({ url: endpoint.url, ...login });
		expect(result.status).toBe(400);
		expect(JSON.parse(result.body)).toMatchObject({
			error: 'encryption',
			message: expect.stringMatching(/encrypted.*no Private Key/),
		});
		expect(endpoint.calls[0].started).toBeUndefined();
	});

	it.each([
		['an empty body', '', 'text/plain', 'parse', /empty/],
		['text that is neither JSON nor JOSE', 'hello', 'text/plain', 'parse', /neither JSON nor/],
		['broken JSON sent as text', '{"encryptedResponse": ', 'text/plain', 'parse', /not valid JSON/],
		['a JSON array', '[1,2]', 'application/json', 'parse', /not a JSON object/],
	])('%s: 400 %s, nothing started', async (_name, body, contentType, reason, message) => {
		const endpoint = await serve();
		const answer = await postRaw(endpoint, body, { 'Content-Type': contentType });
		expect(answer.status).toBe(400);
		expect(answer.body).toMatchObject({ status: 'FAILURE', response: 400, error: reason, message });
		expect(endpoint.calls[0].started).toBeUndefined();
	});

	it('a JWE altered in transit fails closed: 400 decryption, nothing started', async () => {
		const pair = rsaPair();
		const endpoint = await serve({
			username: USERNAME,
			password: PASSWORD,
			privateKey: pair.privatePem,
		});
		const compact = jwcryptoCompact({
			publicKeyPem: pair.publicPem,
			plaintext: JSON.stringify(sampleNotification('AuthorizationSuccess')),
			alg: 'RSA-OAEP-256',
		}).trim();
		const parts = compact.split('.');
		const ciphertext = Buffer.from(parts[3], 'base64url');
		ciphertext[0] ^= 1;
		parts[3] = ciphertext.toString('base64url');
		const answer = await postRaw(endpoint, parts.join('.'), { 'Content-Type': 'application/jose' });
		expect(answer.status).toBe(400);
		expect(answer.body).toMatchObject({
			error: 'decryption',
			message: expect.stringMatching(/authentication tag mismatch/),
		});
		expect(endpoint.calls[0].started).toBeUndefined();

		const other = rsaPair();
		const forAnother = jwcryptoCompact({
			publicKeyPem: other.publicPem,
			plaintext: JSON.stringify(sampleNotification('AuthorizationSuccess')),
			alg: 'RSA-OAEP-256',
		});
		const wrongKey = await postRaw(endpoint, forAnother, { 'Content-Type': 'text/plain' });
		expect(wrongKey).toMatchObject({ status: 400, body: { error: 'decryption' } });
		expect(wrongKey.body.message).toMatch(/notification/);
		expect(wrongKey.body.message).not.toMatch(/response/);
	});

	it('a decrypted payload that is not a JSON object is refused', async () => {
		const pair = rsaPair();
		const endpoint = await serve({
			username: USERNAME,
			password: PASSWORD,
			privateKey: pair.privatePem,
		});
		const body = jwcryptoCompact({
			publicKeyPem: pair.publicPem,
			plaintext: '"just a string"',
			alg: 'RSA-OAEP',
		});
		const answer = await postRaw(endpoint, body, { 'Content-Type': 'application/jose' });
		expect(answer.status).toBe(400);
		expect(answer.body).toMatchObject({ error: 'parse', message: /not a JSON object/ });
	});
});

describe('signatures', () => {
	it.each([
		['another key', 'other', /does not verify with the JusBiz Public Key/],
		['nobody', 'none', /without a signature.*requires one/],
	])(
		'signed by %s, with the public key set: 400 signature, nothing started',
		async (_name, signer, message) => {
			const endpoint = await serve();
			for (const jwe of ['compact', 'juspay', 'node-jose'] as const) {
				const result = await simulator.notify({
					url: endpoint.url,
					...login,
					jwe,
					signer: signer as never,
				});
				expect(result.status).toBe(400);
				expect(JSON.parse(result.body)).toMatchObject({
					status: 'FAILURE',
					response: 400,
					error: 'signature',
					message: expect.stringMatching(message),
				});
			}
			expect(endpoint.calls.every((call) => call.started === undefined)).toBe(true);
		},
	);

	it('without the public key, signed by anyone or unsigned is accepted (the payload unverified)', async () => {
		const endpoint = await serve({ ...full, jusBizPublicKey: '' });
		for (const signer of ['jusbiz', 'other', 'none'] as const) {
			const result = await simulator.notify({ url: endpoint.url, ...login, signer });
			expect(result.status).toBe(200);
			expect(endpoint.calls.at(-1)?.started).toEqual([itemOf(result.notification)]);
		}
	});
});

describe('authentication', () => {
	const cases: Array<[string, { username?: string; password?: string }]> = [
		['no Authorization header', {}],
		['a wrong password', { username: USERNAME, password: 'wrong-password' }],
		['a wrong user name', { username: 'someone-else', password: PASSWORD }],
		['the password as the user name', { username: PASSWORD, password: USERNAME }],
		['an empty password', { username: USERNAME, password: '' }],
		['the password with a suffix', { username: USERNAME, password: `${PASSWORD}x` }],
	];
	it.each(cases)('%s: 401 with a Basic challenge, nothing started', async (_name, auth) => {
		const endpoint = await serve();
		const result = await simulator.notify({ url: endpoint.url, ...auth });
		expect(result.status).toBe(401);
		expect(result.headers['www-authenticate']).toBe('Basic realm="JusBiz"');
		expect(JSON.parse(result.body)).toEqual({
			status: 'FAILURE',
			response: 401,
			error: 'authentication',
			message: 'Authorization is required',
		});
		const [call] = endpoint.calls;
		expect(call.started).toBeUndefined();
		expect(call.result).toEqual({ noWebhookResponse: true });
		// Not even the attempt is logged: a log line could carry what was tried.
		expect(call.logs).toEqual([]);
	});

	it.each([
		['Bearer token', `Bearer ${PASSWORD}`],
		['Basic without a colon', `Basic ${Buffer.from(USERNAME + PASSWORD).toString('base64')}`],
		['Basic with garbage', 'Basic !!!'],
		['Basic twice', `Basic Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64')}`],
	])('a malformed Authorization header (%s): 401', async (_name, authorization) => {
		const endpoint = await serve();
		const answer = await fetch(endpoint.url, {
			method: 'POST',
			headers: { Authorization: authorization, 'Content-Type': 'text/plain' },
			body: 'x',
		});
		expect(answer.status).toBe(401);
		expect(endpoint.calls[0].started).toBeUndefined();
	});

	it('the scheme name is case-insensitive, as HTTP says', async () => {
		const endpoint = await serve({ ...full, privateKey: '', jusBizPublicKey: '' });
		const answer = await fetch(endpoint.url, {
			method: 'POST',
			headers: {
				Authorization: `basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64')}`,
				'Content-Type': 'application/json',
			},
			body: JSON.stringify(sampleNotification('AuthorizationSuccess')),
		});
		expect(answer.status).toBe(200);
	});

	it('authentication comes before the body is read: a bad body without a login is 401', async () => {
		const endpoint = await serve();
		const answer = await fetch(endpoint.url, {
			method: 'POST',
			headers: { 'Content-Type': 'text/plain' },
			body: 'not a notification',
		});
		expect(answer.status).toBe(401);
	});

	it('a credential without a password lets nobody in, and logs nothing', async () => {
		const endpoint = await serve({ ...full, password: '' });
		const result = await simulator.notify({ url: endpoint.url, username: USERNAME, password: '' });
		expect(result.status).toBe(401);
		expect(endpoint.calls[0]).toMatchObject({ logs: [], result: { noWebhookResponse: true } });
	});
});

describe('keyUuid header', () => {
	it('when the credential sets Key UUID, the header must equal it', async () => {
		const endpoint = await serve({ ...full, keyUuid: 'key-uuid-0001' });
		const good = await simulator.notify({ url: endpoint.url, ...login, keyUuid: 'key-uuid-0001' });
		expect(good.status).toBe(200);
		const wrong = await simulator.notify({ url: endpoint.url, ...login, keyUuid: 'key-uuid-0002' });
		const missing = await simulator.notify({ url: endpoint.url, ...login, keyUuid: null });
		for (const result of [wrong, missing]) {
			expect(result.status).toBe(400);
			expect(JSON.parse(result.body)).toMatchObject({
				error: 'keyUuid',
				message: expect.stringMatching(/keyUuid header does not match/),
			});
		}
		expect(endpoint.calls.map((c) => c.started?.length)).toEqual([1, undefined, undefined]);
	});

	it('without Key UUID in the credential, the header is not looked at', async () => {
		const endpoint = await serve();
		const result = await simulator.notify({ url: endpoint.url, ...login, keyUuid: null });
		expect(result.status).toBe(200);
	});
});

describe('size limit', () => {
	it('a body above 64 KiB is refused with 413 before it is decoded', async () => {
		const endpoint = await serve();
		const garbage = await postRaw(endpoint, 'x'.repeat(64 * 1024 + 1), {
			'Content-Type': 'text/plain',
		});
		// Decoded, it would have been a 400 parse error.
		expect(garbage).toMatchObject({ status: 413, body: { error: 'size' } });
		const result = await simulator.notify({
			url: endpoint.url,
			...login,
			envelope: 'encryptedResponse',
			padTo: 64 * 1024 + 1,
		});
		expect(result.status).toBe(413);
		expect(JSON.parse(result.body)).toMatchObject({ error: 'size', response: 413 });
		const within = await simulator.notify({
			url: endpoint.url,
			...login,
			envelope: 'encryptedResponse',
			padTo: 64 * 1024,
		});
		expect(within.status).toBe(200);
		expect(endpoint.calls.map((c) => c.started?.length)).toEqual([undefined, undefined, 1]);
	});
});

describe('envelopes that must not be misread', () => {
	it('a broken JWE under an envelope field is refused, never taken as a plain notification', async () => {
		const pair = rsaPair();
		const noKey = await serve({ username: USERNAME, password: PASSWORD });
		const withKey = await serve({
			username: USERNAME,
			password: PASSWORD,
			privateKey: pair.privatePem,
		});
		const compact = jwcryptoCompact({
			publicKeyPem: pair.publicPem,
			plaintext: JSON.stringify(sampleNotification('AuthorizationSuccess')),
			alg: 'RSA-OAEP-256',
		}).trim();
		const [header, encrypted_key, iv, ciphertext, tag] = compact.split('.');
		const recipient = { encrypted_key };
		const bodies = [
			{
				encryptedResponse: {
					protected: header,
					iv,
					ciphertext,
					tag,
					recipients: [recipient, recipient],
				},
			},
			{
				encryptedResponse: {
					protected: header,
					encrypted_key,
					iv,
					ciphertext,
					tag,
					unprotected: { alg: 'RSA-OAEP' },
				},
			},
			{ encryptedData: 'not-a-jwe' },
			{ protected: header, iv, ciphertext, tag, recipients: [recipient, recipient] },
		];
		for (const body of bodies) {
			for (const endpoint of [noKey, withKey]) {
				const answer = await postRaw(endpoint, JSON.stringify(body), {
					'Content-Type': 'application/json',
				});
				expect(answer.status).toBe(400);
				expect(['encryption', 'decryption']).toContain(answer.body.error);
			}
		}
		expect([...noKey.calls, ...withKey.calls].every((c) => c.started === undefined)).toBe(true);
	});

	it("a plain notification's own payload or data fields are data, whatever they look like", async () => {
		const endpoint = await serve({ username: USERNAME, password: PASSWORD });
		const notification = {
			...sampleNotification('AuthorizationSuccess'),
			data: '1.0.0',
			payload: 'a.b.c.d.e',
		};
		const answer = await postRaw(endpoint, JSON.stringify(notification), {
			'Content-Type': 'application/json',
		});
		expect(answer).toMatchObject({ status: 200, text: DONE });
		expect(endpoint.calls[0].started).toEqual([itemOf(notification)]);
	});

	it('a body nested too deep to handle is refused with 400, and starts nothing', async () => {
		const endpoint = await serve({ username: USERNAME, password: PASSWORD });
		const deep = `${'{"a":'.repeat(6000)}1${'}'.repeat(6000)}`;
		const answer = await postRaw(endpoint, deep, { 'Content-Type': 'text/plain' });
		expect(answer.status).toBe(400);
		expect(endpoint.calls[0].error).toBeUndefined();
		expect(endpoint.calls[0].started).toBeUndefined();
	});

	it('honours a Latin-1 charset, as n8n does', async () => {
		const endpoint = await serve({ username: USERNAME, password: PASSWORD });
		const notification = { ...sampleNotification('AuthorizationSuccess'), mrchName: 'Café Zürich' };
		const answer = await fetch(endpoint.url, {
			method: 'POST',
			headers: {
				Authorization: `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64')}`,
				'Content-Type': 'text/plain; charset=ISO-8859-1',
			},
			body: Buffer.from(JSON.stringify(notification), 'latin1'),
		});
		expect(answer.status).toBe(200);
		expect(endpoint.calls[0].started?.[0].json.mrchName).toBe('Café Zürich');
	});
});

describe('events filter', () => {
	it('by default every type starts the workflow, including one JusBiz adds later', async () => {
		const endpoint = await serve();
		for (const type of [
			'AuthorizationSuccess',
			'AuthorizationFailure',
			'AuthorizationReversal',
			'AUTHORIZATION_FAILURE',
		] as const) {
			const result = await simulator.notify({ url: endpoint.url, ...login, type });
			expect(result.status).toBe(200);
		}
		const later = await simulator.notify({
			url: endpoint.url,
			...login,
			fields: { rqstType: 'AuthorizationAdvice' },
		});
		expect(later.status).toBe(200);
		expect(endpoint.calls.map((c) => c.started?.[0].json.rqstType)).toEqual([
			'AuthorizationSuccess',
			'AuthorizationFailure',
			'AuthorizationReversal',
			'AUTHORIZATION_FAILURE',
			'AuthorizationAdvice',
		]);
	});

	it('declines only: both spellings of a failure start it; others get 200 and start nothing', async () => {
		const endpoint = await serve(full, { events: ['AuthorizationFailure'] });
		const answers: number[] = [];
		for (const type of [
			'AuthorizationSuccess',
			'AuthorizationFailure',
			'AuthorizationReversal',
			'AUTHORIZATION_FAILURE',
		] as const) {
			const result = await simulator.notify({ url: endpoint.url, ...login, type });
			answers.push(result.status);
			// Filtered out: JusBiz's documented answer at once; started: the empty 200 after it.
			expect(result.body).toBe(/FAILURE/i.test(type) ? DONE : JSON.stringify(ACCEPTED));
		}
		expect(answers).toEqual([200, 200, 200, 200]);
		expect(endpoint.calls.map((c) => c.started?.[0].json.rqstType)).toEqual([
			undefined,
			'AuthorizationFailure',
			undefined,
			'AUTHORIZATION_FAILURE',
		]);
		expect(endpoint.calls[0].result).toEqual({ webhookResponse: ACCEPTED });
		expect(simulator.stats().notifications.map((n) => n.status)).toEqual([200, 200, 200, 200]);
	});

	it('no type selected: nothing starts, and publishing refuses it', async () => {
		const endpoint = await serve(full, { events: [] });
		const result = await simulator.notify({ url: endpoint.url, ...login });
		expect(result.status).toBe(200);
		expect(endpoint.calls[0].started).toBeUndefined();
	});

	it('two types selected: a type outside them is filtered', async () => {
		const endpoint = await serve(full, {
			events: ['AuthorizationSuccess', 'AuthorizationReversal'],
		});
		await simulator.notify({ url: endpoint.url, ...login, type: 'AuthorizationReversal' });
		await simulator.notify({ url: endpoint.url, ...login, type: 'AUTHORIZATION_FAILURE' });
		await simulator.notify({ url: endpoint.url, ...login, fields: { rqstType: 'NewKind' } });
		expect(endpoint.calls.map((c) => c.started?.length)).toEqual([1, undefined, undefined]);
	});
});

describe('Respond', () => {
	it('after the workflow (default): 200 with an empty body once it succeeded, 500 when it failed', async () => {
		const succeeds = await serve();
		const fails = await serve(full, {}, 'fails');
		const ok = await simulator.notify({ url: succeeds.url, ...login });
		const failed = await simulator.notify({ url: fails.url, ...login });
		expect([ok.status, ok.body]).toEqual([200, DONE]);
		expect(failed.status).toBe(500);
		// The execution started in both cases: the 500 is about the workflow, not the notification.
		expect([succeeds.calls[0].started, fails.calls[0].started]).toEqual([
			[itemOf(ok.notification)],
			[itemOf(failed.notification)],
		]);
	});

	it('after the workflow: JusBiz re-sends a failed one, and the copy carries the same notificationId', async () => {
		const fails = await serve(full, {}, 'fails');
		const first = await simulator.notify({ url: fails.url, ...login, retry: { attempts: 3 } });
		expect(first.attempts.map((a) => a.status)).toEqual([500, 500, 500]);
		const ids = fails.calls.map((c) => c.started?.[0].json.notificationId);
		expect(new Set(ids).size).toBe(1);
		expect(ids).toHaveLength(3);
		const succeeds = await serve();
		const resent = await simulator.notify({
			url: succeeds.url,
			...login,
			copyOf: first.notification,
			retry: { attempts: 3 },
		});
		expect(resent.attempts.map((a) => a.status)).toEqual([200]);
		expect(succeeds.calls[0].started?.[0].json.notificationId).toBe(ids[0]);
	});

	it('after the workflow: refused and filtered-out notifications are answered at once, as before', async () => {
		const endpoint = await serve(full, { events: ['AuthorizationFailure'] }, 'fails');
		const filtered = await simulator.notify({
			url: endpoint.url,
			...login,
			type: 'AuthorizationSuccess',
		});
		const wrongLogin = await simulator.notify({
			url: endpoint.url,
			username: USERNAME,
			password: 'x',
		});
		const badSignature = await simulator.notify({ url: endpoint.url, ...login, signer: 'other' });
		expect([filtered.status, JSON.parse(filtered.body)]).toEqual([200, ACCEPTED]);
		expect(wrongLogin.status).toBe(401);
		expect(badSignature.status).toBe(400);
		expect(endpoint.calls.every((c) => c.started === undefined)).toBe(true);
	});

	it("when received: JusBiz's documented 200 at once, even if the workflow then fails", async () => {
		const endpoint = await serve(full, { respond: 'onReceived' }, 'fails');
		const result = await simulator.notify({ url: endpoint.url, ...login });
		expect(result.status).toBe(200);
		expect(JSON.parse(result.body)).toEqual(ACCEPTED);
		expect(endpoint.calls[0].started).toEqual([itemOf(result.notification)]);
	});

	it('the answer after the workflow holds nothing of the item, whatever it holds', async () => {
		const endpoint = await serve();
		const result = await simulator.notify({
			url: endpoint.url,
			...login,
			fields: { lastFourCardNumber: '7719', mrchName: 'MERCHANT-CANARY-2' },
		});
		expect(result.status).toBe(200);
		expect(result.body).toBe('');
	});
});

describe('decline on failed authorizations', () => {
	// The code each documented row must give, written out here rather than read from the module.
	const expected: Record<string, string> = {
		'Do Not Honor SPVTA': 'overCardAmount',
		'Do Not Honor SPVTC': 'cardAlreadyUsed',
		'Do Not Honor ACCB': 'accountBlocked',
		'Do Not Honor Not Applicable': 'issuerRejected',
		'RESTRICTED CARD': 'primaryCardUsed',
		'NOT SUFFICIENT FUNDS': 'fundingCardNoFunds',
		'INCORRECT CVV/ICVV)': 'wrongSecurityCode',
		'INCORRECT CVV': 'wrongSecurityCode',
		'DECLINE CVV2 FAILURE': 'wrongSecurityCode',
		'NEGATIVE ONLINE CAM: dCVV': 'wrongSecurityCode',
		'CANNOT VERIFY PIN NO PVV': 'pinNotVerified',
		'NO REASON TO DECLINE': 'accountVerification',
		'SUSPECTED FRAUD': 'suspectedFraud',
	};

	it.each(['field', 'text'] as const)(
		'every documented reason, the sub-type sent as its %s, is explained on the item',
		async (subTypeIn) => {
			const endpoint = await serve();
			for (const row of DECLINE_REASONS) {
				const subType = 'subType' in row ? row.subType : undefined;
				await simulator.notify({
					url: endpoint.url,
					...login,
					reason: row.reason,
					subType,
					subTypeIn,
				});
			}
			const declines = endpoint.calls.map((c) => c.started?.[0].json.decline as IDataObject);
			expect(declines.map((d) => d.code)).toEqual(
				DECLINE_REASONS.map(
					(row) => expected['subType' in row ? `${row.reason} ${row.subType}` : row.reason],
				),
			);
			for (const decline of declines) {
				expect(decline).toMatchObject({ inferred: false, meaning: expect.stringMatching(/\w/) });
				expect(decline.isDecline).toBe(decline.code !== 'accountVerification');
			}
		},
	);

	it('Do Not Honor without a sub-type, charged above the card: over the amount, inferred', async () => {
		const endpoint = await serve();
		await simulator.notify({
			url: endpoint.url,
			...login,
			reason: 'Do Not Honor',
			fields: { tranAmnt: '1300.00', payoutAmnt: '1250.00' },
		});
		await simulator.notify({ url: endpoint.url, ...login, reason: 'Do Not Honor' });
		await simulator.notify({ url: endpoint.url, ...login, reason: 'Velocity rule 7 refused it' });
		await simulator.notify({ url: endpoint.url, ...login, type: 'AuthorizationSuccess' });
		const declines = endpoint.calls.map((c) => c.started?.[0].json.decline);
		expect(declines).toEqual([
			expect.objectContaining({ code: 'overCardAmount', subType: 'SPVTA', inferred: true }),
			expect.objectContaining({ code: 'issuerRejected', subType: null, inferred: false }),
			expect.objectContaining({
				code: 'unknown',
				reason: 'Velocity rule 7 refused it',
				meaning: expect.stringContaining('Velocity rule 7 refused it'),
			}),
			undefined,
		]);
	});
});

describe('notificationId', () => {
	it('is the same for every copy of one notification and differs between notifications', async () => {
		const endpoint = await serve();
		const first = await simulator.notify({ url: endpoint.url, ...login });
		await simulator.notify({ url: endpoint.url, ...login, copyOf: first.notification });
		const other = await simulator.notify({ url: endpoint.url, ...login });
		const reversal = await simulator.notify({
			url: endpoint.url,
			...login,
			type: 'AuthorizationReversal',
			fields: { payoutId: first.notification.payoutId, tranId: first.notification.tranId },
		});
		const ids = endpoint.calls.map((c) => c.started?.[0].json.notificationId);
		expect(ids[0]).toBe(
			`AuthorizationFailure:${String(first.notification.payoutId)}:${String(first.notification.tranId)}`,
		);
		expect(ids[1]).toBe(ids[0]);
		expect(new Set([ids[0], ids[2], ids[3]]).size).toBe(3);
		expect(other.status).toBe(200);
		expect(reversal.status).toBe(200);
	});

	it('reads both spellings of a type as one, a numeric tranId as text, and escapes the separator', async () => {
		const endpoint = await serve();
		await simulator.notify({
			url: endpoint.url,
			...login,
			type: 'AUTHORIZATION_FAILURE',
			fields: { payoutId: 'P_1', tranId: 4711 },
		});
		await simulator.notify({
			url: endpoint.url,
			...login,
			fields: { payoutId: 'P_1', tranId: '4711' },
		});
		await simulator.notify({
			url: endpoint.url,
			...login,
			fields: { payoutId: 'P', tranId: '1:4711' },
		});
		const ids = endpoint.calls.map((c) => c.started?.[0].json.notificationId);
		expect(ids).toEqual([
			'AuthorizationFailure:P_1:4711',
			'AuthorizationFailure:P_1:4711',
			'AuthorizationFailure:P:1%3A4711',
		]);
	});

	it('without a tranId: a digest of all the fields, equal for a copy, different otherwise', async () => {
		const endpoint = await serve();
		const first = await simulator.notify({
			url: endpoint.url,
			...login,
			fields: { tranId: undefined },
		});
		await simulator.notify({ url: endpoint.url, ...login, copyOf: first.notification });
		await simulator.notify({
			url: endpoint.url,
			...login,
			fields: {
				tranId: undefined,
				payoutId: first.notification.payoutId,
				authTime: '2026-12-02 10:16:00',
			},
		});
		const ids = endpoint.calls.map((c) => String(c.started?.[0].json.notificationId));
		expect(ids[0]).toMatch(
			new RegExp(
				`^AuthorizationFailure:${String(first.notification.payoutId)}:sha256-[0-9a-f]{32}$`,
			),
		);
		expect(ids[1]).toBe(ids[0]);
		expect(ids[2]).not.toBe(ids[0]);
	});
});

describe('credential checks', () => {
	type Tester = (
		this: ICredentialTestFunctions,
		credential: { id: string; name: string; type: string; data: ICredentialDataDecryptedObject },
	) => Promise<INodeCredentialTestResult>;
	const test = (data: ICredentialDataDecryptedObject) => {
		const tester = (harness.nodeType.methods?.credentialTest as Record<string, Tester>)
			.jusBizWebhookCredentialTest;
		return tester.call({} as ICredentialTestFunctions, {
			id: '1',
			name: 'test',
			type: 'jusBizWebhookApi',
			data,
		});
	};

	it('"Test" says OK for a usable credential and names the problem otherwise', async () => {
		expect(harness.nodeType.description.credentials?.[0].testedBy).toBe(
			'jusBizWebhookCredentialTest',
		);
		expect(await test(full)).toMatchObject({ status: 'OK' });
		expect(await test({ username: USERNAME, password: PASSWORD })).toMatchObject({ status: 'OK' });
		expect(await test({ ...full, password: '' })).toEqual({
			status: 'Error',
			message: 'The JusBiz Webhook credential needs a Username and a Password',
		});
		const swapped = await test({
			...full,
			privateKey: full.jusBizPublicKey,
			jusBizPublicKey: full.privateKey,
		});
		expect(swapped.status).toBe('Error');
		expect(swapped.message).toMatch(/JusBiz Webhook credential|private key/i);
		expect(swapped.message).not.toContain('MII');
		const garbage = await test({ ...full, jusBizPublicKey: 'not a key' });
		expect(garbage).toMatchObject({ status: 'Error', message: /JusBiz Public Key/ });
	});

	it('publishing the workflow fails on a credential the trigger could not use', async () => {
		const methods = harness.nodeType.webhookMethods?.default;
		if (!methods) throw new Error('no webhookMethods');
		const hook = (
			data: ICredentialDataDecryptedObject,
			events: string[] = ['AuthorizationFailure'],
		) =>
			({
				getCredentials: async () => data,
				getNode: () => ({ name: 'JusBiz Trigger' }) as INode,
				getNodeParameter: (name: string) => (name === 'events' ? events : undefined),
			}) as unknown as IHookFunctions;
		expect(await methods.checkExists.call(hook(full))).toBe(false);
		expect(await methods.create.call(hook(full))).toBe(true);
		await expect(methods.create.call(hook({ ...full, privateKey: 'junk' }))).rejects.toThrow(
			/private key in the JusBiz Webhook credential is not a valid PEM/,
		);
		await expect(methods.create.call(hook(full, []))).rejects.toThrow(
			/Select at least one of the Events/,
		);
		await expect(methods.create.call(hook({ ...full, username: 'a:b' }))).rejects.toThrow(
			/may not contain ":"/,
		);
		expect(await methods.delete.call(hook(full))).toBe(true);
	});

	it('a private key that cannot be read: 500 for JusBiz to retry, the reason logged without the key', async () => {
		const endpoint = await serve({
			...full,
			privateKey: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----',
		});
		const result = await simulator.notify({ url: endpoint.url, ...login });
		expect(result.status).toBe(500);
		expect(JSON.parse(result.body)).toMatchObject({ error: 'credential' });
		const [call] = endpoint.calls;
		expect(call.logs).toEqual([
			expect.objectContaining({
				level: 'warn',
				message: expect.stringMatching(/refused a notification \(500\)/),
			}),
		]);
	});
});

describe('nothing secret in answers or logs', () => {
	it('refusals name the problem but hold no password, key or notification field', async () => {
		const endpoint = await serve();
		const sent = [
			await simulator.notify({ url: endpoint.url, username: USERNAME, password: 'guess-CANARY' }),
			await simulator.notify({
				url: endpoint.url,
				...login,
				signer: 'other',
				fields: { mrchName: 'MERCHANT-CANARY' },
			}),
			await simulator.notify({
				url: endpoint.url,
				...login,
				signer: 'none',
				fields: { lastFourCardNumber: '9931' },
			}),
			await simulator.notify({
				url: endpoint.url,
				...login,
				envelope: 'plain',
				fields: { payoutId: 'PAYOUT-CANARY' },
			}),
			await simulator.notify({ url: endpoint.url, ...login, keyUuid: 'x', padTo: 70_000 }),
		];
		expect(sent.map((s) => s.status)).toEqual([401, 400, 400, 400, 413]);
		const everything = JSON.stringify({
			answers: sent.map((s) => [s.body, s.headers]),
			logs: endpoint.calls.map((c) => c.logs),
		});
		for (const secret of [
			PASSWORD,
			'guess-CANARY',
			Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64'),
			'MERCHANT-CANARY',
			'9931',
			'PAYOUT-CANARY',
			'PRIVATE KEY',
			String(full.privateKey).split('\n')[1],
		]) {
			expect(everything).not.toContain(secret);
		}
		// The refusals after authentication are logged, with their reason only.
		expect(endpoint.calls.flatMap((c) => c.logs).map((l) => l.metadata?.reason)).toEqual([
			'signature',
			'signature',
			'encryption',
			'size',
		]);
	});
});
