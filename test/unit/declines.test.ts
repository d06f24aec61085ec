import { readFileSync } from 'fs';
import { join } from 'path';
import type { IDataObject } from 'n8n-workflow';

import { responseFields } from '../../nodes/JusBiz/transport/answerFields';
import type { Answer } from '../../nodes/JusBiz/transport/decode';
import {
	DECLINE_TABLE,
	explainDecline,
	notificationDecline,
	SUB_TYPE_FIELDS,
	withDeclines,
	type Decline,
	type DeclineCode,
} from '../../nodes/JusBiz/helpers/declines';
import { redactCardShapes } from '../../nodes/JusBiz/helpers/errors';
import { forModel } from '../../nodes/JusBiz/helpers/cardData';

// JusBiz's "Transaction Decline Error Messages" page as the contract names its codes: the reason as
// JusBiz writes it, its sub-type, and the code and isDecline the node must give. Written out here,
// not read from the module, so that a changed row in the module fails.
const PAGE: ReadonlyArray<
	[reason: string, subType: string | null, code: DeclineCode, isDecline: boolean]
> = [
	['Do Not Honor', 'SPVTA', 'overCardAmount', true],
	['Do Not Honor', 'SPVTC', 'cardAlreadyUsed', true],
	['RESTRICTED CARD', null, 'primaryCardUsed', true],
	['NOT SUFFICIENT FUNDS', null, 'fundingCardNoFunds', true],
	['INCORRECT CVV/ICVV)', null, 'wrongSecurityCode', true],
	['INCORRECT CVV', null, 'wrongSecurityCode', true],
	['DECLINE CVV2 FAILURE', null, 'wrongSecurityCode', true],
	['NEGATIVE ONLINE CAM: dCVV', null, 'wrongSecurityCode', true],
	['CANNOT VERIFY PIN NO PVV', null, 'pinNotVerified', true],
	['NO REASON TO DECLINE', null, 'accountVerification', false],
	['Do Not Honor', 'ACCB', 'accountBlocked', true],
	['Do Not Honor', 'Not Applicable', 'issuerRejected', true],
	['SUSPECTED FRAUD', null, 'suspectedFraud', true],
];

const PLAIN_REASONS = PAGE.filter(([, subType]) => subType === null).map(([reason]) => reason);
const SUB_TYPES = PAGE.filter(([, subType]) => subType !== null) as ReadonlyArray<
	[string, string, DeclineCode, boolean]
>;

// The operations of the JusBiz nodes an action may send a person to.
const OPERATIONS = /JusBiz › (Create|Update|Get Status|Get Security Code|Delete)\b/;

const rowFor = (code: DeclineCode) => DECLINE_TABLE.find((row) => row.code === code);

/** Every field of a decline, the row's sentences included, for a reason the table lists. */
function expectRow(decline: Decline, code: DeclineCode, subType: string | null, inferred = false) {
	const row = rowFor(code);
	expect(row).toBeDefined();
	expect(decline).toEqual({
		reason: decline.reason,
		subType,
		code,
		meaning: row?.meaning,
		action: row?.action,
		isDecline: code !== 'accountVerification',
		inferred,
	});
}

