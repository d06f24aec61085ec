import { createBody } from '../../nodes/JusBiz/actions/virtualCard/create.operation';
import { updateBody } from '../../nodes/JusBiz/actions/virtualCard/update.operation';
import { cardRules } from '../../nodes/JusBiz/helpers/cardControls';
import {
	amountRule,
	blockPaymentsRule,
	currencyRule,
	dayRule,
	mccRangesRule,
	payoutIdRule,
	ValidationError,
} from '../../nodes/JusBiz/helpers/validate';

const base = {
	orderAmount: 100,
	currency: 'INR',
	endDate: '2099-12-31T00:00:00',
	cardAlias: 'primary',
	additionalFields: {},
	cardControls: {},
	isCardImageRequired: false,
};

describe('payout ID', () => {
	it.each(['P', 'INV_2026_0001', 'a'.repeat(21), 'ABC_123_xyz'])('accepts %p', (id) => {
		expect(payoutIdRule(id)).toBe(id);
	});
	it.each([
		['', /the payout ID is empty/],
		['a'.repeat(22), /at most 21 letters, digits or underscores \(got 22 characters\)/],
		['INV-2026', /got 8 characters including others/],
		['INV 1', /including others/],
		['é', /including others/],
	])('refuses %p', (id, message) => {
		expect(() => payoutIdRule(id)).toThrow(message);
	});
});

describe('amounts', () => {
	it.each([
		[100, 'INR', '100'],
		[1500.5, 'INR', '1500.5'],
		['1500.50', 'INR', '1500.50'],
		[9999999999.99, 'INR', '9999999999.99'],
		[5000, 'JPY', '5000'],
		['5000.00', 'JPY', '5000'],
	])('sends %p %s as %p', (value, currency, sent) => {
		expect(amountRule(value, 'Order Amount', currency)).toBe(sent);
	});
	it.each([
		[0, /"Order Amount" must be more than 0/],
		[-5, /must be a positive amount/],
		[1.234, /at most 10 digits and 2 decimals/],
		[12345678901, /at most 10 digits/],
		[0.1 + 0.2, /2 decimals/],
		['abc', /must be a positive amount/],
		[Number.NaN, /must be a positive amount/],
		[undefined, /must be a positive amount/],
	])('refuses %p', (value, message) => {
		expect(() => amountRule(value, 'Order Amount', 'INR')).toThrow(message);
	});
	it('refuses decimals in a currency that has none, and allows a GST of 0', () => {
		expect(() => amountRule(10.5, 'Order Amount', 'JPY')).toThrow(
			/"Order Amount" must be a whole amount: JPY has no decimals/,
		);
		expect(() => amountRule(10.5, 'Order Amount', 'KRW')).toThrow(/KRW has no decimals/);
		expect(amountRule(0, 'GST', 'INR', true)).toBe('0');
	});
});

describe('dates (sent as the UTC day JusBiz reads)', () => {
	it.each([
		['2030-06-30T00:00:00', '2030-06-30'],
		['2030-06-30', '2030-06-30'],
		['2030-06-30T23:59:59.999', '2030-06-30'],
		['2030-06-30T23:30:00-02:00', '2030-07-01'],
		['2030-07-01T03:00:00+05:30', '2030-06-30'],
		['2030-06-30T12:00:00Z', '2030-06-30'],
		[new Date(Date.UTC(2030, 5, 30, 22)), '2030-06-30'],
		[{ toISO: () => '2030-06-30T23:00:00.000-05:00' }, '2030-07-01'],
	])('%p → %p', (value, day) => {
		expect(dayRule(value, 'End Date')).toBe(day);
	});
	it.each(['2030-02-30', '2030-13-01', 'tomorrow', '', '30/06/2030', undefined])(
		'refuses %p',
		(value) => {
			expect(() => dayRule(value, 'End Date')).toThrow(/"End Date" must be a valid date/);
		},
	);
});

