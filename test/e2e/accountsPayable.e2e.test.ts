import { readFileSync } from 'fs';
import { join } from 'path';

import {
	AP_WEBHOOK_LOGIN as WEBHOOK_LOGIN,
	AP_WORKFLOWS as WORKFLOWS,
	provisionDirectly,
	startAccountsPayable,
	type AccountsPayable,
} from '../support/accountsPayable';
import { PACKAGE_DIR } from '../support/fixtures';
import { notificationDecline } from '../support/n8n/builtPackage';
import { waitFor } from '../support/waitFor';

/* eslint-disable @typescript-eslint/no-require-imports */
const { cardNumber } = require('../simulator/cards.js') as typeof import('../simulator/cards.js');
const { generatedSecurityCode } =
	require('../simulator/payouts.js') as typeof import('../simulator/payouts.js');
/* eslint-enable @typescript-eslint/no-require-imports */

// The accounts-payable examples as an operator runs them (see ../support/accountsPayable.ts):
// imported unchanged under `n8n start`, the booking workflow published, the others run as the
// editor runs them; the simulator, the mail catcher and the tables say what happened.
type Row = Record<string, unknown> & { invoiceId: string; status: string | null };

let ap: AccountsPayable;

const rows = async (table = 'jusbiz_invoices') => (await ap.rows(table)) as Row[];
const row = async (invoiceId: string) => {
	const found = (await rows()).find((r) => r.invoiceId === invoiceId);
	if (!found) throw new Error(`no row ${invoiceId}`);
	return found;
};
const run = async (workflowId: string) => {
	const result = await ap.run(workflowId);
	expect(result.status).toBe('success');
	return result;
};
const cardState = (payoutId: string) =>
	ap.simulator.cards().find((c) => c.payoutId === payoutId)?.state;
const creates = () => ap.simulator.stats().byEndpoint.provision ?? 0;
const mailTo = (address: string) =>
	ap.mail.messages.filter((m) => JSON.stringify(m.to).includes(address));