describe('the decline table', () => {
	it("holds exactly the rows of JusBiz's page, with one code each", () => {
		const rows = DECLINE_TABLE.flatMap((row) =>
			row.reasons.map((reason) => [reason, row.subType, row.code, row.isDecline]),
		);
		expect(rows).toEqual(expect.arrayContaining(PAGE));
		expect(rows).toHaveLength(PAGE.length);
	});

	it.each(PAGE)('%s / %s is %s', (reason, subType, code, isDecline) => {
		const decline = explainDecline(reason, { subType });
		expectRow(decline, code, subType);
		expect(decline.reason).toBe(reason);
		expect(decline.isDecline).toBe(isDecline);
	});

	it.each(DECLINE_TABLE.map((row) => [row.code, row] as const))(
		'%s: one plain sentence of meaning, and an action naming the node operation that helps',
		(_code, row) => {
			for (const sentence of [row.meaning, row.action]) {
				expect(sentence).toMatch(/^[A-Z].*\.$/);
				expect(sentence.slice(0, -1)).not.toMatch(/[.!?]\s/);
				// What a model's output goes through must leave the sentences as they are.
				expect(redactCardShapes(sentence)).toBe(sentence);
			}
			expect(row.action).toMatch(OPERATIONS);
		},
	);

	it('is the one the README shows, row for row', () => {
		const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
		const start = readme.indexOf('## What a decline means');
		const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
		expect(start).toBeGreaterThan(0);
		for (const row of DECLINE_TABLE) {
			const line = section
				.split('\n')
				.find((l) => l.includes(`| \`${row.code}\``) && l.startsWith('| `'));
			expect(line).toBeDefined();
			for (const part of [...row.reasons, row.meaning, row.action, String(row.isDecline)]) {
				expect(line).toContain(part);
			}
		}
	});

	it('sends each kind of decline to the operation that helps', () => {
		expect(rowFor('overCardAmount')?.action).toContain('JusBiz › Update');
		expect(rowFor('cardAlreadyUsed')?.action).toContain('JusBiz › Create');
		expect(rowFor('wrongSecurityCode')?.action).toContain('JusBiz › Get Security Code');
		expect(rowFor('fundingCardNoFunds')?.action).toMatch(/^Fund the primary card/);
	});
});

describe('reading the reason: case, spacing and punctuation, not spelling', () => {
	const variants = (reason: string): string[] => [
		reason.toLowerCase(),
		reason.toUpperCase(),
		` ${reason.replace(/ /g, '   ')}\t`,
		`${reason}.`,
		reason.replace(/[^A-Za-z0-9 ]/g, ''),
		reason.replace(/[^A-Za-z0-9]+/g, ' / '),
	];

	it.each(PLAIN_REASONS)('%s in any case, spacing and punctuation', (reason) => {
		const code = PAGE.find(([r]) => r === reason)?.[2] as DeclineCode;
		for (const variant of variants(reason)) {
			const decline = explainDecline(variant);
			expectRow(decline, code, null);
			expect(decline.reason).toBe(variant);
		}
	});

	it('the CVV spellings JusBiz uses, with and without the stray ")"', () => {
		for (const variant of [
			'INCORRECT CVV/ICVV)',
			'INCORRECT CVV/ICVV',
			'Incorrect CVV / ICVV',
			'incorrect cvv (icvv)',
			'Incorrect Cvv',
			'Decline CVV2 Failure',
			'NEGATIVE ONLINE CAM: dCVV',
			'NEGATIVE ONLINE CAM: DCVV',
			'negative online cam dcvv',
			'Negative Online CAM - dCVV',
		]) {
			expect(explainDecline(variant).code).toBe('wrongSecurityCode');
		}
	});

	it('Do Not Honor in any case, spacing and punctuation', () => {
		for (const variant of variants('Do Not Honor')) {
			expect(explainDecline(variant)).toMatchObject({ code: 'issuerRejected', subType: null });
		}
	});

	it('other spellings are other reasons', () => {
		for (const variant of ['Do Not Honour', 'INCORECT CVV', 'Insufficient Funds', 'Restricted']) {
			expect(explainDecline(variant).code).toBe('unknown');
		}
		expect(explainDecline('Do Not Honored')).toMatchObject({ code: 'unknown', subType: null });
	});
});

