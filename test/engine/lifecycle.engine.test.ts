import { createServer } from 'http';
import type { AddressInfo } from 'net';
import nock from 'nock';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { cardNumber } from '../simulator/cards';
import { card, useEngine } from '../support/engine/useEngine';
import { cardPng } from '../support/fixtures';
import { CARD, FIRST_REQUEST } from '../support/scenarios';
import { useSimulator } from '../support/simulator';

// The JusBiz node through n8n-core's real engine, against the simulator (answers encrypted, as
// JusBiz documents).
const engine = useEngine('jusBiz');
const world = useSimulator();

const createParameters = (extra: INodeParameters = {}): INodeParameters =>
	card('create', {
		orderAmount: 1500.5,
		currency: 'INR',
		endDate: '2030-06-30T00:00:00',
		cardAlias: 'primary_1',
		...extra,
	});

async function run(
	items: IDataObject[],
	parameters: INodeParameters,
	onError: 'continueRegularOutput' | 'stopWorkflow' = 'continueRegularOutput',
	baseUrl = world.simulator.url,
) {
	return await engine().runNode({
		items,
		parameters,
		credentials: { ...world.credentials, baseUrl },
		onError,
	});
}

/**
 * A JusBiz on 127.0.0.1 whose Create answers are all lost (the connection reset after the
 * request), and whose Get Status answers `status`; `seen` lists the paths asked, in order.
 */
