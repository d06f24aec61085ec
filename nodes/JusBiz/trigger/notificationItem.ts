/**
 * A notification as the workflow receives it: its type against the Events filter, its
 * notificationId, and what a decline means.
 */

import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { notificationDecline } from '../helpers/declines';
import { asText, isRecord } from '../helpers/values';

export const NOTIFICATION_TYPES = [
	'AuthorizationSuccess',
	'AuthorizationFailure',
	'AuthorizationReversal',
] as const;

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
	return known ?? asText(rqstType) ?? '';
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