describe('the sub-type', () => {
	const forms = (subType: string) => [
		`Do Not Honor - ${subType}`,
		`Do Not Honor (${subType})`,
		`Do Not Honor: ${subType}`,
		`DO NOT HONOR ${subType}`,
		`do not honor-${subType.toLowerCase()}`,
	];

	it.each(SUB_TYPES)('in the text after the reason: %s / %s', (_reason, subType, code) => {
		for (const text of forms(subType)) {
			const decline = explainDecline(text);
			expectRow(decline, code, subType);
			expect(decline.reason).toBe(text);
		}
	});

	it.each(SUB_TYPES)('as a field of its own: %s / %s', (reason, subType, code) => {
		for (const value of [subType, subType.toLowerCase(), ` ${subType} `]) {
			expectRow(explainDecline(reason, { subType: value }), code, subType);
		}
	});

	it('"N/A" and "NA" are JusBiz\'s "Not Applicable" written short', () => {
		for (const value of ['N/A', 'NA', 'n/a']) {
			expectRow(
				explainDecline('Do Not Honor', { subType: value }),
				'issuerRejected',
				'Not Applicable',
			);
		}
		expectRow(explainDecline('Do Not Honor (N/A)'), 'issuerRejected', 'Not Applicable');
	});

	it('an unknown sub-type of Do Not Honor is an issuer rejection that keeps it', () => {
		expectRow(explainDecline('Do Not Honor - XYZ1'), 'issuerRejected', 'XYZ1');
		expectRow(
			explainDecline('Do Not Honor', { subType: 'Velocity Check' }),
			'issuerRejected',
			'Velocity Check',
		);
		expectRow(explainDecline('Do Not Honor', { subType: 5 }), 'issuerRejected', '5');
	});

	it('a field wins over the text', () => {
		expectRow(
			explainDecline('Do Not Honor - SPVTC', { subType: 'ACCB' }),
			'accountBlocked',
			'ACCB',
		);
	});

	it('an empty or placeholder field says there is none', () => {
		for (const value of ['', ' ', '-', 'null', 'None', undefined, null, {}, ['SPVTA'], true]) {
			expectRow(explainDecline('Do Not Honor', { subType: value }), 'issuerRejected', null);
			expectRow(
				explainDecline('Do Not Honor - SPVTA', { subType: value }),
				'overCardAmount',
				'SPVTA',
			);
		}
	});

	it('a reason without sub-types keeps a sub-type JusBiz gave, and its own code', () => {
		expectRow(explainDecline('RESTRICTED CARD', { subType: 'R1' }), 'primaryCardUsed', 'R1');
		expect(explainDecline('RESTRICTED CARD - R1').code).toBe('unknown');
	});

	it.each(SUB_TYPE_FIELDS.map((name) => [name]))(
		'is read from the field %s of a notification and of an authList entry, in any case',
		(name) => {
			for (const key of [name, name.toUpperCase(), name.replace(/([A-Z])/g, '_$1').toLowerCase()]) {
				const notification = notificationDecline({
					rqstType: 'AuthorizationFailure',
					errMsg: 'Do Not Honor',
					[key]: 'SPVTC',
				});
				expect(notification).toMatchObject({ code: 'cardAlreadyUsed', subType: 'SPVTC' });
				const [entry] = withDeclines(
					[{ tranStatus: 'AuthorizationFailure', errorMessage: 'Do Not Honor', [key]: 'ACCB' }],
					{},
				);
				expect(entry.decline).toMatchObject({ code: 'accountBlocked', subType: 'ACCB' });
			}
		},
	);
});

