// @ts-check
'use strict';

// JusBiz's authorization notifications, as the simulator pushes them to a webhook: the fields
// JusBiz documents, in every envelope a receiver may meet (the real one is not documented),
// signed with JusBiz's key, another key or not at all, with the right or a wrong Basic login.

const http = require('http');
const { dirname, join } = require('path');
const jose = require('jose');
const nodeJose = require('node-jose');

const { SIGNING_KEY_ID } = require('./encrypt');

const juspaySecurity = join(dirname(require.resolve('expresscheckout-nodejs')), 'security');
/** @type {{ sign(claims: string, keyId: string, privateKey: import('crypto').KeyObject): Record<string, string> }} */
const JuspayJWS = require(join(juspaySecurity, 'JWS.js')).default;
/** @type {{ encrypt(data: string, keyId: string, publicKey: import('crypto').KeyObject): Record<string, string> }} */
const JuspayJWE = require(join(juspaySecurity, 'JWE.js')).default;

const NOTIFICATION_TYPES = /** @type {const} */ ([
	'AuthorizationSuccess',
	'AuthorizationFailure',
	'AuthorizationReversal',
	// The spelling of an older JusBiz sample.
	'AUTHORIZATION_FAILURE',
]);
/** `raw`: the JWE text is the body; `body`: the JWE's JSON form is the body; `plain`: no JWE. */
const ENVELOPES = /** @type {const} */ ([
	'raw',
	'body',
	'encryptedResponse',
	'encryptedRequest',
	'encryptedData',
	'payload',
	'data',
	'plain',
]);
/** compact: jose; juspay: Juspay SDK's JWE.encrypt (its JSON form); node-jose: RFC 7516 flattened. */
const JWE_FORMS = /** @type {const} */ (['compact', 'juspay', 'node-jose']);
const SIGNERS = /** @type {const} */ (['jusbiz', 'other', 'none']);
/** compact: jose's RS256; juspay: Juspay SDK's JWS.sign, `{ header, payload, signature }`. */
const JWS_FORMS = /** @type {const} */ (['compact', 'juspay']);

/**
 * @typedef {(typeof NOTIFICATION_TYPES)[number]} NotificationType
 * @typedef {(typeof ENVELOPES)[number]} Envelope
 * @typedef {(typeof JWE_FORMS)[number]} JweForm
 * @typedef {(typeof SIGNERS)[number]} Signer
 * @typedef {(typeof JWS_FORMS)[number]} JwsForm
 *
 * @typedef {object} NotifyRequest
 * @property {string} url the webhook to post to (loopback hosts only)
 * @property {string} [username] Basic-auth user name; no Authorization header when both are absent
 * @property {string} [password]
 * @property {NotificationType} [type] default AuthorizationFailure
 * @property {Record<string, unknown>} [fields] replace or add notification fields
 * @property {Envelope} [envelope] default raw
 * @property {JweForm} [jwe] default compact
 * @property {Signer} [signer] default jusbiz
 * @property {JwsForm} [jws] default compact
 * @property {string | null} [keyUuid] the keyUuid header; default the simulator's key id, null = none
 * @property {number} [padTo] pad the body with spaces to this many bytes (size-limit tests)
 * @property {Record<string, unknown>} [copyOf] send this notification again, unchanged (JusBiz's
 *   re-sent copy: pass the `notification` of an earlier result); `type` and `fields` are ignored
 * @property {string} [reason] the decline reason (`errMsg`), e.g. one of DECLINE_REASONS
 * @property {string} [subType] the decline's sub-type, e.g. SPVTA
 * @property {'field' | 'text'} [subTypeIn] where the sub-type travels, which JusBiz does not
 *   document: its own field `subType` (default) or appended to the reason, "Do Not Honor - SPVTA"
 * @property {{ attempts: number, delayMs?: number }} [retry] answer like JusBiz: while the webhook
 *   answers anything but 200, send the same notification again, at most `attempts` times in all
 *
 * @typedef {object} NotifyAttempt
 * @property {number} status
 * @property {string} body
 *
 * @typedef {object} NotifyResult
 * @property {number} status
 * @property {Record<string, string | string[] | undefined>} headers
 * @property {string} body
 * @property {Record<string, unknown>} notification what was sent, before encryption
 * @property {NotifyAttempt[]} attempts every delivery of it, in order; the last is the one above
 */

/**
 * The reasons and sub-types of JusBiz's "Transaction Decline Error Messages" page, spelled as the
 * page spells them, so tests can send every one.
 */
