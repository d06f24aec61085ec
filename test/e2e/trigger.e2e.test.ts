import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

import type { IDataObject } from 'n8n-workflow';

import { PACKAGE_DIR } from '../support/fixtures';
import { notificationDecline, type Decline } from '../support/n8n/builtPackage';
import { startMailCatcher, type MailCatcher } from '../../scripts/lib/mail-catcher';
import { readExecutions, type ExecutionRecord } from '../support/n8n/executions';
import { startPublishedN8n, type Install, type PublishedN8n } from '../support/n8n/publishedN8n';
import { waitFor } from '../support/waitFor';

/* eslint-disable @typescript-eslint/no-require-imports */
const cli =
	require('../../scripts/lib/n8n-cli.js') as typeof import('../../scripts/lib/n8n-cli.js');
const { createSimulator } =
	require('../simulator/server.js') as typeof import('../simulator/server.js');
/* eslint-enable @typescript-eslint/no-require-imports */

// The real n8n 2.41.1 as operators run it in production: the packed tarball community-installed,
// workflows imported and published with its CLI, `n8n start`, and the simulator posting to the
// production webhook URLs, as JusBiz would.
const USERNAME = 'jusbiz-notify';
const PASSWORD = 'wh-pass-E2E-CANARY-51c0';
const DECLINES_WORKFLOW = 'jusbizDeclines01';
const ALL_WORKFLOW = 'jusbizE2eNotify1';
const ON_RECEIVED_WORKFLOW = 'jusbizE2eOnRecv1';
const ACCEPTED = { status: 'SUCCESS', response: 200 };
/** The answer once the workflow has succeeded (Respond "After the Workflow Succeeds"). */
const DONE = '';
const login = { username: USERNAME, password: PASSWORD };

type Simulator = Awaited<ReturnType<typeof createSimulator>>;

let install: Install;
let simulator: Simulator;
let mail: MailCatcher;
let root: string;
let outputDir: string;
let logFile: string;
let n8n: PublishedN8n;
let declinesUrl: string;
let allUrl: string;
let onReceivedUrl: string;

beforeAll(async () => {
	simulator = await createSimulator();
	mail = await startMailCatcher();
	n8n = await startPublishedN8n({
		credentials: [
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
				data: cli.mailCatcherCredentialData(mail.port),
			},
		],
		workflows: {
			'declines.json': readFileSync(
				join(PACKAGE_DIR, 'examples', 'authorization-declines.workflow.json'),
				'utf8',
			),
			'all.json': readFileSync(
				join(__dirname, 'published', 'all-notifications.workflow.json'),
				'utf8',
			),
			'on-received.json': readFileSync(
				join(__dirname, 'published', 'on-received-fails.workflow.json'),
				'utf8',
			),
		},
		publish: [DECLINES_WORKFLOW, ALL_WORKFLOW, ON_RECEIVED_WORKFLOW],
	});
	({ install, root, outputDir, logFile } = n8n);
	const { base } = n8n;
	declinesUrl = `${base}/webhook/juspay/notifications`;
	allUrl = `${base}/webhook/e2e/all-notifications`;
	onReceivedUrl = `${base}/webhook/e2e/on-received`;
	// n8n registers published workflows' webhooks after it reports ready: until then it answers 404.
	// The trigger's own 401 to a request without a login says it is in place.
	for (const url of [declinesUrl, allUrl, onReceivedUrl]) {
		await waitFor(
			`the webhook ${url}`,
			async () => {
				const answer = await fetch(url, { method: 'POST', body: '' });
				return answer.status === 401 ? true : undefined;
			},
			60_000,
		);
	}
}, 15 * 60_000);

afterAll(async () => {
	await n8n?.close();
	await simulator?.close();
	await mail?.close();
});

/** The decline the Trigger puts on a notification, from the built package the CLI loaded. */
function declineOf(notification: Record<string, unknown>): Decline {
	const decline = notificationDecline(notification as IDataObject);
	if (decline === undefined) throw new Error('not a failure notification');
	return decline;
}

