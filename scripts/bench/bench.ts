/**
 * `npm run bench`: figures P1a–P4 of the throughput issue, each next to the same work done by n8n's
 * own HTTP Request node (plus Convert to File where the image is involved), in one process on
 * n8n-core's real engine against the local simulator; P4 through the real n8n CLI.
 *
 * The CLI-P1 figures run first, through the real n8n CLI (median of --cli-runs, default 5).
 *
 * Options: --runs N (in-process, default 3; the median is printed), --cli-runs N, --only
 * CLI-P1a,P1a,P2,… , --items N (P1, default 1000), --profile-dir DIR (keep the CLI-prof profiles),
 * --profile-runs N (profiles per workflow, default 3; the median run is used).
 */
import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { cpus, tmpdir, totalmem } from 'os';
import { join } from 'path';
import { performance } from 'perf_hooks';
import type {
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IVersionedNodeType,
} from 'n8n-workflow';

import {
	createEngineHarness,
	NODE_UNDER_TEST_NAME,
	type EngineHarness,
	type NodeRunResult,
} from '../../test/support/engine';
import type { ConfigPatch } from '../../test/simulator/server';
import { cacheDir, ensureN8nInstalled, N8N_VERSION } from '../lib/n8n-install';
import { runCliMemoryBenchmark } from './cliMemory';
import { CATEGORIES, runCliProfile } from './cliProfile';
import { runCliThroughputBenchmark, type Scenario } from './cliThroughput';
import { runQueueMemoryBenchmark } from './queueMemory';
import { startRemoteSimulator, type RemoteSimulator } from './remoteSimulator';
import { noisePng } from './syntheticPng';

const repo = join(__dirname, '..', '..');
const args = process.argv.slice(2);
const flag = (name: string) => {
	const i = args.indexOf(`--${name}`);
	return i >= 0 ? args[i + 1] : undefined;
};
const RUNS = Number(flag('runs') ?? 3);
const CLI_RUNS = Number(flag('cli-runs') ?? 5);
const CLI_SCENARIOS: Scenario[] = [
	{ id: 'CLI-P1a', latencyMs: 50, jitter: 0, target: 1.3 },
	{ id: 'CLI-P1b', latencyMs: 200, jitter: 0, target: 1.1 },
	{ id: 'CLI-P1c', latencyMs: 50, jitter: 0.5, target: 1.15 },
	{ id: 'CLI-P1d', latencyMs: 200, jitter: 0.5, target: 1.05 },
];
const ITEMS = Number(flag('items') ?? 1000);
const ONLY = flag('only')?.split(',');
// Keeps the .cpuprofile files of the CLI-prof figures there, for Chrome's DevTools.
const PROFILE_DIR = flag('profile-dir');
const PROFILE_RUNS = Number(flag('profile-runs') ?? 3);
const selected = (id: string) => !ONLY || ONLY.includes(id);

const PATH = '/ardra/vt/cvv/v2';

interface Measure {
	wallMs: number;
	/** CPU time of the main thread alone (not GC helpers or the libuv pool), in ms */
	activeMs: number;
	result: NodeRunResult;
}

/**
 * The main thread's own CPU time from /proc (Linux; clock ticks of 10 ms). Unlike event-loop
 * utilisation it does not grow when another process competes for the CPU.
 */
