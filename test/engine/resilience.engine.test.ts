import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { JusBiz } from '../../nodes/JusBiz/JusBiz.node';
import { JusBizGetSecurityCode } from '../../nodes/JusBiz/JusBizGetSecurityCode.node';
import { generatedSecurityCode } from '../simulator/payouts';
import { useEngine } from '../support/engine/useEngine';
import { useSimulator } from '../support/simulator';

const engine = useEngine();
const world = useSimulator();

const ids = (...payoutIds: string[]): IDataObject[] => payoutIds.map((id) => ({ id }));

async function run(
	items: IDataObject[],
	options: INodeParameters = {},
	onError?: 'continueRegularOutput',
) {
	const parameters: INodeParameters = { payoutId: '={{ $json.id }}', options };
	return await engine().runNode({ items, parameters, credentials: world.credentials, onError });
}

describe('fault mix over 1,000 items with the default options', () => {
	it('delivers every item exactly once, in order, retrying only the faults', async () => {
		world.simulator.setConfig({
			faultRates: { '503': 0.05, '429': 0.02, reset: 0.01 },
			retryAfterSeconds: 1,
			seed: 7,
		});
		const payouts = Array.from({ length: 1000 }, (_, n) => `LOAD_${n}`);

		const result = await run(ids(...payouts), {}, 'continueRegularOutput');

		expect(result.main).toHaveLength(1000);
		expect(result.main.map((item) => item.json.error).filter(Boolean)).toEqual([]);
		expect(result.main.map((item) => item.json.payoutId)).toEqual(payouts);
		expect(result.main.map((item) => item.json.securityCode)).toEqual(
			payouts.map(generatedSecurityCode),
		);
		expect(result.main.map((item) => item.pairedItem)).toEqual(
			payouts.map((_, item) => ({ item })),
		);

		const { requests, byStatus, byPayout } = world.simulator.stats();
		const faults = (byStatus['503'] ?? 0) + (byStatus['429'] ?? 0) + (byStatus.reset ?? 0);
		expect(faults).toBeGreaterThan(40);
		expect(byStatus['200']).toBe(1000);
		// One request per item, plus exactly one more for each fault: nothing fetched twice.
		expect(requests).toBe(1000 + faults);
		expect(Object.keys(byPayout)).toHaveLength(1000);
	}, 120_000);
});

