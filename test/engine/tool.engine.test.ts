import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { cardNumber } from '../simulator/cards';
import { card, useEngine } from '../support/engine/useEngine';
import { CARD } from '../support/scenarios';
import { useSimulator } from '../support/simulator';

// The JusBiz node run as n8n runs its AI-tool variant (type `…jusBizTool`), against the simulator:
// what a model receives, the spending ceiling, and the operations it may not run.
const engine = useEngine('jusBiz');
const world = useSimulator();

const create = (parameters: INodeParameters = {}) =>
	card('create', {
		orderAmount: 900,
		endDate: '2030-06-30',
		cardAlias: 'primary_1',
		maxOrderAmount: 1000,
		...parameters,
	});

async function asTool(id: string, parameters: INodeParameters) {
	const result = await engine().runNode({
		items: [{ id }],
		parameters,
		credentials: world.credentials,
		onError: 'continueRegularOutput',
		asTool: true,
	});
	return { result, json: result.main[0].json, sent: world.simulator.stats().byEndpoint };
}

/** Nothing that could pay with the card: no number, expiry, security code or image. */
function expectNothingToPayWith(result: Awaited<ReturnType<typeof asTool>>['result'], id: string) {
	const text = result.allText({ includeRequests: false });
	expect(text).not.toContain(cardNumber(id));
	expect(text).not.toMatch(/\b(0[1-9]|1[0-2])\/20\d\d\b/);
	for (const item of result.main) {
		expect(item.binary).toBeUndefined();
		expect(item.json).not.toHaveProperty('token');
		expect(item.json).not.toHaveProperty('expiry');
		expect(item.json).not.toHaveProperty('securityCode');
	}
}

describe('what the model receives', () => {
	it('Create: the card without its number or expiry, with its last four digits', async () => {
		const { result, json } = await asTool(
			'TOOL_C_1',
			create({ isCardImageRequired: true, binaryPropertyName: 'data' }),
		);
		expect(json).toEqual({
			status: 'SUCCESS',
			payoutId: 'TOOL_C_1',
			message: 'Card created successfully',
			state: 'ISSUED',
			payoutAmount: '900',
			redeemedAmount: '0',
			currency: 'INR',
			cardNetwork: 'VISA',
			cardIssuerBankName: 'Simulator Bank',
			userDefinedFields: {},
			cardLastFourDigits: cardNumber('TOOL_C_1').slice(-4),
		});
		expectNothingToPayWith(result, 'TOOL_C_1');
		// The image was not even asked for.
		expect(world.simulator.stats().byEndpoint).toEqual({ provision: 1 });
	});

	it('Update: the changed card, without its number or expiry', async () => {
		const { result, json } = await asTool(
			CARD.issued,
			card('update', { updateFields: { orderAmount: 800 }, maxOrderAmount: 1000 }),
		);
		expect(json).toMatchObject({
			status: 'SUCCESS',
			payoutAmount: '800',
			cardLastFourDigits: cardNumber(CARD.issued).slice(-4),
		});
		expectNothingToPayWith(result, CARD.issued);
	});

	it('Get Status: state, amounts and payments, without the number or expiry', async () => {
		const { result, json } = await asTool(CARD.partlyRedeemed, card('getStatus'));
		expect(json).toMatchObject({
			status: 'SUCCESS',
			state: 'PARTIALLY_REDEEMED',
			balanceAmount: '750',
			cardLastFourDigits: cardNumber(CARD.partlyRedeemed).slice(-4),
		});
		expect((json.authList as IDataObject[]).length).toBe(2);
		expectNothingToPayWith(result, CARD.partlyRedeemed);
	});

	it('Delete: the cancellation', async () => {
		const { result, json } = await asTool(CARD.issued, card('delete'));
		expect(json).toMatchObject({ status: 'SUCCESS', isDeleted: true });
		expectNothingToPayWith(result, CARD.issued);
	});

	it('Check Health: the answer, as the node gives it', async () => {
		const { json } = await asTool('', { resource: 'system', operation: 'checkHealth' });
		expect(json).toHaveProperty('healthy');
	});
});

