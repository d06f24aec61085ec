// The package in the real n8n editor, driven through Chromium: the dev environment of `npm run dev`
// (n8n 2.41.1 with the package community-installed, the simulator, a mail catcher, the example
// workflow), signed in through the sign-in page like an operator. The tests run in order on one
// page, each starting where the previous one left the editor.
import { existsSync, mkdirSync, rmSync, statSync } from 'fs';
import { join } from 'path';
import {
	chromium,
	selectors,
	type Browser,
	type Locator,
	type Page,
	type Response,
} from 'playwright-core';

import { knownError } from '../../nodes/JusBiz/api/knownErrors';

/* eslint-disable @typescript-eslint/no-require-imports */
const { startDevEnvironment, freePort } =
	require('../../scripts/dev/dev-environment.js') as typeof import('../../scripts/dev/dev-environment.js');

type DevEnvironment = Awaited<ReturnType<typeof startDevEnvironment>>;

const REPO = join(__dirname, '..', '..');
const WORK_DIR = join(REPO, '.output', 'browser');
const SCREENSHOT = join(REPO, 'docs', 'images', 'editor.png');
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