describe('a Do Not Honor without a sub-type: what the amounts show', () => {
	const dnh = (amount: unknown, cardAmount: unknown, currency?: unknown, cardCurrency?: unknown) =>
		explainDecline('Do Not Honor', { amount, cardAmount, currency, cardCurrency });

	it("above the card's amount: over the card's amount (SPVTA), inferred", () => {
		expectRow(dnh(1000.01, '1000.00', 'INR', 'INR'), 'overCardAmount', 'SPVTA', true);
		expectRow(dnh('1500', 1000), 'overCardAmount', 'SPVTA', true);
		expectRow(dnh('1000.001', '1000'), 'overCardAmount', 'SPVTA', true);
		expectRow(dnh('1,25,000.50', '1,00,000'), 'overCardAmount', 'SPVTA', true);
		expectRow(dnh(' 2000 ', '1999.99', 'inr', 'INR'), 'overCardAmount', 'SPVTA', true);
	});

	it("with one side's currency unknown, the amounts still tell", () => {
		expectRow(dnh(1200, '1000', undefined, 'INR'), 'overCardAmount', 'SPVTA', true);
		expectRow(dnh(1200, '1000', 'INR', ''), 'overCardAmount', 'SPVTA', true);
		expectRow(dnh(1200, '1000', 356, 'INR'), 'overCardAmount', 'SPVTA', true);
	});

	it('equal to or below it: an issuer rejection, nothing inferred', () => {
		for (const [amount, cardAmount] of [
			[1000, '1000'],
			['1000.00', '1000'],
			['1000.3', '1000.30'],
			[999.99, '1000'],
			['0', '1000'],
		]) {
			expectRow(dnh(amount, cardAmount, 'INR', 'INR'), 'issuerRejected', null);
		}
	});

	it('in another currency: nothing inferred', () => {
		expectRow(dnh(1200, '1000', 'USD', 'INR'), 'issuerRejected', null);
	});

	it('unreadable amounts: nothing inferred, nothing thrown', () => {
		const unreadable: unknown[] = [
			undefined,
			null,
			'',
			'abc',
			'12abc',
			'1e5',
			'-1500',
			'1.000,50',
			Number.NaN,
			Number.POSITIVE_INFINITY,
			-1500,
			1e21,
			{},
			[1500],
			true,
		];
		for (const value of unreadable) {
			expectRow(dnh(value, '1000'), 'issuerRejected', null);
			expectRow(dnh('1500', value), 'issuerRejected', null);
		}
	});

	it('a sub-type JusBiz gave is never overridden by the amounts', () => {
		const given = explainDecline('Do Not Honor', {
			subType: 'Not Applicable',
			amount: 5000,
			cardAmount: '1000',
		});
		expectRow(given, 'issuerRejected', 'Not Applicable');
	});

	it('only Do Not Honor is inferred from', () => {
		const restricted = explainDecline('RESTRICTED CARD', { amount: 5000, cardAmount: '1000' });
		expectRow(restricted, 'primaryCardUsed', null);
	});
});

