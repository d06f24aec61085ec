// The package in the real n8n editor, driven through Chromium: the dev environment of `npm run dev`
// (n8n 2.41.1 with the package community-installed, the simulator, a mail catcher, the example
// workflow), signed in through the sign-in page like an operator. The tests run in order on one
// page, each starting where the previous one left the editor.
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'fs';
import { join } from 'path';
import {
	chromium,
	selectors,
	type Browser,
	type Locator,
	type Page,
	type Response,
} from 'playwright-core';

import { knownError } from '../../nodes/JusBiz/transport/knownErrors';

/* eslint-disable @typescript-eslint/no-require-imports */
const { startDevEnvironment, freePort, ACCOUNTS_PAYABLE } =
	require('../../scripts/dev/dev-environment.js') as typeof import('../../scripts/dev/dev-environment.js');
const rest =
	require('../../scripts/lib/n8n-rest.js') as typeof import('../../scripts/lib/n8n-rest.js');
const { cardNumber } = require('../simulator/cards.js') as typeof import('../simulator/cards.js');
/* eslint-enable @typescript-eslint/no-require-imports */

type DevEnvironment = Awaited<ReturnType<typeof startDevEnvironment>>;

const REPO = join(__dirname, '..', '..');
const WORK_DIR = join(REPO, '.output', 'browser');
const SCREENSHOT = join(REPO, 'docs', 'images', 'editor.png');
// The README's pictures of the accounts-payable workflows: pay, book and reconcile.
const apPicture = (name: string) => join(REPO, 'docs', 'images', `accounts-payable-${name}.png`);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const NODE_NAME = 'JusBiz Get Security Code';
const WRONG_API_KEY = 'sim_wrong_api_key';

let dev: DevEnvironment;
let browser: Browser;
let page: Page;

// n8n's editor marks its elements with data-test-id, not Playwright's default data-testid.
selectors.setTestIdAttribute('data-test-id');

const jusBizNode = () =>
	page.locator(`[data-test-id="canvas-node"][data-node-name="${NODE_NAME}"]`);

/** The answer of n8n's credentials tester to the next test the editor asks for. */
function nextCredentialTest(): Promise<Response> {
	return page.waitForResponse(
		(response) =>
			response.url().endsWith('/rest/credentials/test') && response.request().method() === 'POST',
	);
}

/** Waits until an input shows `expected`: the editor fills some inputs after they render. */
async function waitForValue(input: Locator, expected: string): Promise<void> {
	const handle = await input.elementHandle();
	await page
		.waitForFunction(
			({ element, value }) => (element as { value?: string } | null)?.value === value,
			{
				element: handle,
				value: expected,
			},
		)
		.catch(async (error: unknown) => {
			throw new Error(
				`expected the input to show ${JSON.stringify(expected)}, it shows ${JSON.stringify(await input.inputValue())}: ${String(error)}`,
			);
		});
}

