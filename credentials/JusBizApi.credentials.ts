import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import {
	API_CREDENTIAL_TYPE,
	jusBizPublicKeyField,
	privateKeyField,
} from '../nodes/JusBiz/helpers/credentials';
import { isSameOrigin, resolveBaseUrl } from '../nodes/JusBiz/transport/baseUrl';
import { API_PATH } from '../nodes/JusBiz/transport/paths';
import { KNOWN_ERRORS } from '../nodes/JusBiz/transport/knownErrors';

// The 401 messages JusBiz documents. The Test repeats the API's words and the fix the node's errors
// give: n8n compares a rule's value exactly, so only JusBiz's text as documented gets its fix; any
// other spelling still fails, under the last rule.
const UNAUTHORISED = KNOWN_ERRORS.filter((known) => known.httpCode === 401);

export class JusBizApi implements ICredentialType {
	name = API_CREDENTIAL_TYPE;

	displayName = 'JusBiz API';

	icon: Icon = { light: 'file:jusbiz.svg', dark: 'file:jusbiz.dark.svg' };

	documentationUrl = 'https://github.com/jusbiz-n8n/n8n-nodes-jusbiz#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'Created in the JusBiz dashboard under Settings › API Settings',
		},
		{
			displayName: 'Merchant ID',
			name: 'merchantId',
			type: 'string',
			required: true,
			default: '',
			description: 'Your JusBiz merchant ID, sent as the X-merchantid and x-merchant-id headers',
		},
		{
			displayName: 'Key ID',
			name: 'keyId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. key_0123456789abcdef',
			description:
				'The ID JusBiz shows after you upload your RSA public key (Settings › API Settings › Upload New RSA)',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			default: 'sandbox',
			options: [
				{
					name: 'Sandbox',
					value: 'sandbox',
					description: 'https://sandbox.biz.juspay.in',
				},
				{
					name: 'Production',
					value: 'production',
					description:
						'https://<hostname>.biz.juspay.in, with the hostname JusBiz issued for your bank',
				},
				{
					name: 'Custom',
					value: 'custom',
					description: 'Any base URL, for a local simulator or an egress proxy',
				},
			],
		},
		{
			displayName: 'Hostname',
			name: 'hostname',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. indusind',
			description:
				'The single name JusBiz issued for your bank: requests go to https://<hostname>.biz.juspay.in',
			displayOptions: { show: { environment: ['production'] } },
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. http://127.0.0.1:8787',
			description: 'Scheme, host and optional port only: no path, query or user name',
			displayOptions: { show: { environment: ['custom'] } },
		},
		privateKeyField(
			'PEM RSA private key (PKCS#8 or PKCS#1) matching the public key uploaded under this Key ID. Needed when JusBiz sends encrypted responses.',
		),
		jusBizPublicKeyField(
			'Optional. The PEM RSA public key JusBiz signs with, downloaded from the JusBiz dashboard. When set, every encrypted answer must carry a valid RS256 signature from it; when empty, a signed answer is used without checking its signature.',
		),
	];

	// A function rather than a generic object: it pins every authenticated request to the configured
	// origin, so a wrong URL can never carry the API key elsewhere.
	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		const baseURL = resolveBaseUrl(credentials);
		if (requestOptions.baseURL !== undefined && !isSameOrigin(baseURL, requestOptions.baseURL)) {
			throw new Error('Refused to send JusBiz credentials to a host other than the configured one');
		}
		// n8n's legacy request path names its target `uri`; both must stay on the configured origin.
		const { uri } = requestOptions as { uri?: unknown };
		const targets = [requestOptions.url, uri].filter((t) => t !== undefined);
		if (
			targets.length === 0 ||
			!targets.every((t) => typeof t === 'string' && isSameOrigin(baseURL, t))
		) {
			throw new Error('Refused to send JusBiz credentials to a host other than the configured one');
		}
		const apiKey = typeof credentials.apiKey === 'string' ? credentials.apiKey : '';
		return {
			...requestOptions,
			baseURL,
			headers: {
				...requestOptions.headers,
				Authorization: `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`,
				// The documented spelling and the one Juspay's own samples send: two different header
				// names, and which one production reads is not known.
				'X-merchantid': String(credentials.merchantId ?? ''),
				'x-merchant-id': String(credentials.merchantId ?? ''),
				KeyId: String(credentials.keyId ?? ''),
			},
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
		};
	};

	// A blank payout id never matches a payout: valid credentials get JusBiz's 400 about the payout
	// id (which carries `status`), a wrong key or KeyId gets a 401 (which does not).
	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			url: API_PATH,
			headers: { 'Content-Type': 'application/json' },
			body: { payoutId: '', isCardImageRequired: false },
			json: true,
			ignoreHttpStatusErrors: true,
		},
		rules: [
			...UNAUTHORISED.map(({ message, fix }) => ({
				type: 'responseSuccessBody' as const,
				properties: {
					key: 'message',
					value: message,
					message: `JusBiz refused these credentials: ${message}. ${fix}`,
				},
			})),
			// A gateway's own JSON error (e.g. { "status": 401 }) is not JusBiz's answer either.
			...[401, 403, 404, 429, 500, 502, 503, 504].map((status) => ({
				type: 'responseSuccessBody' as const,
				properties: {
					key: 'status',
					value: status,
					message: `JusBiz did not accept the test request (status ${status}). Check the API key, Key ID and environment.`,
				},
			})),
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'status',
					value: undefined,
					message:
						'JusBiz did not accept the test request. Check the API key, Key ID and environment.',
				},
			},
		],
	};
}
