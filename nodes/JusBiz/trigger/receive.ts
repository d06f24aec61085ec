/**
 * Authorization notifications JusBiz pushes to the JusBiz Trigger: everything the trigger decides
 * about one request, and in which order.
 */

import type { IDataObject } from 'n8n-workflow';

import { settle } from '../helpers/errors';
import { asText, headerValue } from '../helpers/values';
import { refusedAnswer, Refusal, type Refused } from './answers';
import { isAuthorized, parseKeys, type WebhookCredential } from './auth';
import {
	bodySize,
	decodeNotification,
	MAX_NOTIFICATION_BYTES,
	type NotificationRequest,
} from './envelope';
import { eventSelected, notificationItem } from './notificationItem';

export type NotificationOutcome =
	| { kind: 'accepted'; notification: IDataObject; item: IDataObject }
	| { kind: 'filtered'; rqstType: string }
	| Refused;

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

async function decide(
	request: NotificationRequest,
	credential: WebhookCredential,
	events: readonly string[],
): Promise<NotificationOutcome> {
	const username = asText(credential.username) ?? '';
	const password = asText(credential.password) ?? '';
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
	const keyUuid = (asText(credential.keyUuid) ?? '').trim();
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
