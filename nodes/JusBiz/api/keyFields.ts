/**
 * The key fields both credentials hold: the corporate's private key that JusBiz encrypts to, and
 * JusBiz's public signing key. Each credential says in `description` what they protect there.
 */

import type { INodeProperties } from 'n8n-workflow';

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
