import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { cardNumber } from '../simulator/cards';
import { card, useEngine } from '../support/engine/useEngine';
import { CARD } from '../support/scenarios';
import { useSimulator } from '../support/simulator';

// Get Status's authList through n8n-core's real engine and the built package, against the
// simulator's seeded declines: every failed authorization says what it means, in the regular node
// and in its AI-tool variant.
const engine = useEngine('jusBiz');
const world = useSimulator();

async function run(id: string, parameters: INodeParameters, asTool = false) {
	const result = await engine().runNode({
		items: [{ id }],
		parameters,
		credentials: world.credentials,
		onError: 'continueRegularOutput',
		asTool,
	});
	return { result, json: result.main[0].json };
}

const authListOf = (json: IDataObject) => json.authList as IDataObject[];
const byTranId = (json: IDataObject) =>
	Object.fromEntries(authListOf(json).map((entry) => [entry.tranId as string, entry]));

type Expected = { code: string; subType: string | null; inferred?: boolean; isDecline?: boolean };

// What each seeded authorization of CARD.declined (1000 INR) means, from JusBiz's decline table
// and the contract's codes; undefined: it did not fail, and has no decline.
const DECLINED: Record<string, Expected | undefined> = {
	DECL_01: undefined,
	DECL_02: { code: 'overCardAmount', subType: 'SPVTA' },
	DECL_03: { code: 'cardAlreadyUsed', subType: 'SPVTC' },
	DECL_04: { code: 'primaryCardUsed', subType: null },
	DECL_05: { code: 'fundingCardNoFunds', subType: null },
	DECL_06: { code: 'wrongSecurityCode', subType: null },
	DECL_07: { code: 'wrongSecurityCode', subType: null },
	DECL_08: { code: 'wrongSecurityCode', subType: null },
	DECL_09: { code: 'wrongSecurityCode', subType: null },
	DECL_10: { code: 'pinNotVerified', subType: null },
	DECL_11: { code: 'accountVerification', subType: null, isDecline: false },
	DECL_12: { code: 'accountBlocked', subType: 'ACCB' },
	DECL_13: { code: 'issuerRejected', subType: 'Not Applicable' },
	DECL_14: { code: 'suspectedFraud', subType: null },
	DECL_15: { code: 'overCardAmount', subType: 'SPVTA', inferred: true },
	DECL_16: { code: 'issuerRejected', subType: null },
	DECL_17: { code: 'issuerRejected', subType: null },
	DECL_18: { code: 'unknown', subType: null },
};

function expectDeclines(json: IDataObject) {
	const entries = byTranId(json);
	expect(Object.keys(entries).sort()).toEqual(Object.keys(DECLINED).sort());
	for (const [tranId, expected] of Object.entries(DECLINED)) {
		const entry = entries[tranId];
		if (!expected) {
			expect(entry).not.toHaveProperty('decline');
			continue;
		}
		expect({ tranId, decline: entry.decline }).toEqual({
			tranId,
			decline: {
				reason: entry.errorMessage,
				subType: expected.subType,
				code: expected.code,
				meaning: expect.stringMatching(/^[A-Z].*\.$/),
				action: expect.stringMatching(/JusBiz › (Create|Update|Get Status|Get Security Code)/),
				isDecline: expected.isDecline ?? true,
				inferred: expected.inferred ?? false,
			},
		});
	}
}

describe('Get Status: a decline on every failed authorization', () => {
	it("explains every reason of JusBiz's table, its sub-type in a field, in the text or inferred", async () => {
		const { json } = await run(CARD.declined, card('getStatus'));
		expect(json).toMatchObject({ status: 'SUCCESS', state: 'ISSUED', currency: 'INR' });
		expectDeclines(json);
		const entries = byTranId(json);
		// The four CVV reasons read the same; the unknown one repeats JusBiz's words.
		const cvv = ['DECL_06', 'DECL_07', 'DECL_08', 'DECL_09'].map(
			(id) => entries[id].decline as IDataObject,
		);
		expect(new Set(cvv.map((d) => `${d.meaning as string}|${d.action as string}`)).size).toBe(1);
		expect(cvv[0].action).toContain('JusBiz › Get Security Code');
		expect((entries.DECL_18.decline as IDataObject).meaning).toContain(
			'"Card control: e-commerce payments blocked"',
		);
		// JusBiz's own fields are left as they came.
		expect(entries.DECL_02).toMatchObject({ errorMessage: 'Do Not Honor', errorSubType: 'SPVTA' });
	});

	it('infers SPVTC for a single-use card charged again after its one payment', async () => {
		const { json } = await run(CARD.usedUp, card('getStatus'));
		expect(json).toMatchObject({ state: 'REDEEMED', authRemaining: 0 });
		const entries = byTranId(json);
		expect(entries.USED_01).not.toHaveProperty('decline');
		expect(entries.USED_02.decline).toMatchObject({
			reason: 'Do Not Honor',
			subType: 'SPVTC',
			code: 'cardAlreadyUsed',
			inferred: true,
			action: expect.stringContaining('JusBiz › Create'),
		});
	});

	it('keeps a reason the table does not list, as unknown', async () => {
		const { json } = await run(CARD.partlyRedeemed, card('getStatus'));
		const [succeeded, failed] = authListOf(json);
		expect(succeeded).not.toHaveProperty('decline');
		expect(failed.decline).toMatchObject({
			reason: 'Insufficient Funds',
			code: 'unknown',
			meaning: expect.stringContaining('"Insufficient Funds"'),
			isDecline: true,
		});
	});

	it("Create's recovered card explains its authorizations as Get Status does", async () => {
		const status = await run(CARD.declined, card('getStatus'));
		const { json } = await run(
			CARD.declined,
			card('create', {
				orderAmount: 1000,
				currency: 'INR',
				endDate: '2027-12-31T00:00:00',
				cardAlias: 'sim_primary',
			}),
		);
		expect(json).toMatchObject({ status: 'SUCCESS', recovered: true });
		expect(json.authList).toEqual(status.json.authList);
		expectDeclines(json);
	});
});

describe('Get Status as an AI tool: the same declines, and nothing to pay with', () => {
	it.each([CARD.declined, CARD.usedUp])('%s', async (id) => {
		const regular = await run(id, card('getStatus'));
		const { result, json } = await run(id, card('getStatus'), true);
		expect(json).not.toHaveProperty('token');
		expect(json).not.toHaveProperty('expiry');
		expect(json.cardLastFourDigits).toBe(cardNumber(id).slice(-4));
		expect(json.authList).toEqual(regular.json.authList);
		if (id === CARD.declined) expectDeclines(json);
		else expect(byTranId(json).USED_02.decline).toMatchObject({ code: 'cardAlreadyUsed' });
		const text = result.allText({ includeRequests: false });
		expect(text).not.toContain(cardNumber(id));
		expect(text).not.toMatch(/\b(0[1-9]|1[0-2])\/20\d\d\b/);
		expect(text).not.toContain('[card number]');
	});
});