describe('Get Status: withDeclines', () => {
	const failed = (extra: IDataObject = {}): IDataObject => ({
		tranTime: '2026-04-02 10:00:00',
		tranStatus: 'AuthorizationFailure',
		tranAmount: 1000.01,
		tranCurrency: 'INR',
		errorMessage: 'Do Not Honor',
		...extra,
	});
	const succeeded = (tranTime = '2026-04-01 10:00:00'): IDataObject => ({
		tranTime,
		tranStatus: 'AuthorizationSuccess',
		tranAmount: 1000,
		tranCurrency: 'INR',
		errorMessage: '',
	});
	const declineOf = (card: IDataObject, entry: IDataObject = failed()) =>
		withDeclines([entry], card)[0].decline as Decline;

	it('adds decline to every failed entry, both spellings, and to no other', () => {
		const list = [
			succeeded(),
			failed({ errorMessage: 'INCORRECT CVV' }),
			{ tranStatus: 'AuthorizationReversal', errorMessage: 'Do Not Honor' },
			failed({ tranStatus: 'AUTHORIZATION_FAILURE', errorMessage: 'SUSPECTED FRAUD' }),
			{ tranId: 'no status', errorMessage: 'Do Not Honor' },
		];
		const before = JSON.parse(JSON.stringify(list)) as IDataObject[];
		const out = withDeclines(list, { payoutAmount: '1000.00', currency: 'INR' });
		expect(out.map((entry) => (entry.decline as Decline | undefined)?.code)).toEqual([
			undefined,
			'wrongSecurityCode',
			undefined,
			'suspectedFraud',
			undefined,
		]);
		for (const index of [0, 2, 4]) expect(out[index]).toEqual(before[index]);
		expect(out[1]).toEqual({ ...before[1], decline: explainDecline('INCORRECT CVV') });
		// The answer itself is left as it came.
		expect(list).toEqual(before);
	});

	it("the card's amount is payoutAmount, else orderAmount + gst, added exactly", () => {
		expect(declineOf({ payoutAmount: '1000.00' }).code).toBe('overCardAmount');
		expect(declineOf({ payoutAmount: '1000.01' }).code).toBe('issuerRejected');
		expect(declineOf({ orderAmount: '999.90', gst: '0.10' }).code).toBe('overCardAmount');
		expect(declineOf({ orderAmount: '999.90', gst: '0.12' }).code).toBe('issuerRejected');
		expect(declineOf({ orderAmount: '1000.00' }).code).toBe('overCardAmount');
		expect(declineOf({ payoutAmount: 'n/a', orderAmount: '1000', gst: '0' }).code).toBe(
			'overCardAmount',
		);
		expect(declineOf({ orderAmount: '1000', gst: 'abc' }).code).toBe('issuerRejected');
		// 1000.10 + 0.20 is 1000.30 exactly, not 1000.3000000000001.
		const exact = failed({ tranAmount: 1000.3 });
		expect(declineOf({ orderAmount: '1000.10', gst: '0.20' }, exact).code).toBe('issuerRejected');
		expect(declineOf({}).code).toBe('issuerRejected');
	});

	it("compares the transaction's currency with the card's", () => {
		expect(declineOf({ payoutAmount: '1000', currency: 'USD' }).code).toBe('issuerRejected');
		expect(declineOf({ payoutAmount: '1000', currency: 'inr' }).inferred).toBe(true);
		expect(declineOf({ payoutAmount: '1000' }, failed({ tranCurrency: undefined })).inferred).toBe(
			true,
		);
	});

	it('a card used once with no authorization left, charged again: SPVTC, inferred', () => {
		const list = [succeeded(), failed({ tranAmount: 300 })];
		const [, entry] = withDeclines(list, { payoutAmount: '1000', authRemaining: 0 });
		expectRow(entry.decline as Decline, 'cardAlreadyUsed', 'SPVTC', true);
		const [, text] = withDeclines(list, { payoutAmount: '1000', authRemaining: '0' });
		expect((text.decline as Decline).code).toBe('cardAlreadyUsed');
	});

	it('not SPVTC without both an earlier success and no authorization left', () => {
		const card = { payoutAmount: '1000', authRemaining: 0 };
		const cases: Array<[IDataObject[], IDataObject]> = [
			[[succeeded(), failed({ tranAmount: 300 })], { ...card, authRemaining: 1 }],
			[[succeeded(), failed({ tranAmount: 300 })], { payoutAmount: '1000' }],
			[[succeeded(), failed({ tranAmount: 300 })], { ...card, authRemaining: 'none' }],
			[[failed({ tranAmount: 300 }), succeeded('2026-04-03 10:00:00')], card],
			[[succeeded('2026-04-02 10:00:00'), failed({ tranAmount: 300 })], card],
			[[succeeded(''), failed({ tranAmount: 300 })], card],
			[[succeeded(), failed({ tranAmount: 300, tranTime: undefined })], card],
			[[failed({ tranAmount: 300 })], card],
		];
		for (const [list, status] of cases) {
			const out = withDeclines(list, status).find((e) => e.decline !== undefined);
			expectRow(out?.decline as Decline, 'issuerRejected', null);
		}
	});

	it('above the amount is SPVTA even on a used-up card', () => {
		const [, entry] = withDeclines([succeeded(), failed({ tranAmount: 1500 })], {
			payoutAmount: '1000',
			authRemaining: 0,
		});
		expectRow(entry.decline as Decline, 'overCardAmount', 'SPVTA', true);
	});

	it('output by any operation whose answer holds an authList, in one way', () => {
		const answer = (response: Record<string, unknown>): Answer => ({
			status: 'SUCCESS',
			payoutId: 'P1',
			message: 'ok',
			response,
			top: {},
			statusCode: 200,
		});
		const authList = [succeeded(), failed({ errorMessage: 'RESTRICTED CARD' })];
		const card = { payoutAmount: '1000', currency: 'INR' };
		// Get Status asks for the list; Update and Create pass on whatever their answer holds.
		for (const fields of [
			responseFields(answer({ ...card, authList }), ['authList']),
			responseFields(answer({ ...card, AuthList: authList })),
		]) {
			expect(fields.authList).toEqual(withDeclines(authList, card));
		}
		const single = responseFields(answer({ ...card, authList: authList[1] }));
		expect(single.authList).toEqual(withDeclines([authList[1]], card));
		expect(responseFields(answer(card))).not.toHaveProperty('authList');
	});
});