/** `name:type` of each column the README's table for this Data Table lists. */
function documentedColumns(table: string): string[] {
	const readme = readFileSync(join(PACKAGE_DIR, 'README.md'), 'utf8');
	const section = readme.split(`#### \`${table}\``)[1]?.split(/\n#/)[0] ?? '';
	return [...section.matchAll(/^\| `(\w+)` +\| (string|number|boolean|date) /gm)].map(
		([, name, type]) => `${name}:${type}`,
	);
}

const invoice = (n: number, fields: Record<string, unknown> = {}) => ({
	invoiceId: `INV-${n}`,
	supplierName: `Supplier ${n}`,
	supplierEmail: `supplier${n}@example.com`,
	payoutId: `AP_INV_${n}`,
	amount: 500 + n,
	currency: 'INR',
	endDate: '2027-06-30T00:00:00.000Z',
	approved: true,
	...fields,
});

beforeAll(async () => {
	ap = await startAccountsPayable();
}, 15 * 60_000);

afterAll(async () => {
	await ap?.close();
});

it('the set-up workflow creates both tables with the documented columns, and running it again changes nothing', async () => {
	await run(WORKFLOWS.setup);
	await run(WORKFLOWS.setup);
	// The columns the README documents, in its order.
	expect(await ap.columns('jusbiz_invoices')).toEqual(documentedColumns('jusbiz_invoices'));
	expect(await ap.columns('jusbiz_authorizations')).toEqual(
		documentedColumns('jusbiz_authorizations'),
	);
	expect(await rows()).toEqual([]);
	expect(await rows('jusbiz_authorizations')).toEqual([]);
	await ap.insertRows('jusbiz_invoices', [
		invoice(1001, { amount: 1250.5 }),
		invoice(1002, { amount: 800 }),
		invoice(1003, { approved: false }),
		invoice(1004, { payoutId: 'AP-INV-1004' }),
		invoice(1005, { amount: 12.345 }),
		invoice(1006, { amount: 99, endDate: '2026-11-30T00:00:00.000Z' }),
	]);
	expect((await rows()).map((r) => r.invoiceId)).toHaveLength(6);
});

it('pays approved invoices: one card each, the supplier emailed the card image and code, the row issued', async () => {
	await run(WORKFLOWS.pay);
	const issued = ['AP_INV_1001', 'AP_INV_1002'];
	expect(creates()).toBe(2);
	for (const payoutId of issued) {
		const n = payoutId.slice(-4);
		const [email] = await waitFor(`the email to supplier ${n}`, () => {
			const found = mailTo(`supplier${n}@example.com`);
			return found.length > 0 ? found : undefined;
		});
		expect(email.subject).toBe(`Payment for invoice INV-${n}: your virtual card`);
		expect(email.text).toContain(`Security code (CVV): ${generatedSecurityCode(payoutId)}`);
		expect(email.attachments.map((a) => [a.filename, a.contentType])).toEqual([
			[`card-${payoutId}.png`, 'image/png'],
		]);
		const booked = await row(`INV-${n}`);
		expect(booked).toMatchObject({
			status: 'issued',
			cardLastFour: cardNumber(payoutId).slice(-4),
			cardState: 'ISSUED',
			chargedAmount: 0,
			error: '',
		});
		expect(Date.now() - Date.parse(String(booked.issuedAt))).toBeLessThan(10 * 60_000);
	}
	expect(ap.mail.messages).toHaveLength(2);
	// Not approved: untouched. Refused by the package's rules: marked, nothing sent for them.
	expect(await row('INV-1003')).toMatchObject({ status: null, error: null });
	expect(await row('INV-1004')).toMatchObject({
		status: 'refused',
		error: expect.stringMatching(/Payout ID.*letters, digits or underscores/),
	});
	expect(await row('INV-1005')).toMatchObject({
		status: 'refused',
		error: expect.stringMatching(/Order Amount.*2 decimals/),
	});
	expect(await row('INV-1006')).toMatchObject({
		status: 'refused',
		error: expect.stringMatching(/End Date.*must not be before today/),
	});
	expect(Object.keys(ap.simulator.stats().byPayout)).not.toContain('AP-INV-1004');
	// The table keeps the last four digits only.
	const everything = JSON.stringify(await rows());
	for (const payoutId of issued) {
		expect(everything).not.toContain(cardNumber(payoutId));
		expect(everything).not.toContain(`"${generatedSecurityCode(payoutId)}"`);
	}
});

it('run again: no new card, no new email, no row touched', async () => {
	const before = await rows();
	await run(WORKFLOWS.pay);
	expect(creates()).toBe(2);
	await new Promise((resolve) => setTimeout(resolve, 1000));
	expect(ap.mail.messages).toHaveLength(2);
	expect(await rows()).toEqual(before);
});

it('books approved and declined notifications once each, with what a decline means; a copy is dropped', async () => {
	const paid = await ap.simulator.notify({
		url: ap.bookUrl,
		...WEBHOOK_LOGIN,
		type: 'AuthorizationSuccess',
		fields: { payoutId: 'AP_INV_1001', tranAmnt: '1250.50', mrchName: 'Supplier 1001' },
	});
	expect([paid.status, paid.body]).toEqual([200, '']);
	const declined = await ap.simulator.notify({
		url: ap.bookUrl,
		...WEBHOOK_LOGIN,
		reason: 'Do Not Honor',
		subType: 'SPVTA',
		fields: { payoutId: 'AP_INV_1002', tranAmnt: '900.00', mrchName: 'Supplier 1002' },
	});
	expect([declined.status, declined.body]).toEqual([200, '']);
	const copy = await ap.simulator.notify({
		url: ap.bookUrl,
		...WEBHOOK_LOGIN,
		copyOf: paid.notification,
	});
	expect([copy.status, copy.body]).toEqual([200, '']);
	const verification = await ap.simulator.notify({
		url: ap.bookUrl,
		...WEBHOOK_LOGIN,
		reason: 'NO REASON TO DECLINE',
		fields: { payoutId: 'AP_INV_1002', tranAmnt: '0.00' },
	});
	expect(verification.status).toBe(200);

	const decline = notificationDecline(declined.notification as never)!;
	expect(await row('INV-1001')).toMatchObject({
		status: 'paid',
		chargedAmount: 1250.5,
		merchant: 'Supplier 1001',
		lastAuthAt: '2026-12-02T10:15:00.000Z',
	});
	expect(await row('INV-1002')).toMatchObject({
		status: 'declined',
		declineMeaning: decline.meaning,
		declineAction: decline.action,
	});
	const log = await rows('jusbiz_authorizations');
	expect(log.map((r) => [r.payoutId, r.type, r.isDecline])).toEqual([
		['AP_INV_1001', 'AuthorizationSuccess', false],
		['AP_INV_1002', 'AuthorizationFailure', true],
		['AP_INV_1002', 'AuthorizationFailure', false],
	]);
	const finance = mailTo('finance@example.com');
	expect(finance).toHaveLength(1);
	expect(finance[0].text).toContain(`What happened: ${decline.meaning}`);
	expect(finance[0].text).toContain(`What to do: ${decline.action}`);
});

it('reconciles: expired and past-end-date unused cards cancelled and closed, the summary equals the table', async () => {
	// Cards of earlier runs, never charged: one that expired, one whose end date has passed.
	await provisionDirectly(ap.simulator, {
		action: 'create',
		payoutId: 'AP_PASTDUE_1',
		endDate: '2026-11-30',
		orderAmount: '300',
	});
	await ap.insertRows('jusbiz_invoices', [
		invoice(1007, {
			payoutId: 'PAYOUT_EXPIRED_1',
			amount: 1000,
			status: 'issued',
			cardState: 'ISSUED',
		}),
		invoice(1008, { payoutId: 'AP_PASTDUE_1', amount: 300, status: 'issued', cardState: 'ISSUED' }),
	]);
	await run(WORKFLOWS.reconcile);
	const summary = await waitFor('the summary email', () => mailTo('finance@example.com')[1]);

	expect(cardState('PAYOUT_EXPIRED_1')).toBe('DELETED');
	expect(cardState('AP_PASTDUE_1')).toBe('DELETED');
	expect(cardState('AP_INV_1002')).toBe('ISSUED');
	for (const invoiceId of ['INV-1007', 'INV-1008']) {
		expect(await row(invoiceId)).toMatchObject({
			status: 'cancelled',
			cardState: 'DELETED',
			closedAt: expect.any(String),
		});
	}
	expect(await row('INV-1001')).toMatchObject({
		status: 'paid',
		cardState: 'REDEEMED',
		chargedAmount: 1250.5,
		closedAt: expect.any(String),
	});
	expect(await row('INV-1002')).toMatchObject({ status: 'declined', closedAt: null });

	// The summary's figures are the table's, status by status.
	const table = await rows();
	const expected = new Map<string, [number, number, number]>();
	for (const r of table.filter((t) => t.status)) {
		const [count, amount, charged] = expected.get(String(r.status)) ?? [0, 0, 0];
		expected.set(String(r.status), [
			count + 1,
			amount + Number(r.amount),
			charged + Number(r.chargedAmount ?? 0),
		]);
	}
	const html = String(summary.html);
	const cells = [...html.matchAll(/<tr[^>]*>(.*?)<\/tr>/gs)]
		.slice(1)
		.map(([, tr]) => [...tr.matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map(([, td]) => td));
	const shown = new Map(
		cells.map(([status, count, amount, charged]) => [
			status,
			[Number(count), Number(amount), Number(charged)],
		]),
	);
	expect(new Set(shown.keys())).toEqual(new Set(expected.keys()));
	for (const [status, [count, amount, charged]] of expected) {
		expect(shown.get(status)?.[0]).toBe(count);
		expect(shown.get(status)?.[1]).toBeCloseTo(amount, 2);
		expect(shown.get(status)?.[2]).toBeCloseTo(charged, 2);
	}
});
