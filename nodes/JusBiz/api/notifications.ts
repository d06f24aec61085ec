/**
 * Authorization notifications JusBiz pushes to the JusBiz Trigger: who may send one, which
 * envelopes are read, and what JusBiz is answered. The envelope is not documented by JusBiz, so
 * every plausible one is accepted; decryption and the signature policy are the API answers' own.
 */

import { createHash, timingSafeEqual, type KeyObject } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { notificationDecline } from './declines';
import { attempt, JusBizFailure, settle } from './errors';
import { isJwe, JweError, parsePrivateKey } from './jwe';
import { jwsFromObject, jwsHeader, JwsError, parsePublicKey, readJws } from './jws';
import { openEncrypted, signedPayload } from './payload';
import { asText, headerValue, isRecord, parseJson, textOf, type HeaderMap } from './values';

/** Notifications are a few kilobytes; anything this large is not one. */
export const MAX_NOTIFICATION_BYTES = 64 * 1024;

/** Fields of a JSON body that may carry the JWE, in the order they are looked at. */
export const ENVELOPE_FIELDS = [
	'encryptedResponse',
	'encryptedRequest',
	'encryptedData',
	'payload',
	'data',
] as const;

export const NOTIFICATION_TYPES = [
	'AuthorizationSuccess',
	'AuthorizationFailure',
	'AuthorizationReversal',
] as const;

/** The answer JusBiz documents for a notification it need not send again. */
export const ACCEPTED: IDataObject = { status: 'SUCCESS', response: 200 };

export const BASIC_CHALLENGE = 'Basic realm="JusBiz"';

export interface WebhookCredential {
	username?: unknown;
	password?: unknown;
	privateKey?: unknown;
	jusBizPublicKey?: unknown;
	keyUuid?: unknown;
}

/** Node's incoming headers: lower-cased names, repeated ones as arrays. */
export type NotificationHeaders = HeaderMap;

export interface NotificationRequest {
	headers: NotificationHeaders;
	/** The body exactly as received, when the server kept it. */
	rawBody?: Buffer;
	/** The body as the server parsed it, used only when the raw bytes are not available. */
	body?: unknown;
}

/** What went wrong, in one word, for the answer's `error` field and the log. */
export type RefusalReason =
	| 'authentication'
	| 'keyUuid'
	| 'size'
	| 'parse'
	| 'encryption'
	| 'decryption'
	| 'signature'
	| 'credential';

export interface HttpAnswer {
	statusCode: number;
	headers: Record<string, string>;
	body: IDataObject;
}

export type NotificationOutcome =
	| { kind: 'accepted'; notification: IDataObject; item: IDataObject }
	| { kind: 'filtered'; rqstType: string }
	| { kind: 'refused'; reason: RefusalReason; answer: HttpAnswer };

class Refusal extends Error {
	constructor(
		readonly statusCode: number,
		readonly reason: RefusalReason,
		message: string,
	) {
		super(message);
		this.name = 'Refusal';
	}
}

