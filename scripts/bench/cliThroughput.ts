/**
 * P1 through the real n8n CLI, as users run it: the packed tarball community-installed, `n8n
 * execute` on Node 24, the simulator in its own process. Each figure is the node's own execution
 * time from the run data (n8n's start-up excluded) against the bound of 16 requests in flight:
 * items / 16 × latency. Fixed latencies, and jittered ones (uniform ± 50 %) as real networks have.
 */
import { rmSync } from 'fs';
import type { INode, IRun } from 'n8n-workflow';

import * as cli from '../lib/n8n-cli';
import {
	BENCH_CREDENTIAL,
	httpRequestNodes,
	prepareCliBench,
	securityCodeNode,
	workflow,
	type Install,
} from './cliMemory';
import { startRemoteSimulator } from './remoteSimulator';

export interface Scenario {
	id: string;
	latencyMs: number;
	jitter: number;
	/** ours / bound at most this */
	target: number;
}

export interface ThroughputFigure {
	scenario: Scenario;
	boundMs: number;
	/** medians of the node's execution time */
	oursMs: number;
	theirsMs: number;
	oursRuns: number[];
	theirsRuns: number[];
}

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function createNode(): INode {
	return {
		id: 'c1',
		name: 'JusBiz',
		type: 'n8n-nodes-jusbiz.jusBiz',
		typeVersion: 1,
		position: [600, 0],
		parameters: {
			resource: 'virtualCard',
			operation: 'create',
			payoutId: '={{ $json.id }}',
			orderAmount: 100,
			currency: 'INR',
			endDate: '2027-06-30',
			cardAlias: 'bench_card',
			additionalFields: {},
			cardControls: {},
			options: { concurrency: 16 },
		},
		credentials: { jusBizApi: BENCH_CREDENTIAL },
	};
}

export async function runCliThroughputBenchmark(
	install: Install,
	repo: string,
	options: { items: number; runs: number; scenarios: Scenario[]; create: boolean },
	report: (figure: ThroughputFigure) => void,
): Promise<{ createMs?: number; createDelivered?: number }> {
	const { items, runs } = options;
	const simulator = await startRemoteSimulator();
	let root: string | undefined;
	try {
		const workflows = [
			workflow('benchP1Ours00001', items, [securityCodeNode({ options: { concurrency: 16 } })]),
			...options.scenarios.map((s) =>
				workflow(
					`benchP1Http${String(s.latencyMs).padStart(5, '0')}`,
					items,
					httpRequestNodes(simulator, { image: false, batchInterval: s.latencyMs }),
				),
			),
			workflow('benchCreate00001', items, [createNode()], 'BENCH_CREATE_'),
		];
		const unique = [...new Map(workflows.map((w) => [w.id, w])).values()];
		const prepared = await prepareCliBench(install, repo, simulator, unique, 'jusbiz-bench-p1-');
		root = prepared.root;
		const { env } = prepared;

		/** The node's own execution time, and how many items it delivered. */
		const execute = async (id: string, node: string) => {
			const result = await cli.runN8n(install, ['execute', `--id=${id}`, '--rawOutput'], env);
			const run = cli.parseRunOutput(result.stdout) as IRun | undefined;
			const task = run?.data.resultData.runData[node]?.[0];
			if (!task || run?.data.resultData.error) {
				throw new Error(
					`${id}: ${run?.data.resultData.error?.message ?? `no run output\n${result.stderr.slice(-2000)}`}`,
				);
			}
			const out = task.data?.main[0] ?? [];
			return {
				ms: task.executionTime,
				delivered: out.filter((item) => item.json.status === 'SUCCESS').length,
			};
		};

		for (const scenario of options.scenarios) {
			await simulator.setConfig({ latencyMs: scenario.latencyMs, latencyJitter: scenario.jitter });
			const oursRuns: number[] = [];
			const theirsRuns: number[] = [];
			// One warm-up of each, then alternate, so that drift on the machine hits both alike.
			await execute('benchP1Ours00001', 'JusBiz');
			const httpId = `benchP1Http${String(scenario.latencyMs).padStart(5, '0')}`;
			await execute(httpId, 'HTTP Request');
			for (let i = 0; i < runs; i++) {
				oursRuns.push((await execute('benchP1Ours00001', 'JusBiz')).ms);
				theirsRuns.push((await execute(httpId, 'HTTP Request')).ms);
			}
			report({
				scenario,
				boundMs: (items / 16) * scenario.latencyMs,
				oursMs: median(oursRuns),
				theirsMs: median(theirsRuns),
				oursRuns,
				theirsRuns,
			});
		}

		if (!options.create) return {};
		await simulator.reset();
		await simulator.setConfig({ latencyMs: 50, latencyJitter: 0.5 });
		const created = await execute('benchCreate00001', 'JusBiz');
		return { createMs: created.ms, createDelivered: created.delivered };
	} finally {
		await simulator.close();
		if (root) rmSync(root, { recursive: true, force: true });
	}
}
