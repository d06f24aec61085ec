// @ts-check
'use strict';

const {
	constants,
	createCipheriv,
	createPrivateKey,
	createPublicKey,
	generateKeyPair,
	publicEncrypt,
	randomBytes,
} = require('crypto');
const { dirname, join } = require('path');
const { promisify } = require('util');
const jose = require('jose');
const nodeJose = require('node-jose');

/** @typedef {import('./payouts').Encryption} Encryption */

// Juspay's official Node SDK (expresscheckout-nodejs) does not export its security modules; they
// are loaded by path so the simulator signs and encrypts with Juspay's own code, unchanged.
const juspaySecurity = join(dirname(require.resolve('expresscheckout-nodejs')), 'security');
/** @type {{ sign(claims: string, keyId: string, privateKey: import('crypto').KeyObject): Record<string, string> }} */
const JuspayJWS = require(join(juspaySecurity, 'JWS.js')).default;
/** @type {{ encrypt(data: string, keyId: string, publicKey: import('crypto').KeyObject): Record<string, string> }} */
const JuspayJWE = require(join(juspaySecurity, 'JWE.js')).default;
/** @type {{ jwtEncrypt(data: string, keyId: string, publicKey: import('crypto').KeyObject, privateKey: import('crypto').KeyObject): Record<string, string> }} */
const JuspayJWT = require(join(juspaySecurity, 'JWT.js')).default;

/** The kid JusBiz's signing key is published under; the simulator's own value. */
const SIGNING_KEY_ID = 'jusbiz_sim_signing_1';

/**
 * @typedef {object} SimulatorKeys
 * @property {string} privateKeyPem what a client puts in its credential ("Private Key")
 * @property {import('crypto').KeyObject} publicKey what JusBiz holds after "Upload New RSA"
 * @property {import('crypto').KeyObject} signingKey JusBiz's own signing key
 * @property {string} signingPublicKeyPem its public half, for the credential's "JusBiz Public Key"
 * @property {import('crypto').KeyObject} otherSigningKey a key JusBiz does not publish
 */

async function rsaPair() {
	return promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
}

/**
 * @param {string | undefined} privateKeyPem PKCS#8 or PKCS#1; a fresh 2048-bit pair when absent
 * @returns {Promise<SimulatorKeys>}
 */
async function loadKeyPair(privateKeyPem) {
	const [client, signing, other] = await Promise.all([
		privateKeyPem ? undefined : rsaPair(),
		rsaPair(),
		rsaPair(),
	]);
	let clientPem = privateKeyPem;
	let publicKey;
	if (clientPem) {
		const privateKey = createPrivateKey(clientPem);
		if (privateKey.asymmetricKeyType !== 'rsa') throw new Error('the private key must be RSA');
		publicKey = createPublicKey(privateKey);
	} else {
		const pair = /** @type {NonNullable<typeof client>} */ (client);
		clientPem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
		publicKey = pair.publicKey;
	}
	return {
		privateKeyPem: clientPem,
		publicKey,
		signingKey: signing.privateKey,
		signingPublicKeyPem: signing.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
		otherSigningKey: other.privateKey,
	};
}

/**
 * What the SDK's own decryption expects of Juspay's servers: the header says "RSA-OAEP" (SHA-1 in
 * RFC 7518) while the key wrap is OAEP with SHA-256. Same JSON form as the SDK writes.
 * @param {string} data
 * @param {string} keyId
 * @param {import('crypto').KeyObject} publicKey
 */