const DECLINE_REASONS = /** @type {const} */ ([
	{ reason: 'Do Not Honor', subType: 'SPVTA' },
	{ reason: 'Do Not Honor', subType: 'SPVTC' },
	{ reason: 'Do Not Honor', subType: 'ACCB' },
	{ reason: 'Do Not Honor', subType: 'Not Applicable' },
	{ reason: 'RESTRICTED CARD' },
	{ reason: 'NOT SUFFICIENT FUNDS' },
	{ reason: 'INCORRECT CVV/ICVV)' },
	{ reason: 'INCORRECT CVV' },
	{ reason: 'DECLINE CVV2 FAILURE' },
	{ reason: 'NEGATIVE ONLINE CAM: dCVV' },
	{ reason: 'CANNOT VERIFY PIN NO PVV' },
	{ reason: 'NO REASON TO DECLINE' },
	{ reason: 'SUSPECTED FRAUD' },
]);

let sequence = 0;

/**
 * A notification with every field JusBiz documents; amounts as strings, time in UTC.
 * @param {NotificationType} type
 * @param {Record<string, unknown>} [fields]
 * @returns {Record<string, unknown>}
 */
function sampleNotification(type, fields = {}) {
	sequence += 1;
	const failure = /failure/i.test(type.replace(/_/g, ''));
	return {
		rqstType: type,
		payoutId: `PAYOUT_NOTIFY_${sequence}`,
		payoutAmnt: '1250.00',
		payoutCurrCd: 'INR',
		tranId: `TRAN${String(100000 + sequence)}`,
		authTime: '2026-12-02 10:15:00',
		tranAmnt: '1250.00',
		tranCurrCd: 'INR',
		merchCatgCd: '5411',
		mrchCity: 'Bengaluru',
		mrchName: 'Acme Supplies',
		lastFourTokenNumber: '4821',
		lastFourCardNumber: '0042',
		...(failure ? { errMsg: 'Do Not Honor' } : {}),
		cardAlias: 'supplier-acme',
		...fields,
	};
}

/**
 * @param {string} json
 * @param {Signer} signer
 * @param {JwsForm} form
 * @param {import('./encrypt').SimulatorKeys} keys
 */
async function signPayload(json, signer, form, keys) {
	if (signer === 'none') return json;
	const key = signer === 'jusbiz' ? keys.signingKey : keys.otherSigningKey;
	if (form === 'juspay') return JSON.stringify(JuspayJWS.sign(json, SIGNING_KEY_ID, key));
	return new jose.CompactSign(new TextEncoder().encode(json))
		.setProtectedHeader({ alg: 'RS256', kid: SIGNING_KEY_ID })
		.sign(key);
}

/**
 * @param {string} plaintext
 * @param {JweForm} form
 * @param {import('./encrypt').SimulatorKeys} keys
 * @param {string} keyId
 * @returns {Promise<string | Record<string, unknown>>}
 */
async function encryptPayload(plaintext, form, keys, keyId) {
	if (form === 'juspay') return JuspayJWE.encrypt(plaintext, keyId, keys.publicKey);
	if (form === 'node-jose') {
		const key = await nodeJose.JWK.asKey(
			keys.publicKey.export({ type: 'spki', format: 'pem' }),
			'pem',
		);
		const jwe = await nodeJose.JWE.createEncrypt(
			{ format: 'flattened', fields: { alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: keyId } },
			key,
		)
			.update(Buffer.from(plaintext))
			.final();
		return /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (jwe));
	}
	return new jose.CompactEncrypt(new TextEncoder().encode(plaintext))
		.setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: keyId, cty: 'JWT' })
		.encrypt(keys.publicKey);
}

/**
 * The HTTP body and content type of a notification in the envelope asked for.
 * @param {Record<string, unknown>} notification
 * @param {Pick<NotifyRequest, 'envelope' | 'jwe' | 'signer' | 'jws'>} options
 * @param {import('./encrypt').SimulatorKeys} keys
 * @param {string} keyId
 */
async function buildNotificationBody(notification, options, keys, keyId) {
	const { envelope = 'raw', jwe = 'compact', signer = 'jusbiz', jws = 'compact' } = options;
	const payload = await signPayload(JSON.stringify(notification), signer, jws, keys);
	if (envelope === 'plain') {
		const isJson = payload.startsWith('{');
		return { body: payload, contentType: isJson ? 'application/json' : 'application/jose' };
	}
	const encrypted = await encryptPayload(payload, jwe, keys, keyId);
	if (envelope === 'raw') {
		return typeof encrypted === 'string'
			? { body: encrypted, contentType: 'application/jose' }
			: { body: JSON.stringify(encrypted), contentType: 'application/jose+json' };
	}
	if (envelope === 'body') {
		if (typeof encrypted === 'string') throw new Error('envelope "body" needs a JSON-form JWE');
		return { body: JSON.stringify(encrypted), contentType: 'application/json' };
	}
	return { body: JSON.stringify({ [envelope]: encrypted }), contentType: 'application/json' };
}