function digest(value: string): Buffer {
	return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Compares user name and password in time independent of where they differ: both are hashed to
 * equal lengths first, and both comparisons always run.
 */
export function isAuthorized(
	authorization: string | undefined,
	username: string,
	password: string,
): boolean {
	const match = /^Basic[ \t]+([A-Za-z0-9+/=]+)[ \t]*$/i.exec(authorization ?? '');
	const decoded = match ? Buffer.from(match[1], 'base64').toString('utf8') : '';
	const colon = decoded.indexOf(':');
	const givenUser = colon < 0 ? '' : decoded.slice(0, colon);
	const givenPassword = colon < 0 ? '' : decoded.slice(colon + 1);
	const userOk = timingSafeEqual(digest(givenUser), digest(username));
	const passwordOk = timingSafeEqual(digest(givenPassword), digest(password));
	return match !== null && colon >= 0 && userOk && passwordOk;
}

const canonicalType = (value: unknown): string =>
	String(value ?? '')
		.replace(/[\s_-]/g, '')
		.toLowerCase();

/**
 * Whether a notification type is one the operator selected. Both spellings JusBiz has used match
 * (`AuthorizationFailure`, `AUTHORIZATION_FAILURE`); with every type selected, which is the
 * default, a type JusBiz adds later is let through rather than silently dropped.
 */
export function eventSelected(rqstType: unknown, events: readonly string[]): boolean {
	const selected = new Set(events.map(canonicalType));
	if (NOTIFICATION_TYPES.every((t) => selected.has(canonicalType(t)))) return true;
	return selected.has(canonicalType(rqstType));
}

// The JOSE layer words its messages for API answers and the API credential.
function forNotification(message: string): string {
	return message
		.replace(/JusBiz API credential/g, 'JusBiz Webhook credential')
		.replace(/\b(an encrypted|a signed|the) response\b/g, '$1 notification')
		.replace(/\bresponse\b/g, 'notification');
}

function parseKeys(credential: WebhookCredential): {
	privateKey?: KeyObject;
	publicKey?: KeyObject;
} {
	const privatePem = textOf(credential.privateKey).trim();
	const publicPem = textOf(credential.jusBizPublicKey).trim();
	const parsed = attempt(() => ({
		privateKey: privatePem === '' ? undefined : parsePrivateKey(privatePem),
		publicKey: publicPem === '' ? undefined : parsePublicKey(publicPem),
	}));
	if (parsed.ok) return parsed.value;
	const message =
		parsed.error instanceof JweError || parsed.error instanceof JwsError
			? parsed.error.message
			: 'A key in the credential could not be read';
	throw new Refusal(500, 'credential', forNotification(message));
}

function bodyText(request: NotificationRequest): string | Record<string, unknown> {
	// As n8n's own parser: the declared charset, UTF-8 when none is given.
	const charset = /charset=([^;]+)/i.exec(headerValue(request.headers, 'content-type') ?? '')?.[1];
	const encoding: BufferEncoding = /^(iso-8859-1|latin1|us-ascii)$/i.test(charset?.trim() ?? '')
		? 'latin1'
		: 'utf8';
	if (Buffer.isBuffer(request.rawBody)) return request.rawBody.toString(encoding);
	const { body } = request;
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString(encoding);
	if (isRecord(body)) return body;
	return '';
}

function bodySize(request: NotificationRequest): number {
	const declared = Number(headerValue(request.headers, 'content-length')) || 0;
	const { rawBody, body } = request;
	let actual = 0;
	if (Buffer.isBuffer(rawBody)) actual = rawBody.length;
	else if (typeof body === 'string' || Buffer.isBuffer(body)) actual = Buffer.byteLength(body);
	else if (isRecord(body)) actual = Buffer.byteLength(JSON.stringify(body));
	return Math.max(actual, declared);
}

type Envelope =
	| { form: 'encrypted'; jwe: unknown }
	| { form: 'signed'; jws: string }
	| { form: 'plain'; json: string };

/** Members only a JWE in a JSON form has: a body with one is decrypted or refused, never plain. */
const JWE_MEMBERS = [
	'ciphertext',
	'encryptedPayload',
	'encrypted_key',
	'encryptedKey',
	'recipients',
];
/** Fields that name their content as encrypted: whatever they hold is decrypted or refused. */
const ENCRYPTED_FIELDS: readonly string[] = ENVELOPE_FIELDS.slice(0, 3);

/** A JWS whose protected header really is a JSON object with an alg, not any dotted text. */
function strictJws(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const jws = readJws(value);
	return jws !== undefined && typeof jwsHeader(jws)?.alg === 'string' ? value : undefined;
}

/** Juspay's or RFC 7515's JSON JWS, recognised by its members alone. */
function jsonJws(value: Record<string, unknown>): string | undefined {
	return jwsFromObject(value) !== undefined ? JSON.stringify(value) : undefined;
}

/** Finds the JWE, or the JWS, or the plain JSON, in whichever envelope the body uses. */
function openEnvelope(raw: string | Record<string, unknown>): Envelope {
	let value: unknown = raw;
	if (typeof raw === 'string') {
		const trimmed = raw.trim();
		if (trimmed === '') throw new Refusal(400, 'parse', 'The notification body is empty');
		if (/^[{["]/.test(trimmed)) {
			value = parseJson(trimmed);
			if (value === undefined) {
				throw new Refusal(400, 'parse', 'The notification body is not valid JSON');
			}
		} else {
			value = trimmed;
		}
	}
	if (typeof value === 'string') {
		if (isJwe(value)) return { form: 'encrypted', jwe: value };
		if (readJws(value) !== undefined) return { form: 'signed', jws: value };
		throw new Refusal(
			400,
			'parse',
			'The notification body is neither JSON nor a JWE or JWS in compact serialization',
		);
	}
	if (!isRecord(value)) {
		throw new Refusal(400, 'parse', 'The notification body is not a JSON object');
	}
	// A notification's own fields are never mistaken for an envelope, whatever they hold.
	if (typeof value.rqstType === 'string') return { form: 'plain', json: JSON.stringify(value) };
	if (isJwe(value) || JWE_MEMBERS.some((member) => member in value)) {
		return { form: 'encrypted', jwe: value };
	}
	const signedBody = jsonJws(value);
	if (signedBody !== undefined) return { form: 'signed', jws: signedBody };
	for (const field of ENVELOPE_FIELDS) {
		const inner = value[field];
		if (inner === undefined) continue;
		const signed = strictJws(inner) ?? (isRecord(inner) ? jsonJws(inner) : undefined);
		if (signed !== undefined) return { form: 'signed', jws: signed };
		if (isJwe(inner) || ENCRYPTED_FIELDS.includes(field)) return { form: 'encrypted', jwe: inner };
	}
	return { form: 'plain', json: JSON.stringify(value) };
}

function refusalFromFailure(error: unknown): Refusal {
	if (error instanceof JusBizFailure) {
		const reason: RefusalReason = error.kind === 'signature' ? 'signature' : 'decryption';
		return new Refusal(400, reason, forNotification(error.message));
	}
	return new Refusal(400, 'decryption', 'The notification could not be decrypted');
}

/** The notification's fields, decrypted and verified as the credential requires. */
async function decodeNotification(
	request: NotificationRequest,
	keys: { privateKey?: KeyObject; publicKey?: KeyObject },
): Promise<IDataObject> {
	const envelope = openEnvelope(bodyText(request));
	if (envelope.form !== 'encrypted' && keys.privateKey !== undefined) {
		throw new Refusal(
			400,
			'encryption',
			'The notification is not encrypted, but the JusBiz Webhook credential has a Private Key: only encrypted notifications are accepted',
		);
	}
	if (envelope.form === 'encrypted' && keys.privateKey === undefined) {
		throw new Refusal(
			400,
			'encryption',
			'The notification is encrypted, but the JusBiz Webhook credential has no Private Key to decrypt it',
		);
	}
	const opened =
		envelope.form === 'encrypted'
			? await settle(
					openEncrypted(envelope.jwe, {
						privateKey: () => keys.privateKey,
						publicKey: () => keys.publicKey,
					}),
				)
			: attempt(() =>
					signedPayload(envelope.form === 'signed' ? envelope.jws : envelope.json, keys.publicKey),
				);
	if (!opened.ok) throw refusalFromFailure(opened.error);
	const payload = opened.value;
	const notification = parseJson(payload);
	if (!isRecord(notification)) {
		throw new Refusal(
			400,
			'parse',
			envelope.form === 'plain'
				? 'The notification is not a JSON object'
				: 'The decrypted or verified notification is not a JSON object',
		);
	}
	return notification as IDataObject;
}

function refusedAnswer(refusal: Refusal): NotificationOutcome {
	const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8' };
	if (refusal.statusCode === 401) headers['WWW-Authenticate'] = BASIC_CHALLENGE;
	return {
		kind: 'refused',
		reason: refusal.reason,
		answer: {
			statusCode: refusal.statusCode,
			headers,
			body: {
				status: 'FAILURE',
				response: refusal.statusCode,
				error: refusal.reason,
				message: refusal.message,
			},
		},
	};
}

/**
 * Everything the trigger decides about one request, in order: Basic auth (before the body is
 * looked at), size, the keyUuid header, the envelope, decryption, the signature, the event filter.
 */
export async function receiveNotification(
	request: NotificationRequest,
	credential: WebhookCredential,
	events: readonly string[],
): Promise<NotificationOutcome> {
	const decided = await settle(decide(request, credential, events));
	if (decided.ok) return decided.value;
	// Anything else (a body nested too deep to serialise, say) is refused too: a trigger that throws
	// makes n8n start an error execution.
	return refusedAnswer(
		decided.error instanceof Refusal
			? decided.error
			: new Refusal(400, 'parse', 'The notification could not be read'),
	);
}

/**
 * What is wrong with the credential, for its "Test" button and for publishing a workflow, or
 * undefined when the trigger can work with it.
 */
export function credentialProblem(credential: WebhookCredential): string | undefined {
	if (textOf(credential.username) === '' || textOf(credential.password) === '') {
		return MISSING_LOGIN;
	}
	if (textOf(credential.username).includes(':')) {
		return 'The Username of the JusBiz Webhook credential may not contain ":" (Basic auth separates user name and password with it)';
	}
	const keys = attempt(() => parseKeys(credential));
	return keys.ok ? undefined : (keys.error as Error).message;
}

const MISSING_LOGIN = 'The JusBiz Webhook credential needs a Username and a Password';

async function decide(
	request: NotificationRequest,
	credential: WebhookCredential,
	events: readonly string[],
): Promise<NotificationOutcome> {
	const username = textOf(credential.username);
	const password = textOf(credential.password);
	// Nobody can authenticate against an empty login; publishing refuses such a credential.
	if (
		username === '' ||
		password === '' ||
		!isAuthorized(headerValue(request.headers, 'authorization'), username, password)
	) {
		throw new Refusal(401, 'authentication', 'Authorization is required');
	}
	if (bodySize(request) > MAX_NOTIFICATION_BYTES) {
		throw new Refusal(
			413,
			'size',
			`The notification body is larger than ${MAX_NOTIFICATION_BYTES} bytes`,
		);
	}
	const keyUuid = textOf(credential.keyUuid).trim();
	if (keyUuid !== '' && headerValue(request.headers, 'keyUuid')?.trim() !== keyUuid) {
		throw new Refusal(
			400,
			'keyUuid',
			"The notification's keyUuid header does not match the Key UUID in the JusBiz Webhook credential",
		);
	}
	const notification = await decodeNotification(request, parseKeys(credential));
	if (!eventSelected(notification.rqstType, events)) {
		return { kind: 'filtered', rqstType: String(notification.rqstType ?? '') };
	}
	return { kind: 'accepted', notification, item: notificationItem(notification) };
}

/**
 * What the workflow receives: the notification's own fields, its notificationId and, for a
 * failed authorization, what the decline means. The two added names win over any field JusBiz
 * might one day send under them, so a workflow can rely on their shape.
 */
export function notificationItem(notification: IDataObject): IDataObject {
	const decline = notificationDecline(notification);
	return {
		...notification,
		notificationId: notificationId(notification),
		...(decline === undefined ? {} : { decline: { ...decline } }),
	};
}

/** The type as this package spells it (`AUTHORIZATION_FAILURE` → `AuthorizationFailure`). */
function typeName(rqstType: unknown): string {
	const known = NOTIFICATION_TYPES.find((t) => canonicalType(t) === canonicalType(rqstType));
	return known ?? textOf(rqstType);
}

/** Every value, nested objects included, with keys in one order, so equal content reads equal. */
function sortedJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
	if (isRecord(value)) {
		const keys = Object.keys(value).sort();
		return `{${keys.map((k) => `${JSON.stringify(k)}:${sortedJson(value[k])}`).join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/**
 * A key that is equal for every copy JusBiz sends of one notification and differs between
 * notifications: `<type>:<payoutId>:<tranId>`, each part percent-encoded so that no part can
 * contain the separator. JusBiz gives every authorization its own `tranId`; a reversal of it has
 * another type. Without a `tranId`, the last part is `sha256-` and the first 32 hex digits of the
 * SHA-256 of all the notification's fields (keys sorted), which a re-sent copy repeats exactly.
 */
export function notificationId(notification: IDataObject): string {
	const tranId = (asText(notification.tranId) ?? '').trim();
	const last =
		tranId !== ''
			? tranId
			: `sha256-${createHash('sha256').update(sortedJson(notification), 'utf8').digest('hex').slice(0, 32)}`;
	return [typeName(notification.rqstType), (asText(notification.payoutId) ?? '').trim(), last]
		.map(encodeURIComponent)
		.join(':');
}
