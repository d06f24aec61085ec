import { PassThrough } from 'stream';
import type { IExecuteFunctions, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';

import { JusBizFailure } from '../../nodes/JusBiz/helpers/errors';
import {
	backoffMs,
	parseRetryAfter,
	postToJusBiz,
	type ApiResponse,
	type TransportOptions,
} from '../../nodes/JusBiz/transport/http';

// The retry rules of postToJusBiz, on a fake clock: the engine tests show them against a real
// server, where a schedule of waits cannot be measured to the millisecond nor run in no time.

/** What the scripted server does with one attempt: answer, or fail as the HTTP client would. */
type Reply =
	| { status: number; headers?: Record<string, string>; body?: string | PassThrough }
	| { error: string; code?: string };

/** A server answering each attempt from `script` (the last entry repeats), noting when it was asked. */
function scriptedServer(script: Reply[]) {
	const askedAt: number[] = [];
	const timeouts: Array<number | undefined> = [];
	const context = {
		helpers: {
			httpRequestWithAuthentication: async (
				_credentialType: string,
				options: IHttpRequestOptions,
			): Promise<IN8nHttpFullResponse> => {
				askedAt.push(Date.now());
				timeouts.push(options.timeout);
				const reply = script[Math.min(askedAt.length, script.length) - 1];
				if ('error' in reply) throw Object.assign(new Error(reply.error), { code: reply.code });
				return {
					statusCode: reply.status,
					headers: { 'content-type': 'application/json', ...reply.headers },
					body: reply.body ?? '{"status":"SUCCESS"}',
				};
			},
		},
	} as unknown as IExecuteFunctions;
	/** The waits between consecutive attempts, in ms. */
	const waits = () => askedAt.slice(1).map((at, i) => at - askedAt[i]);
	return { context, askedAt, timeouts, waits };
}

const OPTIONS: TransportOptions = {
	baseURL: 'https://sandbox.biz.juspay.in',
	timeout: 30_000,
	maxRetries: 5,
	maxRetryWait: 30_000,
	maxBodyBytes: 1024,
	credentials: { id: '1', name: 'test', data: {} },
};

type Settled = { response: ApiResponse } | { failure: JusBizFailure };

/** Posts once under the fake clock, running its waits to the end. */
async function post(
	server: ReturnType<typeof scriptedServer>,
	options: Partial<TransportOptions> = {},
): Promise<Settled> {
	const settled = postToJusBiz(
		server.context,
		{ path: '/ardra/vt/cvv/v2', body: { payoutId: 'P_1' } },
		{ ...OPTIONS, ...options },
	).then(
		(response): Settled => ({ response }),
		(error: unknown): Settled => {
			if (error instanceof JusBizFailure) return { failure: error };
			throw error;
		},
	);
	await jest.advanceTimersByTimeAsync(10 * 60_000);
	return await settled;
}

function statusOf(settled: Settled): number | undefined {
	return 'response' in settled ? settled.response.statusCode : undefined;
}

function messageOf(settled: Settled): string | undefined {
	return 'failure' in settled ? settled.failure.message : undefined;
}

const ok: Reply = { status: 200 };
const reset: Reply = { error: 'read ECONNRESET', code: 'ECONNRESET' };

beforeEach(() => {
	jest.useFakeTimers({ now: new Date('2025-03-01T12:00:00Z') });
	// The upper end of the jitter, so every wait is its ceiling; one test takes the lower end.
	jest.spyOn(Math, 'random').mockReturnValue(1);
});
afterEach(() => {
	jest.useRealTimers();
	jest.restoreAllMocks();
});

describe('which failures are retried', () => {
	it.each([429, 502, 503, 504])(
		'retries HTTP %i and returns the answer that came',
		async (status) => {
			const server = scriptedServer([{ status }, ok]);
			const settled = await post(server);
			expect(statusOf(settled)).toBe(200);
			expect(server.askedAt).toHaveLength(2);
		},
	);

	it.each([400, 401, 403, 404, 409, 500, 501])('never retries HTTP %i', async (status) => {
		const server = scriptedServer([{ status }, ok]);
		const settled = await post(server);
		expect(statusOf(settled)).toBe(status);
		expect(server.askedAt).toHaveLength(1);
	});

	it.each([
		['a reset', reset],
		['a broken pipe', { error: 'write EPIPE', code: 'EPIPE' }],
		['a cut-off answer', { error: 'premature close', code: 'ERR_STREAM_PREMATURE_CLOSE' }],
		['a closed socket', { error: 'other side closed', code: 'UND_ERR_SOCKET' }],
		['a hang-up', { error: 'socket hang up' }],
		['a time-out', { error: 'timeout of 30000ms exceeded', code: 'ECONNABORTED' }],
	])('retries %s', async (_case, failure) => {
		const server = scriptedServer([failure, ok]);
		expect(statusOf(await post(server))).toBe(200);
		expect(server.askedAt).toHaveLength(2);
	});

	it.each([
		['a refused connection', 'ECONNREFUSED', 'the connection was refused'],
		['an unknown host', 'ENOTFOUND', 'the host name could not be resolved'],
		['an unreachable host', 'EHOSTUNREACH', 'the host is unreachable'],
		['a TLS failure', 'CERT_HAS_EXPIRED', 'the request could not be completed'],
	])('fails at once on %s, which the next attempt would meet again', async (_c, code, reason) => {
		const server = scriptedServer([{ error: 'failed', code }, ok]);
		expect(messageOf(await post(server))).toBe(`Could not reach JusBiz: ${reason}`);
		expect(server.askedAt).toHaveLength(1);
	});

	it('throws a reset at once for a request that must not take effect twice', async () => {
		const server = scriptedServer([reset, ok]);
		const settled = await post(server, { repeatAmbiguous: false });
		expect(messageOf(settled)).toBe('Could not reach JusBiz: the connection was reset');
		expect('failure' in settled && settled.failure.details.ambiguous).toBe(true);
		expect(server.askedAt).toHaveLength(1);
	});

	it('still retries a 503 for a request that must not take effect twice', async () => {
		const server = scriptedServer([{ status: 503 }, ok]);
		expect(statusOf(await post(server, { repeatAmbiguous: false }))).toBe(200);
		expect(server.askedAt).toHaveLength(2);
	});
});

describe('how many times, and how long between', () => {
	it('makes Max Retries + 1 attempts, then returns the last answer with their count', async () => {
		const server = scriptedServer([{ status: 503 }]);
		const settled = await post(server, { maxRetries: 3 });
		expect(server.askedAt).toHaveLength(4);
		expect(settled).toMatchObject({
			response: { statusCode: 503, attempts: 4, retryNote: '4 attempts' },
		});
	});

	it('adds the count of attempts to a network failure that outlasts the retries', async () => {
		const server = scriptedServer([reset]);
		const settled = await post(server, { maxRetries: 2 });
		expect(messageOf(settled)).toBe(
			'Could not reach JusBiz: the connection was reset (3 attempts)',
		);
	});

	it('reports the first answer alone when Max Retries is 0', async () => {
		const server = scriptedServer([{ status: 429 }]);
		const settled = await post(server, { maxRetries: 0 });
		expect(settled).toMatchObject({ response: { statusCode: 429, attempts: 1, retryNote: '' } });
	});

	it('doubles the wait from 250 ms, up to Max Retry Wait', async () => {
		const server = scriptedServer([{ status: 502 }]);
		await post(server, { maxRetries: 7, maxRetryWait: 10_000 });
		expect(server.waits()).toEqual([250, 500, 1_000, 2_000, 4_000, 8_000, 10_000]);
	});

	it('waits at least half of each step: the jitter spreads items that failed together', async () => {
		jest.spyOn(Math, 'random').mockReturnValue(0);
		const server = scriptedServer([{ status: 502 }]);
		await post(server, { maxRetries: 4, maxRetryWait: 1_500 });
		expect(server.waits()).toEqual([125, 250, 500, 750]);
	});

	it('retries without waiting when Max Retry Wait is 0', async () => {
		const server = scriptedServer([{ status: 504 }, { status: 504 }, ok]);
		expect(statusOf(await post(server, { maxRetryWait: 0 }))).toBe(200);
		// A zero timer may still cost the clock its one-millisecond tick.
		expect(Math.max(...server.waits())).toBeLessThanOrEqual(1);
	});

	it('keeps every back-off between half its step and the step', () => {
		for (let retry = 1; retry <= 10; retry++) {
			const step = Math.min(30_000, 250 * 2 ** (retry - 1));
			for (const random of [0, 0.25, 0.5, 0.999]) {
				jest.spyOn(Math, 'random').mockReturnValue(random);
				const wait = backoffMs(retry, 30_000);
				expect(wait).toBeGreaterThanOrEqual(step / 2);
				expect(wait).toBeLessThanOrEqual(step);
			}
		}
	});
});

describe('Retry-After', () => {
	it.each([
		['seconds', '7', 7_000],
		['seconds with spaces', ' 2 ', 2_000],
		['zero seconds', '0', 0],
		['an HTTP date', 'Sat, 01 Mar 2025 12:00:09 GMT', 9_000],
		['an HTTP date in the past', 'Sat, 01 Mar 2025 11:00:00 GMT', 0],
		['nothing', '', undefined],
		// Not whole seconds, so read as a date: V8's Date.parse takes these for years long past.
		['a negative number', '-5', 0],
		['a fraction', '1.5', 0],
		['words', 'soon', undefined],
	])('reads %s', (_case, header, wait) => {
		expect(parseRetryAfter(header, Date.parse('2025-03-01T12:00:00Z'))).toBe(wait);
	});

	it.each([429, 503])('waits what a %i asks in seconds instead of the back-off', async (status) => {
		const server = scriptedServer([{ status, headers: { 'retry-after': '3' } }, ok]);
		expect(statusOf(await post(server))).toBe(200);
		expect(server.waits()).toEqual([3_000]);
	});

	it('waits until the HTTP date a 429 names', async () => {
		const at = new Date(Date.now() + 4_000).toUTCString();
		const server = scriptedServer([{ status: 429, headers: { 'retry-after': at } }, ok]);
		expect(statusOf(await post(server))).toBe(200);
		expect(server.waits()).toEqual([4_000]);
	});

	it('ignores Retry-After on a 502, which is a gateway speaking rather than JusBiz', async () => {
		const server = scriptedServer([{ status: 502, headers: { 'retry-after': '20' } }, ok]);
		await post(server);
		expect(server.waits()).toEqual([250]);
	});

	it('backs off as usual when Retry-After cannot be read', async () => {
		const server = scriptedServer([{ status: 429, headers: { 'retry-after': 'later' } }, ok]);
		await post(server);
		expect(server.waits()).toEqual([250]);
	});

	it('fails the item at once when it asks for longer than Max Retry Wait', async () => {
		const server = scriptedServer([{ status: 429, headers: { 'retry-after': '31' } }, ok]);
		const settled = await post(server);
		expect(server.askedAt).toHaveLength(1);
		expect(settled).toMatchObject({
			response: {
				statusCode: 429,
				attempts: 1,
				retryNote: 'JusBiz asked to wait 31 s, more than Max Retry Wait allows',
			},
		});
	});

	it('fails on an HTTP date further off than Max Retry Wait, after the attempts made', async () => {
		const at = new Date(Date.now() + 61_000).toUTCString();
		const server = scriptedServer([
			{ status: 503 },
			{ status: 503, headers: { 'retry-after': at } },
		]);
		const settled = await post(server, { maxRetryWait: 60_000 });
		expect(server.askedAt).toHaveLength(2);
		expect(settled).toMatchObject({
			response: {
				statusCode: 503,
				retryNote: '2 attempts; JusBiz asked to wait 61 s, more than Max Retry Wait allows',
			},
		});
	});

	it('waits exactly Max Retry Wait when that is what JusBiz asks', async () => {
		const server = scriptedServer([{ status: 429, headers: { 'retry-after': '30' } }, ok]);
		expect(statusOf(await post(server))).toBe(200);
		expect(server.waits()).toEqual([30_000]);
	});
});

describe('the time-out of one attempt', () => {
	it('hands the Timeout option to the HTTP client for every attempt', async () => {
		const server = scriptedServer([{ status: 503 }, ok]);
		await post(server, { timeout: 1_234 });
		expect(server.timeouts).toEqual([1_234, 1_234]);
	});

	it('says how long it waited when the client gives up, and retries', async () => {
		const server = scriptedServer([{ error: 'timeout of 700ms exceeded', code: 'ECONNABORTED' }]);
		const settled = await post(server, { timeout: 700, maxRetries: 1 });
		expect(server.askedAt).toHaveLength(2);
		expect(messageOf(settled)).toBe('No answer from JusBiz within 700 ms (2 attempts)');
	});

	it('throws a time-out at once, as ambiguous, for a request that must not take effect twice', async () => {
		const server = scriptedServer([{ error: 'connect ETIMEDOUT', code: 'ETIMEDOUT' }, ok]);
		const settled = await post(server, { repeatAmbiguous: false });
		expect(server.askedAt).toHaveLength(1);
		expect(messageOf(settled)).toBe('No answer from JusBiz within 30000 ms');
		expect('failure' in settled && settled.failure.details.ambiguous).toBe(true);
	});

	it('ends an attempt whose answer stalls after its headers, then retries it', async () => {
		// The deadline is Node's own AbortSignal.timeout, which fake timers do not drive: real,
		// short time-outs here, so the test waits twice 20 ms.
		jest.useRealTimers();
		const stalled = () => {
			const body = new PassThrough();
			body.write('{"status":');
			return body;
		};
		const server = scriptedServer([
			{ status: 200, body: stalled() },
			{ status: 200, body: stalled() },
		]);
		const started = performance.now();
		const settled = await postToJusBiz(
			server.context,
			{ path: '/ardra/vt/cvv/v2', body: {} },
			{ ...OPTIONS, timeout: 20, maxRetries: 1, maxRetryWait: 0 },
		).catch((error: unknown) => error);
		expect((settled as Error).message).toBe('No answer from JusBiz within 20 ms (2 attempts)');
		expect(server.askedAt).toHaveLength(2);
		expect(performance.now() - started).toBeLessThan(1_000);
	});
});
