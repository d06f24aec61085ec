import { createHmac } from 'crypto';
import { createServer, type Server } from 'http';
import * as jose from 'jose';
import type { AddressInfo } from 'net';
import nock from 'nock';
import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import {
	AUTHORIZATION_VALUE,
	encryptCompact,
	FAKE_API_KEY,
	otherPrivateKeyPem,
	rsaKeys,
	successBody,
} from '../support/fixtures';
import { PATH, SANDBOX, sandboxCredentials, useEngine } from '../support/engine/useEngine';
import { juspay, rsaPair } from '../support/interop';

const engine = useEngine();

// Recognisable on purpose: a plain three-digit code could match a timestamp by chance.
const CODE = 'sc-canary-7319';
const privateKeyPem = rsaKeys().privateKeyPem;
const credentials: ICredentialDataDecryptedObject = {
	...sandboxCredentials,
	privateKey: privateKeyPem,
};
const base64Authorization = AUTHORIZATION_VALUE.slice('Basic '.length);
const pemLines = privateKeyPem.split('\n').filter((line) => line.length >= 40);

function expectNoSecrets(text: string) {
	expect(text).not.toContain(FAKE_API_KEY);
	expect(text).not.toContain(base64Authorization);
	expect(text).not.toContain(CODE);
	for (const line of pemLines) expect(text).not.toContain(line);
}

async function replyEncrypted() {
	const jwe = await encryptCompact(successBody({ securityCode: CODE }));
	nock(SANDBOX).post(PATH).reply(200, { encryptedResponse: jwe });
}

const jusbiz = rsaPair();
const stranger = rsaPair();
const verifying = { ...credentials, jusBizPublicKey: jusbiz.publicPem };

/** An answer sealed as Juspay's SDK seals it, signed by `signer` (unsigned when undefined). */
function replyJuspay(signer: ReturnType<typeof rsaPair> | undefined) {
	const json = JSON.stringify(successBody({ securityCode: CODE }));
	const { publicKey } = rsaKeys();
	const sealed = signer
		? juspay.JWT.jwtEncrypt(json, 'key_1', publicKey, signer.privateKey)
		: juspay.JWE.encrypt(json, 'key_1', publicKey);
	nock(SANDBOX).post(PATH).reply(200, { encryptedResponse: sealed });
}

/** A compact JWS with a forged header (none, or HS256 keyed with the public key), sealed by jose. */
async function replyForgedJws(alg: 'none' | 'HS256') {
	const b64 = (text: string) => Buffer.from(text).toString('base64url');
	const input = `${b64(JSON.stringify({ alg }))}.${b64(JSON.stringify(successBody({ securityCode: CODE })))}`;
	const mac =
		alg === 'none' ? '' : createHmac('sha256', jusbiz.publicPem).update(input).digest('base64url');
	const jwe = await new jose.CompactEncrypt(new TextEncoder().encode(`${input}.${mac}`))
		.setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM' })
		.encrypt(rsaKeys().publicKey);
	nock(SANDBOX).post(PATH).reply(200, { encryptedResponse: jwe });
}

// What a misbehaving server or gateway could echo back: the request's own credentials.
const hostile = `key ${FAKE_API_KEY} header ${AUTHORIZATION_VALUE}`;

interface Case {
	name: string;
	reply: () => unknown;
	credentials?: ICredentialDataDecryptedObject;
	parameters?: INodeParameters;
}

