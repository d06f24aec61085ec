/**
 * Every HTTP call this package makes, with per-item retries. Callers get the raw answer of the
 * last attempt, or a JusBizFailure; never an n8n request error, which carries the request headers.
 */

import {
	sleep,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
} from 'n8n-workflow';

import type { RawResponse } from './decode';
import { API_CREDENTIAL_TYPE } from '../helpers/credentials';
import { JusBizFailure, settle } from '../helpers/errors';
import { headerValue } from '../helpers/values';

/** One authenticated POST to the API: a path of PATHS and its JSON body. */
export interface ApiRequest {
	path: string;
	body: IDataObject;
}

export interface ApiResponse extends RawResponse {
	/** How many requests were sent for this answer (1 = no retry). */
	attempts: number;
}

export interface TransportOptions {
	baseURL: string;
	/** Per attempt, in ms, from sending the request to the last byte of the answer. */
	timeout: number;
	maxRetries: number;
	/** The longest single wait between attempts, in ms; a longer Retry-After ends the retries. */
	maxRetryWait: number;
	maxBodyBytes: number;
	/** Already decrypted once per node run, so n8n does not decrypt them again for every request. */
	credentials: { id: string; name: string; data: ICredentialDataDecryptedObject };
	/**
	 * Whether a reset, cut-off answer or time-out may be repeated. Not for a request that must not
	 * take effect twice (Create): such a failure is thrown at once as `ambiguous`, for the caller to
	 * find out whether the request took effect.
	 */
	repeatAmbiguous?: boolean;
}

// Statuses a gateway or rate limiter answers before JusBiz has done anything: safe to repeat.
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
const FIRST_BACKOFF_MS = 250;

const NETWORK_CODES: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ECONNRESET: 'the connection was reset',
	EPIPE: 'the connection was closed',
	ENOTFOUND: 'the host name could not be resolved',
	EAI_AGAIN: 'the host name could not be resolved',
	EHOSTUNREACH: 'the host is unreachable',
	ERR_STREAM_PREMATURE_CLOSE: 'the answer was cut off',
	UND_ERR_SOCKET: 'the connection was closed',
};
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ABORT_ERR']);

interface Body {
	on(event: string, listener: (...args: never[]) => void): unknown;
	destroy(error?: Error): void;
}

interface Attempt {
	response?: RawResponse;
	failure?: JusBizFailure;
	/** Only failures that are safe to repeat are retried. */
	retryable: boolean;
	retryAfterMs?: number;
}