beforeAll(async () => {
	if (!existsSync(CHROMIUM)) {
		throw new Error(
			`no Chromium at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH`,
		);
	}
	rmSync(WORK_DIR, { recursive: true, force: true });
	mkdirSync(WORK_DIR, { recursive: true });
	dev = await startDevEnvironment({
		port: await freePort(),
		workDir: WORK_DIR,
		fresh: true,
		logFile: join(WORK_DIR, 'n8n.log'),
		say: () => undefined,
	});
	browser = await chromium.launch({
		executablePath: CHROMIUM,
		// Without the background-networking flags Chromium keeps dialling Google services, which on a
		// closed network only fills the logs with refused connections.
		args: [
			'--headless=new',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
	page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
	page.setDefaultTimeout(30_000);
}, 15 * 60_000);

// What the editor showed at the end of each test, to see where a failing one got stuck.
afterEach(async () => {
	const name = (expect.getState().currentTestName ?? 'test').replace(/\W+/g, '-').slice(0, 60);
	await page?.screenshot({ path: join(WORK_DIR, `after-${name}.png`) }).catch(() => undefined);
});

afterAll(async () => {
	await browser?.close();
	await dev?.stop();
});

it('signs in as the owner through the sign-in page', async () => {
	await page.goto(`${dev.url}/signin`);
	await page.locator('input[name="emailOrLdapLoginId"]').fill(dev.login.email);
	await page.locator('input[name="password"]').fill(dev.login.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
});

it('lists the JusBiz nodes in the nodes panel', async () => {
	await page.goto(dev.workflowUrl);
	await jusBizNode().waitFor();
	await page.getByTestId('node-creator-plus-button').click();
	await page.getByTestId('node-creator-search-bar').fill('JusBiz');
	const names = page.getByTestId('node-creator-item-name');
	await names.filter({ hasText: NODE_NAME }).waitFor();
	await names.filter({ hasText: /^JusBiz$/ }).waitFor();
	expect((await names.allTextContents()).sort()).toEqual(['JusBiz', NODE_NAME]);
	await page.keyboard.press('Escape');
	await page.getByTestId('node-creator').waitFor({ state: 'hidden' });
});

it('offers the JusBiz Trigger under the JusBiz app, one trigger per notification type', async () => {
	await page.goto(`${dev.url}/workflow/new`);
	await page.getByTestId('canvas-add-button').click();
	await page.getByTestId('node-creator-search-bar').fill('JusBiz');
	const names = page.getByTestId('node-creator-item-name');
	// n8n lists a package's trigger inside the app of the same name, not as an entry of its own.
	await names.filter({ hasText: /^JusBiz$/ }).click();
	const triggers = names.filter({ hasText: /^On authorization / });
	await triggers.first().waitFor();
	expect((await triggers.allTextContents()).sort()).toEqual([
		'On authorization failure',
		'On authorization reversal',
		'On authorization success',
	]);
	await names.filter({ hasText: 'On authorization failure' }).click();
	await page.locator('[data-test-id="canvas-node"][data-node-name="JusBiz Trigger"]').waitFor();
	const parameters = page.getByTestId('node-parameters');
	await waitForValue(
		parameters.getByTestId('parameter-input-path').locator('input'),
		'juspay/notifications',
	);
	const events = parameters.getByTestId('parameter-input-events');
	await events.getByText('Authorization Failure').waitFor();
	// The action picked one type, not the default of all three.
	expect(await events.getByText('Authorization Success').count()).toBe(0);
	expect(await events.getByText('Authorization Reversal').count()).toBe(0);
	// The webhook credential the dev environment imported is picked, and its Test passes in n8n.
	await parameters.getByTestId('node-credentials-select').locator('input').waitFor();
	const test = nextCredentialTest();
	await page.getByTestId('credential-edit-button').click();
	expect(await (await test).json()).toEqual({
		data: { status: 'OK', message: 'The credential can authenticate and read notifications' },
	});
	await page.keyboard.press('Escape');
});

it('shows the published declines workflow with its production webhook URL', async () => {
	await page.goto(dev.webhook.workflowUrl);
	const trigger = page.locator('[data-test-id="canvas-node"][data-node-name="JusBiz Trigger"]');
	await trigger.dblclick();
	const parameters = page.getByTestId('node-parameters');
	await parameters.getByText('Webhook URLs').click();
	await parameters.getByTestId('radio-button-production').click();
	await parameters.getByText(`${dev.url}/webhook/juspay/notifications`).waitFor();
	// Respond: the 200 waits for the workflow, so a failed run is sent again by JusBiz.
	await parameters.getByTestId('input-label').filter({ hasText: 'Respond' }).waitFor();
	await waitForValue(
		parameters.getByTestId('parameter-input-respond').locator('input'),
		'After the Workflow Succeeds',
	);
	await page.keyboard.press('Escape');
	await page.goto(dev.workflowUrl);
});

it("renders the node's parameters, with Put Image in Field only when the image is asked for", async () => {
	await jusBizNode().dblclick();
	const parameters = page.getByTestId('node-parameters');
	await parameters.waitFor();
	await parameters.getByTestId('credentials-label').filter({ hasText: 'Credential' }).waitFor();
	const labels = parameters.getByTestId('input-label');
	for (const label of ['Payout ID', 'Include Card Image', 'Put Image in Field']) {
		await labels.filter({ hasText: label }).first().waitFor();
	}
	await waitForValue(
		parameters.getByTestId('node-credentials-select').locator('input'),
		dev.credentials.jusBiz.name,
	);
	expect(await parameters.getByTestId('parameter-input-payoutId').textContent()).toContain(
		'{{ $json.payoutId }}',
	);
	const binaryField = parameters.getByTestId('parameter-input-binaryPropertyName');
	await waitForValue(binaryField.locator('input'), 'data');

	// The field's displayOptions: off hides it, on shows it again (and leaves the workflow as imported).
	const includeImage = parameters
		.getByTestId('parameter-input-isCardImageRequired')
		.locator('.el-switch');
	await includeImage.click();
	await binaryField.waitFor({ state: 'hidden' });
	await includeImage.click();
	await binaryField.waitFor();

	await page.getByTestId('ndv-close-button').click();
	await page.getByTestId('ndv').waitFor({ state: 'hidden' });
});

it('runs the example workflow: security code 119, the card image, and the email with it', async () => {
	await page.getByTestId('execute-workflow-button').click();
	await page.getByText('Workflow executed successfully').waitFor();
	await jusBizNode().getByTestId('canvas-node-status-success').waitFor();

	// The example saves no manual executions (card data), so the run exists only in the editor: read
	// it where the operator does, in the logs panel. Selecting the node on the canvas first makes the
	// panel open on its details (clicking its row would toggle them off if it were already selected).
	await jusBizNode().click();
	await page.getByTestId('logs-overview-header').click();
	await page.getByTestId('log-details-header').filter({ hasText: NODE_NAME }).waitFor();
	const output = page.getByTestId('log-details-output');
	await output.getByTestId('ndv-binary-data_0').waitFor();
	expect(await output.getByTestId('ndv-binary-data_0').textContent()).toMatch(
		/card-PAYOUT_PNG_1\.png.*image\/png/,
	);
	await output.getByTestId('radio-button-table').click();
	const table = output.getByTestId('ndv-data-container');
	await table.getByText('Security code fetched successfully').waitFor();
	const cells = await table.locator('td').allTextContents();
	expect(cells.map((cell) => cell.trim())).toEqual(
		expect.arrayContaining(['SUCCESS', 'PAYOUT_PNG_1', '119']),
	);

	expect(dev.simulator.stats().byPayout).toEqual({ PAYOUT_PNG_1: 1 });
	expect(dev.mail.messages).toHaveLength(1);
	const [mail] = dev.mail.messages;
	expect(mail.subject).toBe('Your virtual card for payout PAYOUT_PNG_1');
	expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
		['card-PAYOUT_PNG_1.png', 'image/png'],
	]);

	await closeNotification('Workflow executed successfully');
});

async function closeNotification(text: string): Promise<void> {
	await page.locator('.el-notification').getByText(text).waitFor();
	await page.locator('.el-notification .el-notification__closeBtn').click();
	await page.locator('.el-notification').waitFor({ state: 'hidden' });
}

it("passes the credential's Test for the simulator credential and shows JusBiz's 401 message for a wrong API key", async () => {
	await jusBizNode().dblclick();
	// Opening a saved credential makes the editor test it right away.
	const before = dev.simulator.stats();
	const firstTest = nextCredentialTest();
	await page.getByTestId('credential-edit-button').click();
	expect(await (await firstTest).json()).toEqual({
		data: { status: 'OK', message: 'Connection successful!' },
	});
	// The answer came from the simulator, not from a check inside n8n.
	expect(dev.simulator.stats().requests).toBe(before.requests + 1);
	const dialog = page.getByTestId('credential-edit-dialog');
	const success = dialog.getByTestId('credentials-config-container-test-success');
	await success.waitFor();
	expect(await success.textContent()).toContain('Connection tested successfully');

	// Retry tests what the form holds, unsaved: the wrong key plus the stored private key.
	await dialog.getByTestId('parameter-input-apiKey').locator('input').fill(WRONG_API_KEY);
	const secondTest = nextCredentialTest();
	await dialog.getByRole('button', { name: 'Retry' }).click();
	const noKey = 'Unauthorised: No key given';
	const message = `JusBiz refused these credentials: ${noKey}. ${knownError(noKey)?.fix}`;
	expect(await (await secondTest).json()).toEqual({ data: { status: 'Error', message } });
	const after = dev.simulator.stats();
	expect(after.requests).toBe(before.requests + 2);
	expect(after.byStatus['401']).toBe((before.byStatus['401'] ?? 0) + 1);
	await dialog.getByText(/connect with these settings/).waitFor();
	await dialog.getByText('More details').click();
	await dialog.getByText(message).waitFor();
});

it('runs the lifecycle example, the one the demo runs, and pictures it for the README', async () => {
	await page.goto(dev.exampleUrl('lifecycle'));
	const cancel = page.locator('[data-test-id="canvas-node"][data-node-name="Cancel Card"]');
	await cancel.waitFor();
	await page.getByTestId('execute-workflow-button').click();
	await cancel.getByTestId('canvas-node-status-success').waitFor();
	await closeNotification('Workflow executed successfully');
	mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
	await page.screenshot({ path: SCREENSHOT });
	expect(statSync(SCREENSHOT).size).toBeLessThan(300 * 1024);
});

it("shows the JusBiz tool among the AI agent's tools, with its ceiling and without Get Security Code", async () => {
	await page.goto(dev.exampleUrl('agent'));
	for (const name of ['get_card_status', 'issue_card', 'cancel_card']) {
		await page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).waitFor();
	}
	await page.locator('[data-test-id="canvas-node"][data-node-name="issue_card"]').dblclick();
	const parameters = page.getByTestId('node-parameters');
	await parameters.waitFor();
	const labels = parameters.getByTestId('input-label');
	await labels.filter({ hasText: 'Max Order Amount' }).first().waitFor();
	expect(await labels.filter({ hasText: 'Include Card Image' }).count()).toBe(0);

	await parameters.getByTestId('parameter-input-operation').click();
	const options = page.locator('.el-select-dropdown:visible .el-select-dropdown__item');
	await options.first().waitFor();
	// Each entry reads name then description; n8n appends its own Custom API Call.
	const entries = (await options.allTextContents()).map((text) => text.trim());
	for (const name of ['Create', 'Delete', 'Get Status', 'Update']) {
		expect(entries.filter((entry) => entry.startsWith(name))).toHaveLength(1);
	}
	expect(entries.filter((entry) => /Security Code/.test(entry))).toEqual([]);
	await page.keyboard.press('Escape');
	await page.getByTestId('ndv-close-button').click();
	await page.getByTestId('ndv').waitFor({ state: 'hidden' });
});

// The accounts-payable examples as `npm run dev` leaves them: tables set up, six sample invoices.
type InvoiceRow = Record<string, unknown> & { invoiceId: string; status: string | null };

const canvasNode = (name: string) =>
	page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);