const cases: Case[] = [
	{
		name: '401 echoing the key',
		reply: () => nock(SANDBOX).post(PATH).reply(401, { message: hostile }),
	},
	{
		name: '400 echoing everything',
		reply: () => nock(SANDBOX).post(PATH).reply(400, { status: 'FAILURE', message: hostile }),
	},
	{
		name: '500',
		reply: () =>
			nock(SANDBOX).post(PATH).reply(500, { message: 'Validated Expense Data cannot be Empty' }),
	},
	{
		name: '502 gateway page echoing the request headers',
		reply: () =>
			nock(SANDBOX)
				.post(PATH)
				.reply(502, `<html>${hostile}</html>`, { 'Content-Type': 'text/html' }),
	},
	{
		name: '200 FAILURE carrying a security code',
		reply: () =>
			nock(SANDBOX)
				.post(PATH)
				.reply(200, {
					status: 'FAILURE',
					message: `code ${CODE} expired`,
					response: { securityCode: CODE },
				}),
	},
	{
		name: 'SUCCESS with an image that is not an image',
		reply: () =>
			nock(SANDBOX)
				.post(PATH)
				.reply(
					200,
					successBody({ securityCode: CODE, cardImage: Buffer.from(hostile).toString('base64') }),
				),
		parameters: { isCardImageRequired: true },
	},
	{
		name: 'SUCCESS without the image asked for',
		reply: () =>
			nock(SANDBOX)
				.post(PATH)
				.reply(200, successBody({ securityCode: CODE })),
		parameters: { isCardImageRequired: true },
	},
	{
		name: 'encrypted response for another key',
		reply: replyEncrypted,
		credentials: { ...credentials, privateKey: otherPrivateKeyPem() },
	},
	{
		name: 'encrypted response and a private key that is not PEM',
		reply: replyEncrypted,
		credentials: { ...credentials, privateKey: `${FAKE_API_KEY}\n${pemLines.join('\n')}` },
	},
	{
		name: 'signed by a key other than the JusBiz Public Key',
		reply: () => replyJuspay(stranger),
		credentials: verifying,
	},
	{
		name: 'encrypted but unsigned, with the JusBiz Public Key set',
		reply: () => replyJuspay(undefined),
		credentials: verifying,
	},
	{
		name: 'a JWS with alg none, with the JusBiz Public Key set',
		reply: () => replyForgedJws('none'),
		credentials: verifying,
	},
	{
		name: 'a JWS forged with HS256 over the public key, with the JusBiz Public Key set',
		reply: () => replyForgedJws('HS256'),
		credentials: verifying,
	},
	{
		name: 'the private key pasted into the JusBiz Public Key field',
		reply: () => replyJuspay(jusbiz),
		credentials: { ...credentials, jusBizPublicKey: privateKeyPem },
	},
	{
		name: 'a JusBiz Public Key that is not PEM',
		reply: () => replyJuspay(jusbiz),
		credentials: { ...credentials, jusBizPublicKey: `${FAKE_API_KEY}\n${pemLines.join('\n')}` },
	},
	{
		name: 'time-out',
		reply: () =>
			nock(SANDBOX)
				.post(PATH)
				.delay(500)
				.reply(200, successBody({ securityCode: CODE })),
		parameters: { options: { timeout: 50, maxRetryWait: 10 } },
	},
	{
		name: 'bad production hostname',
		reply: () => undefined,
		credentials: { ...credentials, environment: 'production', hostname: `${FAKE_API_KEY}.evil` },
	},
];

describe.each(['stopWorkflow', 'continueRegularOutput', 'continueErrorOutput'] as const)(
	'under %s',
	(onError) => {
		it.each(cases)(
			'$name leaks no secret and no security code',
			async ({ reply, credentials: creds, parameters }) => {
				await reply();
				const result = await engine().runNode({
					items: [{ id: 'LEAK_1' }],
					// Short waits: the retries run, only faster.
					parameters: { payoutId: '={{ $json.id }}', options: { maxRetryWait: 10 }, ...parameters },
					credentials: creds ?? credentials,
					onError,
				});
				// The failure is reported (naming the payout), and nothing secret is anywhere in the run.
				const reported =
					onError === 'stopWorkflow'
						? result.nodeError?.message
						: JSON.stringify([...result.main, ...result.errorOutput].map((item) => item.json));
				expect(reported).toMatch(/LEAK_1/);
				expectNoSecrets(result.allText({ includeRequests: false }));
			},
		);
	},
);

it('a connection reset leaks nothing', async () => {
	const server: Server = createServer((req) => req.socket.destroy());
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	nock.enableNetConnect('127.0.0.1');
	try {
		const { port } = server.address() as AddressInfo;
		const result = await engine().runNode({
			items: [{ id: 'LEAK_1' }],
			parameters: { payoutId: '={{ $json.id }}' },
			credentials: { ...credentials, environment: 'custom', baseUrl: `http://127.0.0.1:${port}` },
		});
		expect(result.nodeError).toBeDefined();
		expectNoSecrets(result.allText({ includeRequests: false }));
	} finally {
		nock.disableNetConnect();
		await new Promise((resolve) => server.close(resolve));
	}
});

async function successfulRun() {
	nock(SANDBOX)
		.post(PATH)
		.reply(200, successBody({ securityCode: CODE }));
	return await engine().runNode({
		items: [{ id: 'OK' }],
		parameters: { payoutId: '={{ $json.id }}' },
		credentials,
	});
}

it('a successful run logs no security code and no secret', async () => {
	const result = await successfulRun();
	expect(result.main[0].json.securityCode).toBe(CODE);
	expectNoSecrets(JSON.stringify(result.logs));
});

it('the leak check itself sees a secret when one is there', async () => {
	const result = await successfulRun();
	expect(() => expectNoSecrets(result.allText({ includeRequests: false }))).toThrow();
	expect(() => expectNoSecrets(result.allText())).toThrow();
});

