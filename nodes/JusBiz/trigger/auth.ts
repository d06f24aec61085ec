/**
 * Who may send a notification, and whether the JusBiz Webhook credential is usable: its Basic-auth
 * login, compared in constant time, and its keys.
 */

import { createHash, timingSafeEqual, type KeyObject } from 'crypto';

import { JweError, parsePrivateKey } from '../crypto/jwe';
import { JwsError, parsePublicKey } from '../crypto/jws';
import { attempt } from '../helpers/errors';
import { asText } from '../helpers/values';
import { forNotification, Refusal } from './answers';

export interface WebhookCredential {
	username?: unknown;
	password?: unknown;
	privateKey?: unknown;
	jusBizPublicKey?: unknown;
	keyUuid?: unknown;
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

export function parseKeys(credential: WebhookCredential): {
	privateKey?: KeyObject;
	publicKey?: KeyObject;
} {
	const privatePem = (asText(credential.privateKey) ?? '').trim();
	const publicPem = (asText(credential.jusBizPublicKey) ?? '').trim();
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

const MISSING_LOGIN = 'The JusBiz Webhook credential needs a Username and a Password';

/**
 * What is wrong with the credential, for its "Test" button and for publishing a workflow, or
 * undefined when the trigger can work with it.
 */
export function credentialProblem(credential: WebhookCredential): string | undefined {
	const username = asText(credential.username) ?? '';
	if (username === '' || !asText(credential.password)) return MISSING_LOGIN;
	if (username.includes(':')) {
		return 'The Username of the JusBiz Webhook credential may not contain ":" (Basic auth separates user name and password with it)';
	}
	const keys = attempt(() => parseKeys(credential));
	return keys.ok ? undefined : (keys.error as Error).message;
}