async function invoiceRows(): Promise<InvoiceRow[]> {
	// n8n listens on 127.0.0.1 only; Node's fetch may try ::1 first for "localhost".
	const base = dev.url.replace('localhost', '127.0.0.1');
	const cookie = await rest.signIn(base, dev.login);
	return (await rest.readRows(base, cookie, 'jusbiz_invoices')) as InvoiceRow[];
}

const statusOf = async (invoiceId: string) =>
	(await invoiceRows()).find((row) => row.invoiceId === invoiceId)?.status;

/** Opens an example in the editor and waits for every node of its file on the canvas. */
async function openExample(name: keyof typeof ACCOUNTS_PAYABLE): Promise<string[]> {
	const workflow = JSON.parse(readFileSync(ACCOUNTS_PAYABLE[name], 'utf8')) as {
		nodes: Array<{ name: string; type: string }>;
	};
	const names = workflow.nodes
		.filter((node) => node.type !== 'n8n-nodes-base.stickyNote')
		.map((node) => node.name);
	await page.goto(dev.accountsPayable.workflowUrls[name]);
	for (const node of names) await canvasNode(node).waitFor();
	expect(await page.locator('[data-test-id="canvas-node"]').count()).toBe(names.length);
	return names;
}

/**
 * The whole workflow, legible, for the README: the logs panel folded away (it lists runs, and an
 * open node's output would show card data) and the canvas zoomed to fit.
 */
