import { createBody } from '../../nodes/JusBiz/actions/virtualCard/create.operation';
import { cardRules } from '../../nodes/JusBiz/helpers/cardControls';
import { requireSameTerms } from '../../nodes/JusBiz/helpers/sameTerms';
import { decodeAnswer, type RawResponse } from '../../nodes/JusBiz/transport/decode';
import { redact } from '../../nodes/JusBiz/helpers/errors';
import { quote } from '../../nodes/JusBiz/crypto/jose';
import { itemLabel } from '../../nodes/JusBiz/actions/router';
import {
	amountRule,
	blockPaymentsRule,
	dayRule,
	mccRangesRule,
	ValidationError,
} from '../../nodes/JusBiz/helpers/validate';
import { QUOTE_LENGTH, quoteInput } from '../../nodes/JusBiz/helpers/values';
import { FAKE_API_KEY } from '../support/fixtures';
import { failureOf } from '../support/failureOf';

const HUGE = 'X'.repeat(100_000);
const SHOWN = `"${'X'.repeat(QUOTE_LENGTH)}…" (100000 characters)`;
// Longer than any cut would show, and recognisable.
const SECRET = 'sk_live_0123456789abcdefghijklmnopqrstuvwxyz';
// Starts before the cut and ends after it.
const STRADDLING = `${'a'.repeat(QUOTE_LENGTH - 20)}${SECRET}${'b'.repeat(500)}`;

function validationError(run: () => unknown): ValidationError {
	try {
		run();
	} catch (error) {
		if (error instanceof ValidationError) return error;
		throw error;
	}
	throw new Error('expected a ValidationError');
}

