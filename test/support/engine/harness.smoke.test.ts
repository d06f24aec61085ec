import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import type { EngineHarness } from './index';
import { createEngineHarness } from './index';

const FIXTURE_PACKAGE = join(__dirname, 'fixture-package');
const TOKEN = 'fixture-token-123';

interface Echo {
	method?: string;
	url?: string;
	headers: IncomingHttpHeaders;
	body: unknown;
}

let server: Server;
let baseUrl: string;
let harness: EngineHarness;

beforeAll(async () => {
	server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			const echo: Echo = {
				method: req.method,
				url: req.url,
				headers: req.headers,
				body: raw ? (JSON.parse(raw) as unknown) : undefined,
			};
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify(echo));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	harness = await createEngineHarness({
		packageDir: FIXTURE_PACKAGE,
		nodeType: 'fixtureEcho',
		credentialType: 'fixtureFnApi',
	});
});

afterAll(async () => {
	await new Promise<void>((resolve, reject) =>
		server.close((error) => (error ? reject(error) : resolve())),
	);
});

function echoOf(json: unknown): Echo {
	return (json as { echo: Echo }).echo;
}

describe('engine harness (real WorkflowExecute)', () => {
	it('applies a function-form authenticate as is, and logs the request it produced', async () => {
		const result = await harness.runNode({
			items: [{ id: 'a' }, { id: 'b' }],
			parameters: { authentication: 'fixtureFnApi', baseUrl, value: '={{ $json.id }}' },
			credentials: { token: TOKEN },
		});

		expect(result.nodeError).toBeUndefined();
		expect(result.run.status).toBe('success');
		expect(result.main).toHaveLength(2);
		const [first, second] = result.main.map((item) => echoOf(item.json));
		expect(first.method).toBe('POST');
		expect(first.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(first.headers['x-fixture-fn']).toBe('yes');
		expect(first.body).toEqual({ value: 'a' });
		expect(second.body).toEqual({ value: 'b' });
		expect(result.main.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(result.requests).toHaveLength(2);
		expect(result.requests[0].headers['X-Fixture-Fn']).toBe('yes');
		expect(result.logs).toContainEqual(
			expect.objectContaining({ level: 'debug', message: 'fixture echo answered' }),
		);
		// The server sees lower-cased header names, the request log keeps the credential's own.
		expect(result.allText()).toContain('X-Fixture-Fn');
		expect(result.allText({ includeRequests: false })).not.toContain('X-Fixture-Fn');
	});

	it('keeps binary data inline as base64 and allText decodes it', async () => {
		const result = await harness.runNode({
			items: [{ id: 'bin' }],
			parameters: { baseUrl, value: 'binary-marker', attachBinary: true },
			credentials: { token: TOKEN },
		});

		const binary = result.main[0].binary?.echo;
		expect(binary?.mimeType).toBe('application/json');
		expect(binary?.id).toBeUndefined();
		const decoded = Buffer.from(binary?.data ?? '', 'base64').toString('utf8');
		expect(decoded).toContain('binary-marker');
		expect(result.allText()).toContain('"value":"binary-marker"');
	});

	it('resolves with nodeError and empty outputs when the node throws under stopWorkflow', async () => {
		const result = await harness.runNode({
			items: [{ id: 'ok' }, { id: 'bad', fail: true }],
			parameters: { baseUrl },
			credentials: { token: TOKEN },
		});

		expect(result.run.status).toBe('error');
		expect(result.nodeError?.name).toBe('NodeOperationError');
		expect(result.nodeError?.message).toBe('Item 1 asked to fail');
		expect(result.main).toEqual([]);
		expect(result.errorOutput).toEqual([]);
		const text = result.allText({ includeRequests: false });
		expect(text).toContain('fixture failure description');
		// The stack is a non-enumerable own property of the error.
		expect(text).toContain('FixtureEcho.node.js');
	});

	it('n8n-core quirk: an item carrying `error` loses its json to { error: message }', async () => {
		const result = await harness.runNode({
			items: [{ id: 'bad', fail: true }],
			parameters: { baseUrl, errorShape: 'itemError' },
			credentials: { token: TOKEN },
			onError: 'continueErrorOutput',
		});

		expect(result.main).toEqual([]);
		expect(result.errorOutput).toHaveLength(1);
		expect(result.errorOutput[0].json).toEqual({ error: 'Item 0 asked to fail' });
		expect(result.errorOutput[0].error?.name).toBe('NodeOperationError');
	});

	it('n8n-core quirk: a whole-node throw under continueErrorOutput passes the input to output 0', async () => {
		const result = await harness.runNode({
			items: [{ id: 'bad', fail: true }],
			parameters: { baseUrl, errorShape: 'throw' },
			credentials: { token: TOKEN },
			onError: 'continueErrorOutput',
		});

		expect(result.run.status).toBe('error');
		expect(result.nodeError?.message).toBe('Item 0 asked to fail');
		expect(result.main).toEqual([{ json: { id: 'bad', fail: true }, pairedItem: { item: 0 } }]);
		expect(result.errorOutput).toEqual([]);
	});

	it('rejects with a clear error instead of hanging when a run does not finish', async () => {
		const silent = createServer(() => undefined);
		await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
		try {
			const impatient = await createEngineHarness({
				packageDir: FIXTURE_PACKAGE,
				nodeType: 'fixtureEcho',
				credentialType: 'fixtureFnApi',
				runTimeoutMs: 300,
			});
			await expect(
				impatient.runNode({
					items: [{ id: 'slow' }],
					parameters: { baseUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}` },
					credentials: { token: TOKEN },
				}),
			).rejects.toThrow('did not finish within 300 ms');
		} finally {
			silent.closeAllConnections();
			await new Promise((resolve) => silent.close(resolve));
		}
	});

	it('continueRegularOutput: the failed item stays on output 0 as { error }', async () => {
		const result = await harness.runNode({
			items: [{ id: 'ok' }, { id: 'bad', fail: true }],
			parameters: { baseUrl },
			credentials: { token: TOKEN },
			onError: 'continueRegularOutput',
		});

		expect(result.nodeError).toBeUndefined();
		expect(result.main).toHaveLength(2);
		expect(result.main[1]).toEqual({
			json: { error: 'Item 1 asked to fail' },
			pairedItem: { item: 1 },
		});
		expect(result.errorOutput).toEqual([]);
	});

	it('continueErrorOutput: the failed item goes to output 1 merged with its input item', async () => {
		const result = await harness.runNode({
			items: [{ id: 'ok' }, { id: 'bad', fail: true }],
			parameters: { baseUrl },
			credentials: { token: TOKEN },
			onError: 'continueErrorOutput',
		});

		expect(result.nodeError).toBeUndefined();
		expect(result.main).toHaveLength(1);
		expect(result.main[0].pairedItem).toEqual({ item: 0 });
		expect(result.errorOutput).toEqual([
			{
				json: { id: 'bad', fail: true, error: 'Item 1 asked to fail' },
				pairedItem: { item: 1 },
			},
		]);
	});
});
