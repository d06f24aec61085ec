/** The one HTTP call this package makes. Later gains per-item retries; callers only see a RawResponse or a JusBizFailure. */

import type { IExecuteFunctions, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';

import { API_PATH } from './baseUrl';
import type { RawResponse } from './decodeResponse';
import { JusBizFailure } from './errors';

export const CREDENTIAL_TYPE = 'jusBizApi';

export interface SecurityCodeRequest {
	payoutId: string;
	isCardImageRequired: boolean;
}

export interface TransportOptions {
	baseURL: string;
	timeout: number;
}

const NETWORK_CODES: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ECONNRESET: 'the connection was reset',
	ECONNABORTED: 'the request timed out',
	ETIMEDOUT: 'the request timed out',
	ENOTFOUND: 'the host name could not be resolved',
	EAI_AGAIN: 'the host name could not be resolved',
	EHOSTUNREACH: 'the host is unreachable',
	EPIPE: 'the connection was closed',
	UND_ERR_SOCKET: 'the connection was closed',
};

function errorCode(error: unknown): string | undefined {
	for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
		if (typeof current !== 'object') break;
		const { code } = current as { code?: unknown };
		if (typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)) return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

function errorText(error: unknown): string {
	return error instanceof Error ? error.message : '';
}

/**
 * n8n's request errors carry the request options, Authorization header included, so none of the
 * original error object is passed on: only a status-free code and a fixed sentence.
 */
function networkFailure(error: unknown, timeout: number): JusBizFailure {
	const code = errorCode(error);
	const timedOut =
		code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout|timed out/i.test(errorText(error));
	if (timedOut) {
		return new JusBizFailure('network', `No answer from JusBiz within ${timeout} ms`, {
			hint: 'Raise the Timeout option if JusBiz is slow, or try again later.',
		});
	}
	const reason = (code && NETWORK_CODES[code]) ?? 'the request could not be completed';
	// The code goes in the hint: NodeApiError swaps any message containing one for generic text.
	return new JusBizFailure('network', `Could not reach JusBiz: ${reason}`, {
		hint: `${code ? `Network error ${code}. ` : ''}Check the environment and base URL in the JusBiz API credential and the network between n8n and JusBiz.`,
	});
}

function header(headers: IN8nHttpFullResponse['headers'], name: string): string {
	const value = headers[name] ?? headers[name.toLowerCase()];
	return Array.isArray(value) ? String(value[0] ?? '') : typeof value === 'string' ? value : '';
}

export async function postSecurityCodeRequest(
	context: IExecuteFunctions,
	request: SecurityCodeRequest,
	options: TransportOptions,
): Promise<RawResponse> {
	const requestOptions: IHttpRequestOptions = {
		method: 'POST',
		baseURL: options.baseURL,
		url: API_PATH,
		headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
		body: { payoutId: request.payoutId, isCardImageRequired: request.isCardImageRequired },
		// Raw bytes: the body may be JSON, a JWE envelope, or a gateway's HTML page.
		encoding: 'arraybuffer',
		json: false,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
		timeout: options.timeout,
	};
	let response: IN8nHttpFullResponse;
	try {
		response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			CREDENTIAL_TYPE,
			requestOptions,
		)) as IN8nHttpFullResponse;
	} catch (error) {
		throw networkFailure(error, options.timeout);
	}
	const body = response.body;
	return {
		statusCode: response.statusCode,
		contentType: header(response.headers, 'content-type'),
		body: Buffer.isBuffer(body)
			? body
			: body instanceof ArrayBuffer
				? Buffer.from(body)
				: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body ?? '')),
	};
}