describe('quoteInput', () => {
	it('shows a short value whole, a string in JSON quotes', () => {
		expect(quoteInput('BAD-ID')).toBe('"BAD-ID"');
		expect(quoteInput('x'.repeat(QUOTE_LENGTH))).toBe(`"${'x'.repeat(QUOTE_LENGTH)}"`);
		expect(quoteInput(10.555)).toBe('10.555');
		expect(quoteInput({ a: 1 })).toBe('{"a":1}');
		expect(quoteInput(undefined)).toBe('undefined');
		expect(quoteInput('Invalid Key ID passed', [], { quotes: false })).toBe(
			'Invalid Key ID passed',
		);
	});

	it('cuts a longer value to QUOTE_LENGTH characters and states its full length', () => {
		expect(quoteInput(HUGE)).toBe(SHOWN);
		expect(quoteInput('y'.repeat(QUOTE_LENGTH + 1))).toBe(
			`"${'y'.repeat(QUOTE_LENGTH)}…" (${QUOTE_LENGTH + 1} characters)`,
		);
		expect(quoteInput(HUGE, [], { quotes: false })).toBe(
			`${'X'.repeat(QUOTE_LENGTH)}… (100000 characters)`,
		);
		const numbers = Array.from({ length: 10_000 }, (_, n) => n);
		const list = quoteInput(numbers);
		expect(list).toMatch(/^\[0,1,2,.*… \((\d+) characters\)$/);
		expect(list).toContain(`(${JSON.stringify(numbers).length} characters)`);
		expect(list.length).toBeLessThan(QUOTE_LENGTH + 30);
	});

	it('escapes quotes and line breaks, so a value cannot pass for the message or a new log line', () => {
		expect(quoteInput('a"b\nc')).toBe('"a\\"b\\nc"');
	});

	it('never splits a character made of two UTF-16 units', () => {
		const shown = quoteInput(`${'x'.repeat(QUOTE_LENGTH - 1)}😀${'x'.repeat(10)}`);
		expect(shown).toBe(`"${'x'.repeat(QUOTE_LENGTH - 1)}…" (${QUOTE_LENGTH + 11} characters)`);
	});

	it('shows what JSON cannot as text', () => {
		const cycle: Record<string, unknown> = {};
		cycle.self = cycle;
		expect(quoteInput(cycle)).toBe('[object Object]');
	});

	it('redacts the secrets before it cuts, so no part of a secret is left behind', () => {
		const shown = quoteInput(STRADDLING, [SECRET]);
		expect(shown).toMatch(/^"a+\[redacted\]b+…" \(\d+ characters\)$/);
		expect(shown).not.toContain(SECRET.slice(0, 8));
		// What cutting first would have done: half the secret, which redaction no longer knows.
		expect(redact(quoteInput(STRADDLING), [SECRET])).toContain(SECRET.slice(0, 8));
	});
});

describe('the item label', () => {
	it('names the payout as today when it is short', () => {
		expect(itemLabel(2, 'P3', [])).toBe('Item 2 (payout "P3")');
		expect(itemLabel(0, '', [])).toBe('Item 0');
	});

	it('cuts a 100 kB payout ID, stating its length', () => {
		expect(itemLabel(0, HUGE, [])).toBe(`Item 0 (payout ${SHOWN})`);
	});

	it('redacts a secret in the payout ID before cutting it', () => {
		expect(itemLabel(0, STRADDLING, [SECRET])).not.toContain(SECRET.slice(0, 8));
	});
});

describe('validation messages quote input cut', () => {
	it.each([
		[
			'an amount',
			() => amountRule(HUGE, 'Order Amount', 'INR'),
			/^"Order Amount" must be a positive amount with at most 10 digits and 2 decimals \(got "X+…" \(100000 characters\)\)$/,
		],
		[
			'a date',
			() => dayRule(HUGE, 'End Date'),
			/^"End Date" must be a valid date \(got "X+…" \(100000 characters\)\)$/,
		],
		[
			'merchant category codes',
			() => mccRangesRule(`5013, ${HUGE}`, 'MCC Block'),
			/^"MCC Block" must list four-digit merchant category codes .* \(got "X+…" \(100000 characters\)\)$/,
		],
		[
			'block payments',
			() => blockPaymentsRule(HUGE),
			/^"Block Payments" has "X+…" \(100000 characters\), which JusBiz does not list; use ATM, /,
		],
	])('%s', (_name, run, message) => {
		const error = validationError(run);
		expect(error.message).toMatch(message);
		expect(error.message.length).toBeLessThan(400);
		expect(error.messageFor([])).toBe(error.message);
	});

	it('block payments: thousands of unknown codes make one quoted value', () => {
		const codes = Array.from({ length: 5000 }, (_, n) => `C${n}`);
		const error = validationError(() => blockPaymentsRule(codes.join(',')));
		expect(error.message).toMatch(/^"Block Payments" has "C0, C1, C2, .*…" \(\d+ characters\), /);
		expect(error.message.length).toBeLessThan(400);
	});

	it('a reversed range names its codes as read, not the spaces around them', () => {
		const error = validationError(() =>
			mccRangesRule(`6051${' '.repeat(50_000)}-5013`, 'MCC Allow'),
		);
		expect(error.message).toBe('"MCC Allow" has the range 6051-5013, whose start is above its end');
	});

	it('keeps short values whole, as before', () => {
		expect(validationError(() => amountRule(10.555, 'GST', 'INR')).message).toMatch(
			/\(got 10\.555\)$/,
		);
		expect(validationError(() => dayRule('2030-02-30', 'End Date')).message).toBe(
			'"End Date" must be a valid date (got "2030-02-30")',
		);
		expect(validationError(() => blockPaymentsRule(['ATM', 'bogus'])).message).toMatch(
			/^"Block Payments" has "BOGUS", which/,
		);
	});

	it('messageFor redacts a quoted value before cutting it', () => {
		const error = validationError(() => amountRule(STRADDLING, 'Order Amount', 'INR'));
		expect(error.messageFor([SECRET])).toContain('[redacted]');
		expect(error.messageFor([SECRET])).not.toContain(SECRET.slice(0, 8));
	});

	it('through Create and the card controls', () => {
		const base = {
			orderAmount: 100,
			currency: 'INR',
			endDate: HUGE,
			cardAlias: 'primary',
			additionalFields: {},
			cardControls: {},
			isCardImageRequired: false,
		};
		expect(validationError(() => createBody('P_1', base)).message).toMatch(
			/^"End Date" must be a valid date \(got "X+…" \(100000 characters\)\)$/,
		);
		expect(validationError(() => cardRules({ minAmount: HUGE }, 'INR')).message).toMatch(
			/^"Minimum Amount" must be .*\(got "X+…" \(100000 characters\)\)$/,
		);
	});
});

describe("Create's same-terms check", () => {
	const body = {
		payoutId: 'P_1',
		action: 'create',
		orderAmount: '100',
		currency: 'INR',
		endDate: '2030-06-30',
		cardAlias: 'primary_1',
		udf1: HUGE,
	};
	const card = {
		state: 'ISSUED',
		orderAmount: '100',
		currency: 'INR',
		endDate: '2030-06-30',
		cardAlias: 'primary_1',
		userDefinedFields: { udf1: `${'Y'.repeat(100_000)}` },
	};

	it('cuts both sides of a differing term, stating their lengths', () => {
		const error = validationError(() => requireSameTerms('P_1', body, card, []));
		expect(error.message).toMatch(
			/^the payout ID "P_1" already has a card with other terms: "UDF 1": asked X{100}… \(100000 characters\), the existing card has Y{100}… \(100000 characters\)$/,
		);
	});

	it('redacts both sides before cutting them', () => {
		const secretUdf = { ...card, userDefinedFields: { udf1: STRADDLING } };
		const error = validationError(() =>
			requireSameTerms(
				'P_1',
				{ ...body, udf1: `${'c'.repeat(QUOTE_LENGTH - 20)}${SECRET}${'d'.repeat(500)}` },
				secretUdf,
				[SECRET],
			),
		);
		expect(error.message).not.toContain(SECRET.slice(0, 8));
		expect(error.message.match(/\[redacted\]/g)).toHaveLength(2);
	});

	it('cuts a long state JusBiz gave', () => {
		const error = validationError(() =>
			requireSameTerms('P_1', body, { ...card, state: 's'.repeat(5000) }, []),
		);
		expect(error.message).toBe(
			`the payout ID "P_1" already has a card whose state JusBiz gave as "${'S'.repeat(QUOTE_LENGTH)}…" (5000 characters); it cannot be taken as the one asked for`,
		);
	});
});

describe("JusBiz's own words in a failure", () => {
	const json = (
		statusCode: number,
		body: unknown,
		contentType = 'application/json',
	): RawResponse => ({
		statusCode,
		contentType,
		body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
	});
	const keys = { privateKey: () => undefined };

	it('cuts a long API message, keeping the full (redacted) text for the logic that reads it', async () => {
		const message = `Z${'z'.repeat(99_999)}`;
		const failure = await failureOf(() => decodeAnswer(json(400, { message }), keys, []));
		expect(failure.message).toBe(
			`JusBiz answered HTTP 400: Z${'z'.repeat(QUOTE_LENGTH - 1)}… (100000 characters)`,
		);
		expect(failure.details.apiMessage).toBe(message);
	});

	it.each([
		['the key', FAKE_API_KEY, '[redacted]'],
		['a card number', '4111 1111 1111 1111', '[card number]'],
	])('redacts %s before the cut, even across it', async (_name, value, replacement) => {
		const message = `${'m'.repeat(QUOTE_LENGTH - 6)} ${value} ${'m'.repeat(500)}`;
		const failure = await failureOf(() =>
			decodeAnswer(json(400, { message }), keys, [FAKE_API_KEY]),
		);
		expect(failure.message).toContain(` ${replacement.slice(0, 5)}…`);
		expect(failure.message).not.toContain(value.slice(0, 4));
	});

	it('cuts a long status, message and content type', async () => {
		const failure = await failureOf(() =>
			decodeAnswer(json(200, { status: 'F'.repeat(5000), message: 'm'.repeat(5000) }), keys, []),
		);
		expect(failure.message).toBe(
			`JusBiz answered status ${'F'.repeat(QUOTE_LENGTH)}… (5000 characters): ${'m'.repeat(QUOTE_LENGTH)}… (5000 characters)`,
		);
		const page = await failureOf(() =>
			decodeAnswer(json(502, '<html>', `text/${'h'.repeat(5000)}`), keys, []),
		);
		expect(page.message).toMatch(
			/^JusBiz answered HTTP 502 with a body that is not JSON \(text\/h+… \(5005 characters\)\)$/,
		);
	});
});

describe('JOSE header values', () => {
	it('echo only a short algorithm word, through the same quoting', () => {
		expect(quote('RSA-OAEP-256')).toBe('"RSA-OAEP-256"');
		expect(quote(HUGE)).toBe('(an unsupported value)');
		expect(quote(undefined)).toBe('(missing)');
	});
});
