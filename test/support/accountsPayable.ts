/**
 * The accounts-payable examples as an operator runs them: the four imported unchanged into a fresh
 * n8n 2.41.1 under `n8n start` (Data Tables live in n8n's database; `n8n execute` does not load
 * them), the booking workflow published, the owner signed in so the others run as the editor's
 * "Execute workflow" runs them. Shared by the e2e test and `npm run bench:ap`.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

import { startMailCatcher, type MailCatcher } from '../../scripts/lib/mail-catcher';
import { loggedOutcome } from './n8n/executions';
import { startPublishedN8n, type PublishedN8n } from './n8n/publishedN8n';
import { PACKAGE_DIR } from './fixtures';
import { waitFor } from './waitFor';

/* eslint-disable @typescript-eslint/no-require-imports */
const cli =
	require('../../scripts/lib/n8n-cli.js') as typeof import('../../scripts/lib/n8n-cli.js');
const rest =
	require('../../scripts/lib/n8n-rest.js') as typeof import('../../scripts/lib/n8n-rest.js');
const { createSimulator } =
	require('../simulator/server.js') as typeof import('../simulator/server.js');
/* eslint-enable @typescript-eslint/no-require-imports */

export type Simulator = Awaited<ReturnType<typeof createSimulator>>;

export const AP_WORKFLOWS = {
	setup: 'jusbizApSetup001',
	pay: 'jusbizApPay00001',
	book: 'jusbizApBook0001',
	reconcile: 'jusbizApRecon001',
} as const;
export const AP_FILES: Record<keyof typeof AP_WORKFLOWS, string> = {
	setup: 'accounts-payable-setup.workflow.json',
	pay: 'accounts-payable-pay-invoices.workflow.json',
	book: 'accounts-payable-book-authorizations.workflow.json',
	reconcile: 'accounts-payable-reconcile.workflow.json',
};
const OWNER = { email: 'owner@example.com', password: 'Owner-Pass-1234' };
export const AP_WEBHOOK_LOGIN = { username: 'jusbiz-notify', password: 'ap-hook-CANARY-3e1' };

export interface AccountsPayable {
	simulator: Simulator;
	mail: MailCatcher;
	n8n: PublishedN8n;
	/** the booking workflow's production webhook */
	bookUrl: string;
	/**
	 * Runs a saved workflow as the editor's "Execute workflow" button does. The status is how the run
	 * ended, also for the workflows that save no manual executions (n8n deletes those when they end).
	 */
	run(workflowId: string): Promise<{ executionId: string; status: string }>;
	rows(table?: string): Promise<Array<Record<string, unknown>>>;
	insertRows(table: string, rows: Array<Record<string, unknown>>): Promise<unknown>;
	columns(table: string): Promise<string[]>;
	close(): Promise<void>;
}

/** The credentials the examples name, for the simulator, its notifications and the mail catcher. */
export function apCredentials(simulator: Simulator, mailPort: number, login = AP_WEBHOOK_LOGIN) {
	return [
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
			data: cli.simulatorWebhookCredentialData(simulator, login),
		},
		{
			id: 'smtpDevCatcher01',
			name: 'SMTP (local mail catcher)',
			type: 'smtp',
			data: cli.mailCatcherCredentialData(mailPort),
		},
	];
}

export async function startAccountsPayable(): Promise<AccountsPayable> {
	const simulator = await createSimulator();
	const mail = await startMailCatcher();
	const workflows = Object.fromEntries(
		Object.entries(AP_FILES).map(([name, file]) => [
			`${name}.json`,
			readFileSync(join(PACKAGE_DIR, 'examples', file), 'utf8'),
		]),
	);
	const n8n = await startPublishedN8n({
		credentials: apCredentials(simulator, mail.port),
		workflows,
		publish: [AP_WORKFLOWS.book],
	});
	const bookUrl = `${n8n.base}/webhook/jusbiz/accounts-payable`;
	// n8n registers published webhooks after it reports ready; the trigger's 401 says it is there.
	await waitFor(
		'the booking webhook',
		async () =>
			(await fetch(bookUrl, { method: 'POST', body: '' })).status === 401 ? true : undefined,
		60_000,
	);
	await rest.ensureOwner(n8n.base, OWNER);
	const cookie = await rest.signIn(n8n.base, OWNER);
	return {
		simulator,
		mail,
		n8n,
		bookUrl,
		async run(workflowId) {
			const result = await rest.runManually(n8n.base, cookie, workflowId, { timeoutMs: 600_000 });
			if (result.status !== 'unsaved') return result;
			return { ...result, status: await loggedOutcome(n8n.root, result.executionId) };
		},
		rows: (table = 'jusbiz_invoices') => rest.readRows(n8n.base, cookie, table),
		insertRows: (table, rows) => rest.insertRows(n8n.base, cookie, table, rows),
		columns: async (table) =>
			(await rest.findDataTable(n8n.base, cookie, table)).columns.map(
				(c: { name: string; type: string }) => `${c.name}:${c.type}`,
			),
		async close() {
			await n8n.close();
			await simulator.close();
			await mail.close();
		},
	};
}

/** A request to the simulator as any JusBiz client makes one; JusBiz itself takes past dates. */
export async function provisionDirectly(simulator: Simulator, body: Record<string, string>) {
	const { apiKey, merchantId, keyId } = simulator.credentials;
	const answer = await fetch(`${simulator.url}/ardra/vt/provision/v2`, {
		method: 'POST',
		headers: {
			Authorization: `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`,
			'X-merchantid': merchantId,
			KeyId: keyId,
			'Content-Type': 'application/json',
		},
		body: JSON.stringify({ currency: 'INR', cardAlias: 'corporate-primary', ...body }),
	});
	if (answer.status !== 200) throw new Error(`provision ${body.action}: HTTP ${answer.status}`);
}