/** @param {string} url */
function assertLoopback(url) {
	const { hostname, protocol } = new URL(url);
	if (protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(hostname)) {
		throw new Error('the simulator posts notifications to http://127.0.0.1 or localhost only');
	}
}

/**
 * @param {string} url
 * @param {Record<string, string>} headers
 * @param {string} body
 * @returns {Promise<Omit<NotifyResult, 'notification' | 'attempts'>>}
 */
function post(url, headers, body) {
	return new Promise((resolve, reject) => {
		const req = http.request(
			url,
			{
				method: 'POST',
				headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
			},
			(res) => {
				const chunks = /** @type {Buffer[]} */ ([]);
				res.on('data', (chunk) => chunks.push(chunk));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						headers: res.headers,
						body: Buffer.concat(chunks).toString('utf8'),
					}),
				);
				res.on('error', reject);
			},
		);
		req.on('error', reject);
		req.setTimeout(30_000, () => req.destroy(new Error('no answer within 30 s')));
		req.end(body);
	});
}

/**
 * @param {NotifyRequest} request
 * @param {import('./encrypt').SimulatorKeys} keys
 * @param {string} keyId
 * @param {(notification: Record<string, unknown>) => void} [happened] called with a new (not a
 *   re-sent) notification before it is sent: the server applies it to the card it names
 * @returns {Promise<NotifyResult>}
 */
async function pushNotification(request, keys, keyId, happened) {
	assertLoopback(request.url);
	const type = request.type ?? 'AuthorizationFailure';
	if (!NOTIFICATION_TYPES.includes(type)) throw new Error(`unknown notification type ${type}`);
	for (const [name, allowed, value] of /** @type {const} */ ([
		['envelope', ENVELOPES, request.envelope],
		['jwe', JWE_FORMS, request.jwe],
		['signer', SIGNERS, request.signer],
		['jws', JWS_FORMS, request.jws],
	])) {
		if (value !== undefined && !(/** @type {readonly string[]} */ (allowed).includes(value))) {
			throw new Error(`${name} must be one of ${allowed.join(', ')}`);
		}
	}
	const notification = request.copyOf ?? sampleNotification(type, declineFields(request));
	if (request.copyOf === undefined) happened?.(notification);
	const built = await buildNotificationBody(notification, request, keys, keyId);
	let { body } = built;
	if (request.padTo !== undefined && request.padTo > Buffer.byteLength(body)) {
		body += ' '.repeat(request.padTo - Buffer.byteLength(body));
	}
	/** @type {Record<string, string>} */
	const headers = { 'Content-Type': built.contentType };
	if (request.username !== undefined || request.password !== undefined) {
		const login = `${request.username ?? ''}:${request.password ?? ''}`;
		headers.Authorization = `Basic ${Buffer.from(login).toString('base64')}`;
	}
	const keyUuid = request.keyUuid === undefined ? keyId : request.keyUuid;
	if (keyUuid !== null) headers.keyUuid = keyUuid;
	if (typeof notification.cardAlias === 'string') headers.cardAlias = notification.cardAlias;
	const attempts = /** @type {NotifyAttempt[]} */ ([]);
	const most = Math.max(1, Math.floor(request.retry?.attempts ?? 1));
	for (;;) {
		const answer = await post(request.url, headers, body);
		attempts.push({ status: answer.status, body: answer.body });
		if (answer.status === 200 || attempts.length >= most) {
			return { ...answer, notification, attempts };
		}
		await new Promise((resolve) => setTimeout(resolve, request.retry?.delayMs ?? 0));
	}
}

/**
 * The notification fields a decline asks for, on top of the request's own `fields`.
 * @param {NotifyRequest} request
 * @returns {Record<string, unknown>}
 */
function declineFields(request) {
	const fields = { ...request.fields };
	if (request.reason === undefined) return fields;
	const { reason, subType, subTypeIn = 'field' } = request;
	if (subType === undefined) return { ...fields, errMsg: reason };
	if (subTypeIn === 'text') return { ...fields, errMsg: `${reason} - ${subType}` };
	return { ...fields, errMsg: reason, subType };
}

module.exports = {
	NOTIFICATION_TYPES,
	ENVELOPES,
	JWE_FORMS,
	SIGNERS,
	JWS_FORMS,
	DECLINE_REASONS,
	sampleNotification,
	buildNotificationBody,
	pushNotification,
};
