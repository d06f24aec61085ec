import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import {
	jusBizPublicKeyField,
	privateKeyField,
	WEBHOOK_CREDENTIAL_TYPE,
} from '../nodes/JusBiz/helpers/credentials';

/**
 * What JusBiz needs to reach the JusBiz Trigger, and what the trigger needs to read what it sends.
 * Nothing here is sent anywhere: JusBiz calls n8n, so there is no request to authenticate or test.
 */
export class JusBizWebhookApi implements ICredentialType {
	name = WEBHOOK_CREDENTIAL_TYPE;

	displayName = 'JusBiz Webhook API';

	icon: Icon = { light: 'file:jusbiz.svg', dark: 'file:jusbiz.dark.svg' };

	documentationUrl = 'https://github.com/jusbiz-n8n/n8n-nodes-jusbiz#jusbiz-trigger';

	properties: INodeProperties[] = [
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			required: true,
			default: '',
			description:
				'The Basic-auth user name you registered with JusBiz for the notification webhook',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The Basic-auth password you registered with JusBiz',
		},
		privateKeyField(
			'PEM RSA private key (PKCS#8 or PKCS#1) the notifications are encrypted to. When set, only encrypted notifications are accepted.',
		),
		jusBizPublicKeyField(
			'Optional. The PEM RSA public key JusBiz signs with, downloaded from the JusBiz dashboard. When set, every notification must carry a valid RS256 signature from it.',
		),
		{
			displayName: 'Key UUID',
			name: 'keyUuid',
			type: 'string',
			default: '',
			description:
				'Optional. When set, the keyUuid header of every notification must equal it (the ID of the key JusBiz encrypts to)',
		},
	];
}
