/**
 * Reading a notification's body: its size, which envelope carries it, and its fields, decrypted
 * and verified as the credential requires. The envelope is not documented by JusBiz, so every
 * plausible one is accepted; decryption and the signature policy are the API answers' own.
 */

import type { KeyObject } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { isJwe } from '../crypto/jwe';
import { jwsFromObject, jwsHeader, readJws } from '../crypto/jws';
import { openEncrypted, signedPayload } from '../crypto/payload';
import { attempt, JusBizFailure, settle } from '../helpers/errors';
import { headerValue, isRecord, parseJson, type HeaderMap } from '../helpers/values';
import { forNotification, Refusal, type RefusalReason } from './answers';

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

/** Node's incoming headers: lower-cased names, repeated ones as arrays. */
export type NotificationHeaders = HeaderMap;

export interface NotificationRequest {
	headers: NotificationHeaders;
	/** The body exactly as received, when the server kept it. */
	rawBody?: Buffer;
	/** The body as the server parsed it, used only when the raw bytes are not available. */
	body?: unknown;
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

export function bodySize(request: NotificationRequest): number {
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
export async function decodeNotification(
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
