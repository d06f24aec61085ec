/**
 * The accounts-payable workflows on 100 invoices, through the real n8n 2.41.1 under `n8n start`
 * as an operator runs them: the examples imported unchanged, the booking workflow published, the
 * others run as the editor's "Execute workflow" runs them, against the simulator. Prints what each
 * run did (cards, emails, notifications booked, cards cancelled) and how long it took.
 * Usage: npm run bench:ap [-- --invoices 100]
 */
import { readFileSync } from 'fs';
import { cpus } from 'os';
import { join } from 'path';

import { PACKAGE_DIR } from '../../test/support/fixtures';
import { startPublishedN8n } from '../../test/e2e/support/publishedN8n';
import { startMailCatcher } from '../lib/mail-catcher';
import * as cli from '../lib/n8n-cli';
import * as rest from '../lib/n8n-rest';
import { createSimulator } from '../../test/simulator/server';

const LOGIN = { email: 'owner@example.com', password: 'Owner-Pass-1234' };
const WEBHOOK_LOGIN = { username: 'jusbiz-notify', password: 'bench-hook-pass' };
const argument = process.argv.indexOf('--invoices');
const INVOICES = argument > 0 ? Number(process.argv[argument + 1]) : 100;

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
	const started = performance.now();
	const result = await work();
	return [result, performance.now() - started];
}

/** A request to the simulator as any JusBiz client makes it. */
async function provision(
	simulator: Awaited<ReturnType<typeof createSimulator>>,
	body: Record<string, string>,
) {
	const { apiKey, merchantId, keyId } = simulator.credentials;
	const answer = await fetch(`${simulator.url}/ardra/vt/provision/v2`, {
		method: 'POST',
		headers: {
			Authorization: `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`,
			'X-merchantid': merchantId,
			KeyId: keyId,
			'Content-Type': 'application/json',
		},
		body: JSON.stringify(body),
	});
	if (answer.status !== 200) throw new Error(`provision ${body.action}: HTTP ${answer.status}`);
}