async function pictureWorkflow(name: string): Promise<void> {
	if (await page.getByTestId('logs-overview-body').isVisible()) {
		await page.getByTestId('logs-overview-header').click();
		await page.getByTestId('logs-overview-body').waitFor({ state: 'hidden' });
	}
	await page.getByTestId('zoom-to-fit').click();
	// One step back where the editor floats its "Execute workflow" button over a fitted canvas's
	// bottom row (the Executions tab has no such button).
	if (await page.getByTestId('execute-workflow-button').isVisible()) {
		await page.getByTestId('zoom-out-button').click();
	}
	// The canvas animates each zoom; a picture taken at once catches it halfway.
	await page.waitForTimeout(800);
	const file = apPicture(name);
	await page.screenshot({ path: file });
	expect(statSync(file).size).toBeLessThan(300 * 1024);
}

it('pays the sample invoices from the editor and pictures the pay workflow', async () => {
	expect(dev.accountsPayable).toMatchObject({ seeded: 6, invoices: 6 });
	expect((await invoiceRows()).map((row) => [row.invoiceId, row.status])).toEqual(
		[1001, 1002, 1003, 1004, 1005, 1006].map((n) => [`INV-${n}`, null]),
	);
	const mailsBefore = dev.mail.messages.length;
	await openExample('pay');
	await page.getByTestId('execute-workflow-button').click();
	await page.getByText('Workflow executed successfully').waitFor();
	for (const node of ['Issue Card', 'Get Security Code', 'Email Supplier', 'Mark Issued']) {
		await canvasNode(node).getByTestId('canvas-node-status-success').waitFor();
	}
	await canvasNode('Mark Refused').getByTestId('canvas-node-status-success').waitFor();
	await closeNotification('Workflow executed successfully');

	// Four approved invoices paid, the one not approved left alone, the bad payout ID refused.
	const rows = await invoiceRows();
	expect(rows.map((row) => [row.invoiceId, row.status])).toEqual([
		['INV-1001', 'issued'],
		['INV-1002', 'issued'],
		['INV-1003', 'issued'],
		['INV-1004', 'issued'],
		['INV-1005', null],
		['INV-1006', 'refused'],
	]);
	const supplierMails = dev.mail.messages.slice(mailsBefore);
	expect(supplierMails.map((mail) => mail.subject).sort()).toEqual(
		[1001, 1002, 1003, 1004].map((n) => `Payment for invoice INV-${n}: your virtual card`),
	);

	await pictureWorkflow('pay');
	// The picture is of the canvas only: no card number anywhere on the page it was taken of.
	const text = (await page.locator('body').textContent()) ?? '';
	for (const n of [1001, 1002, 1003, 1004]) expect(text).not.toContain(cardNumber(`AP_INV_${n}`));
});