function errorCode(error: unknown): string | undefined {
	for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
		if (typeof current !== 'object') break;
		// n8n 1.x's NodeApiError drops the request error (no `cause`) and keeps only its code, as
		// `httpCode`; 2.x keeps both. A real HTTP status there is digits and never matches.
		const { code, httpCode } = current as { code?: unknown; httpCode?: unknown };
		for (const candidate of [code, httpCode]) {
			if (typeof candidate === 'string' && /^[A-Z][A-Z0-9_]+$/.test(candidate)) return candidate;
		}
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

// Failures of the connection itself, which a new attempt may not meet again.
const RETRYABLE_CODES = new Set([
	'ECONNRESET',
	'EPIPE',
	'ERR_STREAM_PREMATURE_CLOSE',
	'UND_ERR_SOCKET',
]);

/**
 * Keeps only a code and a fixed sentence: the original error object holds the request. Resets,
 * cut-off answers and time-outs are retryable; a refused connection, an unknown host or a TLS
 * failure will not change on the next attempt.
 */
function networkFailure(error: unknown, timeout: number): Attempt {
	const code = errorCode(error);
	const text = error instanceof Error ? error.message : '';
	if ((code && TIMEOUT_CODES.has(code)) || /timeout|timed out/i.test(text)) {
		const failure = new JusBizFailure('network', `No answer from JusBiz within ${timeout} ms`, {
			hint: 'Raise the Timeout option if JusBiz is slow, or try again later.',
			ambiguous: true,
		});
		return { failure, retryable: true };
	}
	const cutOff = /aborted|socket hang up/i.test(text);
	const reason =
		(code && NETWORK_CODES[code]) ??
		(cutOff ? 'the connection was closed' : 'the request could not be completed');
	// The code goes in the hint: NodeApiError swaps any message containing one for generic text.
	const retryable = (code !== undefined && RETRYABLE_CODES.has(code)) || cutOff;
	const failure = new JusBizFailure('network', `Could not reach JusBiz: ${reason}`, {
		hint: `${code ? `Network error ${code}. ` : ''}Check the environment and base URL in the JusBiz API credential and the network between n8n and JusBiz.`,
		// The request may have reached JusBiz before the connection broke.
		ambiguous: retryable,
	});
	return { failure, retryable };
}

/** Seconds or an HTTP date (RFC 9110); undefined when absent or unreadable. */
export function parseRetryAfter(value: string, now = Date.now()): number | undefined {
	const text = value.trim();
	if (text === '') return undefined;
	if (/^\d+$/.test(text)) return Number(text) * 1000;
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential back-off with full jitter, so items that failed together do not retry together. */
export function backoffMs(retry: number, cap: number): number {
	const ceiling = Math.min(cap, FIRST_BACKOFF_MS * 2 ** (retry - 1));
	return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

function isBody(value: unknown): value is Body {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as { on?: unknown }).on === 'function' &&
		typeof (value as { destroy?: unknown }).destroy === 'function'
	);
}

/**
 * Reads at most maxBytes: a body without bound would be buffered whole before JSON parsing. Plain
 * stream events rather than `for await`, which costs several promises per small answer.
 */
function readBody(body: unknown, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
	if (!isBody(body)) return Promise.resolve(Buffer.from(typeof body === 'string' ? body : ''));
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let settled = false;
		// Settles at once: a stalled stream does not always report its own destruction.
		const onAbort = () => {
			finish(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }));
			body.destroy();
		};
		const finish = (error?: unknown) => {
			if (settled) return;
			settled = true;
			signal.removeEventListener('abort', onAbort);
			if (error === undefined) resolve(Buffer.concat(chunks, size));
			else reject(error);
		};
		if (signal.aborted) return onAbort();
		signal.addEventListener('abort', onAbort, { once: true });
		body.on('data', (chunk: Buffer | string) => {
			const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
			size += bytes.length;
			if (size > maxBytes) {
				finish(
					new JusBizFailure(
						'body',
						`JusBiz answered with more than ${maxBytes} bytes; the answer was not read`,
					),
				);
				body.destroy();
				return;
			}
			chunks.push(bytes);
		});
		body.on('end', () => finish());
		body.on('error', (error: unknown) => finish(error));
		// A connection that closes before the end of the answer is a cut-off answer.
		body.on('close', () =>
			finish(Object.assign(new Error('premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' })),
		);
	});
}

// Every call reads the raw answer itself: a stream, so the size limit applies while reading, not
// after buffering; every status, so decoding reports JusBiz's own words; no redirect followed.
const READ_AS_STREAM = {
	encoding: 'stream',
	json: false,
	returnFullResponse: true,
	ignoreHttpStatusErrors: true,
	disableFollowRedirect: true,
} as const;