describe('the operations a model may not run', () => {
	it('refuses Get Security Code forced in by a workflow file, before any request', async () => {
		const { result, json, sent } = await asTool(
			CARD.issued,
			card('getSecurityCode', { isCardImageRequired: true }),
		);
		expect(json.error).toBe(
			`Item 0 (payout "${CARD.issued}"): Get Security Code is not offered to AI agents and MCP clients: what it returns must never reach a model`,
		);
		expect(sent).toEqual({});
		expect(result.allText({ includeRequests: false })).not.toContain('482');
	});
});

describe('the spending ceiling (Max Order Amount)', () => {
	it('refuses a Create whose order amount + GST is above it, before any request', async () => {
		const { json, sent } = await asTool(
			'TOOL_C_2',
			create({ orderAmount: 950, additionalFields: { gst: 100 } }),
		);
		expect(json.error).toBe(
			'Item 0 (payout "TOOL_C_2"): Order Amount + GST (1050.00) is above the Max Order Amount of 1000.00 this tool may set; nothing was sent',
		);
		expect(sent).toEqual({});
	});

	it('lets a Create at the ceiling through', async () => {
		const { json } = await asTool('TOOL_C_3', create({ orderAmount: 1000 }));
		expect(json.status).toBe('SUCCESS');
	});

	it('refuses an Update above it; with GST alone, adds the amount JusBiz holds', async () => {
		const above = await asTool(
			CARD.issued,
			card('update', { updateFields: { orderAmount: 1200 }, maxOrderAmount: 1000 }),
		);
		expect(above.json.error).toMatch(
			/Order Amount \+ GST \(1200\.00\) is above the Max Order Amount of 1000\.00/,
		);
		expect(above.sent).toEqual({});

		// The seeded card is for 1000: GST 1 takes it to 1001.
		const gstOnly = await asTool(
			CARD.issued,
			card('update', { updateFields: { gst: 1 }, maxOrderAmount: 1000 }),
		);
		expect(gstOnly.json.error).toMatch(/\(1001\.00\) is above the Max Order Amount of 1000\.00/);
		expect(world.simulator.stats().byEndpoint).toEqual({ fetchStatus: 1 });
	});

	it('refuses a ceiling the model fills ($fromAI), before any request', async () => {
		const { json, sent } = await asTool(
			'TOOL_C_4',
			create({ maxOrderAmount: "={{ $fromAI('maxOrderAmount', 'the limit', 'number') }}" }),
		);
		expect(json.error).toBe(
			'Item 0 (payout "TOOL_C_4"): "Max Order Amount" is filled by the model ($fromAI); a limit the model sets is no limit',
		);
		expect(sent).toEqual({});
	});

	it('refuses any ceiling that is an expression: tool arguments reach $json', async () => {
		const { json, sent } = await asTool(
			'TOOL_C_6',
			create({ maxOrderAmount: '={{ $json.limit }}' }),
		);
		expect(json.error).toBe(
			'Item 0 (payout "TOOL_C_6"): "Max Order Amount" is an expression; the JusBiz tool takes only a fixed number, since what the model sends can reach an expression',
		);
		expect(sent).toEqual({});
	});

	it("keeps the currency the ceiling counts in out of the model's hands", async () => {
		const created = await asTool(
			'TOOL_C_7',
			create({ currency: "={{ $fromAI('currency', 'ISO code', 'string') }}" }),
		);
		expect(created.json.error).toMatch(
			/"Currency" is an expression; the JusBiz tool takes a fixed currency/,
		);
		const updated = await asTool(
			CARD.issued,
			card('update', { updateFields: { currency: 'KWD' }, maxOrderAmount: 1000 }),
		);
		expect(updated.json.error).toMatch(/the JusBiz tool does not change a card's currency/);
		expect(world.simulator.stats().byEndpoint).toEqual({});
	});

	it('refuses to create or update without a ceiling', async () => {
		const { json, sent } = await asTool('TOOL_C_5', create({ maxOrderAmount: 0 }));
		expect(json.error).toMatch(/"Max Order Amount" is not set/);
		expect(sent).toEqual({});
	});

	it('is not asked for outside the tool: the regular node creates without it', async () => {
		const result = await engine().runNode({
			items: [{ id: 'PLAIN_1' }],
			parameters: create({ orderAmount: 5000 }),
			credentials: world.credentials,
		});
		expect(result.main[0].json).toMatchObject({ status: 'SUCCESS', token: cardNumber('PLAIN_1') });
	});
});
