import { decodeAnswer, type RawResponse } from '../../nodes/JusBiz/transport/decode';
import { KNOWN_ERRORS, knownError } from '../../nodes/JusBiz/transport/knownErrors';
import { failureOf } from '../support/failureOf';

const json = (statusCode: number, body: unknown): RawResponse => ({
	statusCode,
	contentType: 'application/json',
	body: Buffer.from(JSON.stringify(body)),
});
const keys = { privateKey: () => undefined };
const fail = (statusCode: number, body: unknown) =>
	failureOf(() => decodeAnswer(json(statusCode, body), keys, []));

describe('the documented JusBiz messages', () => {
	it("are the API page's five 401 messages and its 500 example, as JusBiz writes them", () => {
		expect(KNOWN_ERRORS.map(({ httpCode, message }) => [httpCode, message])).toEqual([
			[401, 'Invalid Key ID passed'],
			[401, 'Basic Auth & Key ID missing in Headers'],
			[401, 'Key ID missing in Headers'],
			[401, 'Basic Auth missing in Headers'],
			[401, 'Unauthorised: No key given'],
			[500, 'Validated Expense Data cannot be Empty'],
		]);
	});

	it.each([
		['Invalid Key ID passed', /"Key ID" of the JusBiz API credential/],
		['Basic Auth & Key ID missing in Headers', /"API Key" .* and "Key ID"/],
		['Key ID missing in Headers', /"Key ID" of the JusBiz API credential/],
		['Basic Auth missing in Headers', /"API Key" of the JusBiz API credential/],
		['Unauthorised: No key given', /"API Key" of the JusBiz API credential/],
		['Validated Expense Data cannot be Empty', /"Expense Category ID" .* UDF/],
	])('"%s" says which field to fix', (message, field) => {
		expect(knownError(message)?.fix).toMatch(field);
	});

	it.each([
		'invalid key id passed',
		'  Invalid   Key ID passed.  ',
		'INVALID KEY ID PASSED!',
		'Invalid Key ID passed;',
		'Invalid\tKey\nID passed',
	])('are recognised whatever the case, spacing or trailing punctuation: %p', (text) => {
		expect(knownError(text)?.message).toBe('Invalid Key ID passed');
	});

	it.each([
		'Invalid Key ID passed (ETIMEDOUT)',
		'Invalid Key',
		'Key ID passed',
		'Something new',
		'',
		`Invalid Key ID passed${' '.repeat(100_000)}x`,
	])('leave any other text alone: %p', (text) => {
		expect(knownError(text)).toBeUndefined();
	});
});

describe('the node error for a documented message', () => {
	it.each(KNOWN_ERRORS.map((known) => [known.httpCode, known.message, known.fix] as const))(
		'HTTP %i "%s" keeps JusBiz\'s words as the message and gives the fix as the description',
		async (status, message, fix) => {
			const failure = await fail(status, { message });
			expect(failure.message).toBe(`JusBiz answered HTTP ${status}: ${message}`);
			expect(failure.details).toMatchObject({ httpCode: status, apiMessage: message, hint: fix });
		},
	);

	it('matches a variant JusBiz might send, and keeps its text as sent', async () => {
		const failure = await fail(401, { message: 'key id missing in headers.' });
		expect(failure.message).toBe('JusBiz answered HTTP 401: key id missing in headers.');
		expect(failure.details.hint).toBe(knownError('Key ID missing in Headers')?.fix);
	});

	it('gives the fix on a 200 FAILURE with a documented message too', async () => {
		const failure = await fail(200, {
			status: 'FAILURE',
			message: 'Validated Expense Data cannot be Empty',
		});
		expect(failure.details.hint).toMatch(/Expense Category ID/);
	});

	it('leaves undocumented messages as they were: the status hint, or none', async () => {
		expect((await fail(401, { message: 'Token expired' })).details.hint).toBe(
			'Check the API key and Key ID in the JusBiz API credential.',
		);
		expect((await fail(500, { message: 'Internal error' })).details.hint).toMatch(
			/try again later/,
		);
		expect((await fail(200, { status: 'FAILURE', message: 'Card not active' })).details.hint).toBe(
			undefined,
		);
	});

	it('does not say a 403 is about security codes, which only one endpoint returns', async () => {
		const { hint } = (await fail(403, { message: 'Forbidden' })).details;
		expect(hint).toMatch(/merchant ID/);
		expect(hint).not.toMatch(/security code/i);
	});
});