async function createLosingAnswers(
	status: { statusCode: number; body: unknown },
	test: (baseUrl: string, seen: string[]) => Promise<void>,
) {
	const seen: string[] = [];
	const server = createServer((req, res) => {
		seen.push(req.url ?? '');
		if (req.url === '/ardra/vt/provision/v2') {
			req.socket.destroy();
			return;
		}
		res.writeHead(status.statusCode, { 'Content-Type': 'application/json' });
		res.end(JSON.stringify(status.body));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	try {
		await test(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen);
	} finally {
		await new Promise((resolve) => server.close(resolve));
	}
}

describe('Create', () => {
	it('issues a card: the request as JusBiz documents it, the card fields, the image to binary', async () => {
		const result = await run(
			[{ id: 'INV_0001' }],
			createParameters({
				isCardImageRequired: true,
				binaryPropertyName: 'card',
				additionalFields: {
					gst: 18,
					startDate: '2030-01-01T00:00:00',
					expenseCategoryId: 'cat_7',
					udf1: 'PO-778',
					udf10: 'north',
				},
				cardControls: {
					blockPayments: ['ATM', 'XBR'],
					minAmount: 10,
					maxAmount: 1518.5,
					mccBlock: '5013-6051, 7011',
					mccAllow: '5411',
				},
			}),
		);
		const [request] = result.requests;
		expect(request.url).toBe('/ardra/vt/provision/v2');
		expect(request.body).toEqual({
			payoutId: 'INV_0001',
			action: 'create',
			orderAmount: '1500.5',
			currency: 'INR',
			endDate: '2030-06-30',
			startDate: '2030-01-01',
			cardAlias: 'primary_1',
			gst: '18',
			expenseCategoryId: 'cat_7',
			udf1: 'PO-778',
			udf10: 'north',
			rules: {
				blockPayments: ['ATM', 'XBR'],
				amountRange: { min: '10', max: '1518.5' },
				mccBlock: [
					{ min: '5013', max: '6051' },
					{ min: '7011', max: '7011' },
				],
				mccAllow: [{ min: '5411', max: '5411' }],
			},
			isCardImageRequired: true,
		});

		const [item] = result.main;
		expect(item.json).toEqual({
			status: 'SUCCESS',
			payoutId: 'INV_0001',
			message: 'Card created successfully',
			token: cardNumber('INV_0001'),
			expiry: '06/2030',
			state: 'ISSUED',
			payoutAmount: '1518.5',
			redeemedAmount: '0',
			currency: 'INR',
			cardNetwork: 'VISA',
			cardIssuerBankName: 'Simulator Bank',
			userDefinedFields: { udf1: 'PO-778', udf10: 'north' },
		});
		expect(item.binary?.card).toMatchObject({
			mimeType: 'image/png',
			fileName: 'card-INV_0001.png',
		});
		expect(Buffer.from(item.binary!.card.data, 'base64').equals(cardPng)).toBe(true);
		expect(world.simulator.card('INV_0001')).toMatchObject({
			state: 'ISSUED',
			orderAmount: '1500.5',
		});
	});

	it('with "If the Card Already Exists" at Fail, refuses an existing payout ID without looking it up', async () => {
		const result = await run(
			[{ id: CARD.issued }],
			createParameters({ options: { ifCardExists: 'fail' } }),
		);
		expect(result.main[0].json).toEqual({
			error: `Item 0 (payout "${CARD.issued}"): JusBiz answered HTTP 400: Payout ID already exists`,
			payoutId: CARD.issued,
			httpCode: 400,
		});
		expect(world.simulator.stats().byEndpoint).toEqual({ provision: 1 });
	});
});

describe('Create run again for the same payout ("If the Card Already Exists")', () => {
	// Every term Create can send, so a re-run compares each of them.
	const allTerms = (extra: INodeParameters = {}): INodeParameters =>
		createParameters({
			orderAmount: 9,
			currency: 'inr',
			endDate: '2030-06-30T18:00:00',
			additionalFields: {
				gst: 1.5,
				startDate: '2030-01-01',
				expenseCategoryId: 'EXP_1',
				udf1: 'PO-778',
			},
			cardControls: {
				blockPayments: ['ECOM', 'ATM'],
				minAmount: 1,
				maxAmount: 5,
				mccBlock: '7011, 5013-6051',
				mccAllow: '5411',
			},
			...extra,
		});
	const withTerms = (changes: INodeParameters): INodeParameters => {
		const base = allTerms();
		const merge = (name: string): INodeParameters => ({
			...(base[name] as INodeParameters),
			...(changes[name] as INodeParameters),
		});
		return {
			...base,
			...changes,
			additionalFields: merge('additionalFields'),
			cardControls: merge('cardControls'),
		};
	};

	it('gives back the card of the first run, recovered, when every term is the same', async () => {
		const first = await run([{ id: 'INV_SAME_1' }], allTerms());
		expect(first.main[0].json).toMatchObject({ status: 'SUCCESS', state: 'ISSUED' });
		const before = world.simulator.stats().byEndpoint;

		// The same terms written otherwise: a number as text, another time of the same UTC day,
		// the block codes in another order and case, the ranges in another order.
		const again = await run(
			[{ id: 'INV_SAME_1' }],
			withTerms({
				orderAmount: '9.00',
				endDate: '2030-06-30T01:00:00Z',
				cardControls: { blockPayments: ['atm', 'ECOM'], mccBlock: '5013-6051,7011' },
				isCardImageRequired: true,
				binaryPropertyName: 'card',
			}),
		);
		expect(again.main[0].json).toMatchObject({
			status: 'SUCCESS',
			payoutId: 'INV_SAME_1',
			state: 'ISSUED',
			token: cardNumber('INV_SAME_1'),
			recovered: true,
		});
		expect(Buffer.from(again.main[0].binary!.card.data, 'base64').equals(cardPng)).toBe(true);
		expect(world.simulator.cards().filter((c) => c.payoutId === 'INV_SAME_1')).toHaveLength(1);
		const after = world.simulator.stats().byEndpoint;
		expect({
			provision: after.provision - before.provision,
			fetchStatus: after.fetchStatus - (before.fetchStatus ?? 0),
			securityCode: after.securityCode - (before.securityCode ?? 0),
		}).toEqual({ provision: 1, fetchStatus: 1, securityCode: 1 });
	});

	it.each([
		[
			'Order Amount',
			{ orderAmount: 12 },
			'"Order Amount": asked 12.00, the existing card has 9.00',
		],
		['GST', { additionalFields: { gst: 2 } }, '"GST": asked 2.00, the existing card has 1.50'],
		['Currency', { currency: 'USD' }, '"Currency": asked USD, the existing card has INR'],
		[
			'Start Date',
			{ additionalFields: { startDate: '2030-01-02' } },
			'"Start Date": asked 2030-01-02, the existing card has 2030-01-01',
		],
		[
			'End Date',
			{ endDate: '2030-07-01' },
			'"End Date": asked 2030-07-01, the existing card has 2030-06-30',
		],
		[
			'Card Alias',
			{ cardAlias: 'primary_2' },
			'"Card Alias": asked PRIMARY_2, the existing card has PRIMARY_1',
		],
		[
			'UDF 1',
			{ additionalFields: { udf1: 'PO-779' } },
			'"UDF 1": asked PO-779, the existing card has PO-778',
		],
		[
			'Block Payments',
			{ cardControls: { blockPayments: ['ECOM'] } },
			'"Block Payments": asked ECOM, the existing card has ATM, ECOM',
		],
		[
			'Minimum Amount',
			{ cardControls: { minAmount: 2 } },
			'"Minimum Amount": asked 2.00, the existing card has 1.00',
		],
		[
			'Maximum Amount',
			{ cardControls: { maxAmount: 6 } },
			'"Maximum Amount": asked 6.00, the existing card has 5.00',
		],
		[
			'MCC Block',
			{ cardControls: { mccBlock: '7011' } },
			'"MCC Block": asked 7011, the existing card has 5013-6051, 7011',
		],
		[
			'MCC Allow',
			{ cardControls: { mccAllow: '5411, 5812' } },
			'"MCC Allow": asked 5411, 5812, the existing card has 5411',
		],
	])('fails naming "%s" when it differs, and sends nothing more', async (_term, change, named) => {
		await run([{ id: 'INV_DIFF_1' }], allTerms());
		const again = await run([{ id: 'INV_DIFF_1' }], withTerms(change));
		expect(again.main[0].json).toEqual({
			error: `Item 0 (payout "INV_DIFF_1"): the payout ID "INV_DIFF_1" already has a card with other terms: ${named}`,
			payoutId: 'INV_DIFF_1',
		});
		expect(again.nodeError).toBeUndefined();
		expect(world.simulator.cards().filter((c) => c.payoutId === 'INV_DIFF_1')).toHaveLength(1);
		expect(world.simulator.stats().byEndpoint).toMatchObject({ provision: 2, fetchStatus: 1 });
	});

	it('names every differing term, says what to do, and shows no card data', async () => {
		await run([{ id: 'INV_DIFF_2' }], allTerms());
		const again = await run(
			[{ id: 'INV_DIFF_2' }],
			withTerms({ orderAmount: 12, endDate: '2030-07-01' }),
			'stopWorkflow',
		);
		expect(again.nodeError?.name).toBe('NodeOperationError');
		expect(again.nodeError?.message).toBe(
			'Item 0 (payout "INV_DIFF_2"): the payout ID "INV_DIFF_2" already has a card with other terms: "Order Amount": asked 12.00, the existing card has 9.00; "End Date": asked 2030-07-01, the existing card has 2030-06-30',
		);
		expect(again.nodeError?.description).toBe(
			'Use a new payout ID for a new card, or the Update operation to change this one.',
		);
		const text = again.allText({ includeRequests: false });
		expect(text).not.toContain(cardNumber('INV_DIFF_2'));
		expect(text).not.toContain('06/2030');
	});

	it('never takes a deleted card, whatever its terms', async () => {
		await run([{ id: 'INV_GONE_1' }], allTerms());
		await run([{ id: 'INV_GONE_1' }], card('delete'));
		const again = await run([{ id: 'INV_GONE_1' }], allTerms());
		expect(again.main[0].json.error).toBe(
			'Item 0 (payout "INV_GONE_1"): the payout ID "INV_GONE_1" belongs to a deleted card (state DELETED); it cannot be issued again',
		);
	});

	it('never takes an expired card', async () => {
		const again = await run([{ id: CARD.expired }], createParameters());
		expect(again.main[0].json.error).toBe(
			`Item 0 (payout "${CARD.expired}"): the payout ID "${CARD.expired}" belongs to an expired card (state EXPIRED); it cannot be issued again`,
		);
	});

	it('says the card exists but could not be read when Get Status fails after "already exists"', async () => {
		nock.disableNetConnect();
		nock(world.simulator.url)
			.post('/ardra/vt/provision/v2')
			.reply(400, { status: 'FAILURE', message: 'Payout ID already exists' })
			.post('/ardra/vt/fetchStatus/v2')
			.reply(500, { message: 'Internal error' });
		try {
			const result = await run([{ id: 'INV_UNREAD_1' }], createParameters());
			expect(result.main[0].json.error).toBe(
				'Item 0 (payout "INV_UNREAD_1"): JusBiz answered HTTP 400: Payout ID already exists; its card could not be read to compare its terms (Get Status: JusBiz answered HTTP 500: Internal error)',
			);
		} finally {
			nock.cleanAll();
			nock.enableNetConnect('127.0.0.1');
		}
	});

	it('counts a term Get Status does not return as different: the card cannot be shown to be the one', async () => {
		const status = {
			status: 'SUCCESS',
			payoutId: 'INV_LOST_2',
			message: 'ok',
			response: { state: 'ISSUED', orderAmount: '1500.50', currency: 'INR', endDate: '2030-06-30' },
		};
		await createLosingAnswers({ statusCode: 200, body: status }, async (baseUrl) => {
			const result = await run(
				[{ id: 'INV_LOST_2' }],
				createParameters(),
				'continueRegularOutput',
				baseUrl,
			);
			expect(result.main[0].json.error).toBe(
				'Item 0 (payout "INV_LOST_2"): the payout ID "INV_LOST_2" already has a card with other terms: "Card Alias": asked PRIMARY_1, the existing card has (not returned)',
			);
		});
	});

	it('compares after a lost answer too, and fails on other terms without sending Create again', async () => {
		const status = {
			status: 'SUCCESS',
			payoutId: 'INV_LOST_1',
			message: 'ok',
			response: {
				token: '4111111111111111',
				expiry: '06/2030',
				state: 'ISSUED',
				orderAmount: '9.00',
				currency: 'INR',
				endDate: '2030-06-30',
				cardAlias: 'primary_1',
			},
		};
		await createLosingAnswers({ statusCode: 200, body: status }, async (baseUrl, seen) => {
			const result = await run(
				[{ id: 'INV_LOST_1' }],
				createParameters({ orderAmount: 12 }),
				'continueRegularOutput',
				baseUrl,
			);
			expect(result.main[0].json.error).toBe(
				'Item 0 (payout "INV_LOST_1"): the payout ID "INV_LOST_1" already has a card with other terms: "Order Amount": asked 12.00, the existing card has 9.00',
			);
			expect(result.allText({ includeRequests: false })).not.toContain('4111111111111111');
			expect(seen).toEqual(['/ardra/vt/provision/v2', '/ardra/vt/fetchStatus/v2']);
		});
	});
});

describe('re-runs of the other operations', () => {
	it.each([
		['Update', card('update', { updateFields: { gst: 5 } })],
		['Get Status', card('getStatus')],
		['Get Security Code', card('getSecurityCode')],
	])('%s run again ends as the first run did', async (_operation, parameters) => {
		const first = await run([{ id: CARD.issued }], parameters);
		const again = await run([{ id: CARD.issued }], parameters);
		expect(first.main[0].json.status).toBe('SUCCESS');
		expect(again.main[0].json).toEqual(first.main[0].json);
	});
});

describe('Create never issues a card twice, nor loses one', () => {
	it.each([
		[
			'the connection reset after the card was created',
			FIRST_REQUEST.actsThenResets('1'),
			{ provision: 1, fetchStatus: 1 },
		],
		[
			'the answer cut off after the card was created',
			FIRST_REQUEST.actsThenCutsOff('1'),
			{ provision: 1, fetchStatus: 1 },
		],
		[
			'a 504 after the card was created, then "already exists"',
			FIRST_REQUEST.actsThen504('1'),
			{ provision: 2, fetchStatus: 1 },
		],
	])('recovers the card when %s', async (_case, payoutId, calls) => {
		const result = await run(
			[{ id: payoutId }],
			createParameters({ options: { maxRetryWait: 10 } }),
		);
		expect(result.main[0].json).toMatchObject({
			status: 'SUCCESS',
			payoutId,
			state: 'ISSUED',
			token: cardNumber(payoutId),
			recovered: true,
			authList: [],
		});
		expect(world.simulator.cards().filter((c) => c.payoutId === payoutId)).toHaveLength(1);
		expect(world.simulator.stats().byEndpoint).toEqual(calls);
	});

	it('fetches the image of a recovered card through the security-code call', async () => {
		const result = await run(
			[{ id: FIRST_REQUEST.actsThenResets('2') }],
			createParameters({ isCardImageRequired: true, binaryPropertyName: 'data' }),
		);
		expect(result.main[0].json).toMatchObject({ recovered: true, state: 'ISSUED' });
		expect(result.main[0].json.securityCode).toBeUndefined();
		expect(Buffer.from(result.main[0].binary!.data.data, 'base64').equals(cardPng)).toBe(true);
		expect(world.simulator.stats().byEndpoint).toEqual({
			provision: 1,
			fetchStatus: 1,
			securityCode: 1,
		});
	});

	it('sends Create again only after JusBiz says the card does not exist', async () => {
		const result = await run(
			[{ id: FIRST_REQUEST.resetsBeforeActing('1') }],
			createParameters({ options: { maxRetryWait: 10 } }),
		);
		expect(result.main[0].json).toMatchObject({ status: 'SUCCESS', state: 'ISSUED' });
		expect(result.main[0].json.recovered).toBeUndefined();
		expect(world.simulator.stats().byEndpoint).toEqual({ provision: 2, fetchStatus: 1 });
		expect(
			world.simulator.cards().filter((c) => c.payoutId === FIRST_REQUEST.resetsBeforeActing('1')),
		).toHaveLength(1);
	});

	it('with Max Retries 0, says the card was confirmed not created', async () => {
		const result = await run(
			[{ id: FIRST_REQUEST.resetsBeforeActing('2') }],
			createParameters({ options: { maxRetries: 0 } }),
		);
		expect(result.main[0].json.error).toMatch(
			/Could not reach JusBiz: the connection was reset; JusBiz confirmed that no card was created/,
		);
		expect(world.simulator.card(FIRST_REQUEST.resetsBeforeActing('2'))).toBeUndefined();
		expect(world.simulator.stats().byEndpoint).toEqual({ provision: 1, fetchStatus: 1 });
	});

	it('never sends Create again when Get Status cannot tell', async () => {
		await createLosingAnswers(
			{ statusCode: 500, body: { message: 'Internal error' } },
			async (baseUrl, seen) => {
				const result = await run(
					[{ id: 'AMBIG_1' }],
					createParameters(),
					'continueRegularOutput',
					baseUrl,
				);
				expect(result.main[0].json.error).toMatch(
					/the connection was reset; whether the card was created is unknown \(Get Status: JusBiz answered HTTP 500: Internal error\)/,
				);
				// One Create, one Get Status: with the default 5 retries, Create is still not repeated.
				expect(seen).toEqual(['/ardra/vt/provision/v2', '/ardra/vt/fetchStatus/v2']);
			},
		);
	});

	it('delivers 20 creates under a random 503/429/reset mix exactly once each', async () => {
		world.simulator.setConfig({
			faultRates: { '503': 0.2, '429': 0.1, reset: 0.1 },
			retryAfterSeconds: 0,
			seed: 3,
		});
		const ids = Array.from({ length: 20 }, (_, n) => ({ id: `MIX_${n}` }));
		const result = await run(
			ids,
			createParameters({ options: { maxRetries: 8, maxRetryWait: 20 } }),
		);
		expect(result.main.map((i) => i.json.error)).toEqual(ids.map(() => undefined));
		expect(result.main.map((i) => i.json.payoutId)).toEqual(ids.map((i) => i.id));
		const created = world.simulator.cards().filter((c) => c.payoutId.startsWith('MIX_'));
		expect(created.map((c) => c.payoutId).sort()).toEqual(ids.map((i) => i.id).sort());
		expect(world.simulator.stats().byStatus.reset).toBeGreaterThan(0);
	});
});

describe('Update', () => {
	it('sends only the fields that were set and returns the card', async () => {
		const result = await run(
			[{ id: CARD.issued }],
			card('update', {
				updateFields: { orderAmount: 2000, endDate: '2031-01-31T10:00:00' },
				cardControls: { blockPayments: ['ECOM'] },
			}),
		);
		expect(result.requests[0].body).toEqual({
			payoutId: CARD.issued,
			action: 'update',
			orderAmount: '2000',
			endDate: '2031-01-31',
			rules: { blockPayments: ['ECOM'] },
		});
		expect(result.main[0].json).toMatchObject({
			status: 'SUCCESS',
			message: 'Card updated successfully',
			expiry: '01/2031',
			payoutAmount: '2000',
		});
		expect(world.simulator.card(CARD.issued)).toMatchObject({
			orderAmount: '2000',
			endDate: '2031-01-31',
		});
	});

	it('is repeated after a reset, since it replaces values: the card ends as asked', async () => {
		const result = await run(
			[{ id: FIRST_REQUEST.actsThenResets('5') }],
			card('update', { updateFields: { gst: 5 }, options: { maxRetryWait: 10 } }),
		);
		expect(result.main[0].json).toMatchObject({ status: 'SUCCESS', payoutAmount: '1005' });
		expect(world.simulator.stats().byEndpoint).toEqual({ provision: 2 });
	});

	it('fails an item with nothing to update before any request', async () => {
		const result = await run([{ id: CARD.issued }], card('update'));
		expect(result.main[0].json.error).toBe(
			`Item 0 (payout "${CARD.issued}"): nothing to update: set at least one of "Update Fields" or "Card Controls"`,
		);
		expect(result.requests).toEqual([]);
	});
});

describe('Get Status', () => {
	it('returns the documented fields, authorisations and settlements as arrays', async () => {
		const result = await run([{ id: CARD.partlyRedeemed }], card('getStatus'));
		const json = result.main[0].json;
		expect(json).toMatchObject({
			status: 'SUCCESS',
			payoutId: CARD.partlyRedeemed,
			state: 'PARTIALLY_REDEEMED',
			balanceAmount: '750',
			cardLastFourDigits: cardNumber(CARD.partlyRedeemed).slice(-4),
		});
		expect(json.authList).toEqual([
			expect.objectContaining({ tranStatus: 'AuthorizationSuccess', tranAmount: 250 }),
			expect.objectContaining({
				tranStatus: 'AuthorizationFailure',
				errorMessage: 'Insufficient Funds',
			}),
		]);
		expect(json.settlementDetails).toEqual([
			expect.objectContaining({ transactionTypeCode: 'Debit', billingAmount: '250' }),
		]);
	});

	it('outputs documented camelCase names whatever casing JusBiz used', async () => {
		nock.disableNetConnect();
		nock('https://sandbox.biz.juspay.in')
			.post('/ardra/vt/fetchStatus/v2')
			.reply(200, {
				Status: 'SUCCESS',
				PayoutId: 'P_CASE',
				Message: 'ok',
				Response: {
					State: 'ISSUED',
					CardLastFourDigits: '1111',
					AuthList: { TranId: 'T1', TranStatus: 'AuthorizationSuccess' },
					SomethingNew: 1,
				},
			});
		try {
			const result = await engine().runNode({
				items: [{ id: 'P_CASE' }],
				parameters: card('getStatus'),
				credentials: { ...world.credentials, environment: 'sandbox' },
			});
			expect(result.main[0].json).toEqual({
				status: 'SUCCESS',
				payoutId: 'P_CASE',
				message: 'ok',
				state: 'ISSUED',
				cardLastFourDigits: '1111',
				authList: [{ tranId: 'T1', tranStatus: 'AuthorizationSuccess' }],
				settlementDetails: [],
				SomethingNew: 1,
			});
		} finally {
			nock.cleanAll();
			nock.enableNetConnect('127.0.0.1');
		}
	});

	it('shows a deleted card without its number or expiry', async () => {
		await run([{ id: CARD.issued }], card('delete'));
		const result = await run([{ id: CARD.issued }], card('getStatus'));
		expect(result.main[0].json.state).toBe('DELETED');
		expect(result.main[0].json).not.toHaveProperty('token');
		expect(result.main[0].json).not.toHaveProperty('expiry');
	});
});

describe('Get Security Code', () => {
	it('returns the code and the image, as the security-code node does', async () => {
		const result = await run(
			[{ id: CARD.partlyRedeemed }],
			card('getSecurityCode', { isCardImageRequired: true }),
		);
		expect(result.main[0].json).toEqual({
			status: 'SUCCESS',
			payoutId: CARD.partlyRedeemed,
			message: 'Security code fetched successfully',
			securityCode: '119',
		});
		expect(result.main[0].binary?.data.fileName).toBe(`card-${CARD.partlyRedeemed}.png`);
	});
});

describe('Delete', () => {
	it.each([
		['cancel', 'CANCEL', CARD.issued],
		['delete', 'DELETE', CARD.partlyRedeemed],
	])('%s sends %s and the card ends DELETED', async (deleteType, action, payoutId) => {
		const result = await run([{ id: payoutId }], card('delete', { deleteType }));
		expect(result.requests[0].body).toEqual({ payoutId, action });
		expect(result.main[0].json).toEqual({
			status: 'SUCCESS',
			payoutId,
			message: 'Card deleted successfully',
			isDeleted: true,
		});
		expect(world.simulator.card(payoutId)?.state).toBe('DELETED');
	});

	it("fails with JusBiz's words when the wrong type is used", async () => {
		const wrong = await run(
			[{ id: CARD.partlyRedeemed }],
			card('delete', { deleteType: 'cancel' }),
		);
		expect(wrong.main[0].json.error).toMatch(
			/HTTP 400: Card is redeemed; use DELETE instead of CANCEL/,
		);
		expect(world.simulator.card(CARD.partlyRedeemed)?.state).toBe('PARTIALLY_REDEEMED');
	});

	it('succeeds on a re-run that meets the card it already deleted (recovered)', async () => {
		await run([{ id: CARD.issued }], card('delete'));
		const again = await run([{ id: CARD.issued }], card('delete'));
		expect(again.main[0].json).toEqual({
			status: 'SUCCESS',
			payoutId: CARD.issued,
			message: expect.any(String),
			state: 'DELETED',
			isDeleted: true,
			recovered: true,
		});
	});

	it.each([
		['a reset after deleting', FIRST_REQUEST.actsThenResets('3')],
		['a 504 after deleting', FIRST_REQUEST.actsThen504('3')],
	])(
		'succeeds when its repetition after %s meets the card already deleted',
		async (_c, payoutId) => {
			const result = await run(
				[{ id: payoutId }],
				card('delete', { options: { maxRetryWait: 10 } }),
			);
			expect(result.main[0].json).toMatchObject({
				status: 'SUCCESS',
				payoutId,
				state: 'DELETED',
				isDeleted: true,
				recovered: true,
			});
			expect(world.simulator.stats().byEndpoint).toEqual({ deleteCard: 2, fetchStatus: 1 });
		},
	);
});

describe('Check Health', () => {
	it('asks the configured host without credentials and says whether JusBiz is healthy', async () => {
		const result = await run([{}], { resource: 'system', operation: 'checkHealth' });
		expect(result.main[0].json).toEqual({ status: 'UP', healthy: true });
		// n8n's authenticated path was never used: no credential header could have been added.
		expect(result.requests).toEqual([]);
	});

	it.each([
		['sandbox', {}, 'https://sandbox.biz.juspay.in'],
		[
			'production (no bank label)',
			{ environment: 'production', hostname: 'indusind' },
			'https://biz.juspay.in',
		],
	])(
		'goes to the %s health URL; DOWN and unreachable are healthy: false',
		async (_env, fields, origin) => {
			nock.disableNetConnect();
			let headers: Record<string, unknown> = {};
			nock(origin)
				.get('/ardra/health')
				.reply(function () {
					headers = this.req.headers;
					return [200, { status: 'DOWN', bank: 'x' }];
				});
			try {
				const result = await engine().runNode({
					items: [{}, {}],
					parameters: { resource: 'system', operation: 'checkHealth' },
					credentials: { ...world.credentials, environment: 'sandbox', ...fields },
				});
				expect(result.main.map((i) => i.json)).toEqual([
					{ status: 'DOWN', bank: 'x', healthy: false },
					{ healthy: false, error: expect.stringMatching(/^Could not reach JusBiz/) },
				]);
				expect(headers.authorization).toBeUndefined();
				expect(headers.keyid).toBeUndefined();
				expect(headers['x-merchantid']).toBeUndefined();
			} finally {
				nock.cleanAll();
				nock.enableNetConnect('127.0.0.1');
			}
		},
	);
});

describe('bad input fails its item before any request; the others go on', () => {
	it('names the item, the field and the rule, in order, with pairedItem', async () => {
		const items = [
			{ id: 'GOOD_1', amount: 10, end: '2030-01-31' },
			{ id: 'BAD-ID', amount: 10, end: '2030-01-31' },
			{ id: 'AMOUNT_1', amount: 10.555, end: '2030-01-31' },
			{ id: 'DATE_1', amount: 10, end: '2030-02-30' },
			{ id: 'CURRENCY_1', amount: 10, end: '2030-01-31', currency: 'RUPEE' },
			{ id: 'GOOD_2', amount: 20, end: '2030-01-31' },
		];
		const result = await run(
			items,
			card('create', {
				orderAmount: '={{ $json.amount }}',
				currency: '={{ $json.currency ?? "INR" }}',
				endDate: '={{ $json.end }}',
				cardAlias: 'primary_1',
				cardControls: { mccBlock: '5013-6051' },
			}),
		);
		expect(result.main.map((i) => [i.json.error ?? i.json.status, i.pairedItem])).toEqual([
			['SUCCESS', { item: 0 }],
			[
				'Item 1 (payout "BAD-ID"): "Payout ID" must be at most 21 letters, digits or underscores (got 6 characters including others)',
				{ item: 1 },
			],
			[
				'Item 2 (payout "AMOUNT_1"): "Order Amount" must be a positive amount with at most 10 digits and 2 decimals (got 10.555)',
				{ item: 2 },
			],
			['Item 3 (payout "DATE_1"): "End Date" must be a valid date (got "2030-02-30")', { item: 3 }],
			[
				'Item 4 (payout "CURRENCY_1"): "Currency" must be a three-letter ISO 4217 code such as INR',
				{ item: 4 },
			],
			['SUCCESS', { item: 5 }],
		]);
		expect(Object.keys(world.simulator.stats().byPayout).sort()).toEqual(['GOOD_1', 'GOOD_2']);
	});

	it.each([
		['MCC codes', { cardControls: { mccAllow: '5013-501' } }, /"MCC Allow" must list four-digit/],
		[
			'block payments',
			{ cardControls: { blockPayments: ['ATM', 'BOGUS'] } },
			/"Block Payments" has "BOGUS"/,
		],
		[
			'the amount range',
			{ cardControls: { minAmount: 50, maxAmount: 5 } },
			/"Minimum Amount" \(50\)/,
		],
		[
			'the date order',
			{ additionalFields: { startDate: '2030-02-01' }, endDate: '2030-01-01' },
			/must not be before "Start Date"/,
		],
		['zero-decimal currencies', { currency: 'JPY', orderAmount: 99.5 }, /JPY has no decimals/],
	])('refuses %s with no request sent', async (_rule, changes, message) => {
		const result = await run([{ id: 'RULE_1' }], createParameters(changes));
		expect(result.main[0].json.error).toMatch(message);
		expect(result.main[0].json.error).toMatch(/^Item 0 \(payout "RULE_1"\): /);
		expect(world.simulator.stats().requests).toBe(0);
	});

	it('routes a bad item to the error output under "Continue (using error output)"', async () => {
		const result = await engine().runNode({
			items: [{ id: 'TOO_LONG_PAYOUT_ID_0001' }, { id: CARD.partlyRedeemed }],
			parameters: card('getStatus'),
			credentials: world.credentials,
			onError: 'continueErrorOutput',
		});
		expect(result.main.map((i) => i.json.payoutId)).toEqual([CARD.partlyRedeemed]);
		expect(result.errorOutput[0].json).toMatchObject({
			id: 'TOO_LONG_PAYOUT_ID_0001',
			error: expect.stringMatching(/"Payout ID" must be at most 21/),
		});
		expect(world.simulator.stats().byPayout).toEqual({ [CARD.partlyRedeemed]: 1 });
	});
});
