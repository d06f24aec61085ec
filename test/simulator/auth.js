// @ts-check
'use strict';

/** The five 401 messages the JusBiz page documents, verbatim. */
const AUTH_MESSAGES = Object.freeze({
	bothMissing: 'Basic Auth & Key ID missing in Headers',
	keyIdMissing: 'Key ID missing in Headers',
	basicMissing: 'Basic Auth missing in Headers',
	noKey: 'Unauthorised: No key given',
	invalidKeyId: 'Invalid Key ID passed',
});

const BASIC_PATTERN = /^Basic +([A-Za-z0-9+/]+={0,2})$/i;

/**
 * @param {string | string[] | undefined} value
 * @returns {string}
 */
function headerText(value) {
	// A repeated header is ambiguous; treating it as its first value matches most servers.
	const first = Array.isArray(value) ? value[0] : value;
	return (first ?? '').trim();
}

/**
 * The user name and password of a `Basic` Authorization value, or undefined when it is not one.
 * @param {string} authorization
 * @returns {{ username: string, password: string } | undefined}
 */
function parseBasic(authorization) {
	const match = BASIC_PATTERN.exec(authorization);
	if (!match) return undefined;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	// RFC 7617 requires the colon; a client that omits it has built the header wrongly.
	if (colon === -1) return undefined;
	return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * Checks the JusBiz auth headers in the order the API reports them. Returns the 401 message, or
 * undefined when the request is authenticated.
 * @param {import('http').IncomingHttpHeaders} headers node lower-cases header names
 * @param {{ apiKey: string, keyId: string }} expected
 * @returns {string | undefined}
 */
function authError(headers, expected) {
	const authorization = headerText(headers.authorization);
	const keyId = headerText(headers.keyid);
	if (!authorization && !keyId) return AUTH_MESSAGES.bothMissing;
	if (!keyId) return AUTH_MESSAGES.keyIdMissing;
	if (!authorization) return AUTH_MESSAGES.basicMissing;
	const basic = parseBasic(authorization);
	if (!basic || basic.username === '') return AUTH_MESSAGES.noKey;
	if (keyId !== expected.keyId) return AUTH_MESSAGES.invalidKeyId;
	if (basic.username !== expected.apiKey || basic.password !== '') return AUTH_MESSAGES.noKey;
	return undefined;
}

module.exports = { AUTH_MESSAGES, authError, parseBasic };