function encryptRsaOaepLabelSha256(data, keyId, publicKey) {
	const header = Buffer.from(
		JSON.stringify({ alg: 'RSA-OAEP', enc: 'A256GCM', cty: 'JWT', kid: keyId }),
	).toString('base64url');
	const cek = randomBytes(32);
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', cek, iv);
	cipher.setAAD(Buffer.from(header, 'ascii'));
	const encryptedPayload = Buffer.concat([cipher.update(data, 'utf8'), cipher.final()]);
	const encryptedKey = publicEncrypt(
		{ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
		cek,
	);
	return {
		header,
		encryptedKey: encryptedKey.toString('base64url'),
		iv: iv.toString('base64url'),
		encryptedPayload: encryptedPayload.toString('base64url'),
		tag: cipher.getAuthTag().toString('base64url'),
	};
}

/**
 * Wraps a 2xx body as `{ encryptedResponse }` in one of the forms a JusBiz client may meet:
 * - compact / json: jose's RSA-OAEP-256 JWE of the JSON, compact or in Juspay's JSON form;
 * - compact-signed: the same around a compact RS256 JWS made by jose with JusBiz's signing key;
 * - juspay: exactly what Juspay's SDK's `JWT.jwtEncrypt` produces (JSON-form JWE, "RSA-OAEP",
 *   of a JSON-form JWS signed with JusBiz's key);
 * - juspay-oaep256: the SDK's JWS, encrypted under the "RSA-OAEP" label with a SHA-256 key wrap;
 * - juspay-other-signer: as juspay, but signed with a key JusBiz does not publish;
 * - juspay-unsigned: the SDK's `JWE.encrypt` of the plain JSON, no signature;
 * - node-jose: node-jose's RFC 7516 flattened JSON JWE (the Decryption Guide's library).
 * @param {unknown} body
 * @param {Exclude<Encryption, 'none'>} form
 * @param {SimulatorKeys} keys
 * @param {string} keyId
 * @returns {Promise<{ encryptedResponse: string | Record<string, unknown> }>}
 */
async function encryptBody(body, form, keys, keyId) {
	const json = JSON.stringify(body);
	const { publicKey } = keys;
	switch (form) {
		case 'compact':
		case 'json': {
			const compact = await new jose.CompactEncrypt(new TextEncoder().encode(json))
				.setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: keyId })
				.encrypt(publicKey);
			if (form === 'compact') return { encryptedResponse: compact };
			const [header, encryptedKey, iv, encryptedPayload, tag] = compact.split('.');
			return { encryptedResponse: { header, encryptedKey, iv, encryptedPayload, tag } };
		}
		case 'compact-signed': {
			const jws = await new jose.CompactSign(new TextEncoder().encode(json))
				.setProtectedHeader({ alg: 'RS256', kid: SIGNING_KEY_ID })
				.sign(keys.signingKey);
			const compact = await new jose.CompactEncrypt(new TextEncoder().encode(jws))
				.setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: keyId, cty: 'JWT' })
				.encrypt(publicKey);
			return { encryptedResponse: compact };
		}
		case 'juspay':
			return { encryptedResponse: JuspayJWT.jwtEncrypt(json, keyId, publicKey, keys.signingKey) };
		case 'juspay-oaep256': {
			const signed = JuspayJWS.sign(json, SIGNING_KEY_ID, keys.signingKey);
			return {
				encryptedResponse: encryptRsaOaepLabelSha256(JSON.stringify(signed), keyId, publicKey),
			};
		}
		case 'juspay-other-signer':
			return {
				encryptedResponse: JuspayJWT.jwtEncrypt(json, keyId, publicKey, keys.otherSigningKey),
			};
		case 'juspay-unsigned':
			return { encryptedResponse: JuspayJWE.encrypt(json, keyId, publicKey) };
		case 'node-jose': {
			const key = await nodeJose.JWK.asKey(
				publicKey.export({ type: 'spki', format: 'pem' }),
				'pem',
			);
			const jwe = await nodeJose.JWE.createEncrypt(
				{ format: 'flattened', fields: { alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: keyId } },
				key,
			)
				.update(Buffer.from(json))
				.final();
			return {
				encryptedResponse: /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (jwe)),
			};
		}
	}
}

module.exports = { loadKeyPair, encryptBody, SIGNING_KEY_ID };
