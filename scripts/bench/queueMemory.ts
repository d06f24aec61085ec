/**
 * P4 in queue mode: n8n 2.41.1 main + one worker, Redis, Postgres, binary data in the `database`
 * mode. A webhook on main enqueues 10,000 payout ids; the worker runs them. What each workflow
 * costs is the worker's peak resident memory during that one execution (Linux `clear_refs` resets
 * the counter once the worker is up), each on a fresh topology, set against the same items through
 * a No Operation node.
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
	noOpNode,
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
	// Plain answers: HTTP Request cannot decrypt JusBiz's JWE, so Convert to File would find no image.
	const simulator = await createSimulator({ encryption: 'none' });
	const flows = {
		baseline: workflow(
			'benchQueueBase01',
			count,
			[noOpNode()],
			'LOAD_',
			webhook('bench/baseline', 1),
		),
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
	let tarballDir: string | undefined;
	try {
		tarballDir = mkdtempSync(join(tmpdir(), 'jusbiz-bench-queue-'));
		const tarball = cli.packPackage(repo, tarballDir);
		const importDir = join(tarballDir, 'import');
		mkdirSync(importDir, { recursive: true });
		writeFileSync(
			join(importDir, 'credentials.json'),
			JSON.stringify([
				{ ...BENCH_CREDENTIAL, type: 'jusBizApi', data: cli.simulatorCredentialData(simulator) },
			]),
		);

		// Each figure on a topology of its own: a worker that ran another workflow before has a
		// heap already grown, which would hide part of the next one's peak.
		const measure = async (wf: (typeof flows)[keyof typeof flows]): Promise<QueueMemoryFigure> => {
			const path = String(wf.nodes[0].parameters.path);
			const up = await startQueueTopology({
				install,
				tarball,
				workers: 1,
				workerConcurrency: 1,
				prepare: async (_env, run) => {
					await run(['import:credentials', `--input=${join(importDir, 'credentials.json')}`]);
					writeFileSync(join(importDir, `${wf.id}.json`), JSON.stringify(wf));
					await run(['import:workflow', `--input=${join(importDir, `${wf.id}.json`)}`]);
					await run(['publish:workflow', `--id=${wf.id}`]);
				},
			});
			try {
				const workerPid = up.workers[0].process.child.pid;
				if (workerPid === undefined) throw new Error('the worker has no process id');
				const post = async (): Promise<number> => {
					const answer = await fetch(`${up.baseUrl}/webhook/${path}`, {
						method: 'POST',
						body: '{}',
					});
					await answer.arrayBuffer();
					return answer.status;
				};
				// Writing 5 resets the peak RSS counter (VmHWM) to the current RSS.
				writeFileSync(`/proc/${workerPid}/clear_refs`, '5');
				const started = Date.now();
				// Main registers the published webhooks just after it reports ready.
				let status = await post();
				while (status === 404 && Date.now() - started < 60_000) {
					await delay(500);
					status = await post();
				}
				if (status !== 200) throw new Error(`${path}: webhook answered ${status}`);
				let outcome = '';
				while (!['success', 'error', 'crashed', 'canceled'].includes(outcome)) {
					if (Date.now() - started > 15 * 60_000) throw new Error(`${wf.id} did not finish`);
					await delay(500);
					outcome = up.postgres
						.psql(
							`SELECT status FROM execution_entity WHERE "workflowId" = '${wf.id}' ORDER BY id DESC LIMIT 1`,
						)
						.trim();
				}
				const peak = kb(readFileSync(`/proc/${workerPid}/status`, 'utf8'), 'VmHWM');
				return {
					peakMb: Math.round(peak / 1024),
					seconds: Math.round((Date.now() - started) / 100) / 10,
					status: outcome,
				};
			} finally {
				await up.stop();
			}
		};
		return {
			baseline: await measure(flows.baseline),
			ours: await measure(flows.ours),
			theirs: await measure(flows.theirs),
		};
	} finally {
		await simulator.close();
		if (tarballDir) rmSync(tarballDir, { recursive: true, force: true });
	}
}
