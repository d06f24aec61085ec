import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { PACKAGE_DIR } from '../fixtures';

/* eslint-disable @typescript-eslint/no-require-imports */
const { ensureN8nInstalled } =
	require('../../../scripts/lib/n8n-install.js') as typeof import('../../../scripts/lib/n8n-install.js');
const cli =
	require('../../../scripts/lib/n8n-cli.js') as typeof import('../../../scripts/lib/n8n-cli.js');
const n8nProcess =
	require('../../../scripts/lib/n8n-process.js') as typeof import('../../../scripts/lib/n8n-process.js');
/* eslint-enable @typescript-eslint/no-require-imports */

export type Install = Awaited<ReturnType<typeof ensureN8nInstalled>>;

export interface PublishedN8n {
	install: Install;
	/** the user folder, holding n8n's database */
	root: string;
	/** the folder Read/Write Files from Disk may use */
	outputDir: string;
	logFile: string;
	/** http://127.0.0.1:<port> */
	base: string;
	/** stops n8n (its database stays, for reading the executions) */
	stop(): Promise<void>;
	/** stops n8n and removes the user folder */
	close(): Promise<void>;
}

/**
 * The real n8n 2.41.1 as operators run it in production: the packed tarball community-installed,
 * credentials and workflows imported and published with its CLI, then `n8n start`. Workflow texts
 * may name `__OUTPUT_DIR__`.
 */
export async function startPublishedN8n(options: {
	credentials: Array<{ id: string; name: string; type: string; data: object }>;
	/** file name → workflow JSON text */
	workflows: Record<string, string>;
	publish: string[];
}): Promise<PublishedN8n> {
	const install = await ensureN8nInstalled();
	const root = mkdtempSync(join(tmpdir(), 'jusbiz-published-'));
	const outputDir = join(root, 'files');
	mkdirSync(outputDir);
	const logFile = join(root, 'n8n.log');

	cli.installCommunityPackage(root, cli.packPackage(PACKAGE_DIR, join(root, 'pack')));
	const port = await n8nProcess.freePort();
	const env = cli.n8nEnvironment({
		userFolder: root,
		fileAccessDir: outputDir,
		brokerPort: await n8nProcess.freePort(),
		extra: {
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_DISABLED_MODULES: 'mcp-registry',
			N8N_VERIFIED_PACKAGES_ENABLED: 'false',
			...(process.env.KEEP_LOG ? { N8N_LOG_LEVEL: 'debug' } : {}),
		},
	});
	writeFileSync(join(root, 'credentials.json'), JSON.stringify(options.credentials));
	const workflows = join(root, 'workflows');
	mkdirSync(workflows);
	for (const [file, text] of Object.entries(options.workflows)) {
		writeFileSync(join(workflows, file), text.split('__OUTPUT_DIR__').join(outputDir));
	}
	for (const args of [
		['import:credentials', `--input=${join(root, 'credentials.json')}`],
		['import:workflow', '--separate', `--input=${workflows}`],
		...options.publish.map((id) => ['publish:workflow', `--id=${id}`]),
	]) {
		const result = await cli.runN8n(install, args, env);
		if (result.code !== 0) {
			throw new Error(
				`n8n ${args[0]} failed (${result.code}):\n${result.stdout}\n${result.stderr}`,
			);
		}
	}
	rmSync(join(root, 'credentials.json'));

	let n8n: ReturnType<typeof n8nProcess.startN8nProcess> | undefined = n8nProcess.startN8nProcess(
		install,
		['start'],
		env,
		{ logFile },
	);
	const base = `http://127.0.0.1:${port}`;
	await n8nProcess.waitForReadiness(base, n8n.exitReason, 180_000).catch((error: Error) => {
		throw new Error(`${error.message}\n${readFileSync(logFile, 'utf8').slice(-4000)}`);
	});
	const stop = async () => {
		await n8n?.stop();
		n8n = undefined;
	};
	return {
		install,
		root,
		outputDir,
		logFile,
		base,
		stop,
		async close() {
			await stop();
			if (process.env.KEEP_LOG) writeFileSync(process.env.KEEP_LOG, readFileSync(logFile));
			rmSync(root, { recursive: true, force: true });
		},
	};
}