async function attemptOnce(
	context: IExecuteFunctions,
	request: ApiRequest,
	options: TransportOptions,
): Promise<Attempt> {
	// Bounds the whole attempt; n8n replaces the request's own abort signal with the execution's.
	const deadline = AbortSignal.timeout(options.timeout);
	const requestOptions: IHttpRequestOptions = {
		method: 'POST',
		baseURL: options.baseURL,
		url: request.path,
		// n8n opens a new connection for every request and never reuses it: close it at once
		// rather than leave it idle on both ends, where thousands of them slow every new connect.
		headers: {
			'Content-Type': 'application/json',
			Accept: 'application/json',
			Connection: 'close',
		},
		body: request.body,
		...READ_AS_STREAM,
		timeout: options.timeout,
	};
	let response: IN8nHttpFullResponse;
	let body: Buffer;
	try {
		response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			API_CREDENTIAL_TYPE,
			requestOptions,
			{ credentialsDecrypted: { ...options.credentials, type: API_CREDENTIAL_TYPE } },
		)) as IN8nHttpFullResponse;
		body = await readBody(response.body, options.maxBodyBytes, deadline);
	} catch (error) {
		if (error instanceof JusBizFailure) return { failure: error, retryable: false };
		return networkFailure(error, options.timeout);
	}
	const statusCode = response.statusCode;
	const retryAfter = parseRetryAfter(headerValue(response.headers, 'retry-after') ?? '');
	return {
		response: {
			statusCode,
			contentType: headerValue(response.headers, 'content-type') ?? '',
			body,
		},
		retryable: RETRYABLE_STATUSES.has(statusCode),
		retryAfterMs: statusCode === 429 || statusCode === 503 ? retryAfter : undefined,
	};
}

function plural(count: number, word: string): string {
	return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * Posts one request, retrying 429, 502–504, resets and time-outs up to maxRetries times. Returns
 * the last answer even when it is a retryable status, so decoding reports JusBiz's own message.
 */
export async function postToJusBiz(
	context: IExecuteFunctions,
	request: ApiRequest,
	options: TransportOptions,
): Promise<ApiResponse> {
	for (let attempts = 1; ; attempts++) {
		const attempt = await attemptOnce(context, request, options);
		if (attempt.failure?.details.ambiguous && options.repeatAmbiguous === false) {
			throw attempt.failure;
		}
		const waitMs = attempt.retryAfterMs ?? backoffMs(attempts, options.maxRetryWait);
		const tooLong =
			attempt.retryAfterMs !== undefined && attempt.retryAfterMs > options.maxRetryWait;
		if (!attempt.retryable || attempts > options.maxRetries || tooLong) {
			const retryNote = [
				attempts > 1 ? plural(attempts, 'attempt') : '',
				attempt.retryable && tooLong
					? `JusBiz asked to wait ${Math.ceil(waitMs / 1000)} s, more than Max Retry Wait allows`
					: '',
			]
				.filter(Boolean)
				.join('; ');
			if (attempt.response) return { ...attempt.response, retryNote, attempts };
			const failure = attempt.failure as JusBizFailure;
			if (!retryNote) throw failure;
			throw new JusBizFailure(failure.kind, `${failure.message} (${retryNote})`, failure.details);
		}
		await sleep(waitMs);
	}
}

/**
 * The health check: a GET without credentials (n8n's plain request helper, so the credential's
 * headers are never added), one attempt, the answer read under the same size limit.
 */
export async function getHealth(
	context: IExecuteFunctions,
	url: string,
	options: Pick<TransportOptions, 'timeout' | 'maxBodyBytes'>,
): Promise<RawResponse> {
	const deadline = AbortSignal.timeout(options.timeout);
	const outcome = await settle(
		(async () => {
			const response = (await context.helpers.httpRequest({
				method: 'GET',
				url,
				headers: { Accept: 'application/json', Connection: 'close' },
				...READ_AS_STREAM,
				timeout: options.timeout,
			})) as IN8nHttpFullResponse;
			const body = await readBody(response.body, options.maxBodyBytes, deadline);
			return {
				statusCode: response.statusCode,
				contentType: headerValue(response.headers, 'content-type') ?? '',
				body,
			};
		})(),
	);
	if (outcome.ok) return outcome.value;
	if (outcome.error instanceof JusBizFailure) throw outcome.error;
	throw networkFailure(outcome.error, options.timeout).failure as JusBizFailure;
}
