/**
 * Where the real n8n CLI spends main-thread time per request: `n8n execute` runs under
 * `--cpu-prof` (through NODE_OPTIONS, on the n8n process itself), once with the JusBiz node and once
 * with a No Operation node over the same items; the difference per item, by the code each sample
 * was in, is what one request costs: n8n's request path, the engine's per-item work, this package.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'fs';
import { join } from 'path';
import type { INode } from 'n8n-workflow';

import * as cli from '../lib/n8n-cli';
import { prepareCliBench, securityCodeNode, workflow, type Install } from './cliMemory';
import { startRemoteSimulator } from './remoteSimulator';

export const CATEGORIES = [
	'package',
	'request path',
	'engine and expressions',
	'garbage collection',
	'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string };
	children?: number[];
}
interface CpuProfile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

const REQUEST_PATH =
	/node_modules\/(axios|follow-redirects|form-data|proxy-from-env|agent-base|https?-proxy-agent|combined-stream|asynckit|mime-types)\/|request-helper-functions|node:(_?http|https|net|tls|dns|stream|zlib|internal\/(http|net|streams|tls))/;
const ENGINE = /node_modules\/(n8n-core|n8n-workflow|@n8n\/|lodash|luxon|jmespath|isolated-vm)/;

function categoryOf(node: ProfileNode): Category | undefined {
	const { url, functionName } = node.callFrame;
	if (functionName === '(garbage collector)') return 'garbage collection';
	if (functionName === '(idle)' || functionName === '(program)' || functionName === '(root)') {
		return undefined;
	}
	if (url.includes('/n8n-nodes-jusbiz/')) return 'package';
	if (REQUEST_PATH.test(url)) return 'request path';
	if (ENGINE.test(url)) return 'engine and expressions';
	return 'other';
}

/** Self time per category, in ms; idle time is left out. */
export function attribute(profile: CpuProfile): Record<Category, number> {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const totals = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
	profile.samples.forEach((id, i) => {
		const node = byId.get(id);
		const category = node && categoryOf(node);
		if (category) totals[category] += (profile.timeDeltas[i] ?? 0) / 1000;
	});
	return totals;
}

/** The profile of n8n's own process: the largest one (its task runner writes a small one too). */
function mainProfile(dir: string): CpuProfile {
	const files = readdirSync(dir)
		.filter((f) => f.endsWith('.cpuprofile'))
		.map((f) => join(dir, f))
		.sort((a, b) => statSync(b).size - statSync(a).size);
	if (files.length === 0) throw new Error(`no CPU profile written to ${dir}`);
	return JSON.parse(readFileSync(files[0], 'utf8')) as CpuProfile;
}

export async function runCliProfile(
	install: Install,
	repo: string,
	options: { items: number; latencyMs: number; image: boolean },
): Promise<{ perItem: Record<Category, number>; totalPerItem: number }> {
	const simulator = await startRemoteSimulator();
	let root: string | undefined;
	try {
		const noOp: INode = {
			id: 'n1',
			name: 'JusBiz',
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			position: [600, 0],
			parameters: {},
		};
		const ours = workflow('benchProfOurs001', options.items, [
			securityCodeNode({ isCardImageRequired: options.image, options: { concurrency: 16 } }),
		]);
		const base = workflow('benchProfBase001', options.items, [noOp]);
		const prepared = await prepareCliBench(
			install,
			repo,
			simulator,
			[ours, base],
			'jusbiz-bench-prof-',
		);
		root = prepared.root;
		const { env } = prepared;
		await simulator.setConfig({ latencyMs: options.latencyMs });
		const profiled = async (id: string) => {
			const dir = join(prepared.root, `prof-${id}`);
			mkdirSync(dir);
			const result = await cli.runN8n(install, ['execute', `--id=${id}`, '--rawOutput'], {
				...env,
				NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir}`,
			});
			if (result.code !== 0) throw new Error(`${id} failed: ${result.stderr.slice(-2000)}`);
			return attribute(mainProfile(dir));
		};
		const withNode = await profiled(ours.id);
		const without = await profiled(base.id);
		const perItem = Object.fromEntries(
			CATEGORIES.map((c) => [c, Math.max(0, withNode[c] - without[c]) / options.items]),
		) as Record<Category, number>;
		const totalPerItem = CATEGORIES.reduce((sum, c) => sum + perItem[c], 0);
		return { perItem, totalPerItem };
	} finally {
		await simulator.close();
		if (root) rmSync(root, { recursive: true, force: true });
	}
}
