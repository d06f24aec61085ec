// @ts-check
// The n8n editor (real n8n 2.41.1, `n8n start`) with this package installed the way the
// community-nodes installer does it, the JusBiz simulator and a mail catcher in this process, the
// credentials the example workflow names, the example workflows, an owner account, and the
// accounts-payable Data Tables with six sample invoices: what `npm run dev` shows an operator and
// what the browser test drives. Needs `npm run build` first.
'use strict';

const fs = require('fs');
const net = require('net');
const path = require('path');

const { ensureN8nInstalled } = require('../lib/n8n-install');
const { delay, freePort, startN8nProcess } = require('../lib/n8n-process');
const cli = require('../lib/n8n-cli');
const rest = require('../lib/n8n-rest');
const { createSimulator } = require('../../test/simulator/server');
const { startMailCatcher, describeMail } = require('../lib/mail-catcher');

const repo = path.resolve(__dirname, '..', '..');
const EXAMPLE_WORKFLOW = path.join(repo, 'examples', 'get-security-code.workflow.json');
// Uses the same credential ids, so both examples run against this environment unchanged.
const LIFECYCLE_WORKFLOW = path.join(repo, 'examples', 'virtual-card-lifecycle.workflow.json');
// Published before n8n starts, so the simulator can push notifications to it at once.
const DECLINES_WORKFLOW = path.join(repo, 'examples', 'authorization-declines.workflow.json');
// The JusBiz tool behind an AI Agent with human review, and behind an MCP Server Trigger.
const AGENT_WORKFLOW = path.join(repo, 'examples', 'ai-agent-with-review.workflow.json');
const MCP_WORKFLOW = path.join(repo, 'examples', 'mcp-server.workflow.json');
// The accounts-payable job on Data Tables: set up, pay, book (published), reconcile.
const ACCOUNTS_PAYABLE = Object.freeze({
	setup: path.join(repo, 'examples', 'accounts-payable-setup.workflow.json'),
	pay: path.join(repo, 'examples', 'accounts-payable-pay-invoices.workflow.json'),
	book: path.join(repo, 'examples', 'accounts-payable-book-authorizations.workflow.json'),
	reconcile: path.join(repo, 'examples', 'accounts-payable-reconcile.workflow.json'),
});
const INVOICES_TABLE = 'jusbiz_invoices';
// The Basic login of the dev webhook credential: what an operator would give JusBiz.
const WEBHOOK_LOGIN = Object.freeze({ username: 'jusbiz-notify', password: 'JusBizWebhookDev1' });
// The example file has no id (an id in a file users import by hand could clash); this one makes the
// workflow URL predictable and lets a re-run overwrite the previous import instead of adding one.
const WORKFLOW_ID = 'jusbizExample001';
const DEFAULT_PORT = 5678;
// Fixed so that a persistent dev folder keeps working across runs; the editor listens on 127.0.0.1 only.
const LOGIN = Object.freeze({
	email: 'dev@example.com',
	password: 'JusBizDev1234',
	firstName: 'Dev',
	lastName: 'Operator',
});

/**
 * @typedef {import('../../test/simulator/server').Simulator} Simulator
 * @typedef {import('../lib/mail-catcher').MailCatcher} MailCatcher
 * @typedef {{ id: string, name: string }} CredentialRef
 *
 * @typedef {object} DevEnvironmentOptions
 * @property {number} [port] the editor's port (default: N8N_PORT or 5678)
 * @property {string} [workDir] holds the n8n user folder (default: .output/dev); kept across runs
 * @property {boolean} [fresh] delete the user folder first: a new database and owner
 * @property {string} [logFile] write n8n's output there instead of streaming it to this console
 * @property {(line: string) => void} [say] progress messages (default: stdout)
 *
 * @typedef {object} DevEnvironment
 * @property {string} url the editor, e.g. http://localhost:5678
 * @property {{ email: string, password: string }} login
 * @property {{ url: string, username: string, password: string, workflowUrl: string }} webhook the
 *   published declines example's production webhook and its Basic login
 * @property {string} workflowId
 * @property {string} workflowUrl
 * @property {(example: 'lifecycle' | 'agent') => string} exampleUrl the editor URL of an example
 * @property {{ seeded: number, invoices: number, workflowUrls: Record<'setup' | 'pay' | 'book' | 'reconcile', string>, webhookUrl: string }} accountsPayable
 *   the accounts-payable examples: invoices seeded this start (0 when the table had rows) and in
 *   the table, editor URLs, and the published booking workflow's production webhook
 * @property {{ jusBiz: CredentialRef, smtp: CredentialRef }} credentials as imported
 * @property {Simulator} simulator
 * @property {MailCatcher} mail
 * @property {string} userFolder
 * @property {Promise<string>} n8nExited settles (with the reason) when n8n's process ends
 * @property {() => Promise<void>} stop stops n8n, the simulator and the mail catcher
 */