describe('a reason the table does not list', () => {
	it('keeps its text, repeated in the meaning', () => {
		const reason = 'Card control: e-commerce payments blocked';
		const decline = explainDecline(reason);
		expect(decline).toEqual({
			reason,
			subType: null,
			code: 'unknown',
			meaning: expect.stringContaining(`"${reason}"`),
			action: expect.stringMatching(OPERATIONS),
			isDecline: true,
			inferred: false,
		});
		expect(decline.meaning).toMatch(/^[A-Z].*\.$/);
	});

	it('says when there was no reason at all', () => {
		for (const reason of ['', '   ', undefined, null]) {
			const decline = explainDecline(reason);
			expect(decline).toMatchObject({ code: 'unknown', isDecline: true, inferred: false });
			expect(decline.meaning).toMatch(/without giving a reason/);
		}
	});

	it('never throws, whatever JusBiz sends, and gives a string reason', () => {
		const odd: unknown[] = [
			undefined,
			null,
			51,
			0,
			Number.NaN,
			true,
			{},
			{ message: 'Do Not Honor' },
			['Do Not Honor'],
			Symbol('x'),
			() => 'Do Not Honor',
			10n,
			'x'.repeat(100_000),
			'\u0000\u202e',
			'Do Not Honor'.repeat(50),
		];
		for (const reason of odd) {
			for (const subType of [undefined, reason]) {
				const decline = explainDecline(reason, { subType, amount: reason, cardAmount: reason });
				expect(typeof decline.reason).toBe('string');
				expect(typeof decline.meaning).toBe('string');
				expect(decline.meaning.length).toBeLessThan(400);
			}
		}
		expect(explainDecline(51)).toMatchObject({ reason: '51', code: 'unknown' });
		expect(explainDecline(51).meaning).toContain('"51"');
		expect(explainDecline({ message: 'Do Not Honor' })).toMatchObject({
			reason: '',
			code: 'unknown',
		});
	});

	it('keeps the text exactly as sent in reason', () => {
		const reason = '  Velocity\nlimit  ';
		expect(explainDecline(reason).reason).toBe(reason);
		expect(explainDecline(reason).meaning).toContain('"Velocity limit"');
	});

	it('quotes a long reason cut, with its length, and never a card number in the sentence', () => {
		const long = explainDecline('Refused: '.padEnd(5000, 'x'));
		expect(long.meaning).toMatch(/"Refused: x+…" \(5000 characters\)/);
		const card = explainDecline('Card 4111 1111 1111 1111 refused');
		expect(card.meaning).toContain('"Card [card number] refused"');
		expect(card.reason).toBe('Card 4111 1111 1111 1111 refused');
	});
});

