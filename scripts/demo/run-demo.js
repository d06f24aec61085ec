// @ts-check
// The README's main job: the lifecycle example workflow (examples/virtual-card-lifecycle) through the
// real n8n CLI against the local simulator and a local mail catcher, printing each step, with
// everything it starts stopped again. Needs `npm run build` first (the npm script does it).
'use strict';

const fs = require('fs');
const path = require('path');

const { ensureN8nInstalled } = require('../lib/n8n-install');
const cli = require('../lib/n8n-cli');
const { describeMail, startMailCatcher } = require('../lib/mail-catcher');
const { createSimulator } = require('../../test/simulator/server');
const { imageBytes } = require('../../test/simulator/payouts');

const repo = path.resolve(__dirname, '..', '..');
const workDir = path.join(repo, '.output', 'demo');
const userFolder = path.join(workDir, 'n8n');
const cardsDir = path.join(workDir, 'cards');
const EXAMPLE = path.join(repo, 'examples', 'virtual-card-lifecycle.workflow.json');
const WORKFLOW_ID = 'jusbizLifecycle1';
// The example's steps, in order, with what each shows of its output.
/** @type {Array<[string, string[]]>} */
const STEPS = [
	['Create Card', ['status', 'payoutId', 'state', 'payoutAmount', 'currency', 'expiry', 'token']],
	['Get Security Code', ['status', 'payoutId', 'securityCode']],
	['Email Supplier', ['accepted']],
	['Get Card Status', ['status', 'payoutId', 'state', 'balanceAmount', 'authList']],
	['Cancel Card', ['status', 'payoutId', 'isDeleted']],
];

/** @param {string} text */
const step = (text) => process.stdout.write(`\n▸ ${text}\n`);

/** Card numbers are shown as the last four digits only, as anywhere card data is displayed. */
const mask = (/** @type {unknown} */ value) =>
	typeof value === 'string' && /^\d{12,19}$/.test(value) ? `•••• ${value.slice(-4)}` : value;

/**
 * @param {{ node24: string, n8nBin: string }} install
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 */
async function n8n(install, args, env) {
	const result = await cli.runN8n(install, args, env);
	if (result.code !== 0 && args[0] !== 'execute') {
		throw new Error(`n8n ${args[0]} failed:\n${result.stdout}\n${result.stderr}`);
	}
	return result;
}

async function main() {
	step('Making sure n8n 2.41.1 is installed (first run only: about 5 minutes)');
	const install = await ensureN8nInstalled();

	step('Starting the JusBiz simulator and a mail catcher on 127.0.0.1');
	const simulator = await createSimulator();
	const mail = await startMailCatcher();
	try {
		process.stdout.write(`  JusBiz ${simulator.url} (answers encrypted, as JusBiz documents)\n`);
		process.stdout.write(`  SMTP   127.0.0.1:${mail.port}\n`);

		step('Installing this package into n8n the way the community-nodes installer does');
		fs.rmSync(userFolder, { recursive: true, force: true });
		fs.mkdirSync(userFolder, { recursive: true });
		fs.rmSync(cardsDir, { recursive: true, force: true });
		fs.mkdirSync(cardsDir, { recursive: true });
		const tarball = cli.packPackage(repo, path.join(workDir, 'pack'));
		const version = cli.installCommunityPackage(userFolder, tarball);
		process.stdout.write(`  n8n-nodes-jusbiz@${version}\n`);

		const env = cli.n8nEnvironment({ userFolder, fileAccessDir: cardsDir });
		const credentialsFile = path.join(workDir, 'credentials.json');
		// The ids the example refers to, so it runs unchanged.
		fs.writeFileSync(
			credentialsFile,
			JSON.stringify([
				{
					id: 'jusbizDevSim0001',
					name: 'JusBiz API (simulator)',
					type: 'jusBizApi',
					data: cli.simulatorCredentialData(simulator),
				},
				{
					id: 'smtpDevCatcher01',
					name: 'SMTP (local mail catcher)',
					type: 'smtp',
					data: cli.mailCatcherCredentialData(mail.port),
				},
			]),
			{ mode: 0o600 },
		);

		step('Importing the credentials and examples/virtual-card-lifecycle.workflow.json');
		try {
			await n8n(install, ['import:credentials', `--input=${credentialsFile}`], env);
		} finally {
			// It holds the simulator's private key in clear.
			fs.rmSync(credentialsFile, { force: true });
		}
		await n8n(install, ['import:workflow', `--input=${EXAMPLE}`], env);

		step('Running "JusBiz: a virtual card\'s lifecycle" with n8n execute');
		const result = await n8n(install, ['execute', `--id=${WORKFLOW_ID}`, '--rawOutput'], env);
		const run = cli.parseRunOutput(result.stdout);
		const runData = run?.data?.resultData?.runData ?? {};
		if (result.code !== 0 || run?.data?.resultData?.error) {
			const message = run?.data?.resultData?.error?.message ?? result.stderr;
			throw new Error(`the workflow failed: ${message}`);
		}

		STEPS.forEach(([name, fields], n) => {
			step(`${n + 1}. ${name}`);
			/** @type {Array<{ json: Record<string, unknown>, binary?: Record<string, { fileName: string, mimeType: string, data: string }> }>} */
			const items = runData[name]?.[0]?.data?.main?.[0] ?? [];
			for (const item of items) {
				const shown = Object.fromEntries(fields.map((f) => [f, mask(item.json[f])]));
				process.stdout.write(`  ${JSON.stringify(shown)}\n`);
				const image = item.binary?.card;
				if (name === 'Create Card' && image) {
					const bytes = Buffer.from(image.data, 'base64');
					const file = path.join(cardsDir, image.fileName);
					fs.writeFileSync(file, bytes);
					const same = bytes.equals(imageBytes('png'));
					process.stdout.write(
						`  card image → ${path.relative(repo, file)}  ${image.mimeType}  ${bytes.length} bytes  ${same ? 'identical to the simulator image' : 'DIFFERS from the simulator image'}\n`,
					);
					if (!same) process.exitCode = 1;
				}
			}
		});

		step('The email the supplier received (mail catcher)');
		for (const message of mail.messages) process.stdout.write(`  ${describeMail(message)}\n`);

		step("The simulator's record of the card afterwards");
		for (const card of simulator.cards().filter((c) => c.payoutId.startsWith('INV_'))) {
			process.stdout.write(
				`  ${card.payoutId}: state ${card.state}, amount ${card.orderAmount} ${card.currency}, valid ${card.startDate} → ${card.endDate}\n`,
			);
			if (card.state !== 'DELETED') process.exitCode = 1;
		}
	} finally {
		await simulator.close();
		await mail.close();
		step('Stopped the simulator and the mail catcher. Done.');
	}
}

main().catch((error) => {
	process.stderr.write(
		`\nDemo failed: ${error instanceof Error ? error.message : String(error)}\n`,
	);
	process.exitCode = 1;
});