async function main() {
	const simulator = await createSimulator();
	const mail = await startMailCatcher();
	const read = (file: string) => readFileSync(join(PACKAGE_DIR, 'examples', file), 'utf8');
	const n8n = await startPublishedN8n({
		credentials: [
			{
				id: 'jusbizDevSim0001',
				name: 'JusBiz API (simulator)',
				type: 'jusBizApi',
				data: cli.simulatorCredentialData(simulator),
			},
			{
				id: 'jusbizWebhookDev',
				name: 'JusBiz Webhook (simulator)',
				type: 'jusBizWebhookApi',
				data: cli.simulatorWebhookCredentialData(simulator, WEBHOOK_LOGIN),
			},
			{
				id: 'smtpDevCatcher01',
				name: 'SMTP (local mail catcher)',
				type: 'smtp',
				data: cli.mailCatcherCredentialData(mail.port),
			},
		],
		workflows: {
			'setup.json': read('accounts-payable-setup.workflow.json'),
			'pay.json': read('accounts-payable-pay-invoices.workflow.json'),
			'book.json': read('accounts-payable-book-authorizations.workflow.json'),
			'reconcile.json': read('accounts-payable-reconcile.workflow.json'),
		},
		publish: ['jusbizApBook0001'],
	});
	try {
		const bookUrl = `${n8n.base}/webhook/jusbiz/accounts-payable`;
		for (
			let tries = 0;
			(await fetch(bookUrl, { method: 'POST', body: '' })).status !== 401;
			tries++
		) {
			if (tries > 120) throw new Error('the booking webhook never came up');
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		await rest.ensureOwner(n8n.base, LOGIN);
		const cookie = await rest.signIn(n8n.base, LOGIN);
		const run = (id: string) => rest.runManually(n8n.base, cookie, id, { timeoutMs: 600_000 });
		await run('jusbizApSetup001');
		// Every tenth invoice's card is left unused and gets an end date in the past (at JusBiz), as
		// cards of an earlier month would; the rest are paid in full.
		await rest.insertRows(
			n8n.base,
			cookie,
			'jusbiz_invoices',
			Array.from({ length: INVOICES }, (_, i) => ({
				invoiceId: `INV-${String(i).padStart(5, '0')}`,
				supplierName: `Supplier ${i}`,
				supplierEmail: `supplier${i}@example.com`,
				payoutId: `AP_BENCH_${i}`,
				amount: 100 + i,
				currency: 'INR',
				endDate: '2027-06-30T00:00:00.000Z',
				approved: true,
			})),
		);

		const ours = () => simulator.cards().filter((c) => c.payoutId.startsWith('AP_BENCH_'));
		const [, payMs] = await timed(() => run('jusbizApPay00001'));
		const cards = ours().sort((a, b) => Number(a.payoutId.slice(9)) - Number(b.payoutId.slice(9)));
		const emails = mail.messages.length;
		const [, payAgainMs] = await timed(() => run('jusbizApPay00001'));
		const cardsAfterRerun = ours().length;
		const emailsAfterRerun = mail.messages.length;

		const charged = cards.filter((_, i) => i % 10 !== 0);
		// JusBiz calls the webhook once per authorization; 4 at a time.
		const [answers, bookMs] = await timed(async () => {
			const statuses: number[] = [];
			for (let i = 0; i < charged.length; i += 4) {
				const batch = await Promise.all(
					charged.slice(i, i + 4).map((card) =>
						simulator.notify({
							url: bookUrl,
							...WEBHOOK_LOGIN,
							type: 'AuthorizationSuccess',
							fields: { payoutId: card.payoutId, tranAmnt: card.orderAmount },
						}),
					),
				);
				statuses.push(...batch.map((result) => result.status));
			}
			return statuses;
		});
		// At JusBiz, the unused cards' end dates move into the past, as an Update by anyone would.
		for (const card of cards.filter((_, i) => i % 10 === 0)) {
			await provision(simulator, {
				action: 'update',
				payoutId: card.payoutId,
				endDate: '2026-11-30',
			});
		}
		const booked = (await rest.readRows(n8n.base, cookie, 'jusbiz_authorizations')).length;

		const [, reconcileMs] = await timed(() => run('jusbizApRecon001'));
		const rows = await rest.readRows(n8n.base, cookie, 'jusbiz_invoices');
		const cancelled = simulator
			.cards()
			.filter((c) => c.payoutId.startsWith('AP_BENCH_') && c.state === 'DELETED').length;
		const byStatus = new Map<string, number>();
		for (const row of rows)
			byStatus.set(String(row.status), (byStatus.get(String(row.status)) ?? 0) + 1);

		const lines = [
			`accounts payable on n8n 2.41.1 (n8n start, SQLite), ${cpus().length} cores, ${new Date().toISOString()}`,
			`invoices approved:                ${INVOICES}`,
			`pay:        ${seconds(payMs).padStart(9)}  cards ${cards.length}, emails ${emails}`,
			`pay again:  ${seconds(payAgainMs).padStart(9)}  cards ${cardsAfterRerun}, emails ${emailsAfterRerun}`,
			`book:       ${seconds(bookMs).padStart(9)}  ${answers.length} notifications (4 at a time), ${answers.filter((s) => s === 200).length} answered 200, ${booked} booked (${(bookMs / answers.length).toFixed(0)} ms each)`,
			`reconcile:  ${seconds(reconcileMs).padStart(9)}  cards cancelled ${cancelled}; rows ${[...byStatus].map(([s, n]) => `${s} ${n}`).join(', ')}; summary emails ${mail.messages.length - emails}`,
		];
		process.stdout.write(`${lines.join('\n')}\n`);
	} finally {
		await n8n.close();
		await simulator.close();
		await mail.close();
	}
}

main().catch((error: unknown) => {
	process.stderr.write(
		`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
	);
	process.exitCode = 1;
});
