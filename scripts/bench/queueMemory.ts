/**
 * P4 in queue mode: n8n 2.41.1 main + one worker, Redis, Postgres, binary data in the `database`
 * mode. A webhook on main enqueues 10,000 payout ids; the worker runs them. What each workflow
 * costs is the worker's peak resident memory during that one execution, its peak counter reset
 * (Linux `clear_refs`) before each, set against the same items through a No Operation node.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { INode } from 'n8n-workflow';

import { createSimulator } from '../../test/simulator/server';
import * as cli from '../lib/n8n-cli';
import { delay } from '../lib/n8n-process';
import { startQueueTopology } from '../lib/queue-topology';
import {
	BENCH_CREDENTIAL,
	httpRequestNodes,
	securityCodeNode,
	workflow,
	type Install,
} from './cliMemory';

export interface QueueMemoryFigure {
	/** the worker's peak RSS during the execution, MB */
	peakMb: number;
	seconds: number;
	status: string;
}

const webhook = (path: string, n: number): INode => ({
	id: 'w1',
	name: 'Webhook',
	type: 'n8n-nodes-base.webhook',
	typeVersion: 2,
	position: [0, 0],
	webhookId: `6a0f3c10-0000-4000-8000-00000000000${n}`,
	parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
});

const kb = (status: string, field: string) =>
	Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);

export async function runQueueMemoryBenchmark(
	install: Install,
	repo: string,
	count: number,
): Promise<{ baseline: QueueMemoryFigure; ours: QueueMemoryFigure; theirs: QueueMemoryFigure }> {
	const simulator = await createSimulator();
	const noOp: INode = {
		id: 'b1',
		name: 'No Operation',
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [600, 0],
		parameters: {},
	};
	const flows = {
		baseline: workflow('benchQueueBase01', count, [noOp], 'LOAD_', webhook('bench/baseline', 1)),
		ours: workflow(
			'benchQueueOurs01',
			count,
			[securityCodeNode({ isCardImageRequired: true, options: { concurrency: 16 } })],
			'LOAD_',
			webhook('bench/ours', 2),
		),
		theirs: workflow(
			'benchQueueHttp01',
			count,
			httpRequestNodes(simulator, { image: true, batchInterval: 1 }),
			'LOAD_',
			webhook('bench/theirs', 3),
		),
	};
	let topology: Awaited<ReturnType<typeof startQueueTopology>> | undefined;
	let tarballDir: string | undefined;
	try {
		tarballDir = mkdtempSync(join(tmpdir(), 'jusbiz-bench-queue-'));
		const tarball = cli.packPackage(repo, tarballDir);
		topology = await startQueueTopology({
			install,
			tarball,
			workers: 1,
			workerConcurrency: 1,
			prepare: async (_env, run) => {
				const dir = join(tarballDir as string, 'import');
				mkdirSync(dir, { recursive: true });
				writeFileSync(
					join(dir, 'credentials.json'),
					JSON.stringify([
						{
							...BENCH_CREDENTIAL,
							type: 'jusBizApi',
							data: cli.simulatorCredentialData(simulator),
						},
					]),
				);
				await run(['import:credentials', `--input=${join(dir, 'credentials.json')}`]);
				for (const wf of Object.values(flows)) {
					writeFileSync(join(dir, `${wf.id}.json`), JSON.stringify(wf));
					await run(['import:workflow', `--input=${join(dir, `${wf.id}.json`)}`]);
					await run(['publish:workflow', `--id=${wf.id}`]);
				}
			},
		});
		const up = topology;
		const workerPid = up.workers[0].process.child.pid;
		if (workerPid === undefined) throw new Error('the worker has no process id');
		const statusFile = `/proc/${workerPid}/status`;
		const post = (path: string) =>
			fetch(`${up.baseUrl}/webhook/${path}`, { method: 'POST', body: '{}' });

		const measure = async (id: string, path: string): Promise<QueueMemoryFigure> => {
			// Writing 5 resets the peak RSS counter (VmHWM) to the current RSS.
			writeFileSync(`/proc/${workerPid}/clear_refs`, '5');
			const started = Date.now();
			// Main registers the published webhooks just after it reports ready.
			let answer = await post(path);
			while (answer.status === 404 && Date.now() - started < 60_000) {
				await delay(500);
				answer = await post(path);
			}
			if (answer.status !== 200) throw new Error(`${path}: webhook answered ${answer.status}`);
			let status = '';
			while (!['success', 'error', 'crashed', 'canceled'].includes(status)) {
				if (Date.now() - started > 15 * 60_000) throw new Error(`${id} did not finish`);
				await delay(500);
				status = up.postgres
					.psql(
						`SELECT status FROM execution_entity WHERE "workflowId" = '${id}' ORDER BY id DESC LIMIT 1`,
					)
					.trim();
			}
			const peak = kb(readFileSync(statusFile, 'utf8'), 'VmHWM');
			return {
				peakMb: Math.round(peak / 1024),
				seconds: Math.round((Date.now() - started) / 100) / 10,
				status,
			};
		};
		const baseline = await measure(flows.baseline.id, 'bench/baseline');
		const ours = await measure(flows.ours.id, 'bench/ours');
		const theirs = await measure(flows.theirs.id, 'bench/theirs');
		return { baseline, ours, theirs };
	} finally {
		await topology?.stop();
		await simulator.close();
		if (tarballDir) rmSync(tarballDir, { recursive: true, force: true });
	}
}
