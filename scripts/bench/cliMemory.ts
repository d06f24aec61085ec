/**
 * P4: peak resident memory of the real `n8n execute` running 10,000 payout ids with images, binary
 * data in filesystem mode, for our node and for HTTP Request + Convert to File.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { INode, IRun } from 'n8n-workflow';

import { createSimulator } from '../../test/simulator/server';
import * as cli from '../lib/n8n-cli';
import { freePort } from '../lib/n8n-process';

export interface Install {
	node24: string;
	n8nBin: string;
	version: string;
}

export interface MemoryFigure {
	peakMb: number;
	seconds: number;
	items: number;
	error?: string;
}

const PATH = '/ardra/vt/cvv/v2';

const MANUAL_TRIGGER: INode = {
	id: 'm1',
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** A trigger (Manual by default) → the payout ids as one list → one item per id → `fetchNodes`. */
export function workflow(
	id: string,
	count: number,
	fetchNodes: INode[],
	prefix = 'LOAD_',
	trigger: INode = MANUAL_TRIGGER,
) {
	const payouts = Array.from({ length: count }, (_, n) => `${prefix}${n}`);
	const nodes: INode[] = [
		trigger,
		{
			id: 'm2',
			name: 'Payout List',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [200, 0],
			parameters: { mode: 'raw', jsonOutput: JSON.stringify({ payouts }), options: {} },
		},
		{
			id: 'm3',
			name: 'One Item per Payout',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [400, 0],
			parameters: { fieldToSplitOut: 'payouts', options: { destinationFieldName: 'id' } },
		},
		...fetchNodes,
	];
	const chain = nodes.map((node) => node.name);
	const connections = Object.fromEntries(
		chain
			.slice(0, -1)
			.map((name, i) => [name, { main: [[{ node: chain[i + 1], type: 'main', index: 0 }]] }]),
	);
	return {
		id,
		name: id,
		active: false,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/** n8n's No Operation node: the same items through n8n with no request, for a baseline. */
export function noOpNode(name = 'No Operation'): INode {
	return {
		id: 'b1',
		name,
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [600, 0],
		parameters: {},
	};
}

export const BENCH_CREDENTIAL = { id: 'jusbizBenchSim01', name: 'JusBiz simulator' };

/** The JusBiz Get Security Code node as the benchmarks run it, on each item's `id`. */
export function securityCodeNode(parameters: INode['parameters']): INode {
	return {
		id: 'o1',
		name: 'JusBiz',
		type: 'n8n-nodes-jusbiz.jusBizGetSecurityCode',
		typeVersion: 1,
		position: [600, 0],
		parameters: { payoutId: '={{ $json.id }}', ...parameters },
		credentials: { jusBizApi: BENCH_CREDENTIAL },
	};
}

/**
 * n8n's HTTP Request node making the same call as an operator would set it up (manual headers,
 * batches of 16 every `batchInterval` ms), plus Convert to File when the image is asked for.
 */
export function httpRequestNodes(
	simulator: { url: string; credentials: { apiKey: string; merchantId: string; keyId: string } },
	options: { image: boolean; batchInterval: number },
): INode[] {
	const { credentials } = simulator;
	const authorization = `Basic ${Buffer.from(`${credentials.apiKey}:`).toString('base64')}`;
	const request: INode = {
		id: 't1',
		name: 'HTTP Request',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.5,
		position: [600, 0],
		parameters: {
			method: 'POST',
			url: `${simulator.url}${PATH}`,
			sendHeaders: true,
			headerParameters: {
				parameters: [
					{ name: 'Authorization', value: authorization },
					{ name: 'X-merchantid', value: credentials.merchantId },
					{ name: 'KeyId', value: credentials.keyId },
				],
			},
			sendBody: true,
			contentType: 'json',
			specifyBody: 'json',
			jsonBody: `={ "payoutId": "{{ $json.id }}", "isCardImageRequired": ${options.image} }`,
			options: { batching: { batch: { batchSize: 16, batchInterval: options.batchInterval } } },
		},
	};
	if (!options.image) return [request];
	return [
		request,
		{
			id: 't2',
			name: 'Convert to File',
			type: 'n8n-nodes-base.convertToFile',
			typeVersion: 1.1,
			position: [800, 0],
			parameters: {
				operation: 'toBinary',
				sourceProperty: 'response.cardImage',
				binaryPropertyName: 'data',
				options: { fileName: '=card-{{ $json.payoutId }}.png', mimeType: 'image/png' },
			},
		},
	];
}

/**
 * A fresh n8n user folder with the packed tarball community-installed, the simulator's
 * credential and these workflows imported: what every real-CLI benchmark starts from.
 */
export async function prepareCliBench(
	install: Install,
	repo: string,
	simulator: {
		url: string;
		credentials: { apiKey: string; merchantId: string; keyId: string; privateKeyPem: string };
	},
	workflows: Array<{ id: string }>,
	prefix: string,
): Promise<{ root: string; env: NodeJS.ProcessEnv }> {
	const root = mkdtempSync(join(tmpdir(), prefix));
	cli.installCommunityPackage(root, cli.packPackage(repo, join(root, 'pack')));
	const env = cli.n8nEnvironment({
		userFolder: root,
		fileAccessDir: join(root, 'files'),
		brokerPort: await freePort(),
	});
	writeFileSync(
		join(root, 'credentials.json'),
		JSON.stringify([
			{ ...BENCH_CREDENTIAL, type: 'jusBizApi', data: cli.simulatorCredentialData(simulator) },
		]),
	);
	for (const wf of workflows) writeFileSync(join(root, `${wf.id}.json`), JSON.stringify(wf));
	for (const args of [
		['import:credentials', `--input=${join(root, 'credentials.json')}`],
		...workflows.map((wf) => ['import:workflow', `--input=${join(root, `${wf.id}.json`)}`]),
	]) {
		const result = await cli.runN8n(install, args, env);
		if (result.code !== 0) throw new Error(`n8n ${args[0]} failed: ${result.stderr}`);
	}
	return { root, env };
}

/** Runs n8n under GNU time, which reports the peak RSS of the n8n process itself. */
export async function timed(
	install: Install,
	args: string[],
	env: NodeJS.ProcessEnv,
): Promise<{ stdout: string; peakKb: number; seconds: number }> {
	const { stdout, stderr } = await cli.runN8n(install, args, env, [
		'/usr/bin/time',
		'-f',
		'PEAK %M %e',
	]);
	const match = /PEAK (\d+) ([\d.]+)/.exec(stderr);
	if (!match) throw new Error(`no figures from /usr/bin/time:\n${stderr.slice(-2000)}`);
	return { stdout, peakKb: Number(match[1]), seconds: Number(match[2]) };
}

export async function runCliMemoryBenchmark(
	install: Install,
	repo: string,
	count: number,
): Promise<{
	baseline: MemoryFigure;
	oursNoImage: MemoryFigure;
	ours: MemoryFigure;
	theirs: MemoryFigure;
}> {
	const root = mkdtempSync(join(tmpdir(), 'jusbiz-bench-cli-'));
	// Plain answers: HTTP Request cannot decrypt JusBiz's JWE, so Convert to File would find no image.
	const simulator = await createSimulator({ encryption: 'none' });
	try {
		cli.installCommunityPackage(root, cli.packPackage(repo, join(root, 'pack')));
		const env = cli.n8nEnvironment({
			userFolder: root,
			fileAccessDir: join(root, 'files'),
			extra: { N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem', N8N_RUNNERS_BROKER_PORT: '5699' },
		});
		writeFileSync(
			join(root, 'credentials.json'),
			JSON.stringify([
				{
					id: 'jusbizBenchSim01',
					name: 'JusBiz simulator',
					type: 'jusBizApi',
					data: cli.simulatorCredentialData(simulator),
				},
			]),
		);
		const ours = workflow('benchOursMemory1', count, [
			securityCodeNode({ isCardImageRequired: true, options: { concurrency: 16 } }),
		]);
		const theirs = workflow(
			'benchTheirMemory',
			count,
			httpRequestNodes(simulator, { image: true, batchInterval: 1 }),
		);
		// What n8n itself needs for 10,000 items, and our node without images, for scale.
		const baseline = workflow('benchBaselineMem', count, [noOpNode()]);
		const oursNoImage = structuredClone(ours);
		oursNoImage.id = 'benchOursNoImage';
		oursNoImage.name = oursNoImage.id;
		oursNoImage.nodes[3].parameters.isCardImageRequired = false;
		for (const wf of [ours, theirs, baseline, oursNoImage])
			writeFileSync(join(root, `${wf.id}.json`), JSON.stringify(wf));
		for (const args of [
			['import:credentials', `--input=${join(root, 'credentials.json')}`],
			['import:workflow', `--input=${join(root, 'benchOursMemory1.json')}`],
			['import:workflow', `--input=${join(root, 'benchTheirMemory.json')}`],
			['import:workflow', `--input=${join(root, 'benchBaselineMem.json')}`],
			['import:workflow', `--input=${join(root, 'benchOursNoImage.json')}`],
		]) {
			const result = await cli.runN8n(install, args, env);
			if (result.code !== 0) throw new Error(`n8n ${args[0]} failed: ${result.stderr}`);
		}
		const measureOne = async (id: string, lastNode: string): Promise<MemoryFigure> => {
			const { stdout, peakKb, seconds } = await timed(
				install,
				['execute', `--id=${id}`, '--rawOutput'],
				env,
			);
			const run = cli.parseRunOutput(stdout) as IRun | undefined;
			const items = run?.data.resultData.runData[lastNode]?.[0]?.data?.main[0]?.length ?? 0;
			const error = run ? run.data.resultData.error?.message : 'no run output';
			return { peakMb: Math.round(peakKb / 1024), seconds, items, error };
		};
		return {
			baseline: await measureOne('benchBaselineMem', 'No Operation'),
			oursNoImage: await measureOne('benchOursNoImage', 'JusBiz'),
			ours: await measureOne('benchOursMemory1', 'JusBiz'),
			theirs: await measureOne('benchTheirMemory', 'Convert to File'),
		};
	} finally {
		await simulator.close();
		rmSync(root, { recursive: true, force: true });
	}
}