function mainThreadCpuMs(): number {
	const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	// Fields 14 and 15 of stat (utime, stime) are at 11 and 12 after the command name.
	return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function measure(run: () => Promise<NodeRunResult>): Promise<Measure> {
	const cpuBefore = mainThreadCpuMs();
	const started = performance.now();
	const result = await run();
	const wallMs = performance.now() - started;
	return { wallMs, activeMs: mainThreadCpuMs() - cpuBefore, result };
}

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function line(id: string, text: string) {
	process.stdout.write(`${id.padEnd(4)} ${text}\n`);
}

function loadN8nNode(relative: string, exportName: string): INodeType | IVersionedNodeType {
	const file = join(
		cacheDir,
		`n8n-${N8N_VERSION}`,
		'node_modules',
		'n8n-nodes-base',
		'dist',
		'nodes',
		relative,
	);
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const NodeClass = (require(file) as Record<string, new () => INodeType | IVersionedNodeType>)[
		exportName
	];
	return new NodeClass();
}

function ids(count: number, prefix = 'LOAD_'): IDataObject[] {
	return Array.from({ length: count }, (_, n) => ({ id: `${prefix}${n}` }));
}

function countDelivered(items: INodeExecutionData[]): number {
	return items.filter((item) => item.json.error === undefined && !item.error).length;
}

class Bench {
	constructor(
		private readonly harness: EngineHarness,
		private readonly simulator: RemoteSimulator,
		/** n8n's own nodes the comparison runs, loaded from the installed n8n */
		private readonly n8nNodeTypes: Record<string, INodeType | IVersionedNodeType>,
	) {}

	private get credentials() {
		const { credentials } = this.simulator;
		return { ...credentials, privateKey: credentials.privateKeyPem };
	}

	ours(
		items: IDataObject[],
		options: INodeParameters,
		image = false,
		onError?: 'continueRegularOutput',
	) {
		return this.harness.runNode({
			items,
			parameters: { payoutId: '={{ $json.id }}', isCardImageRequired: image, options },
			credentials: this.credentials,
			onError,
		});
	}

	/** The HTTP Request node configured as an operator would to make the same call. */
	theirs(
		items: IDataObject[],
		options: {
			batch?: { batchSize: number; batchInterval: number };
			image?: boolean;
			retry?: boolean;
		},
	) {
		const { apiKey, merchantId, keyId } = this.simulator.credentials;
		const parameters: INodeParameters = {
			method: 'POST',
			url: `${this.simulator.url}${PATH}`,
			authentication: 'none',
			sendHeaders: true,
			headerParameters: {
				parameters: [
					{ name: 'Authorization', value: `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}` },
					{ name: 'X-merchantid', value: merchantId },
					{ name: 'KeyId', value: keyId },
				],
			},
			sendBody: true,
			contentType: 'json',
			specifyBody: 'json',
			jsonBody: `={ "payoutId": "{{ $json.id }}", "isCardImageRequired": ${options.image ? 'true' : 'false'} }`,
			options: options.batch ? { batching: { batch: options.batch } } : {},
		};
		const nodes: INode[] = [
			{
				id: 'bench-http-request',
				name: NODE_UNDER_TEST_NAME,
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.5,
				position: [240, 0],
				parameters,
				onError: 'stopWorkflow',
				...(options.retry ? { retryOnFail: true, maxTries: 5, waitBetweenTries: 1000 } : {}),
			},
		];
		const connections: IConnections = {};
		if (options.image) {
			nodes.push({
				id: 'bench-convert-to-file',
				name: 'Convert to File',
				type: 'n8n-nodes-base.convertToFile',
				typeVersion: 1.1,
				position: [480, 0],
				parameters: {
					operation: 'toBinary',
					sourceProperty: 'response.cardImage',
					binaryPropertyName: 'data',
					options: { fileName: '=card-{{ $json.payoutId }}.png', mimeType: 'image/png' },
				},
			});
			connections[NODE_UNDER_TEST_NAME] = {
				main: [[{ node: 'Convert to File', type: 'main', index: 0 }]],
			};
		}
		return this.harness.runWorkflow({ items, nodes, connections, nodeTypes: this.n8nNodeTypes });
	}

	/** `config` is applied again before every run: resetting the stats also resets the config. */
	async repeat(
		label: string,
		config: ConfigPatch,
		run: () => Promise<NodeRunResult>,
		check: (r: NodeRunResult) => void,
	) {
		await this.simulator.reset();
		await this.simulator.setConfig(config);
		await run(); // warm-up: JIT and first-use costs are not what the figure is about
		const samples: Measure[] = [];
		for (let i = 0; i < RUNS; i++) {
			await this.simulator.reset();
			await this.simulator.setConfig(config);
			const sample = await measure(run);
			check(sample.result);
			samples.push(sample);
		}
		return {
			label,
			wallMs: median(samples.map((s) => s.wallMs)),
			activeMs: median(samples.map((s) => s.activeMs)),
		};
	}
}

function expectAll(count: number) {
	return (result: NodeRunResult) => {
		const items = result.main;
		const delivered = countDelivered(items);
		if (items.length !== count || delivered !== count) {
			throw new Error(
				`expected ${count} delivered items, got ${delivered} of ${items.length}: ${result.nodeError?.message ?? JSON.stringify(items.find((i) => i.json.error)?.json)}`,
			);
		}
	};
}

async function latencyFigure(bench: Bench, id: string, latencyMs: number, target: number) {
	const config = { latencyMs };
	const bound = (ITEMS / 16) * latencyMs;
	const ours = await bench.repeat(
		'ours',
		config,
		() => bench.ours(ids(ITEMS), { concurrency: 16 }),
		expectAll(ITEMS),
	);
	const theirs = await bench.repeat(
		'HTTP Request',
		config,
		() => bench.theirs(ids(ITEMS), { batch: { batchSize: 16, batchInterval: latencyMs } }),
		expectAll(ITEMS),
	);
	const ratio = ours.wallMs / bound;
	line(
		id,
		`${ITEMS} ids, ${latencyMs} ms latency, 16 in flight: ours ${(ours.wallMs / 1000).toFixed(2)} s = ${ratio.toFixed(2)} × the ${(bound / 1000).toFixed(3)} s bound (target ≤ ${target}) ${ratio <= target ? 'MET' : 'MISSED'}; HTTP Request (batch 16 every ${latencyMs} ms) ${(theirs.wallMs / 1000).toFixed(2)} s = ${(theirs.wallMs / bound).toFixed(2)} ×`,
	);
}

async function main() {
	const install = await ensureN8nInstalled();
	const cliNode = execFileSync(install.node24, ['--version'], { encoding: 'utf8' }).trim();
	process.stdout.write(
		`n8n-nodes-jusbiz benchmark — ${new Date().toISOString()} — ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB\n` +
			`real CLI: n8n ${install.version} on Node ${cliNode}, the packed tarball community-installed, median of ${CLI_RUNS} runs after a warm-up\n` +
			`in-process: n8n-core on Node ${process.version}; HTTP Request and Convert to File from n8n ${install.version}; median of ${RUNS} runs after a warm-up\n\n`,
	);

	const scenarios = CLI_SCENARIOS.filter((s) => selected(s.id));
	if (scenarios.length > 0 || selected('CLI-create')) {
		const created = await runCliThroughputBenchmark(
			install,
			repo,
			{ items: ITEMS, runs: CLI_RUNS, scenarios, create: selected('CLI-create') },
			({ scenario, boundMs, oursMs, theirsMs }) => {
				const ratio = oursMs / boundMs;
				const kind = scenario.jitter
					? `${scenario.latencyMs} ms ± ${scenario.jitter * 100} %`
					: `fixed ${scenario.latencyMs} ms`;
				line(
					scenario.id,
					`real CLI, ${ITEMS} ids, ${kind}, 16 in flight: ours ${(oursMs / 1000).toFixed(2)} s = ${ratio.toFixed(2)} × the ${(boundMs / 1000).toFixed(3)} s bound (target ≤ ${scenario.target}) ${ratio <= scenario.target ? 'MET' : 'MISSED'}; HTTP Request (batch 16 every ${scenario.latencyMs} ms) ${(theirsMs / 1000).toFixed(2)} s = ${(theirsMs / boundMs).toFixed(2)} ×`,
				);
			},
		);
		if (created.createMs !== undefined) {
			const bound = (ITEMS / 16) * 50;
			line(
				'CLI-create',
				`real CLI, ${ITEMS} Creates, 50 ms ± 50 %, 16 in flight: ${(created.createMs / 1000).toFixed(2)} s = ${(created.createMs / bound).toFixed(2)} × the ${(bound / 1000).toFixed(3)} s bound, ${created.createDelivered}/${ITEMS} cards`,
			);
		}
		process.stdout.write('\n');
	}

	for (const [id, latencyMs, image] of [
		['CLI-prof-P1a', 50, false],
		['CLI-prof-P2', 0, true],
	] as const) {
		if (!selected(id)) continue;
		const figure = await runCliProfile(install, repo, {
			items: ITEMS,
			latencyMs,
			image,
			runs: PROFILE_RUNS,
			keepIn: PROFILE_DIR && join(PROFILE_DIR, id),
		});
		const parts = CATEGORIES.map((c) => `${c} ${figure.split[c].toFixed(2)}`).join(', ');
		const ratio = figure.oursPerItem / figure.theirsPerItem;
		line(
			id,
			`real CLI under --cpu-prof, ${ITEMS} ids${image ? ' with images' : ''}, ${latencyMs} ms latency: main-thread ms per item above a No Operation node (median of ${PROFILE_RUNS} profiles): ours ${figure.oursPerItem.toFixed(2)}, HTTP Request${image ? ' + Convert to File' : ''} ${figure.theirsPerItem.toFixed(2)}: ratio ${ratio.toFixed(2)} (target ≤ 1.0) ${ratio <= 1 ? 'MET' : 'MISSED'}; our node's run split: ${parts}`,
		);
		process.stdout.write(
			`           most self time in our node's run (ms per item): ${figure.top.map((t) => `${t.name} ${t.ms.toFixed(3)}`).join('; ')}\n`,
		);
	}

	// A 30 KB card image for P2 (the simulator's own images are 7–9 KB); P1 and P3 ask for none.
	const largePng = noisePng(100, 100);
	const pngFile = join(mkdtempSync(join(tmpdir(), 'jusbiz-bench-')), 'card-30k.png');
	writeFileSync(pngFile, largePng);
	const simulator = await startRemoteSimulator(['--png-file', pngFile]);
	const harness = await createEngineHarness({
		packageDir: repo,
		nodeType: 'jusBizGetSecurityCode',
		credentialType: 'jusBizApi',
		runTimeoutMs: 600_000,
	});
	const bench = new Bench(harness, simulator, {
		'n8n-nodes-base.httpRequest': loadN8nNode('HttpRequest/HttpRequest.node.js', 'HttpRequest'),
		'n8n-nodes-base.convertToFile': loadN8nNode(
			'Files/ConvertToFile/ConvertToFile.node.js',
			'ConvertToFile',
		),
	});

	try {
		if (selected('P1a')) await latencyFigure(bench, 'P1a', 50, 1.3);
		if (selected('P1b')) await latencyFigure(bench, 'P1b', 200, 1.1);

		if (selected('P1c')) {
			const ours = await bench.repeat(
				'ours',
				{ latencyMs: 50 },
				() => bench.ours(ids(ITEMS), { concurrency: ITEMS }),
				expectAll(ITEMS),
			);
			const theirs = await bench.repeat(
				'HTTP Request',
				{ latencyMs: 50 },
				() => bench.theirs(ids(ITEMS), {}),
				expectAll(ITEMS),
			);
			const ratio = ours.wallMs / theirs.wallMs;
			line(
				'P1c',
				`${ITEMS} ids, 50 ms latency, no bound: ours (concurrency ${ITEMS}) ${(ours.wallMs / 1000).toFixed(2)} s, HTTP Request (all at once) ${(theirs.wallMs / 1000).toFixed(2)} s: ours / theirs = ${ratio.toFixed(2)} (target ≤ 1.0) ${ratio <= 1 ? 'MET' : 'MISSED'}`,
			);
		}

		if (selected('P2')) {
			{
				const ours = await bench.repeat(
					'ours',
					{ latencyMs: 0 },
					() => bench.ours(ids(ITEMS), { concurrency: 16 }, true),
					expectAll(ITEMS),
				);
				const theirs = await bench.repeat(
					'HTTP Request + Convert to File',
					{ latencyMs: 0 },
					() =>
						bench.theirs(ids(ITEMS), { image: true, batch: { batchSize: 16, batchInterval: 1 } }),
					expectAll(ITEMS),
				);
				const ratio = ours.activeMs / theirs.activeMs;
				line(
					'P2',
					`${ITEMS} ids, 0 ms latency, ${largePng.length} B PNG each: main-thread CPU per item ours ${(ours.activeMs / ITEMS).toFixed(2)} ms, HTTP Request + Convert to File ${(theirs.activeMs / ITEMS).toFixed(2)} ms: ratio ${ratio.toFixed(2)} (target ≤ 1.0) ${ratio <= 1 ? 'MET' : 'MISSED'}`,
				);
			}
		}

		if (selected('P3')) {
			await simulator.setConfig({
				latencyMs: 0,
				faultRates: { '503': 0.05, '429': 0.02, reset: 0.01 },
				retryAfterSeconds: 1,
				seed: 11,
			});
			const faultRun = async (run: () => Promise<NodeRunResult>) => {
				await simulator.setConfig({ seed: 11 });
				const before = await simulator.stats();
				const { wallMs, result } = await measure(run);
				const after = await simulator.stats();
				const successes = (after.byStatus['200'] ?? 0) - (before.byStatus['200'] ?? 0);
				const delivered = countDelivered(result.main);
				return {
					wallMs,
					delivered,
					duplicates: Math.max(0, successes - delivered),
					requests: after.requests - before.requests,
					failed: result.nodeError?.message,
				};
			};
			const ours = await faultRun(() =>
				bench.ours(ids(ITEMS), { concurrency: 16 }, false, 'continueRegularOutput'),
			);
			const theirs = await faultRun(() =>
				bench.theirs(ids(ITEMS), { batch: { batchSize: 16, batchInterval: 1 }, retry: true }),
			);
			line(
				'P3',
				`${ITEMS} ids, 5% 503 + 2% 429 (Retry-After 1 s) + 1% reset: ours delivered ${ours.delivered}/${ITEMS} (${((100 * ours.delivered) / ITEMS).toFixed(1)} %), ${ours.duplicates} duplicate fetches, ${ours.requests} requests, ${(ours.wallMs / 1000).toFixed(2)} s — target 100 %, 0 duplicates ${ours.delivered === ITEMS && ours.duplicates === 0 ? 'MET' : 'MISSED'}; HTTP Request with Retry On Fail (5 tries, 1 s apart) delivered ${theirs.delivered}/${ITEMS}, ${theirs.duplicates} duplicate fetches, ${theirs.requests} requests, ${(theirs.wallMs / 1000).toFixed(2)} s${theirs.failed ? ` (node failed: ${theirs.failed.slice(0, 80)})` : ''}`,
			);
			await simulator.reset();
		}
	} finally {
		await simulator.close();
	}

	if (selected('P4')) {
		const figures = await runCliMemoryBenchmark(install, repo, 10_000);
		const above = (mb: number) => mb - figures.baseline.peakMb;
		const ours = above(figures.ours.peakMb);
		line(
			'P4',
			`10,000 ids with images, real n8n CLI (n8n execute), filesystem binary data: peak RSS above n8n's own ${figures.baseline.peakMb} MB for the same items through No Operation: ours +${ours} MB (${figures.ours.peakMb} MB, ${figures.ours.seconds} s, ${figures.ours.items} items) (target ≤ 100 MB) ${ours <= 100 ? 'MET' : 'MISSED'}; HTTP Request + Convert to File +${above(figures.theirs.peakMb)} MB (${figures.theirs.peakMb} MB, ${figures.theirs.seconds} s, ${figures.theirs.items} items${figures.theirs.error ? `, failed: ${figures.theirs.error.slice(0, 80)}` : ''}); ours without images +${above(figures.oursNoImage.peakMb)} MB`,
		);
	}

	if (selected('P4-queue')) {
		execFileSync('bash', [join(repo, 'scripts', 'ensure-queue-deps.sh')], { stdio: 'inherit' });
		const figures = await runQueueMemoryBenchmark(install, repo, 10_000);
		const above = (mb: number) => mb - figures.baseline.peakMb;
		const ours = above(figures.ours.peakMb);
		line(
			'P4-queue',
			`10,000 ids with images, queue mode (main + 1 worker, Redis, Postgres), database binary data: the worker's peak RSS above its ${figures.baseline.peakMb} MB for the same items through No Operation: ours +${ours} MB (${figures.ours.seconds} s, ${figures.ours.status}) (target ≤ 100 MB) ${ours <= 100 ? 'MET' : 'MISSED'}; HTTP Request + Convert to File +${above(figures.theirs.peakMb)} MB (${figures.theirs.seconds} s, ${figures.theirs.status})`,
		);
	}
}

main().catch((error: unknown) => {
	process.stderr.write(
		`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
	);
	process.exitCode = 1;
});