/** @param {string} line */
const defaultSay = (line) => process.stdout.write(`${line}\n`);

/**
 * n8n only logs EADDRINUSE deep in its startup output; say it plainly before starting anything.
 * @param {number} port
 */
function assertPortFree(port) {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', (/** @type {NodeJS.ErrnoException} */ error) => {
			reject(
				error.code === 'EADDRINUSE'
					? new Error(`port ${port} is in use; pass --port <n> or set N8N_PORT`)
					: error,
			);
		});
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(undefined)));
	});
}

/**
 * The credentials the example workflow's nodes name: importing them under the same ids makes the
 * imported workflow ready to run without picking credentials by hand.
 * @param {{ nodes: Array<{ type: string, credentials?: Record<string, CredentialRef> }> }} workflow
 */
function credentialRefs(workflow) {
	/** @param {string} type */
	const find = (type) => {
		const ref = workflow.nodes.find((node) => node.credentials?.[type])?.credentials?.[type];
		if (!ref) throw new Error(`the example workflow has no node with a ${type} credential`);
		return ref;
	};
	return { jusBiz: find('jusBizApi'), smtp: find('smtp') };
}

/**
 * @param {string} file
 * @param {string} type
 * @returns {CredentialRef}
 */
function credentialOf(file, type) {
	const workflow = JSON.parse(fs.readFileSync(file, 'utf8'));
	/** @type {Array<{ credentials?: Record<string, CredentialRef> }>} */
	const nodes = workflow.nodes;
	const ref = nodes.find((node) => node.credentials?.[type])?.credentials?.[type];
	if (!ref) throw new Error(`${path.basename(file)} has no node with a ${type} credential`);
	return ref;
}

/**
 * @param {{ node24: string, n8nBin: string }} install
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 * @param {RegExp} success n8n's import commands log their errors and still exit 0
 */
