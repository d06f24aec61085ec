// @ts-check
'use strict';

const { createPrivateKey, createPublicKey, generateKeyPair } = require('crypto');
const { promisify } = require('util');
const jose = require('jose');

/** @typedef {import('./payouts').Encryption} Encryption */

/**
 * The simulator's RSA pair: the private key is what a client puts in its credential, the public
 * key is what JusBiz would hold after "Upload New RSA".
 * @param {string | undefined} privateKeyPem PKCS#8 or PKCS#1; a fresh 2048-bit pair when absent
 * @returns {Promise<{ privateKeyPem: string, publicKey: import('crypto').KeyObject }>}
 */
async function loadKeyPair(privateKeyPem) {
	if (privateKeyPem) {
		const privateKey = createPrivateKey(privateKeyPem);
		if (privateKey.asymmetricKeyType !== 'rsa') throw new Error('the private key must be RSA');
		return { privateKeyPem, publicKey: createPublicKey(privateKey) };
	}
	const { publicKey, privateKey } = await promisify(generateKeyPair)('rsa', {
		modulusLength: 2048,
	});
	return {
		privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
		publicKey,
	};
}

/**
 * Wraps a 2xx body the way JusBiz does: `{ encryptedResponse }`, either the compact JWE string or
 * its five segments as the JSON form other Juspay APIs use.
 * @param {unknown} body
 * @param {Exclude<Encryption, 'none'>} form
 * @param {import('crypto').KeyObject} publicKey
 * @param {string} keyId
 * @returns {Promise<{ encryptedResponse: string | Record<string, string> }>}
 */
async function encryptBody(body, form, publicKey, keyId) {
	const compact = await new jose.CompactEncrypt(new TextEncoder().encode(JSON.stringify(body)))
		.setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: keyId })
		.encrypt(publicKey);
	if (form === 'compact') return { encryptedResponse: compact };
	const [header, encryptedKey, iv, encryptedPayload, tag] = compact.split('.');
	return { encryptedResponse: { header, encryptedKey, iv, encryptedPayload, tag } };
}

module.exports = { loadKeyPair, encryptBody };
