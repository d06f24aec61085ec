import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

import { PACKAGE_DIR } from '../support/fixtures';
import { startMailCatcher, type MailCatcher } from '../../scripts/lib/mail-catcher';
import { readExecutions, type ExecutionRecord } from './support/executions';
import { startPublishedN8n, type Install, type PublishedN8n } from './support/publishedN8n';
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
const ACCEPTED = { status: 'SUCCESS', response: 200 };
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
		},
		publish: [DECLINES_WORKFLOW, ALL_WORKFLOW],
	});
	({ install, root, outputDir, logFile } = n8n);
	const { base } = n8n;
	declinesUrl = `${base}/webhook/juspay/notifications`;
	allUrl = `${base}/webhook/e2e/all-notifications`;
	// n8n registers published workflows' webhooks after it reports ready: until then it answers 404.
	// The trigger's own 401 to a request without a login says it is in place.
	for (const url of [declinesUrl, allUrl]) {
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

it('a decline reaches the finance team by email, from the published example workflow', async () => {
	const result = await simulator.notify({
		url: declinesUrl,
		...login,
		type: 'AuthorizationFailure',
		fields: { errMsg: 'Insufficient Funds', mrchName: 'Acme Supplies', tranAmnt: '980.50' },
	});
	expect(result.status).toBe(200);
	expect(JSON.parse(result.body)).toEqual(ACCEPTED);
	const message = await waitFor('the decline email', () => mail.messages[0]);
	const { payoutId } = result.notification as { payoutId: string };
	expect(message.to).toMatchObject({ text: 'finance@example.com' });
	expect(message.subject).toBe(
		`Card payment declined: ${payoutId} at Acme Supplies (Insufficient Funds)`,
	);
	expect(message.text).toContain(`payout ${payoutId} was declined`);
	expect(message.text).toContain('Decline reason: Insufficient Funds');
	expect(message.text).toContain('Amount: 980.50 INR');
	expect(message.text).toContain('Transaction Decline Error Messages');
});

it('the older AUTHORIZATION_FAILURE spelling is a decline too', async () => {
	const result = await simulator.notify({
		url: declinesUrl,
		...login,
		type: 'AUTHORIZATION_FAILURE',
	});
	expect(result.status).toBe(200);
	await waitFor('the second decline email', () => mail.messages[1]);
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
		expect(result.status).toBe(200);
		expect(JSON.parse(result.body)).toEqual(ACCEPTED);
		expect(result.headers['content-type']).toMatch(/^application\/json/);
		const { payoutId } = result.notification as { payoutId: string };
		const file = join(outputDir, `notification-${payoutId}.json`);
		await waitFor('the written notification', () => (existsSync(file) ? true : undefined));
		expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(result.notification);
	},
);

it('n8n recorded one successful webhook execution per accepted notification, and nothing else', async () => {
	await n8n.stop();
	const executions: ExecutionRecord[] = readExecutions(install, root);
	const summary = executions.map(({ workflowId, status, mode }) => ({ workflowId, status, mode }));
	const declines = { workflowId: DECLINES_WORKFLOW, status: 'success', mode: 'webhook' };
	const all = { workflowId: ALL_WORKFLOW, status: 'success', mode: 'webhook' };
	// 2 declines, then 3 envelopes: the approval (filtered), the 401, the 400s started nothing.
	expect(summary).toEqual([declines, declines, all, all, all]);
	expect(simulator.stats().notifications.map((n) => n.status)).toEqual([
		200, 200, 200, 401, 400, 400, 200, 200, 200,
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