it('a decline reaches finance by email saying what happened and what to do, answered 200 after it', async () => {
	const result = await simulator.notify({
		url: declinesUrl,
		...login,
		reason: 'Do Not Honor',
		subType: 'SPVTA',
		fields: { mrchName: 'Acme Supplies', tranAmnt: '1300.00', payoutAmnt: '1250.00' },
	});
	expect(result.status).toBe(200);
	expect(result.body).toBe(DONE);
	const message = await waitFor('the decline email', () => mail.messages[0]);
	const { payoutId } = result.notification as { payoutId: string };
	const decline = declineOf(result.notification);
	expect(decline).toMatchObject({ code: 'overCardAmount', subType: 'SPVTA', isDecline: true });
	expect(message.to).toMatchObject({ text: 'finance@example.com' });
	expect(message.subject).toBe(`Card payment declined: ${payoutId} at Acme Supplies`);
	expect(message.text).toContain(`payout ${payoutId} was declined`);
	expect(message.text).toContain(`What happened: ${decline.meaning}`);
	expect(message.text).toContain(`What to do: ${decline.action}`);
	expect(message.text).toContain('Amount: 1300.00 INR (card issued for 1250.00 INR)');
	expect(message.text).not.toContain(decline.code);
});

it('the older AUTHORIZATION_FAILURE spelling is a decline too', async () => {
	const result = await simulator.notify({
		url: declinesUrl,
		...login,
		type: 'AUTHORIZATION_FAILURE',
		reason: 'NOT SUFFICIENT FUNDS',
	});
	expect(result.status).toBe(200);
	const message = await waitFor('the second decline email', () => mail.messages[1]);
	expect(message.text).toContain(`What to do: ${declineOf(result.notification).action}`);
});

it('a re-sent copy of a processed notification is answered 200 and dropped: no second email', async () => {
	const first = await simulator.notify({ url: declinesUrl, ...login, reason: 'SUSPECTED FRAUD' });
	expect(first.status).toBe(200);
	await waitFor('the email of the first copy', () => mail.messages[2]);
	const copy = await simulator.notify({ url: declinesUrl, ...login, copyOf: first.notification });
	expect([copy.status, copy.body]).toEqual([200, DONE]);
	// The copy's execution has ended by the time it is answered: any email would be here by now.
	await new Promise((resolve) => setTimeout(resolve, 1000));
	expect(mail.messages).toHaveLength(3);
});

it('an account verification is answered 200 and emails nobody', async () => {
	const result = await simulator.notify({
		url: declinesUrl,
		...login,
		reason: 'NO REASON TO DECLINE',
	});
	expect([result.status, result.body]).toEqual([200, DONE]);
	expect(declineOf(result.notification).isDecline).toBe(false);
	await new Promise((resolve) => setTimeout(resolve, 1000));
	expect(mail.messages).toHaveLength(3);
});

it('the mail server refuses: JusBiz gets 500, sends it again, and the copy is emailed once', async () => {
	mail.refuseNext(1);
	const result = await simulator.notify({
		url: declinesUrl,
		...login,
		reason: 'INCORRECT CVV',
		retry: { attempts: 3 },
	});
	expect(result.attempts.map((a) => a.status)).toEqual([500, 200]);
	expect(result.body).toBe(DONE);
	const message = await waitFor('the email of the re-sent notification', () => mail.messages[3]);
	expect(message.text).toContain(`What happened: ${declineOf(result.notification).meaning}`);
	await new Promise((resolve) => setTimeout(resolve, 1000));
	expect(mail.messages).toHaveLength(4);
});

it('an approval is answered 200 and filtered out by the declines-only workflow', async () => {
	const result = await simulator.notify({
		url: declinesUrl,
		...login,
		type: 'AuthorizationSuccess',
	});
	expect(result.status).toBe(200);
	expect(JSON.parse(result.body)).toEqual(ACCEPTED);
});

