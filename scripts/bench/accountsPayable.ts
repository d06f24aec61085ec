/**
 * The accounts-payable workflows on 100 invoices, through the real n8n 2.41.1 under `n8n start`
 * as an operator runs them: the examples imported unchanged, the booking workflow published, the
 * others run as the editor's "Execute workflow" runs them, against the simulator. Prints what each
 * run did (cards, emails, notifications booked, cards cancelled) and how long it took.
 * Usage: npm run bench:ap [-- --invoices 100]
 */
import { cpus } from 'os';

import {
	AP_WEBHOOK_LOGIN,
	AP_WORKFLOWS,
	provisionDirectly,
	startAccountsPayable,
} from '../../test/support/accountsPayable';

const argument = process.argv.indexOf('--invoices');
const INVOICES = argument > 0 ? Number(process.argv[argument + 1]) : 100;

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
	const started = performance.now();
	const result = await work();
	return [result, performance.now() - started];
}

async function main() {
	const ap = await startAccountsPayable();
	const { simulator, mail, bookUrl } = ap;
	// A run that failed part-way would be timed as a fast one.
	const run = async (workflowId: string) => {
		const result = await ap.run(workflowId);
		if (result.status !== 'success') {
			throw new Error(`execution ${result.executionId} of ${workflowId} ended: ${result.status}`);
		}
	};
	try {
		await run(AP_WORKFLOWS.setup);
		// Every tenth invoice's card is left unused and gets an end date in the past (at JusBiz), as
		// cards of an earlier month would; the rest are paid in full.
		await ap.insertRows(
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
		const [, payMs] = await timed(() => run(AP_WORKFLOWS.pay));
		const cards = ours().sort((a, b) => Number(a.payoutId.slice(9)) - Number(b.payoutId.slice(9)));
		const emails = mail.messages.length;
		const [, payAgainMs] = await timed(() => run(AP_WORKFLOWS.pay));
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
							...AP_WEBHOOK_LOGIN,
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
			await provisionDirectly(simulator, {
				action: 'update',
				payoutId: card.payoutId,
				endDate: '2026-11-30',
			});
		}
		const booked = (await ap.rows('jusbiz_authorizations')).length;

		const [, reconcileMs] = await timed(() => run(AP_WORKFLOWS.reconcile));
		const rows = await ap.rows();
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
		await ap.close();
	}
}

main().catch((error: unknown) => {
	process.stderr.write(
		`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
	);
	process.exitCode = 1;
});
