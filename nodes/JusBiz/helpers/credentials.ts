/**
 * What the two credentials share: their type names, which the nodes ask n8n for, and the key
 * fields both hold (the corporate's private key that JusBiz encrypts to, and JusBiz's public
 * signing key; each credential says in `description` what they protect there).
 */

import type { INodeProperties } from 'n8n-workflow';

/** The `JusBiz API` credential, used by the two action nodes. */
export const API_CREDENTIAL_TYPE = 'jusBizApi';

/** The `JusBiz Webhook API` credential, used by the JusBiz Trigger. */
export const WEBHOOK_CREDENTIAL_TYPE = 'jusBizWebhookApi';

export function privateKeyField(description: string): INodeProperties {
	return {
		displayName: 'Private Key',
		name: 'privateKey',
		type: 'string',
		typeOptions: { password: true, rows: 4 },
		default: '',
		placeholder: '-----BEGIN PRIVATE KEY-----',
		description,
	};
}

export function jusBizPublicKeyField(description: string): INodeProperties {
	return {
		displayName: 'JusBiz Public Key',
		name: 'jusBizPublicKey',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		placeholder: '-----BEGIN PUBLIC KEY-----',
		description,
	};
}