async function importInto(install, args, env, success) {
	const result = await cli.runN8n(install, args, env);
	if (result.code !== 0 || !success.test(result.stdout + result.stderr)) {
		throw new Error(`n8n ${args[0]} failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
	}
}

/**
 * REST routes are registered after the HTTP server (and /healthz) is up, so /rest/settings, which
 * the sign-in page itself loads, is the signal that the editor is usable.
 * @param {string} apiBase
 * @param {() => string | undefined} exited why n8n is gone, if it is
 * @param {number} timeoutMs
 */
async function waitForEditor(apiBase, exited, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const gone = exited();
		if (gone) throw new Error(gone);
		try {
			const settings = await rest.call(apiBase, '/rest/settings');
			// On a fresh database n8n can answer 200 before the settings exist: wait for the data.
			if (settings.status === 200 && settings.body?.data?.userManagement) return settings.body.data;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) throw new Error(`n8n was not ready within ${timeoutMs / 1000} s`);
		await delay(500);
	}
}

/**
 * Signs in as the dev owner and opens the workflow the way the editor does: proves the login works
 * and that the import landed in a project the owner sees.
 * @param {string} apiBase
 * @param {string} workflowId
 */
async function checkOwnerSeesWorkflow(apiBase, workflowId) {
	const cookie = await rest.signIn(apiBase, LOGIN).catch((/** @type {Error} */ error) => {
		throw new Error(
			`${error.message}; the owner of this dev folder may have another password: run with --fresh to start over`,
		);
	});
	const workflow = await rest.call(apiBase, `/rest/workflows/${workflowId}`, { cookie });
	if (workflow.status !== 200) {
		throw new Error(`the owner cannot open workflow ${workflowId}: HTTP ${workflow.status}`);
	}
}

/**
 * The accounts-payable workflows name credentials by id; the import only works unchanged if those
 * are the ones this environment imports. Fails at start-up rather than with a node that asks the
 * operator to pick a credential.
 * @param {Array<{ id: string, type: string }>} imported
 */
function checkAccountsPayableCredentials(imported) {
	for (const file of Object.values(ACCOUNTS_PAYABLE)) {
		/** @type {{ nodes: Array<{ name: string, credentials?: Record<string, CredentialRef> }> }} */
		const workflow = JSON.parse(fs.readFileSync(file, 'utf8'));
		for (const node of workflow.nodes) {
			for (const [type, ref] of Object.entries(node.credentials ?? {})) {
				if (!imported.some((c) => c.id === ref.id && c.type === type)) {
					throw new Error(
						`${path.basename(file)}: node "${node.name}" names ${type} credential ${ref.id}, which the dev environment does not create`,
					);
				}
			}
		}
	}
}

/** @param {string} file */
const workflowIdOf = (file) => /** @type {string} */ (JSON.parse(fs.readFileSync(file, 'utf8')).id);

/** @param {string} file */
function triggerPathOf(file) {
	/** @type {{ nodes: Array<{ type: string, parameters: { path?: string } }> }} */
	const workflow = JSON.parse(fs.readFileSync(file, 'utf8'));
	const trigger = workflow.nodes.find((node) => node.type === 'n8n-nodes-jusbiz.jusBizTrigger');
	if (!trigger?.parameters.path)
		throw new Error(`${path.basename(file)} has no JusBiz Trigger path`);
	return trigger.parameters.path;
}

/**
 * Six invoices that show every path of the pay workflow: four paid by card, one not approved yet
 * (left alone), one refused by the package's rules (a `-` in its payout ID). The end date is a full
 * UTC timestamp: a date-only string would be read in n8n's time zone and could land a day early.
 * @param {Date} now
 */
function sampleInvoices(now) {
	const endDate = new Date(
		Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 3, now.getUTCDate()),
	).toISOString();
	/** @param {number} n @param {string} supplierName @param {number} amount */
	const invoice = (n, supplierName, amount) => ({
		invoiceId: `INV-${n}`,
		supplierName,
		supplierEmail: `billing@${supplierName.toLowerCase().replace(/\W+/g, '-')}.example.com`,
		payoutId: `AP_INV_${n}`,
		amount,
		currency: 'INR',
		endDate,
		approved: true,
	});
	return [
		invoice(1001, 'Acme Supplies', 1250.5),
		invoice(1002, 'Bharat Logistics', 800),
		invoice(1003, 'Chennai Print Works', 4200),
		invoice(1004, 'Delta Office Care', 99.99),
		{ ...invoice(1005, 'Everest Catering', 640), approved: false },
		{ ...invoice(1006, 'Fastline Couriers', 310), payoutId: 'AP-INV-1006' },
	];
}

/**
 * Runs the set-up workflow (it creates the tables unless they exist, so every start may run it) and
 * seeds the sample invoices into an empty invoices table only: a dev folder kept across runs keeps
 * its rows, and the operator's edits to them, instead of getting six more each time.
 * @param {string} apiBase
 * @returns {Promise<{ seeded: number, invoices: number }>}
 */
async function prepareAccountsPayable(apiBase) {
	const cookie = await rest.signIn(apiBase, LOGIN);
	const setup = await rest.runManually(apiBase, cookie, workflowIdOf(ACCOUNTS_PAYABLE.setup), {
		timeoutMs: 120_000,
	});
	if (setup.status !== 'success') {
		throw new Error(
			`the accounts-payable set-up workflow ended with ${setup.status}: ${JSON.stringify(setup.error ?? {})}`,
		);
	}
	const existing = await rest.readRows(apiBase, cookie, INVOICES_TABLE);
	if (existing.length > 0) return { seeded: 0, invoices: existing.length };
	const rows = sampleInvoices(new Date());
	await rest.insertRows(apiBase, cookie, INVOICES_TABLE, rows);
	return { seeded: rows.length, invoices: rows.length };
}

/**
 * @param {DevEnvironmentOptions} [options]
 * @returns {Promise<DevEnvironment>}
 */
async function startDevEnvironment(options = {}) {
	const say = options.say ?? defaultSay;
	const port = options.port ?? Number(process.env.N8N_PORT || DEFAULT_PORT);
	const workDir = options.workDir ?? path.join(repo, '.output', 'dev');
	const userFolder = path.join(workDir, 'n8n');
	const filesDir = path.join(workDir, 'files');
	const url = `http://localhost:${port}`;
	// Node's fetch may try ::1 first for "localhost"; n8n listens on 127.0.0.1 only.
	const apiBase = `http://127.0.0.1:${port}`;

	await assertPortFree(port);
	const install = await ensureN8nInstalled();
	if (options.fresh) fs.rmSync(userFolder, { recursive: true, force: true });
	fs.mkdirSync(userFolder, { recursive: true });
	fs.mkdirSync(filesDir, { recursive: true });

	/** @type {Array<() => Promise<void>>} */
	const cleanups = [];
	const stopAll = async () => {
		for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
	};

	try {
		const simulator = await createSimulator();
		cleanups.push(() => simulator.close());
		say(`JusBiz simulator: ${simulator.url}`);
		const mail = await startMailCatcher({
			onMail: (message) => say(`[mail catcher] ${describeMail(message)}`),
		});
		cleanups.push(() => mail.close());
		say(`Mail catcher (SMTP): 127.0.0.1:${mail.port}`);

		const tarball = cli.packPackage(repo, path.join(workDir, 'pack'));
		const version = cli.installCommunityPackage(userFolder, tarball);
		say(`Installed n8n-nodes-jusbiz@${version} into ${path.relative(repo, userFolder)}/.n8n/nodes`);

		const env = cli.n8nEnvironment({
			userFolder,
			fileAccessDir: filesDir,
			brokerPort: await freePort(),
			extra: {
				N8N_PORT: String(port),
				N8N_HOST: 'localhost',
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				N8N_EDITOR_BASE_URL: url,
				// Plain http on localhost: a secure cookie would never be sent back.
				N8N_SECURE_COOKIE: 'false',
				N8N_DIAGNOSTICS_ENABLED: 'false',
				N8N_RESTRICT_FILE_ACCESS_TO: filesDir,
				// Its start-up refresh fetches api.n8n.io and logs a stack trace when offline; the JusBiz
				// node does not need it.
				N8N_DISABLED_MODULES: 'mcp-registry',
				// The nodes panel's catalogue of installable verified community nodes, also from
				// api.n8n.io; packages installed on disk (this one) are listed without it.
				N8N_VERIFIED_PACKAGES_ENABLED: 'false',
			},
		});

		const example = JSON.parse(fs.readFileSync(EXAMPLE_WORKFLOW, 'utf8'));
		const credentials = credentialRefs(example);
		const webhookCredential = credentialOf(DECLINES_WORKFLOW, 'jusBizWebhookApi');
		const declinesId = JSON.parse(fs.readFileSync(DECLINES_WORKFLOW, 'utf8')).id;
		const credentialsFile = path.join(workDir, 'credentials.json');
		const workflowFile = path.join(workDir, 'workflow.json');
		const credentialList = [
			{
				...credentials.jusBiz,
				type: 'jusBizApi',
				data: cli.simulatorCredentialData(simulator),
			},
			{
				...credentials.smtp,
				type: 'smtp',
				data: cli.mailCatcherCredentialData(mail.port),
			},
			{
				...webhookCredential,
				type: 'jusBizWebhookApi',
				data: cli.simulatorWebhookCredentialData(simulator, WEBHOOK_LOGIN),
			},
		];
		checkAccountsPayableCredentials(credentialList);
		fs.writeFileSync(credentialsFile, JSON.stringify(credentialList), { mode: 0o600 });
		fs.writeFileSync(workflowFile, JSON.stringify({ ...example, id: WORKFLOW_ID }));
		say('Importing the credentials and the example workflows');
		try {
			// Before `start`: n8n reads both from the database, and the simulator's port and key are new
			// on every run, so the credential is overwritten (same id) each time.
			await importInto(
				install,
				['import:credentials', `--input=${credentialsFile}`],
				env,
				/Successfully imported 3 credentials/,
			);
			for (const file of [
				workflowFile,
				LIFECYCLE_WORKFLOW,
				DECLINES_WORKFLOW,
				AGENT_WORKFLOW,
				MCP_WORKFLOW,
				...Object.values(ACCOUNTS_PAYABLE),
			]) {
				await importInto(
					install,
					['import:workflow', `--input=${file}`],
					env,
					/Successfully imported 1 workflow/,
				);
			}
			for (const id of [declinesId, workflowIdOf(ACCOUNTS_PAYABLE.book)]) {
				await importInto(
					install,
					['publish:workflow', `--id=${id}`],
					env,
					/Publishing workflow with ID/,
				);
			}
		} finally {
			// It holds the simulator's private key in clear.
			fs.rmSync(credentialsFile, { force: true });
		}

		say(`Starting n8n ${install.version} (n8n start) on ${url}`);
		const n8n = startN8nProcess(install, ['start'], env, { logFile: options.logFile });
		cleanups.push(() => n8n.stop());
		const n8nExited = n8n.exited;
		const exitReason = n8n.exitReason;

		const logHint = options.logFile ? ` (log: ${options.logFile})` : '';
		/** @param {unknown} error */
		const withLog = (error) =>
			new Error(`${error instanceof Error ? error.message : String(error)}${logHint}`);
		await waitForEditor(apiBase, exitReason, 180_000).catch((error) => {
			throw withLog(error);
		});
		if (await rest.ensureOwner(apiBase, LOGIN)) say(`Created the owner account ${LOGIN.email}`);
		await checkOwnerSeesWorkflow(apiBase, WORKFLOW_ID);
		const accountsPayable = await prepareAccountsPayable(apiBase);
		if (accountsPayable.seeded > 0) {
			say(`Seeded ${accountsPayable.seeded} sample invoices into ${INVOICES_TABLE}`);
		}

		return {
			url,
			login: { email: LOGIN.email, password: LOGIN.password },
			webhook: {
				url: `${url}/webhook/juspay/notifications`,
				...WEBHOOK_LOGIN,
				workflowUrl: `${url}/workflow/${declinesId}`,
			},
			workflowId: WORKFLOW_ID,
			workflowUrl: `${url}/workflow/${WORKFLOW_ID}`,
			/** @param {'lifecycle' | 'agent'} example */
			exampleUrl: (example) =>
				`${url}/workflow/${JSON.parse(fs.readFileSync(example === 'lifecycle' ? LIFECYCLE_WORKFLOW : AGENT_WORKFLOW, 'utf8')).id}`,
			accountsPayable: {
				...accountsPayable,
				workflowUrls: {
					setup: `${url}/workflow/${workflowIdOf(ACCOUNTS_PAYABLE.setup)}`,
					pay: `${url}/workflow/${workflowIdOf(ACCOUNTS_PAYABLE.pay)}`,
					book: `${url}/workflow/${workflowIdOf(ACCOUNTS_PAYABLE.book)}`,
					reconcile: `${url}/workflow/${workflowIdOf(ACCOUNTS_PAYABLE.reconcile)}`,
				},
				webhookUrl: `${url}/webhook/${triggerPathOf(ACCOUNTS_PAYABLE.book)}`,
			},
			credentials,
			simulator,
			mail,
			userFolder,
			n8nExited,
			stop: stopAll,
		};
	} catch (error) {
		await stopAll();
		throw error;
	}
}

module.exports = {
	startDevEnvironment,
	prepareAccountsPayable,
	ACCOUNTS_PAYABLE,
	freePort,
	waitForEditor,
	LOGIN,
	WEBHOOK_LOGIN,
	WORKFLOW_ID,
	DEFAULT_PORT,
};
