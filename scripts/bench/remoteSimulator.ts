/**
 * The simulator in a process of its own, as JusBiz would be: its work must not be counted as the
 * engine's, nor compete with it for the event loop.
 */
import { spawn, type ChildProcess } from 'child_process';
import { createInterface } from 'readline';
import { join } from 'path';

import type {
	ConfigPatch,
	SimulatorCredentials,
	SimulatorStats,
} from '../../test/simulator/server';

export interface RemoteSimulator {
	url: string;
	credentials: SimulatorCredentials;
	setConfig(patch: ConfigPatch): Promise<void>;
	reset(): Promise<void>;
	stats(): Promise<SimulatorStats>;
	close(): Promise<void>;
}

export async function startRemoteSimulator(extraArgs: string[] = []): Promise<RemoteSimulator> {
	const cli = join(__dirname, '..', '..', 'test', 'simulator', 'cli.js');
	const child: ChildProcess = spawn(process.execPath, [cli, '--json', ...extraArgs], {
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const first = await new Promise<string>((resolve, reject) => {
		const lines = createInterface({ input: child.stdout! });
		lines.once('line', resolve);
		child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
	});
	const { url, credentials } = JSON.parse(first) as {
		url: string;
		credentials: SimulatorCredentials;
	};
	const control = async (path: string, body?: unknown) => {
		const response = await fetch(`${url}/__simulator/${path}`, {
			method: body === undefined && path === 'stats' ? 'GET' : 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		if (!response.ok)
			throw new Error(`simulator ${path}: HTTP ${response.status} ${await response.text()}`);
		return (await response.json()) as unknown;
	};
	return {
		url,
		credentials,
		setConfig: async (patch) => void (await control('config', patch)),
		reset: async () => void (await control('reset', {})),
		stats: async () => (await control('stats')) as SimulatorStats,
		close: () =>
			new Promise<void>((resolve) => {
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			}),
	};
}
