import {
	copyFileSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	writeFileSync,
	rmSync,
} from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { IRun } from 'n8n-workflow';

import { PACKAGE_DIR } from '../fixtures';
import { startMailCatcher, type MailCatcher } from '../../../scripts/lib/mail-catcher';

/* eslint-disable @typescript-eslint/no-require-imports */
const { ensureN8nInstalled } =
	require('../../../scripts/lib/n8n-install.js') as typeof import('../../../scripts/lib/n8n-install.js');
const cli =
	require('../../../scripts/lib/n8n-cli.js') as typeof import('../../../scripts/lib/n8n-cli.js');
const { createSimulator } =
	require('../../simulator/server.js') as typeof import('../../simulator/server.js');

type Simulator = Awaited<ReturnType<typeof createSimulator>>;

export interface Execution {
	code: number | null;
	run: IRun | undefined;
	stdout: string;
	stderr: string;
}

export interface N8nWorld {
	simulator: Simulator;
	mail: MailCatcher;
	outputDir: string;
	execute(workflowId: string): Promise<Execution>;
	close(): Promise<void>;
}

const WORKFLOWS_DIR = join(__dirname, '..', '..', 'e2e', 'workflows');
const EXAMPLES_DIR = join(PACKAGE_DIR, 'examples');
const EXAMPLES = ['virtual-card-lifecycle.workflow.json'];

/**
 * The real n8n CLI with this package installed from its packed tarball, a simulator and a mail
 * catcher on 127.0.0.1, and every workflow of test/e2e/workflows imported.
 */
export async function startN8nWorld(): Promise<N8nWorld> {
	const install = await ensureN8nInstalled();
	const root = mkdtempSync(join(tmpdir(), 'jusbiz-e2e-'));
	const outputDir = join(root, 'files');
	mkdirSync(outputDir);
	const simulator = await createSimulator();
	const mail = await startMailCatcher();

	const tarball = cli.packPackage(PACKAGE_DIR, join(root, 'pack'));
	cli.installCommunityPackage(root, tarball);
	const env = cli.n8nEnvironment({
		userFolder: root,
		fileAccessDir: outputDir,
		brokerPort: 20000 + (process.pid % 20000),
	});

	const jusBiz = cli.simulatorCredentialData(simulator);
	writeFileSync(
		join(root, 'credentials.json'),
		JSON.stringify([
			{ id: 'jusbizSimulator1', name: 'JusBiz simulator', type: 'jusBizApi', data: jusBiz },
			{
				id: 'jusbizVerifying1',
				name: 'JusBiz simulator (verifying)',
				type: 'jusBizApi',
				data: { ...jusBiz, jusBizPublicKey: simulator.credentials.jusBizPublicKeyPem },
			},
			{
				id: 'jusbizWrongKey01',
				name: 'JusBiz wrong key',
				type: 'jusBizApi',
				data: { ...jusBiz, apiKey: 'sim_wrong_api_key' },
			},
			{
				id: 'smtpMailCatcher1',
				name: 'Mail catcher',
				type: 'smtp',
				data: cli.mailCatcherCredentialData(mail.port),
			},
			// The ids the workflows of examples/ refer to, so they run here unchanged.
			{ id: 'jusbizDevSim0001', name: 'JusBiz API (simulator)', type: 'jusBizApi', data: jusBiz },
			{
				id: 'smtpDevCatcher01',
				name: 'SMTP (local mail catcher)',
				type: 'smtp',
				data: cli.mailCatcherCredentialData(mail.port),
			},
		]),
	);
	const imported = join(root, 'workflows');
	mkdirSync(imported);
	for (const file of readdirSync(WORKFLOWS_DIR)) {
		const text = readFileSync(join(WORKFLOWS_DIR, file), 'utf8')
			.split('__OUTPUT_DIR__')
			.join(outputDir);
		writeFileSync(join(imported, file), text);
	}
	for (const file of EXAMPLES) copyFileSync(join(EXAMPLES_DIR, file), join(imported, file));

	for (const args of [
		['import:credentials', `--input=${join(root, 'credentials.json')}`],
		['import:workflow', '--separate', `--input=${imported}`],
	]) {
		const result = await cli.runN8n(install, args, env);
		if (result.code !== 0) {
			throw new Error(
				`n8n ${args[0]} failed (${result.code}):\n${result.stdout}\n${result.stderr}`,
			);
		}
	}

	return {
		simulator,
		mail,
		outputDir,
		async execute(workflowId) {
			const result = await cli.runN8n(
				install,
				['execute', `--id=${workflowId}`, '--rawOutput'],
				env,
			);
			return { ...result, run: cli.parseRunOutput(result.stdout) as IRun | undefined };
		},
		async close() {
			await simulator.close();
			await mail.close();
			rmSync(root, { recursive: true, force: true });
		},
	};
}
