/**
 * Where the real n8n CLI spends main-thread time per request: `n8n execute` runs under
 * `--cpu-prof` (through NODE_OPTIONS, on the n8n process itself) with the JusBiz node, with n8n's
 * HTTP Request node (+ Convert to File for images) and with a No Operation node, over the same
 * items. Each total is the main thread's busy time above the No Operation run, per item. The split
 * of our run counts only the samples from the node's first sample to its last, by the code each
 * sample was in: this package, n8n's request path, the engine and expressions, garbage collection.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'fs';
import { basename, join } from 'path';

import * as cli from '../lib/n8n-cli';
import {
	httpRequestNodes,
	noOpNode,
	prepareCliBench,
	securityCodeNode,
	workflow,
	type Install,
} from './cliMemory';
import { startRemoteSimulator } from './remoteSimulator';

export const CATEGORIES = [
	'package',
	'expressions (isolate)',
	'request path',
	'engine and expressions',
	'garbage collection',
	'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}
interface CpuProfile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

const REQUEST_PATH =
	/node_modules\/(axios|follow-redirects|form-data|proxy-from-env|agent-base|https?-proxy-agent|combined-stream|asynckit|mime-types)\/|request-helper-functions|backend-network|node:(_?http|https|net|tls|dns|stream|zlib|internal\/(http|net|streams|tls|url|dns))/;
const ENGINE = /node_modules\/(n8n-core|n8n-workflow|@n8n\/|lodash|luxon|jmespath|isolated-vm)/;
// The installed package, not the n8n cache folder, whose name it shares.
const OURS = /\/node_modules\/n8n-nodes-jusbiz\//;
// Loading modules and node classes (n8n loads a package's nodes when a workflow first needs them)
// is paid once per process, whatever the number of items.
const MODULE_LOADING =
	/^node:internal\/modules\/|directory-loader|load-nodes-and-credentials|load-class-in-isolation/;
const HTTP_REQUEST = /\/nodes\/(HttpRequest|Files\/ConvertToFile)\//;
// `(program)` is native work V8 cannot attribute: busy time, counted under "other".
const IDLE = new Set(['(idle)', '(root)']);

/** The category of a frame's own code; undefined for node's internals and native code. */
function ownCategory(url: string): Category | undefined {
	if (OURS.test(url)) return 'package';
	if (/expression-runtime|isolated-vm/.test(url)) return 'expressions (isolate)';
	if (REQUEST_PATH.test(url)) return 'request path';
	if (ENGINE.test(url)) return 'engine and expressions';
	if (url !== '' && !url.startsWith('node:')) return 'other';
	return undefined;
}

/**
 * A sample's category: that of its own frame, or, for node's internals and native code (crypto,
 * JSON, buffers), that of the nearest caller that has one, so that node's crypto called by this
 * package counts as the package's.
 */
function categoryOf(
	node: ProfileNode,
	up: (id: number) => ProfileNode | undefined,
): Category | undefined {
	const { functionName } = node.callFrame;
	if (functionName === '(garbage collector)') return 'garbage collection';
	if (IDLE.has(functionName)) return undefined;
	for (let frame: ProfileNode | undefined = node; frame; frame = up(frame.id)) {
		const category = ownCategory(frame.callFrame.url);
		if (category) return category;
	}
	return 'other';
}

export interface ProfileSummary {
	/** main-thread busy time of the whole process, module loading left out, ms */
	busyMs: number;
	/** loading modules, once per process */
	loadingMs: number;
	/** busy time between the node's first and last sample, by category, ms */
	window: Record<Category, number>;
	/** the functions with the most self time in that window */
	top: Array<{ name: string; ms: number }>;
}

