// @ts-check
// `npm run dev:queue`: the same editor as `npm run dev`, but n8n in queue mode as it scales out —
// Redis, a throwaway Postgres, main and two workers, binary data in the database — with manual
// runs offloaded to the workers too, so that clicking "Execute workflow" runs on a worker.
// Everything lives in a temporary folder and is gone after Ctrl+C. Option: --port <n>.
'use strict';

const fs = require('fs');
const path = require('path');

const { ensureN8nInstalled } = require('../lib/n8n-install');
const cli = require('../lib/n8n-cli');
const rest = require('../lib/n8n-rest');
const { startQueueTopology } = require('../lib/queue-topology');
const { startMailCatcher, describeMail } = require('../lib/mail-catcher');
const { createSimulator } = require('../../test/simulator/server');
const {
	waitForEditor,
	prepareAccountsPayable,
	ACCOUNTS_PAYABLE,
	LOGIN,
	WEBHOOK_LOGIN,
	WORKFLOW_ID,
	DEFAULT_PORT,
} = require('./dev-environment');

const repo = path.resolve(__dirname, '..', '..');
const [EXAMPLE, LIFECYCLE, DECLINES] = [
	'get-security-code',
	'virtual-card-lifecycle',
	'authorization-declines',
].map((name) => path.join(repo, 'examples', `${name}.workflow.json`));
const EXAMPLES = [EXAMPLE, LIFECYCLE, DECLINES, ...Object.values(ACCOUNTS_PAYABLE)];
/** @param {string} file */
const idOf = (file) => /** @type {string} */ (JSON.parse(fs.readFileSync(file, 'utf8')).id);

/** @param {string[]} argv */
function parsePort(argv) {
	const at = argv.findIndex((arg) => arg === '--port' || arg.startsWith('--port='));
	if (at < 0) return Number(process.env.N8N_PORT || DEFAULT_PORT);
	const value = argv[at].includes('=') ? argv[at].split('=')[1] : argv[at + 1];
	const port = Number(value);
	if (!Number.isInteger(port) || port < 1 || port > 65535) {
		throw new Error(`--port needs a port number, got ${JSON.stringify(value)}`);
	}
	return port;
}

/**
 * Every credential the examples name, by id, with data for the local simulator and mail catcher.
 * @param {import('../../test/simulator/server').Simulator} simulator
 * @param {number} mailPort
 */
function exampleCredentials(simulator, mailPort) {
	/** @type {Record<string, () => Record<string, unknown>>} */
	const dataFor = {
		jusBizApi: () => cli.simulatorCredentialData(simulator),
		jusBizWebhookApi: () => cli.simulatorWebhookCredentialData(simulator, WEBHOOK_LOGIN),
		smtp: () => cli.mailCatcherCredentialData(mailPort),
	};
	/** @type {Map<string, Record<string, unknown>>} */
	const byId = new Map();
	for (const file of EXAMPLES) {
		/** @type {{ nodes: Array<{ credentials?: Record<string, { id: string, name: string }> }> }} */
		const workflow = JSON.parse(fs.readFileSync(file, 'utf8'));
		for (const node of workflow.nodes) {
			for (const [type, ref] of Object.entries(node.credentials ?? {})) {
				byId.set(ref.id, { ...ref, type, data: dataFor[type]() });
			}
		}
	}
	return [...byId.values()];
}

async function main() {
	const port = parsePort(process.argv.slice(2));
	const install = await ensureN8nInstalled();
	const simulator = await createSimulator();
	const mail = await startMailCatcher({
		onMail: (message) => process.stdout.write(`[mail catcher] ${describeMail(message)}\n`),
	});
	const tarball = cli.packPackage(
		repo,
		fs.mkdtempSync(path.join(require('os').tmpdir(), 'jusbiz-pack-')),
	);
	process.stdout.write('Starting Redis, Postgres, n8n main and two workers (queue mode)…\n');
	const declines = idOf(DECLINES);
	const topology = await startQueueTopology({
		install,
		tarball,
		mainPort: port,
		extraEnv: {
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			N8N_HOST: 'localhost',
			N8N_EDITOR_BASE_URL: `http://localhost:${port}`,
			N8N_SECURE_COOKIE: 'false',
		},
		prepare: async (_env, run) => {
			const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'jusbiz-queue-dev-'));
			const credentials = path.join(dir, 'credentials.json');
			fs.writeFileSync(credentials, JSON.stringify(exampleCredentials(simulator, mail.port)), {
				mode: 0o600,
			});
			try {
				await run(['import:credentials', `--input=${credentials}`]);
				for (const file of EXAMPLES) {
					// An example without an id gets the one `npm run dev` gives it: Postgres needs one.
					const workflow = JSON.parse(fs.readFileSync(file, 'utf8'));
					const copy = path.join(dir, path.basename(file));
					fs.writeFileSync(copy, JSON.stringify({ ...workflow, id: workflow.id ?? WORKFLOW_ID }));
					await run(['import:workflow', `--input=${copy}`]);
				}
				for (const id of [declines, idOf(ACCOUNTS_PAYABLE.book)]) {
					await run(['publish:workflow', `--id=${id}`]);
				}
			} finally {
				fs.rmSync(dir, { recursive: true, force: true });
			}
		},
	});
	const stop = async () => {
		await topology.stop();
		await simulator.close();
		await mail.close();
		fs.rmSync(topology.root, { recursive: true, force: true });
	};
	try {
		await waitForEditor(topology.baseUrl, topology.main.process.exitReason, 180_000);
		await rest.ensureOwner(topology.baseUrl, LOGIN);
		// The set-up workflow runs on a worker (manual runs are offloaded); the tables live in Postgres.
		await prepareAccountsPayable(topology.baseUrl);
	} catch (error) {
		await stop();
		throw error;
	}
	const url = `http://localhost:${port}`;
	process.stdout.write(
		[
			'',
			`n8n (queue mode: main + ${topology.workers.length} workers) is ready. Sign in at ${url}`,
			`  email: ${LOGIN.email}   password: ${LOGIN.password}`,
			`  Logs: ${topology.root}/{main,worker-1,worker-2,redis,postgres}.log`,
			`  "Execute workflow" runs on a worker: see "Worker started execution" in a worker's log.`,
			`Published: the declines example. Push a decline to it, as JusBiz would:`,
			`  npm run simulator -- notify --simulator ${simulator.url} --url ${url}/webhook/juspay/notifications \\`,
			`    --username ${WEBHOOK_LOGIN.username} --password ${WEBHOOK_LOGIN.password} --reason "Do Not Honor" --sub-type SPVTA`,
			'Accounts payable: six sample invoices in jusbiz_invoices. Execute the pay workflow, book a',
			`  payment with the command above but --url ${url}/webhook/jusbiz/accounts-payable`,
			'  --type AuthorizationSuccess --field payoutId=AP_INV_1001 --field tranAmnt=1250.50 (no --reason),',
			'  then execute the reconcile workflow.',
			'Press Ctrl+C to stop everything.',
			'',
		].join('\n'),
	);
	let stopping = false;
	const shutdown = () => {
		if (stopping) return;
		stopping = true;
		process.stdout.write('\nStopping n8n, the workers, Redis, Postgres, the simulator…\n');
		stop().then(() => process.stdout.write('Stopped.\n'));
	};
	process.on('SIGINT', shutdown);
	process.on('SIGTERM', shutdown);
}

main().catch((error) => {
	process.stderr.write(
		`\nnpm run dev:queue failed: ${error instanceof Error ? error.message : error}\n`,
	);
	process.exitCode = 1;
});