describe('currency, MCC codes, block payments', () => {
	it('takes three letters, upper-cased', () => {
		expect(currencyRule(' usd ', 'Currency')).toBe('USD');
		expect(() => currencyRule('US', 'Currency')).toThrow(/three-letter ISO 4217 code/);
		expect(() => currencyRule('IN1', 'Currency')).toThrow(/three-letter/);
	});
	it('turns "5013-6051, 7011" into ranges, a single code as min = max', () => {
		expect(mccRangesRule('5013-6051, 7011,, 5411 - 5411', 'MCC Block')).toEqual([
			{ min: '5013', max: '6051' },
			{ min: '7011', max: '7011' },
			{ min: '5411', max: '5411' },
		]);
	});
	it.each([
		['501', /four-digit merchant category codes.*got "501"/],
		['6051-5013', /range 6051-5013, whose start is above its end/],
		['5013-60512', /four-digit/],
		['abcd', /four-digit/],
		[' , ', /"MCC Block" is empty/],
	])('refuses MCC %p', (value, message) => {
		expect(() => mccRangesRule(value, 'MCC Block')).toThrow(message);
	});
	it('accepts documented block-payment codes only', () => {
		expect(blockPaymentsRule(['ATM', 'xbr', 'ATM'])).toEqual(['ATM', 'XBR']);
		expect(() => blockPaymentsRule(['ATM', 'CASINO'])).toThrow(
			/"Block Payments" has "CASINO", which JusBiz does not list/,
		);
	});
	it('checks the amount range', () => {
		expect(cardRules({ minAmount: 10, maxAmount: 20 }, 'INR')).toEqual({
			amountRange: { min: '10', max: '20' },
		});
		expect(() => cardRules({ minAmount: 30, maxAmount: 20 }, 'INR')).toThrow(
			/"Minimum Amount" \(30\) must not be above "Maximum Amount" \(20\)/,
		);
		expect(cardRules({}, 'INR')).toBeUndefined();
	});
});

describe('Create body', () => {
	it('is built only from what was set', () => {
		expect(createBody('P_1', base)).toEqual({
			payoutId: 'P_1',
			action: 'create',
			orderAmount: '100',
			currency: 'INR',
			endDate: '2099-12-31',
			cardAlias: 'primary',
			isCardImageRequired: false,
		});
	});
	it.each([
		[{ endDate: '2000-01-01' }, /"End Date" \(2000-01-01\) must not be before today \(UTC\)/],
		[
			{ additionalFields: { startDate: '2099-12-31', gst: 0 }, endDate: '2099-01-01' },
			/must not be before "Start Date" \(2099-12-31\)/,
		],
		[{ cardAlias: 'x'.repeat(22) }, /"Card Alias" must be at most 21 characters/],
		[{ cardAlias: '' }, /"Card Alias" is empty/],
		[{ additionalFields: { udf3: 'x' } }, /"UDF3" needs "Expense Category ID"/],
		[{ currency: 'JPY', orderAmount: 10.5 }, /JPY has no decimals/],
	])('refuses %p', (changes, message) => {
		expect(() => createBody('P_1', { ...base, ...changes })).toThrow(message);
	});
	it('throws ValidationError, which the node reports per item as a parameter error', () => {
		expect(() => createBody('P_1', { ...base, currency: 'x' })).toThrow(ValidationError);
	});
});

describe('Update body', () => {
	it('sends only the fields set', () => {
		expect(updateBody('P_1', { gst: 5 }, {})).toEqual({
			payoutId: 'P_1',
			action: 'update',
			gst: '5',
		});
		expect(updateBody('P_1', {}, { mccAllow: '5411' })).toEqual({
			payoutId: 'P_1',
			action: 'update',
			rules: { mccAllow: [{ min: '5411', max: '5411' }] },
		});
	});
	it('refuses nothing to update, and an end before the start', () => {
		expect(() => updateBody('P_1', {}, {})).toThrow(/nothing to update/);
		expect(() => updateBody('P_1', { startDate: '2030-02-01', endDate: '2030-01-01' }, {})).toThrow(
			/must not be before "Start Date"/,
		);
	});
});
