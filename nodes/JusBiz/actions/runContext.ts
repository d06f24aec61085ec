/**
 * What one node run needs from the credential and the parameters, read once per run: both nodes
 * build it the same way, so keys, secrets, the base URL and the request options follow one rule.
 */

import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	NodeParameterValueType,
} from 'n8n-workflow';
import type { KeyObject } from 'crypto';

import { BaseUrlError, resolveBaseUrl } from '../transport/baseUrl';
import { credentialSecrets } from '../helpers/errors';
import { jsonPathOf, readJsonPath } from './itemPathExpression';
import { parsePrivateKey } from '../crypto/jwe';
import { parsePublicKey } from '../crypto/jws';
import { requestOptions } from './common.descriptions';
import { API_CREDENTIAL_TYPE } from '../helpers/credentials';
import type { TransportOptions } from '../transport/http';
import { asText, isRecord, type ParameterReader } from '../helpers/values';

// The card images are a few KB; anything this large is not a JusBiz answer.
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

export interface RunContext {
	node: INode;
	/**
	 * Whether the node runs as its AI-tool variant (n8n names its type `…Tool`): then nothing that
	 * could pay with a card may reach the output, whatever the parameters say.
	 */
	asTool: boolean;
	credentials: ICredentialDataDecryptedObject;
	secrets: readonly string[];
	/** A bad hostname or base URL fails every item before any request: the key never leaves. */
	base: { url: string } | { reason: string };
	keys: { privateKey: () => KeyObject | undefined; publicKey: () => KeyObject | undefined };
	parameters: ParameterReader;
	/** The transport options of one item (its Options collection), for the configured origin. */
	transport: (itemIndex: number, baseURL: string) => TransportOptions;
	concurrency: number;
}

/** What one node run needs, read once: both action nodes start here. */
export async function readRunContext(context: IExecuteFunctions): Promise<RunContext> {
	const node = context.getNode();
	const credentials = await context.getCredentials(API_CREDENTIAL_TYPE);
	const credentialRef = node.credentials?.[API_CREDENTIAL_TYPE] ?? { id: null, name: '' };
	const parameters = typedParameters(perItemParameters(context));
	const options = (itemIndex: number) => parameters.collection('options', itemIndex);
	const { concurrency } = options(0);
	return {
		node,
		asTool: node.type.endsWith('Tool'),
		credentials,
		secrets: credentialSecrets(
			credentials.apiKey,
			credentials.privateKey,
			credentials.jusBizPublicKey,
		),
		base: resolveBaseUrlOrReason(credentials),
		keys: {
			privateKey: lazyKey(credentials.privateKey, parsePrivateKey),
			publicKey: lazyKey(credentials.jusBizPublicKey, parsePublicKey),
		},
		parameters,
		transport: (itemIndex, baseURL) => {
			const { timeout, maxRetries, maxRetryWait } = options(itemIndex);
			return {
				baseURL,
				timeout: wholeNumber(timeout, DEFAULTS.timeout, 1),
				maxRetries: wholeNumber(maxRetries, DEFAULTS.maxRetries, 0),
				maxRetryWait: wholeNumber(maxRetryWait, DEFAULTS.maxRetryWait, 0),
				maxBodyBytes: MAX_BODY_BYTES,
				credentials: { id: credentialRef.id ?? '', name: credentialRef.name, data: credentials },
			};
		},
		concurrency: wholeNumber(concurrency, DEFAULTS.concurrency, 1),
	};
}

/**
 * Every parameter may be an expression evaluated per item; one that is not has the same value for
 * every item, so it is read once. A thousand needless reads cost more than the requests' own code.
 */
type RawParameter = (name: string, itemIndex: number, fallback: NodeParameterValueType) => unknown;

function typedParameters(read: RawParameter): ParameterReader {
	return {
		value: (name, itemIndex, fallback) => read(name, itemIndex, fallback),
		text: (name, itemIndex, fallback = '') => asText(read(name, itemIndex, fallback))?.trim() ?? '',
		flag: (name, itemIndex, fallback = false) => toBoolean(read(name, itemIndex, fallback)),
		collection: (name, itemIndex) => {
			const value = read(name, itemIndex, {});
			return isRecord(value) ? (value as IDataObject) : {};
		},
	};
}

function perItemParameters(context: IExecuteFunctions): RawParameter {
	const raw = context.getNode().parameters;
	const cache = new Map<string, unknown>();
	const kinds = new Map<string, { path?: string[]; expression: boolean }>();
	let items: INodeExecutionData[] | undefined;
	return (name, itemIndex, fallback) => {
		let kind = kinds.get(name);
		if (!kind) {
			kind = { path: jsonPathOf(raw[name]), expression: hasExpression(raw[name]) };
			kinds.set(name, kind);
		}
		if (kind.path) {
			items ??= context.getInputData();
			const value = readJsonPath(items[itemIndex]?.json, kind.path);
			if (value !== undefined) return value;
		}
		if (kind.expression) return context.getNodeParameter(name, itemIndex, fallback);
		if (!cache.has(name)) cache.set(name, context.getNodeParameter(name, itemIndex, fallback));
		return cache.get(name);
	};
}

function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(hasExpression);
	if (typeof value === 'object' && value !== null) return Object.values(value).some(hasExpression);
	return false;
}

/** Parsed once, on the first encrypted response, rather than once per item. */
function lazyKey(value: unknown, parse: (pem: string) => KeyObject): () => KeyObject | undefined {
	const text = typeof value === 'string' ? value : '';
	let key: KeyObject | undefined;
	return () => {
		if (text.trim() === '') return undefined;
		key ??= parse(text);
		return key;
	};
}

function resolveBaseUrlOrReason(
	credentials: ICredentialDataDecryptedObject,
): { url: string } | { reason: string } {
	try {
		return { url: resolveBaseUrl(credentials) };
	} catch (error) {
		return { reason: error instanceof BaseUrlError ? error.message : 'the base URL is invalid' };
	}
}

function toBoolean(value: unknown): boolean {
	if (typeof value === 'string') return value.trim().toLowerCase() === 'true';
	return value === true || value === 1;
}

function wholeNumber(value: unknown, fallback: number, min: number): number {
	return typeof value === 'number' && Number.isFinite(value) && value >= min
		? Math.floor(value)
		: fallback;
}

export interface RequestOptions {
	concurrency: number;
	maxRetries: number;
	maxRetryWait: number;
	timeout: number;
}

function declaredDefault(name: keyof RequestOptions): number {
	const option = requestOptions.options?.find((candidate) => candidate.name === name);
	const value = option && 'default' in option ? option.default : undefined;
	if (typeof value !== 'number') throw new Error(`The option ${name} declares no number default`);
	return value;
}

export const DEFAULTS: Readonly<RequestOptions> = {
	concurrency: declaredDefault('concurrency'),
	maxRetries: declaredDefault('maxRetries'),
	maxRetryWait: declaredDefault('maxRetryWait'),
	timeout: declaredDefault('timeout'),
};