it('a wrong password gets 401 with a Basic challenge', async () => {
	const result = await simulator.notify({
		url: declinesUrl,
		username: USERNAME,
		password: 'not-the-password',
	});
	expect(result.status).toBe(401);
	expect(result.headers['www-authenticate']).toBe('Basic realm="JusBiz"');
	expect(JSON.parse(result.body)).toMatchObject({ status: 'FAILURE', error: 'authentication' });
});

it('a notification signed with another key gets 400, saying the signature is why', async () => {
	const result = await simulator.notify({ url: declinesUrl, ...login, signer: 'other' });
	expect(result.status).toBe(400);
	expect(JSON.parse(result.body)).toMatchObject({
		status: 'FAILURE',
		response: 400,
		error: 'signature',
	});
});

it('a notification for another key (keyUuid) gets 400', async () => {
	const result = await simulator.notify({ url: declinesUrl, ...login, keyUuid: 'key_OTHER' });
	expect(result.status).toBe(400);
	expect(JSON.parse(result.body)).toMatchObject({ error: 'keyUuid' });
});

it.each([
	['raw', 'compact', 'compact'],
	['encryptedResponse', 'juspay', 'juspay'],
	['body', 'node-jose', 'compact'],
] as const)(
	"%s envelope, %s JWE, %s JWS: the workflow receives every field under JusBiz's names",
	async (envelope, jwe, jws) => {
		const result = await simulator.notify({
			url: allUrl,
			...login,
			type: 'AuthorizationReversal',
			envelope,
			jwe,
			jws,
		});
		// The last node holds a security code and a card number: JusBiz gets none of it.
		expect([result.status, result.body]).toEqual([200, DONE]);
		const { payoutId, tranId, rqstType } = result.notification as Record<string, string>;
		const file = join(outputDir, `notification-${payoutId}.json`);
		await waitFor('the written notification', () => (existsSync(file) ? true : undefined));
		expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
			...result.notification,
			notificationId: `${rqstType}:${payoutId}:${tranId}`,
		});
	},
);

it('Respond "When Received": JusBiz\'s documented 200 at once, although the workflow then fails', async () => {
	const result = await simulator.notify({ url: onReceivedUrl, ...login, retry: { attempts: 3 } });
	expect(result.attempts.map((a) => a.status)).toEqual([200]);
	expect(JSON.parse(result.body)).toEqual(ACCEPTED);
});

it('n8n recorded one execution per accepted notification and delivery, and nothing else', async () => {
	await n8n.stop();
	const executions: ExecutionRecord[] = readExecutions(install, root);
	const summary = executions.map(({ workflowId, status }) => `${workflowId} ${status}`);
	const declines = `${DECLINES_WORKFLOW} success`;
	const all = `${ALL_WORKFLOW} success`;
	// 2 declines, a notification and its copy, a verification, a refused email (error) and its
	// re-sent copy; then 3 envelopes; the approval (filtered), the 401 and the 400s started nothing.
	expect(summary).toEqual([
		declines,
		declines,
		declines,
		declines,
		declines,
		`${DECLINES_WORKFLOW} error`,
		declines,
		all,
		all,
		all,
		`${ON_RECEIVED_WORKFLOW} error`,
	]);
	expect(simulator.stats().notifications.map((n) => n.status)).toEqual([
		200, 200, 200, 200, 200, 500, 200, 200, 401, 400, 400, 200, 200, 200, 200,
	]);
});

it("n8n's log holds neither the webhook password nor the Authorization value", () => {
	const log = readFileSync(logFile, 'utf8');
	expect(log).toMatch(/JusBiz Trigger refused a notification \(400\)/);
	for (const secret of [
		PASSWORD,
		Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64'),
		Buffer.from(`${USERNAME}:not-the-password`).toString('base64'),
		'not-the-password',
		simulator.credentials.privateKeyPem.split('\n')[1],
	]) {
		expect(log).not.toContain(secret);
	}
});