describe('retries', () => {
	it.each([
		['JusBiz', new JusBiz()],
		['JusBiz Get Security Code', new JusBizGetSecurityCode()],
	])('%s declares 5 retries, 5 requests in flight and 30 s waits and time-outs', (_, node) => {
		const collections = node.description.properties.filter(
			(property) => property.name === 'options',
		);
		expect(collections.length).toBeGreaterThan(0);
		for (const options of collections) {
			const defaults = Object.fromEntries(
				(options.options ?? []).map((option) => [
					option.name,
					'default' in option && option.default,
				]),
			);
			expect(defaults).toMatchObject({
				concurrency: 5,
				maxRetries: 5,
				maxRetryWait: 30_000,
				timeout: 30_000,
			});
		}
	});

	it('retries 5 times when Max Retries is not set', async () => {
		await run(ids('FAULT_503_A'), { maxRetryWait: 20 }, 'continueRegularOutput');
		expect(world.simulator.stats().byPayout.FAULT_503_A).toBe(6);
	});

	it('retries a flaky payout until it succeeds', async () => {
		const result = await run(ids('FLAKY2_A'), { maxRetryWait: 20 });
		expect(result.main[0].json.status).toBe('SUCCESS');
		expect(world.simulator.stats().byPayout.FLAKY2_A).toBe(3);
	});

	it('honours Retry-After before retrying a 429', async () => {
		const started = Date.now();
		const result = await run(ids('FAULT_429RA_A'), { maxRetries: 1 }, 'continueRegularOutput');
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		expect(world.simulator.stats().byPayout.FAULT_429RA_A).toBe(2);
		expect(result.main[0].json).toMatchObject({
			httpCode: 429,
			error:
				'Item 0 (payout "FAULT_429RA_A"): JusBiz answered HTTP 429: Too many requests (2 attempts)',
		});
	});

	it('gives up at once when Retry-After is longer than Max Retry Wait', async () => {
		const result = await run(ids('FAULT_429RA_A'), { maxRetryWait: 500 }, 'continueRegularOutput');
		expect(world.simulator.stats().byPayout.FAULT_429RA_A).toBe(1);
		expect(result.main[0].json.error).toBe(
			'Item 0 (payout "FAULT_429RA_A"): JusBiz answered HTTP 429: Too many requests (JusBiz asked to wait 1 s, more than Max Retry Wait allows)',
		);
	});

	it('fires the time-out and retries it', async () => {
		const result = await run(
			ids('FAULT_SLOW3000_A'),
			{ timeout: 200, maxRetries: 1, maxRetryWait: 10 },
			'continueRegularOutput',
		);
		expect(result.main[0].json.error).toBe(
			'Item 0 (payout "FAULT_SLOW3000_A"): No answer from JusBiz within 200 ms (2 attempts)',
		);
		expect(world.simulator.stats().byPayout.FAULT_SLOW3000_A).toBe(2);
	});

	it('retries a reset connection and says how many attempts were made', async () => {
		const result = await run(
			ids('FAULT_RESET_A'),
			{ maxRetries: 2, maxRetryWait: 10 },
			'continueRegularOutput',
		);
		expect(result.main[0].json.error).toBe(
			'Item 0 (payout "FAULT_RESET_A"): Could not reach JusBiz: the connection was reset (3 attempts)',
		);
		expect(world.simulator.stats().byPayout.FAULT_RESET_A).toBe(3);
	});

	it('retries a truncated body', async () => {
		const result = await run(
			ids('FAULT_TRUNCATED_A'),
			{ maxRetries: 1, maxRetryWait: 10 },
			'continueRegularOutput',
		);
		expect(result.main[0].json.error).toMatch(
			/^Item 0 \(payout "FAULT_TRUNCATED_A"\): Could not reach JusBiz: .* \(2 attempts\)$/,
		);
		expect(world.simulator.stats().byPayout.FAULT_TRUNCATED_A).toBe(2);
	});

	it.each([
		['a 400', 'UNKNOWN_PAYOUT', 'JusBiz answered HTTP 400: Payout not found'],
		['a 500', 'FAULT_500_A', 'JusBiz answered HTTP 500: Validated Expense Data cannot be Empty'],
		[
			'a 200 FAILURE',
			'FAULT_FAILURE_A',
			'JusBiz answered status FAILURE: Security code is no longer available',
		],
	])('never retries %s', async (_case, payoutId, message) => {
		const result = await run(ids(payoutId), { maxRetryWait: 10 }, 'continueRegularOutput');
		expect(result.main[0].json.error).toBe(`Item 0 (payout "${payoutId}"): ${message}`);
		expect(world.simulator.stats().byPayout[payoutId]).toBe(1);
	});

	it('does not retry a refused connection', async () => {
		const closed = createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const { port } = closed.address() as AddressInfo;
		await new Promise((resolve) => closed.close(resolve));
		const started = Date.now();
		const result = await engine().runNode({
			items: ids('REFUSED'),
			parameters: { payoutId: '={{ $json.id }}', options: { maxRetries: 3 } },
			credentials: { ...world.credentials, baseUrl: `http://127.0.0.1:${port}` },
			onError: 'continueRegularOutput',
		});
		expect(result.main[0].json.error).toBe(
			'Item 0 (payout "REFUSED"): Could not reach JusBiz: the connection was refused',
		);
		expect(Date.now() - started).toBeLessThan(200);
	});

	it('with retries at 0 reports the first failure', async () => {
		const result = await run(ids('FAULT_503_A'), { maxRetries: 0 }, 'continueRegularOutput');
		expect(world.simulator.stats().byPayout.FAULT_503_A).toBe(1);
		expect(result.main[0].json).toMatchObject({
			httpCode: 503,
			error:
				'Item 0 (payout "FAULT_503_A"): JusBiz answered HTTP 503 with a body that is not JSON (text/html)',
		});
	});
});

