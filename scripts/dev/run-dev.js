// @ts-check
// `npm run dev`: the n8n editor with this package, the JusBiz simulator, a mail catcher and the
// example workflows (the accounts-payable ones with six sample invoices), until Ctrl+C.
// Options: --port <n> (or N8N_PORT), --fresh (new database).
// The database in .output/dev/ is kept between runs, but each run imports the example workflows and
// the credentials again under their fixed ids (the simulator's port and key change every run), so
// edits to those are replaced; other workflows and credentials, and the Data Tables' rows, stay.
'use strict';

const { startDevEnvironment } = require('./dev-environment');

/** @param {string[]} argv */
function parseArgs(argv) {
	/** @type {{ port?: number, fresh: boolean }} */
	const args = { fresh: false };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const [name, inline] = arg.split('=', 2);
		if (name === '--port') {
			const value = inline ?? argv[++i];
			const port = Number(value);
			if (!Number.isInteger(port) || port < 1 || port > 65535) {
				throw new Error(`--port needs a port number, got ${JSON.stringify(value)}`);
			}
			args.port = port;
		} else if (arg === '--fresh') {
			args.fresh = true;
		} else {
			throw new Error(`unknown argument ${arg} (use --port <n>, --fresh)`);
		}
	}
	return args;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const started = Date.now();
	const dev = await startDevEnvironment(args);
	const seconds = ((Date.now() - started) / 1000).toFixed(1);
	const ap = dev.accountsPayable;

	process.stdout.write(
		[
			'',
			`n8n is ready (${seconds} s). Sign in at ${dev.url}`,
			`  email:    ${dev.login.email}`,
			`  password: ${dev.login.password}`,
			`Example workflow: ${dev.workflowUrl}`,
			`  Click "Execute workflow": JusBiz Get Security Code fetches PAYOUT_PNG_1 from the simulator`,
			`  (security code 119 and the card image) and Send Email delivers it to the mail catcher,`,
			`  which logs it here. Credentials: "${dev.credentials.jusBiz.name}", "${dev.credentials.smtp.name}".`,
			`Published: ${dev.webhook.workflowUrl} (JusBiz Trigger, declines only, emails finance)`,
			'  Push a decline from the simulator, as JusBiz would, in another terminal:',
			`  npm run simulator -- notify --simulator ${dev.simulator.url} --url ${dev.webhook.url} \\`,
			`    --username ${dev.webhook.username} --password ${dev.webhook.password} --reason "Do Not Honor" --sub-type SPVTA`,
			'  The email says what the decline means and what to do; --copies 2 shows a re-sent copy dropped.',
			`Accounts payable: ${ap.invoices} invoices in the Data Table jusbiz_invoices${ap.seeded ? ' (six samples)' : ', kept from an earlier run (--fresh starts over)'}.`,
			`  1. Open ${ap.workflowUrls.pay}, click "Execute workflow": a card per approved invoice,`,
			'     emailed to the supplier; INV-1006 is refused (a "-" in its payout ID), INV-1005 waits.',
			'  2. Book a payment on its card (for a decline: --reason "Do Not Honor" instead of --type ...):',
			`     npm run simulator -- notify --simulator ${dev.simulator.url} --url ${ap.webhookUrl} \\`,
			`       --username ${dev.webhook.username} --password ${dev.webhook.password} --type AuthorizationSuccess --field payoutId=AP_INV_1001 --field tranAmnt=1250.50`,
			`  3. Open ${ap.workflowUrls.reconcile}, click "Execute workflow": states from JusBiz, summary emailed.`,
			'Press Ctrl+C to stop n8n, the simulator and the mail catcher.',
			'',
		].join('\n'),
	);

	let stopping = false;
	/** @param {NodeJS.Signals} signal */
	const shutdown = (signal) => {
		if (stopping) return;
		stopping = true;
		process.stdout.write(`\n${signal}: stopping n8n, the simulator and the mail catcher…\n`);
		dev.stop().then(
			() => process.stdout.write('Stopped.\n'),
			(error) => {
				process.stderr.write(
					`Stopping failed: ${error instanceof Error ? error.message : error}\n`,
				);
				process.exitCode = 1;
			},
		);
	};
	process.on('SIGINT', shutdown);
	process.on('SIGTERM', shutdown);
	dev.n8nExited.then((reason) => {
		if (stopping) return;
		stopping = true;
		process.stderr.write(`\n${reason} on its own; stopping the simulator and the mail catcher.\n`);
		process.exitCode = 1;
		void dev.stop();
	});
}

main().catch((error) => {
	process.stderr.write(`\nnpm run dev failed: ${error instanceof Error ? error.message : error}\n`);
	process.exitCode = 1;
});
