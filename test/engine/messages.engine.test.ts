import { createServer } from 'http';
import type { AddressInfo } from 'net';
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import { knownError } from '../../nodes/JusBiz/transport/knownErrors';
import { useEngine } from '../support/engine/useEngine';
import { useSimulator } from '../support/simulator';

// What the operator reads when an item fails, through n8n-core's real engine against the
// simulator: JusBiz's documented messages explained, and input named rather than echoed whole.
const engine = useEngine('jusBiz');
const world = useSimulator();

const HUGE_ID = 'P'.repeat(100_000);
const create = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'virtualCard',
	operation: 'create',
	payoutId: '={{ $json.id }}',
	orderAmount: 100,
	currency: 'INR',
	endDate: '2030-06-30T00:00:00',
	cardAlias: 'primary_1',
	...extra,
});
const getStatus: INodeParameters = {
	resource: 'virtualCard',
	operation: 'getStatus',
	payoutId: '={{ $json.id }}',
};

async function failOne(
	items: IDataObject[],
	parameters: INodeParameters,
	overrides: ICredentialDataDecryptedObject = {},
) {
	const result = await engine().runNode({
		items,
		parameters,
		credentials: { ...world.credentials, ...overrides },
	});
	expect(result.nodeError).toBeDefined();
	return result.nodeError!;
}

describe('documented JusBiz errors say what to fix', () => {
	it.each([
		['a Key ID JusBiz does not know', { keyId: 'key_0000000000000000' }, 'Invalid Key ID passed'],
		['an empty Key ID', { keyId: '' }, 'Key ID missing in Headers'],
		['a wrong API key', { apiKey: 'sim_wrong_api_key' }, 'Unauthorised: No key given'],
		['an empty API key', { apiKey: '' }, 'Unauthorised: No key given'],
	])(
		"%s: the 401 in JusBiz's words, the fix as the description",
		async (_name, fields, message) => {
			const error = await failOne([{ id: 'INV_1' }], getStatus, fields);
			expect(error.message).toBe(`Item 0 (payout "INV_1"): JusBiz answered HTTP 401: ${message}`);
			expect(error.description).toBe(knownError(message)?.fix);
			expect(world.simulator.stats().byStatus['401']).toBe(1);
		},
	);

	it('the 500 about expense data names Expense Category ID and the UDFs', async () => {
		const error = await failOne([{ id: 'FAULT_500_1' }], getStatus);
		expect(error.message).toBe(
			'Item 0 (payout "FAULT_500_1"): JusBiz answered HTTP 500: Validated Expense Data cannot be Empty',
		);
		expect(error.description).toBe(knownError('Validated Expense Data cannot be Empty')?.fix);
		expect(error.description).toMatch(/"Expense Category ID" .*UDF/);
	});
});

describe('bad input is named, not echoed whole', () => {
	it('a 100 kB payout ID: a short message naming the item, the field and the rule; nothing sent', async () => {
		const result = await engine().runNode({
			items: [{ id: 'GOOD_1' }, { id: HUGE_ID }],
			parameters: create(),
			credentials: world.credentials,
			onError: 'continueRegularOutput',
		});
		const error = String(result.main[1].json.error);
		expect(error).toBe(
			`Item 1 (payout "${'P'.repeat(100)}…" (100000 characters)): "Payout ID" must be at most 21 letters, digits or underscores (got 100000 characters)`,
		);
		expect(error.length).toBeLessThan(250);
		expect(result.main[1].pairedItem).toEqual({ item: 1 });
		expect(Object.keys(world.simulator.stats().byPayout)).toEqual(['GOOD_1']);
	});

	it('a 100 kB field value: a short message naming the item, the field and the rule; nothing sent', async () => {
		const error = await failOne(
			[{ id: 'INV_2', amount: '9'.repeat(100_000) }],
			create({ orderAmount: '={{ $json.amount }}' }),
		);
		expect(error.message).toBe(
			`Item 0 (payout "INV_2"): "Order Amount" must be a positive amount with at most 10 digits and 2 decimals (got "${'9'.repeat(100)}…" (100000 characters))`,
		);
		expect(world.simulator.stats().requests).toBe(0);
	});

	it('stays short on the error output too, under "Continue (using error output)"', async () => {
		const result = await engine().runNode({
			items: [{ end: 'E'.repeat(100_000) }],
			parameters: create({ payoutId: 'INV_3', endDate: '={{ $json.end }}' }),
			credentials: world.credentials,
			onError: 'continueErrorOutput',
		});
		const { error, message } = result.errorOutput[0].json;
		expect(error).toBe(
			`Item 0 (payout "INV_3"): "End Date" must be a valid date (got "${'E'.repeat(100)}…" (100000 characters))`,
		);
		expect(String(message).length).toBeLessThan(250);
		expect(world.simulator.stats().requests).toBe(0);
	});
});

describe('a long JusBiz message is cut too', () => {
	/** A JusBiz on 127.0.0.1 that answers every request with `status` and `body`. */
	async function answering(
		statusCode: number,
		body: unknown,
		test: (url: string) => Promise<void>,
	) {
		const server = createServer((_req, res) => {
			res.writeHead(statusCode, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify(body));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			await test(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
		} finally {
			await new Promise((resolve) => server.close(resolve));
		}
	}
	const LONG = `Invalid request: ${'w'.repeat(100_000)}`;

	it('in the error message and in the error output', async () => {
		await answering(400, { status: 'FAILURE', message: LONG }, async (baseUrl) => {
			const result = await engine().runNode({
				items: [{ id: 'INV_4' }],
				parameters: getStatus,
				credentials: { ...world.credentials, baseUrl },
				onError: 'continueErrorOutput',
			});
			const shown = `${LONG.slice(0, 100)}… (${LONG.length} characters)`;
			expect(result.errorOutput[0].json).toMatchObject({
				error: `Item 0 (payout "INV_4"): JusBiz answered HTTP 400: ${shown}`,
				message: shown,
			});
		});
	});

	it("in Delete's isDeleted-false message", async () => {
		const answer = {
			status: 'SUCCESS',
			payoutId: 'INV_5',
			message: LONG,
			response: { isDeleted: false },
		};
		await answering(200, answer, async (baseUrl) => {
			const error = await failOne(
				[{ id: 'INV_5' }],
				{ ...getStatus, operation: 'delete' },
				{ baseUrl, privateKey: '' },
			);
			expect(error.message).toBe(
				`Item 0 (payout "INV_5"): JusBiz answered SUCCESS but isDeleted false: the card was not deleted (${LONG.slice(0, 100)}… (${LONG.length} characters))`,
			);
		});
	});
});