describe('notificationDecline', () => {
	const notification = (rqstType: IDataObject[string], fields: IDataObject = {}): IDataObject => ({
		rqstType,
		payoutId: 'P1',
		payoutAmnt: '1000.00',
		payoutCurrCd: 'INR',
		tranId: 'T1',
		tranAmnt: '250.00',
		tranCurrCd: 'INR',
		errMsg: 'Do Not Honor',
		...fields,
	});

	it('explains an AuthorizationFailure, in either spelling', () => {
		for (const type of ['AuthorizationFailure', 'AUTHORIZATION_FAILURE', 'authorization failure']) {
			const decline = notificationDecline(notification(type, { errMsg: 'INCORRECT CVV/ICVV)' }));
			expect(decline).toEqual(explainDecline('INCORRECT CVV/ICVV)'));
			expect(decline?.reason).toBe('INCORRECT CVV/ICVV)');
		}
	});

	it('gives nothing for any other type', () => {
		for (const type of [
			'AuthorizationSuccess',
			'AUTHORIZATION_SUCCESS',
			'AuthorizationReversal',
			'AUTHORIZATION_REVERSAL',
			'Failure',
			'',
			undefined,
			null,
			42,
			{},
		]) {
			expect(notificationDecline(notification(type))).toBeUndefined();
		}
		expect(notificationDecline({})).toBeUndefined();
	});

	it('reads its amounts, strings with decimals, for the inference', () => {
		const above = notificationDecline(
			notification('AuthorizationFailure', { tranAmnt: '1000.50' }),
		);
		expectRow(above as Decline, 'overCardAmount', 'SPVTA', true);
		const below = notificationDecline(notification('AuthorizationFailure'));
		expectRow(below as Decline, 'issuerRejected', null);
		const other = notificationDecline(
			notification('AuthorizationFailure', { tranAmnt: '1000.50', tranCurrCd: 'USD' }),
		);
		expectRow(other as Decline, 'issuerRejected', null);
		const unreadable = notificationDecline(
			notification('AuthorizationFailure', { tranAmnt: '1000.50', payoutAmnt: 'x' }),
		);
		expectRow(unreadable as Decline, 'issuerRejected', null);
	});

	it('reads field names in any case, and a reason missing or odd as unknown', () => {
		const decline = notificationDecline({
			RqstType: 'AuthorizationFailure',
			ErrMsg: 'SUSPECTED FRAUD',
		});
		expect(decline?.code).toBe('suspectedFraud');
		expect(
			notificationDecline(notification('AuthorizationFailure', { errMsg: undefined })),
		).toMatchObject({
			reason: '',
			code: 'unknown',
		});
		expect(
			notificationDecline(notification('AuthorizationFailure', { errMsg: { a: 1 } }))?.code,
		).toBe('unknown');
	});

	it('reads a sub-type in the text', () => {
		const decline = notificationDecline(
			notification('AUTHORIZATION_FAILURE', { errMsg: 'Do Not Honor (SPVTA)', tranAmnt: '1' }),
		);
		expectRow(decline as Decline, 'overCardAmount', 'SPVTA', false);
	});
});

describe('what a model sees of a decline', () => {
	it('passes through the tool output unchanged, and holds no card data', () => {
		const authList = withDeclines(
			[
				{
					tranStatus: 'AuthorizationFailure',
					errorMessage: 'DECLINE CVV2 FAILURE',
					tranAmount: 10,
				},
				{ tranStatus: 'AuthorizationFailure', errorMessage: 'Do Not Honor', tranAmount: 2000 },
				{ tranStatus: 'AuthorizationFailure', errorMessage: 'Velocity limit reached' },
			],
			{ payoutAmount: '1000' },
		);
		const { json } = forModel({
			json: { status: 'SUCCESS', token: '4111111111111234', expiry: '06/2030', authList },
			pairedItem: { item: 0 },
		});
		expect(json.authList).toEqual(authList);
		const text = JSON.stringify(json.authList);
		expect(text).not.toMatch(/\d{12,}/);
		expect(text).not.toContain('06/2030');
	});

	it('a card number JusBiz put in a reason is hidden from the model', () => {
		const [entry] = withDeclines(
			[{ tranStatus: 'AuthorizationFailure', errorMessage: 'Card 4111111111111234 blocked' }],
			{},
		);
		const { json } = forModel({ json: { authList: [entry] }, pairedItem: { item: 0 } });
		expect(JSON.stringify(json)).not.toContain('4111111111111234');
		const decline = (json.authList as IDataObject[])[0].decline as Decline;
		expect(decline.code).toBe('unknown');
		expect(decline.reason).toBe('Card [card number] blocked');
	});
});