/** Busy time overall, and inside the window of samples whose stack passes through `marker` code. */
export function summarise(profile: CpuProfile, marker: RegExp): ProfileSummary {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes)
		for (const child of node.children ?? []) parent.set(child, node.id);
	const caller = (id: number) => {
		const up = parent.get(id);
		return up === undefined ? undefined : byId.get(up);
	};
	const inside = (pattern: RegExp) => {
		const memo = new Map<number, boolean>();
		const test = (id: number): boolean => {
			const known = memo.get(id);
			if (known !== undefined) return known;
			const node = byId.get(id);
			const up = parent.get(id);
			const result =
				node !== undefined && (pattern.test(node.callFrame.url) || (up !== undefined && test(up)));
			memo.set(id, result);
			return result;
		};
		return test;
	};
	const inMarker = inside(marker);
	const loading = inside(MODULE_LOADING);
	const first = profile.samples.findIndex(inMarker);
	let last = -1;
	for (let i = profile.samples.length - 1; i >= 0 && last < 0; i--) {
		if (inMarker(profile.samples[i])) last = i;
	}
	const window = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
	const self = new Map<string, number>();
	let busyMs = 0;
	let loadingMs = 0;
	profile.samples.forEach((id, i) => {
		const node = byId.get(id);
		const category = node && categoryOf(node, caller);
		if (!node || !category) return;
		const ms = (profile.timeDeltas[i] ?? 0) / 1000;
		if (loading(id)) {
			loadingMs += ms;
			return;
		}
		busyMs += ms;
		if (i < first || i > last) return;
		window[category] += ms;
		const { functionName, url, lineNumber } = node.callFrame;
		const name = `${functionName || '(anonymous)'} ${url ? `${basename(url)}:${lineNumber + 1}` : ''}`;
		self.set(name, (self.get(name) ?? 0) + ms);
	});
	const top = [...self.entries()]
		.sort((a, b) => b[1] - a[1])
		.slice(0, 8)
		.map(([name, ms]) => ({ name, ms }));
	return { busyMs, loadingMs, window, top };
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

export interface ProfileFigure {
	/** main-thread ms per item above the No Operation run */
	oursPerItem: number;
	theirsPerItem: number;
	/** our node's window, ms per item */
	split: Record<Category, number>;
	top: Array<{ name: string; ms: number }>;
}

export async function runCliProfile(
	install: Install,
	repo: string,
	options: { items: number; latencyMs: number; image: boolean; runs: number; keepIn?: string },
): Promise<ProfileFigure> {
	const simulator = await startRemoteSimulator();
	let root: string | undefined;
	try {
		const ours = workflow('benchProfOurs001', options.items, [
			securityCodeNode({ isCardImageRequired: options.image, options: { concurrency: 16 } }),
		]);
		const theirs = workflow(
			'benchProfHttp001',
			options.items,
			httpRequestNodes(simulator, {
				image: options.image,
				batchInterval: Math.max(1, options.latencyMs),
			}),
		);
		const base = workflow('benchProfBase001', options.items, [noOpNode()]);
		const prepared = await prepareCliBench(
			install,
			repo,
			simulator,
			[ours, theirs, base],
			'jusbiz-bench-prof-',
		);
		root = prepared.root;
		const { env } = prepared;
		// HTTP Request cannot decrypt JusBiz's JWE, so Convert to File would find no image in an
		// encrypted answer: with images both sides get plain answers.
		await simulator.setConfig({
			latencyMs: options.latencyMs,
			...(options.image ? { encryption: 'none' as const } : {}),
		});
		const profiledOnce = async (id: string, marker: RegExp, run: number) => {
			const dir = join(options.keepIn ?? prepared.root, `prof-${id}-${run}`);
			// A kept folder from an earlier invocation must not hand over its profile.
			rmSync(dir, { recursive: true, force: true });
			mkdirSync(dir, { recursive: true });
			const result = await cli.runN8n(install, ['execute', `--id=${id}`, '--rawOutput'], {
				...env,
				NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir}`,
			});
			if (result.code !== 0) throw new Error(`${id} failed: ${result.stderr.slice(-2000)}`);
			return summarise(mainProfile(dir), marker);
		};
		// One profile is noisy: the run with the median busy time stands for each workflow.
		const profiled = async (id: string, marker: RegExp) => {
			const runs: ProfileSummary[] = [];
			for (let run = 0; run < Math.max(1, options.runs); run++)
				runs.push(await profiledOnce(id, marker, run));
			return runs.sort((a, b) => a.busyMs - b.busyMs)[Math.floor(runs.length / 2)];
		};
		const withOurs = await profiled(ours.id, OURS);
		const withTheirs = await profiled(theirs.id, HTTP_REQUEST);
		const without = await profiled(base.id, /$^/);
		const perItem = (ms: number) => ms / options.items;
		return {
			oursPerItem: perItem(withOurs.busyMs - without.busyMs),
			theirsPerItem: perItem(withTheirs.busyMs - without.busyMs),
			split: Object.fromEntries(CATEGORIES.map((c) => [c, perItem(withOurs.window[c])])) as Record<
				Category,
				number
			>,
			top: withOurs.top.map(({ name, ms }) => ({ name, ms: perItem(ms) })),
		};
	} finally {
		await simulator.close();
		if (root) rmSync(root, { recursive: true, force: true });
	}
}
