import nock from 'nock';
import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import type { IDataObject, INodeParameters, NodeApiError } from 'n8n-workflow';

import {
	AUTHORIZATION_VALUE,
	cardJpeg,
	cardPng,
	encryptCompact,
	FAKE_KEY_ID,
	FAKE_MERCHANT_ID,
	FAKE_SECURITY_CODE,
	otherPrivateKeyPem,
	rsaKeys,
	successBody,
	toJsonForm,
} from '../support/fixtures';
import { PATH, SANDBOX, sandboxCredentials, useEngine } from '../support/engine/useEngine';

const engine = useEngine();
const byId = { payoutId: '={{ $json.id }}' };

function replyWith(status: number, body: unknown, origin = SANDBOX) {
	return nock(origin)
		.post(PATH)
		.reply(status, body as nock.Body);
}

describe('request', () => {
	it('sends Basic auth, both merchant-id headers, KeyId and the JSON body to the sandbox', async () => {
		let seenBody: unknown;
		let seenHeaders: Record<string, unknown> = {};
		const scope = nock(SANDBOX)
			.post(PATH, (body: IDataObject) => {
				seenBody = body;
				return true;
			})
			.reply(function () {
				seenHeaders = this.req.headers;
				return [200, successBody({ payoutId: 'P_1' })];
			});

		const result = await engine().runNode({
			items: [{ id: '  P_1  ' }],
			parameters: byId,
			credentials: sandboxCredentials,
		});

		expect(scope.isDone()).toBe(true);
		expect(seenBody).toEqual({ payoutId: 'P_1', isCardImageRequired: false });
		expect(seenHeaders).toMatchObject({
			authorization: AUTHORIZATION_VALUE,
			'x-merchantid': FAKE_MERCHANT_ID,
			'x-merchant-id': FAKE_MERCHANT_ID,
			keyid: FAKE_KEY_ID,
			'content-type': expect.stringMatching(/^application\/json/),
		});
		expect(result.main).toEqual([
			{
				json: {
					status: 'SUCCESS',
					payoutId: 'P_1',
					message: 'Security code fetched',
					securityCode: FAKE_SECURITY_CODE,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it.each([
		[
			'production',
			{ environment: 'production', hostname: 'indusind' },
			'https://indusind.biz.juspay.in',
		],
		[
			'custom',
			{ environment: 'custom', baseUrl: 'http://127.0.0.1:8787' },
			'http://127.0.0.1:8787',
		],
	])('sends %s requests to the configured origin', async (_env, fields, origin) => {
		const scope = replyWith(200, successBody(), origin);
		const result = await engine().runNode({
			items: [{ id: 'P' }],
			parameters: byId,
			credentials: { ...sandboxCredentials, ...fields },
		});
		expect(scope.isDone()).toBe(true);
		expect(result.main[0].json.status).toBe('SUCCESS');
	});

	it.each([
		[
			'a hostname that is not one label',
			{ environment: 'production', hostname: 'evil.com' },
			/Hostname/,
		],
		[
			'a base URL with a path',
			{ environment: 'custom', baseUrl: 'http://127.0.0.1:8787/x' },
			/path/,
		],
	])('refuses %s before any request', async (_case, fields, reason) => {
		const result = await engine().runNode({
			items: [{ id: 'A' }, { id: 'B' }],
			parameters: byId,
			credentials: { ...sandboxCredentials, ...fields },
			onError: 'continueRegularOutput',
		});
		expect(result.requests).toEqual([]);
		expect(result.main.map((item) => item.json.error)).toEqual([
			expect.stringMatching(reason),
			expect.stringMatching(reason),
		]);
	});

	it('evaluates the parameters per item and keeps input order', async () => {
		const asked: string[] = [];
		nock(SANDBOX)
			.post(PATH)
			.times(3)
			.reply((_uri, body) => {
				const { payoutId } = body as { payoutId: string };
				asked.push(payoutId);
				return [200, successBody({ payoutId, securityCode: `${payoutId}-code` })];
			});
		const result = await engine().runNode({
			items: [{ id: 'A' }, { id: 'B' }, { id: 'C' }],
			parameters: byId,
			credentials: sandboxCredentials,
		});
		expect(asked).toEqual(['A', 'B', 'C']);
		expect(result.main.map((i) => [i.json.payoutId, i.json.securityCode, i.pairedItem])).toEqual([
			['A', 'A-code', { item: 0 }],
			['B', 'B-code', { item: 1 }],
			['C', 'C-code', { item: 2 }],
		]);
	});
});

describe('expressions that read the item', () => {
	// The same expression in parentheses is no plain property path, so n8n's own evaluator runs it.
	const items = [
		{ id: '  P_1  ', invoice: { id: 'INV_7', lines: ['L_0', 'L_1'] }, 'payout id': 'SPACED' },
		{ id: 42, invoice: { id: 8 }, 'payout id': 'X' },
		{ id: '', invoice: {}, 'payout id': null },
		{ id: { nested: true }, invoice: [], 'payout id': true },
	];
	const asked = async (payoutId: string) => {
		const sent: unknown[] = [];
		nock(SANDBOX)
			.post(PATH)
			.times(items.length)
			.reply((_uri, body) => {
				sent.push((body as IDataObject).payoutId);
				return [200, successBody({ payoutId: String((body as IDataObject).payoutId) })];
			});
		const result = await engine().runNode({
			items,
			parameters: { payoutId },
			credentials: sandboxCredentials,
			onError: 'continueRegularOutput',
		});
		nock.cleanAll();
		return { sent, out: result.main.map((item) => [item.json, item.pairedItem]) };
	};

	it.each([
		['{{ $json.id }}', '{{ ($json.id) }}'],
		['{{$json.invoice.id}}', '{{ ($json.invoice.id) }}'],
		['{{ $json["payout id"] }}', "{{ ($json['payout id']) }}"],
		["{{ $json['payout id'] }}", '{{ ($json["payout id"]) }}'],
		['{{ $json.invoice.lines[1] }}', '{{ ($json.invoice.lines[1]) }}'],
		['{{ $json.id.length }}', '{{ ($json.id.length) }}'],
		['{{ $json.missing.id }}', '{{ ($json.missing?.id) }}'],
	])('%s gives what n8n evaluating %s gives, item by item', async (direct, evaluated) => {
		const read = await asked(`=${direct}`);
		expect(read).toEqual(await asked(`=${evaluated}`));
		expect(read.out).toHaveLength(items.length);
	});

	it('takes text before "={{" as the literal it is, and refuses it as a payout ID unsent', async () => {
		const sent: unknown[] = [];
		nock(SANDBOX)
			.post(PATH)
			.reply((_uri, body) => {
				sent.push((body as IDataObject).payoutId);
				return [200, successBody()];
			});
		const result = await engine().runNode({
			items: [{ invoice: { id: 'A' } }],
			parameters: { payoutId: '  ={{ $json.invoice.id }}' },
			credentials: sandboxCredentials,
			onError: 'continueRegularOutput',
		});
		expect(result.main[0].json.error).toBe(
			'Item 0 (payout "={{ $json.invoice.id }}"): "Payout ID" must be at most 21 letters, digits or underscores (got 23 characters including others)',
		);
		expect(sent).toEqual([]);
		nock.cleanAll();
	});

	it.each([
		['={{ $json.invoice.id }}', 'the item'],
		['={{ $json[\'invoice\']["id"] }}', 'the item'],
		['={{ $json.invoice.id.trim() }}', 'n8n'],
		// n8n reads anything around the braces as text, so these are n8n's to evaluate.
		['={{ $json.invoice.id }} ', 'n8n'],
		['={{ $json.invoice.id }}\n', 'n8n'],
		// Names n8n's sandbox refuses, keys n8n would read differently, a key that ends the braces.
		['={{ $json.invoice.constructor }}', 'n8n'],
		['={{ $json.binding }}', 'n8n'],
		['={{ $json.lines[01] }}', 'n8n'],
		['={{ $json["a}}b"] }}', 'n8n'],
	])('%j is read from %s', async (payoutId, reader) => {
		// n8n 2.x evaluates parameters in WorkflowExpression, n8n 1.x (the compat run) in Expression.
		const { WorkflowExpression, Expression } = await import('n8n-workflow');
		const evaluator = (WorkflowExpression ?? Expression) as typeof WorkflowExpression;
		const evaluate = jest.spyOn(evaluator.prototype, 'getParameterValue');
		try {
			nock(SANDBOX).post(PATH).times(2).reply(200, successBody());
			await engine().runNode({
				items: [{ invoice: { id: 'A' } }, { invoice: { id: 'B' } }],
				parameters: { payoutId },
				credentials: sandboxCredentials,
				onError: 'continueRegularOutput',
			});
			const evaluated = evaluate.mock.calls.filter(([value]) => value === payoutId).length;
			expect(evaluated).toBe(reader === 'n8n' ? 2 : 0);
		} finally {
			evaluate.mockRestore();
			nock.cleanAll();
		}
	});
});

describe('response', () => {
	it('reads SecurityCode / CardImage in either casing', async () => {
		replyWith(200, successBody({ upperCaseKeys: true, cardImage: cardPng.toString('base64') }));
		const result = await engine().runNode({
			items: [{ id: 'P' }],
			parameters: { ...byId, isCardImageRequired: true },
			credentials: sandboxCredentials,
		});
		expect(result.main[0].json.securityCode).toBe(FAKE_SECURITY_CODE);
		expect(result.main[0].binary?.data.mimeType).toBe('image/png');
	});

	it.each([
		['PNG', cardPng, 'image/png', 'png', 'data'],
		['JPEG', cardJpeg, 'image/jpeg', 'jpg', 'card'],
	])(
		'puts a %s card image into the binary field, never into json',
		async (_n, bytes, mime, ext, field) => {
			let asked: unknown;
			nock(SANDBOX)
				.post(PATH, (body: IDataObject) => {
					asked = body.isCardImageRequired;
					return true;
				})
				.reply(
					200,
					successBody({
						payoutId: 'IMG_1',
						cardImage: `data:image/x;base64,${bytes.toString('base64')}`,
					}),
				);
			const result = await engine().runNode({
				items: [{ id: 'IMG_1' }],
				parameters: { ...byId, isCardImageRequired: true, binaryPropertyName: field },
				credentials: sandboxCredentials,
			});
			expect(asked).toBe(true);
			const item = result.main[0];
			expect(Object.keys(item.json).sort()).toEqual([
				'message',
				'payoutId',
				'securityCode',
				'status',
			]);
			expect(JSON.stringify(item.json)).not.toContain(bytes.toString('base64').slice(0, 40));
			const binary = item.binary?.[field];
			expect(binary).toMatchObject({
				mimeType: mime,
				fileName: `card-IMG_1.${ext}`,
				fileExtension: ext,
			});
			expect(Buffer.from(binary!.data, 'base64').equals(bytes)).toBe(true);
		},
	);

	it('evaluates Include Card Image per item when it is an expression', async () => {
		nock(SANDBOX)
			.post(PATH)
			.times(2)
			.reply((_uri, body) => {
				const { payoutId, isCardImageRequired } = body as IDataObject;
				const cardImage = isCardImageRequired ? cardPng.toString('base64') : undefined;
				return [200, successBody({ payoutId: String(payoutId), cardImage })];
			});
		const result = await engine().runNode({
			items: [
				{ id: 'WITH', image: true },
				{ id: 'WITHOUT', image: false },
			],
			parameters: { ...byId, isCardImageRequired: '={{ $json.image }}' },
			credentials: sandboxCredentials,
		});
		expect(result.main.map((item) => [item.json.payoutId, item.binary?.data?.mimeType])).toEqual([
			['WITH', 'image/png'],
			['WITHOUT', undefined],
		]);
	});

	it('sends Include Card Image as a JSON boolean when an expression gives a string or number', async () => {
		const sent: unknown[] = [];
		nock(SANDBOX)
			.post(PATH)
			.times(2)
			.reply((_uri, body) => {
				sent.push((body as IDataObject).isCardImageRequired);
				return [200, successBody()];
			});
		await engine().runNode({
			items: [
				{ id: 'A', image: 'false' },
				{ id: 'B', image: 0 },
			],
			parameters: { ...byId, isCardImageRequired: '={{ $json.image }}' },
			credentials: sandboxCredentials,
		});
		expect(sent).toEqual([false, false]);
	});

	it('outputs no binary when the image was not asked for', async () => {
		replyWith(200, successBody({ cardImage: cardPng.toString('base64') }));
		const result = await engine().runNode({
			items: [{ id: 'P' }],
			parameters: byId,
			credentials: sandboxCredentials,
		});
		expect(result.main[0].binary).toBeUndefined();
	});

	it.each([
		['compact', async () => await encryptCompact(successBody({ payoutId: 'ENC' }))],
		['JSON', async () => toJsonForm(await encryptCompact(successBody({ payoutId: 'ENC' })))],
	])('decrypts a %s JWE with the credential private key', async (_form, make) => {
		replyWith(200, { encryptedResponse: await make() });
		const result = await engine().runNode({
			items: [{ id: 'ENC' }],
			parameters: byId,
			credentials: { ...sandboxCredentials, privateKey: rsaKeys().pkcs1Pem },
		});
		expect(result.main[0].json).toMatchObject({
			payoutId: 'ENC',
			securityCode: FAKE_SECURITY_CODE,
		});
	});

	it('still reads plain bodies when a private key is set', async () => {
		replyWith(200, successBody());
		const result = await engine().runNode({
			items: [{ id: 'P' }],
			parameters: byId,
			credentials: { ...sandboxCredentials, privateKey: rsaKeys().privateKeyPem },
		});
		expect(result.main[0].json.status).toBe('SUCCESS');
	});
});

describe('errors', () => {
	async function failOne(
		reply: () => nock.Scope | void,
		credentials = sandboxCredentials,
		parameters: INodeParameters = byId,
	) {
		reply();
		const result = await engine().runNode({ items: [{ id: 'P_9' }], parameters, credentials });
		expect(result.main).toEqual([]);
		expect(result.nodeError).toBeDefined();
		return result.nodeError!;
	}

	it.each([
		[400, { status: 'FAILURE', payoutId: 'P_9', message: 'Invalid payoutId' }],
		[401, { message: 'Invalid Key ID passed' }],
		[401, { message: 'Unauthorised: No key given' }],
		[500, { message: 'Validated Expense Data cannot be Empty' }],
	])('HTTP %i is a NodeApiError with the status and the API message', async (status, body) => {
		const error = await failOne(() => replyWith(status, body));
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe(
			`Item 0 (payout "P_9"): JusBiz answered HTTP ${status}: ${body.message}`,
		);
		expect((error as NodeApiError).httpCode).toBe(String(status));
		expect(error.context.itemIndex).toBe(0);
	});

	it('keeps the message when it contains words n8n maps to generic text', async () => {
		nock(SANDBOX).post(PATH).reply(401, { message: 'Invalid Key ID passed (ETIMEDOUT)' });
		const result = await engine().runNode({
			items: [{ id: 'oneaccess_42' }],
			parameters: byId,
			credentials: sandboxCredentials,
		});
		expect(result.nodeError?.message).toBe(
			'Item 0 (payout "oneaccess_42"): JusBiz answered HTTP 401: Invalid Key ID passed (ETIMEDOUT)',
		);
	});

	it('HTTP 200 with status FAILURE is an error, not a success', async () => {
		const error = await failOne(() =>
			replyWith(200, { status: 'FAILURE', payoutId: 'P_9', message: 'Card not active' }),
		);
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe(
			'Item 0 (payout "P_9"): JusBiz answered status FAILURE: Card not active',
		);
	});

	it('a gateway HTML page is an error naming the status and the attempts', async () => {
		const error = await failOne(
			() =>
				nock(SANDBOX)
					.post(PATH)
					.times(2)
					.reply(502, '<html><body>Bad Gateway</body></html>', { 'Content-Type': 'text/html' }),
			sandboxCredentials,
			{ ...byId, options: { maxRetries: 1, maxRetryWait: 10 } },
		);
		expect(error.message).toBe(
			'Item 0 (payout "P_9"): JusBiz answered HTTP 502 with a body that is not JSON (text/html) (2 attempts)',
		);
		expect((error as NodeApiError).httpCode).toBe('502');
	});

	it('a connection reset by a real server is a NodeApiError naming the cause', async () => {
		// A real socket on 127.0.0.1 that drops every connection: no mocking of the failure itself.
		const server: Server = createServer((req) => req.socket.destroy());
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		nock.enableNetConnect('127.0.0.1');
		try {
			const { port } = server.address() as AddressInfo;
			const error = await failOne(() => undefined, {
				...sandboxCredentials,
				environment: 'custom',
				baseUrl: `http://127.0.0.1:${port}`,
			});
			expect(error.name).toBe('NodeApiError');
			expect(error.message).toMatch(
				/^Item 0 \(payout "P_9"\): Could not reach JusBiz: the connection was (reset|closed)/,
			);
		} finally {
			nock.disableNetConnect();
			await new Promise((resolve) => server.close(resolve));
		}
	});

	it('a request slower than the timeout option fails', async () => {
		const error = await failOne(
			() => nock(SANDBOX).post(PATH).delay(1_000).reply(200, successBody()),
			sandboxCredentials,
			{ ...byId, options: { timeout: 100, maxRetries: 0 } },
		);
		expect(error.message).toBe('Item 0 (payout "P_9"): No answer from JusBiz within 100 ms');
	});

	it('an encrypted response without a private key says what to add', async () => {
		const jwe = await encryptCompact(successBody());
		const error = await failOne(() => replyWith(200, { encryptedResponse: jwe }));
		expect(error.message).toMatch(/encrypted response but no private key is set/);
		expect(error.description).toMatch(/"Private Key" field of the JusBiz API credential/);
	});

	it('an encrypted response for another key is an error', async () => {
		const jwe = await encryptCompact(successBody());
		const error = await failOne(() => replyWith(200, { encryptedResponse: jwe }), {
			...sandboxCredentials,
			privateKey: otherPrivateKeyPem(),
		});
		expect(error.message).toMatch(/could not be decrypted: .*private key does not match/);
	});

	it('a private key that is not PEM is a parameter error', async () => {
		const jwe = await encryptCompact(successBody());
		const error = await failOne(() => replyWith(200, { encryptedResponse: jwe }), {
			...sandboxCredentials,
			privateKey: 'not a key',
		});
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toMatch(/not a valid PEM RSA private key/);
	});

	it('an image asked for but missing, or not an image, is an error', async () => {
		const missing = await failOne(() => replyWith(200, successBody()), sandboxCredentials, {
			...byId,
			isCardImageRequired: true,
		});
		expect(missing.message).toMatch(/without the card image that was asked for/);
		const notImage = await failOne(
			() =>
				replyWith(200, successBody({ cardImage: Buffer.from('plain text').toString('base64') })),
			sandboxCredentials,
			{ ...byId, isCardImageRequired: true },
		);
		expect(notImage.message).toMatch(/not a PNG, JPEG/);
	});

	it.each([
		['22 characters', 'P'.repeat(22), '(got 22 characters)'],
		['100 kB', 'P'.repeat(100_000), '(got 100000 characters)'],
		[
			'a character other than letters, digits and _',
			'INV-77',
			'(got 6 characters including others)',
		],
	])(
		'refuses a payout ID of %s before any request, as the JusBiz node does',
		async (_, id, got) => {
			const result = await engine().runNode({
				items: [{ id }],
				parameters: byId,
				credentials: sandboxCredentials,
				onError: 'continueRegularOutput',
			});
			expect(result.requests).toEqual([]);
			expect(result.main[0].json.error).toContain(
				`"Payout ID" must be at most 21 letters, digits or underscores ${got}`,
			);
		},
	);

	it('an empty payout id is a parameter error for that item, with no request', async () => {
		const result = await engine().runNode({
			items: [{ id: '   ' }],
			parameters: byId,
			credentials: sandboxCredentials,
		});
		expect(result.requests).toEqual([]);
		expect(result.nodeError?.name).toBe('NodeOperationError');
		expect(result.nodeError?.message).toBe('Item 0: the payout ID is empty');
	});
});

describe('several items with one failing', () => {
	const items = [
		{ id: 'OK_1', note: 'a' },
		{ id: 'BAD', note: 'b' },
		{ id: 'OK_2', note: 'c' },
	];

	function replyPerPayout() {
		return nock(SANDBOX)
			.post(PATH)
			.times(3)
			.reply((_uri, body) => {
				const { payoutId } = body as { payoutId: string };
				return payoutId === 'BAD'
					? [401, { message: 'Invalid Key ID passed' }]
					: [200, successBody({ payoutId })];
			});
	}

	it('stops at the failing item under "Stop Workflow", starting no new request', async () => {
		replyPerPayout();
		const result = await engine().runNode({
			items,
			parameters: { ...byId, options: { concurrency: 1 } },
			credentials: sandboxCredentials,
		});
		expect(result.main).toEqual([]);
		expect(result.nodeError?.message).toBe(
			'Item 1 (payout "BAD"): JusBiz answered HTTP 401: Invalid Key ID passed',
		);
		expect(result.requests).toHaveLength(2);
	});

	it('keeps every item in place under "Continue"', async () => {
		replyPerPayout();
		const result = await engine().runNode({
			items,
			parameters: byId,
			credentials: sandboxCredentials,
			onError: 'continueRegularOutput',
		});
		expect(result.errorOutput).toEqual([]);
		expect(result.main).toEqual([
			{
				json: expect.objectContaining({ status: 'SUCCESS', payoutId: 'OK_1' }),
				pairedItem: { item: 0 },
			},
			{
				json: {
					error: 'Item 1 (payout "BAD"): JusBiz answered HTTP 401: Invalid Key ID passed',
					payoutId: 'BAD',
					httpCode: 401,
				},
				pairedItem: { item: 1 },
			},
			{
				json: expect.objectContaining({ status: 'SUCCESS', payoutId: 'OK_2' }),
				pairedItem: { item: 2 },
			},
		]);
	});

	it('routes the failed item to the error output under "Continue (using error output)"', async () => {
		replyPerPayout();
		const result = await engine().runNode({
			items,
			parameters: byId,
			credentials: sandboxCredentials,
			onError: 'continueErrorOutput',
		});
		expect(result.main.map((i) => [i.json.payoutId, i.pairedItem])).toEqual([
			['OK_1', { item: 0 }],
			['OK_2', { item: 2 }],
		]);
		expect(result.errorOutput).toEqual([
			{
				json: {
					id: 'BAD',
					note: 'b',
					error: 'Item 1 (payout "BAD"): JusBiz answered HTTP 401: Invalid Key ID passed',
					message: 'Invalid Key ID passed',
				},
				pairedItem: { item: 1 },
			},
		]);
	});

	it('turns an empty payout id into an error item without touching the others', async () => {
		nock(SANDBOX).post(PATH).times(2).reply(200, successBody());
		const result = await engine().runNode({
			items: [{ id: 'A' }, { id: '' }, { id: 'B' }],
			parameters: byId,
			credentials: sandboxCredentials,
			onError: 'continueErrorOutput',
		});
		expect(result.requests).toHaveLength(2);
		expect(result.main.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(result.errorOutput).toEqual([
			{
				json: {
					id: '',
					error: 'Item 1: the payout ID is empty',
					message: 'Set "Payout ID", for example to the expression {{ $json.payoutId }}.',
				},
				pairedItem: { item: 1 },
			},
		]);
	});
});