it('books a payment and a decline JusBiz pushes, and pictures the executed booking workflow', async () => {
	const notify = (fields: Record<string, string>, reason?: string) =>
		dev.simulator.notify({
			url: dev.accountsPayable.webhookUrl.replace('localhost', '127.0.0.1'),
			username: dev.webhook.username,
			password: dev.webhook.password,
			type: reason ? 'AuthorizationFailure' : 'AuthorizationSuccess',
			reason,
			fields,
		});
	expect((await notify({ payoutId: 'AP_INV_1001', tranAmnt: '1250.50' })).status).toBe(200);
	expect(
		(await notify({ payoutId: 'AP_INV_1002', tranAmnt: '800.00' }, 'Do Not Honor')).status,
	).toBe(200);
	// Booking answers JusBiz once the row is written, so the rows are already booked.
	expect(await statusOf('INV-1001')).toBe('paid');
	expect(await statusOf('INV-1002')).toBe('declined');

	await openExample('book');
	// The production runs are in the Executions tab: the newest one (the decline) opens there,
	// drawn as it ran.
	await page.goto(`${dev.accountsPayable.workflowUrls.book}/executions`);
	const executions = page.locator('[data-test-id^="execution-details-"]');
	await executions.first().waitFor();
	expect(await executions.count()).toBe(2);
	// The newest run (the decline) is drawn as it ran, beside the list of runs.
	for (const node of ['JusBiz Trigger', 'Book Decline', 'Email Finance', 'Log Authorization']) {
		await canvasNode(node).getByTestId('canvas-node-status-success').waitFor();
	}
	// A published workflow opens n8n's Production Checklist over the list; it is not ours to show.
	// It opens a moment after the page, so give it that moment before deciding it is not there.
	const checklistClose = page.getByTestId('suggested-actions-close');
	const checklistShown = await checklistClose
		.waitFor({ timeout: 5_000 })
		.then(() => true)
		.catch(() => false);
	if (checklistShown) {
		await checklistClose.click();
		await checklistClose.waitFor({ state: 'hidden' });
	}
	await pictureWorkflow('book');
});

it('reconciles from the editor, emails the summary, and pictures the reconcile workflow', async () => {
	const mailsBefore = dev.mail.messages.length;
	await openExample('reconcile');
	await page.getByTestId('execute-workflow-button').click();
	await page.getByText('Workflow executed successfully').waitFor();
	for (const node of ['Get Card Status', 'Reconcile Row', 'Email Summary']) {
		await canvasNode(node).getByTestId('canvas-node-status-success').waitFor();
	}
	await closeNotification('Workflow executed successfully');
	const summary = dev.mail.messages
		.slice(mailsBefore)
		.filter((mail) => JSON.stringify(mail.to).includes('finance@example.com'));
	expect(summary).toHaveLength(1);
	expect(summary[0].subject).toMatch(/^Virtual cards on /);
	const paid = (await invoiceRows()).find((row) => row.invoiceId === 'INV-1001');
	expect(paid).toMatchObject({ status: 'paid', cardState: 'REDEEMED' });
	await pictureWorkflow('reconcile');
});
