// @ts-check
// The README's main job: the example workflow through the real n8n CLI against the local simulator,
// with everything it starts stopped again. Needs `npm run build` first (the npm script does it).
'use strict';

const fs = require('fs');
const path = require('path');

const { ensureN8nInstalled } = require('../lib/n8n-install');
const cli = require('../lib/n8n-cli');
const { createSimulator } = require('../../test/simulator/server');
const { findPayout, imageBytes } = require('../../test/simulator/payouts');

const repo = path.resolve(__dirname, '..', '..');
const workDir = path.join(repo, '.output', 'demo');
const userFolder = path.join(workDir, 'n8n');
const cardsDir = path.join(workDir, 'cards');
const WORKFLOW_ID = 'jusbizDemoCards1';

/** @param {string} text */
const step = (text) => process.stdout.write(`\n▸ ${text}\n`);

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

	step('Starting the JusBiz simulator on 127.0.0.1');
	const simulator = await createSimulator();
	try {
		process.stdout.write(`  ${simulator.url}\n`);

		step('Installing this package into n8n the way the community-nodes installer does');
		fs.mkdirSync(userFolder, { recursive: true });
		fs.rmSync(cardsDir, { recursive: true, force: true });
		fs.mkdirSync(cardsDir, { recursive: true });
		const tarball = cli.packPackage(repo, path.join(workDir, 'pack'));
		const version = cli.installCommunityPackage(userFolder, tarball);
		process.stdout.write(`  n8n-nodes-jusbiz@${version}\n`);

		const env = cli.n8nEnvironment({ userFolder, fileAccessDir: cardsDir });
		const credentialsFile = path.join(workDir, 'credentials.json');
		fs.writeFileSync(
			credentialsFile,
			JSON.stringify([
				{
					id: 'jusbizDemoSim001',
					name: 'JusBiz simulator (demo)',
					type: 'jusBizApi',
					data: cli.simulatorCredentialData(simulator),
				},
			]),
		);
		const workflowFile = path.join(workDir, 'demo.workflow.json');
		const template = fs.readFileSync(path.join(__dirname, 'demo.workflow.json'), 'utf8');
		fs.writeFileSync(workflowFile, template.split('__OUTPUT_DIR__').join(cardsDir));

		step('Importing the credential and the workflow');
		await n8n(install, ['import:credentials', `--input=${credentialsFile}`], env);
		await n8n(install, ['import:workflow', `--input=${workflowFile}`], env);
		fs.rmSync(credentialsFile);

		step('Running "JusBiz demo: fetch security codes and save the card images" with n8n execute');
		const result = await n8n(install, ['execute', `--id=${WORKFLOW_ID}`, '--rawOutput'], env);
		const run = cli.parseRunOutput(result.stdout);
		const task = run?.data?.resultData?.runData?.['JusBiz Get Security Code']?.[0];
		if (result.code !== 0 || !task?.data) {
			const message = run?.data?.resultData?.error?.message ?? result.stderr;
			throw new Error(`the workflow failed: ${message}`);
		}

		step('What the JusBiz Get Security Code node output');
		/** @type {Array<{ json: Record<string, unknown>, binary?: Record<string, { fileName: string, mimeType: string }> }>} */
		const items = task.data.main[0];
		for (const item of items) {
			process.stdout.write(`${JSON.stringify(item.json)}\n`);
		}

		step(`Card images written by the "Save Card Image" node (${path.relative(repo, cardsDir)}/)`);
		for (const item of items) {
			const image = item.binary?.data;
			if (!image) continue;
			const file = path.join(cardsDir, image.fileName);
			const bytes = fs.readFileSync(file);
			const imageType = findPayout(String(item.json.payoutId))?.imageType;
			const same = !!imageType && bytes.equals(imageBytes(imageType));
			process.stdout.write(
				`  ${path.relative(repo, file)}  ${image.mimeType}  ${bytes.length} bytes  ${same ? 'identical to the simulator image' : 'DIFFERS from the simulator image'}\n`,
			);
			if (!same) process.exitCode = 1;
		}
	} finally {
		await simulator.close();
		step('Stopped the simulator. Done.');
	}
}

main().catch((error) => {
	process.stderr.write(
		`\nDemo failed: ${error instanceof Error ? error.message : String(error)}\n`,
	);
	process.exitCode = 1;
});