describe('the JusBiz node: card numbers and expiry dates only in their own fields', () => {
	const lifecycle = useEngine('jusBiz');
	const TOKEN = '4111222233334444';
	const EXPIRY = '07/2041';
	const createParameters: INodeParameters = {
		resource: 'virtualCard',
		operation: 'create',
		payoutId: '={{ $json.id }}',
		orderAmount: 10,
		endDate: '2041-07-31',
		cardAlias: 'primary',
		options: { maxRetryWait: 10 },
	};
	const expectNoCardData = (text: string) => {
		expectNoSecrets(text);
		expect(text).not.toContain(TOKEN);
		expect(text).not.toContain(EXPIRY);
	};
	const echo = `card ${TOKEN} exp ${EXPIRY} key ${FAKE_API_KEY}`;

	const failing: Array<[string, () => unknown, INodeParameters]> = [
		[
			'Create answered FAILURE echoing the card',
			() =>
				nock(SANDBOX)
					.post('/ardra/vt/provision/v2')
					.reply(200, {
						status: 'FAILURE',
						message: echo,
						response: { token: TOKEN, expiry: EXPIRY },
					}),
			createParameters,
		],
		[
			'Get Status answered 400 echoing the card',
			() =>
				nock(SANDBOX)
					.post('/ardra/vt/fetchStatus/v2')
					.reply(400, { status: 'FAILURE', message: echo }),
			{ resource: 'virtualCard', operation: 'getStatus', payoutId: '={{ $json.id }}' },
		],
		[
			'Create lost its answer and Get Status failed echoing the card',
			() => {
				nock(SANDBOX).post('/ardra/vt/provision/v2').delay(200).reply(200, {});
				nock(SANDBOX).post('/ardra/vt/fetchStatus/v2').reply(500, { message: echo });
			},
			{ ...createParameters, options: { timeout: 50, maxRetries: 0 } },
		],
		[
			'Create met an existing card with other terms, one of them shaped like a card number',
			() => {
				nock(SANDBOX)
					.post('/ardra/vt/provision/v2')
					.reply(400, { status: 'FAILURE', message: 'Payout ID already exists' });
				nock(SANDBOX)
					.post('/ardra/vt/fetchStatus/v2')
					.reply(200, {
						status: 'SUCCESS',
						payoutId: 'LEAK_2',
						message: 'ok',
						response: {
							token: TOKEN,
							expiry: EXPIRY,
							state: 'ISSUED',
							orderAmount: '9.00',
							currency: 'INR',
							endDate: '2041-07-31',
							cardAlias: TOKEN,
						},
					});
			},
			createParameters,
		],
		[
			'Delete answered SUCCESS with isDeleted false echoing the card',
			() =>
				nock(SANDBOX)
					.post('/ardra/vt/deleteCard/v2')
					.reply(200, {
						status: 'SUCCESS',
						message: echo,
						response: { isDeleted: false, token: TOKEN },
					}),
			{ resource: 'virtualCard', operation: 'delete', payoutId: '={{ $json.id }}' },
		],
	];

	describe.each(['stopWorkflow', 'continueRegularOutput', 'continueErrorOutput'] as const)(
		'under %s',
		(onError) => {
			it.each(failing)('%s leaks neither', async (_name, reply, parameters) => {
				reply();
				const result = await lifecycle().runNode({
					items: [{ id: 'LEAK_2' }],
					parameters,
					credentials,
					onError,
				});
				const reported =
					onError === 'stopWorkflow'
						? result.nodeError?.message
						: JSON.stringify([...result.main, ...result.errorOutput].map((item) => item.json));
				expect(reported).toMatch(/LEAK_2/);
				expectNoCardData(result.allText({ includeRequests: false }));
			});
		},
	);

	describe('run as the AI tool', () => {
		const statusAnswer = {
			status: 'SUCCESS',
			payoutId: 'LEAK_4',
			message: 'ok',
			response: { token: TOKEN, expiry: EXPIRY, state: 'ISSUED', cardLastFourDigits: '4444' },
		};
		const asTool: Array<[string, () => unknown, INodeParameters]> = [
			[
				'a successful Create',
				() =>
					nock(SANDBOX)
						.post('/ardra/vt/provision/v2')
						.reply(200, { ...statusAnswer, message: `Card ${TOKEN} created` }),
				{ ...createParameters, maxOrderAmount: 100 },
			],
			[
				'a successful Get Status',
				() => nock(SANDBOX).post('/ardra/vt/fetchStatus/v2').reply(200, statusAnswer),
				{ resource: 'virtualCard', operation: 'getStatus', payoutId: '={{ $json.id }}' },
			],
			...failing.map(([name, reply, parameters]): [string, () => unknown, INodeParameters] => [
				name,
				reply,
				{ ...parameters, maxOrderAmount: 100 },
			]),
		];
		it.each(asTool)('%s gives the model neither', async (_name, reply, parameters) => {
			reply();
			const result = await lifecycle().runNode({
				items: [{ id: 'LEAK_4' }],
				parameters,
				credentials,
				onError: 'continueRegularOutput',
				asTool: true,
			});
			expect(JSON.stringify(result.main)).toMatch(/LEAK_4/);
			expectNoCardData(result.allText({ includeRequests: false }));
		});
	});

	it('a successful Create puts them in token and expiry, and nowhere else', async () => {
		nock(SANDBOX)
			.post('/ardra/vt/provision/v2')
			.reply(200, {
				status: 'SUCCESS',
				payoutId: 'LEAK_3',
				message: 'Card created',
				response: { token: TOKEN, expiry: EXPIRY, state: 'ISSUED' },
			});
		const result = await lifecycle().runNode({
			items: [{ id: 'LEAK_3' }],
			parameters: createParameters,
			credentials,
		});
		const { token, expiry, ...rest } = result.main[0].json;
		expect([token, expiry]).toEqual([TOKEN, EXPIRY]);
		expectNoCardData(JSON.stringify(rest));
		expectNoCardData(JSON.stringify(result.logs));
	});
});