describe('against a local server that counts what is in flight', () => {
	let server: Server;
	let baseUrl: string;
	let inFlight = 0;
	let maxInFlight = 0;
	let handler: (req: IncomingMessage, res: ServerResponse) => void;

	beforeAll(async () => {
		server = createServer((req, res) => handler(req, res));
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(async () => {
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
	});

	const runAgainst = async (items: IDataObject[], options: INodeParameters) =>
		await engine().runNode({
			items,
			parameters: { payoutId: '={{ $json.id }}', options },
			credentials: { ...world.credentials, baseUrl },
			onError: 'continueRegularOutput',
		});

	/** Answers every request after `delayFor(payoutId)` ms, counting what is in flight. */
	const countInFlight = (delayFor: (payoutId: string) => number) => {
		inFlight = 0;
		maxInFlight = 0;
		handler = (req, res) => {
			let body = '';
			req.on('data', (chunk) => (body += chunk));
			req.on('end', () => {
				inFlight++;
				maxInFlight = Math.max(maxInFlight, inFlight);
				const { payoutId } = JSON.parse(body) as { payoutId: string };
				setTimeout(() => {
					inFlight--;
					res.setHeader('Content-Type', 'application/json');
					res.end(
						JSON.stringify({
							status: 'SUCCESS',
							payoutId,
							message: 'ok',
							response: { securityCode: payoutId },
						}),
					);
				}, delayFor(payoutId));
			});
		};
	};

	it('never has more requests in flight than the concurrency option', async () => {
		// Later items answer sooner, so completion order differs from input order.
		countInFlight((payoutId) => 40 - Number(payoutId.slice(1)));
		const items = Array.from({ length: 40 }, (_, n) => ({ id: `P${n}` }));
		const result = await runAgainst(items, { concurrency: 4 });
		expect(maxInFlight).toBe(4);
		expect(result.main.map((item) => item.json.securityCode)).toEqual(items.map((item) => item.id));
	});

	it('keeps 5 requests in flight when Concurrency is not set', async () => {
		countInFlight(() => 20);
		await runAgainst(
			Array.from({ length: 20 }, (_, n) => ({ id: `P${n}` })),
			{},
		);
		expect(maxInFlight).toBe(5);
	});

	it('fires the time-out when the answer stalls after its headers', async () => {
		handler = (_req, res) => {
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.write('{"status":');
		};
		const started = Date.now();
		const result = await runAgainst(ids('STALL'), { timeout: 300, maxRetries: 0 });
		expect(result.main[0].json.error).toBe(
			'Item 0 (payout "STALL"): No answer from JusBiz within 300 ms',
		);
		expect(Date.now() - started).toBeLessThan(5_000);
		server.closeAllConnections();
	});

	it('refuses an answer larger than 8 MiB instead of buffering it', async () => {
		let sent = 0;
		handler = (_req, res) => {
			res.writeHead(200, { 'Content-Type': 'application/json' });
			const chunk = Buffer.alloc(1024 * 1024, 0x20);
			const write = () => {
				while (sent < 64 && res.write(chunk)) sent++;
				if (sent < 64) res.once('drain', write);
				else res.end();
			};
			res.on('close', () => (sent = 64));
			write();
		};
		const result = await runAgainst(ids('BIG'), { maxRetries: 0 });
		expect(result.main[0].json.error).toBe(
			'Item 0 (payout "BIG"): JusBiz answered with more than 8388608 bytes; the answer was not read',
		);
	});
});
