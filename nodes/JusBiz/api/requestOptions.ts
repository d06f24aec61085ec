/**
 * The Options collection every operation of both action nodes offers: how many requests run at
 * once, how they are retried and how long each may take. The defaults are written here only (n8n's
 * lint wants them literal) and the code reads them from here.
 */

import type { INodeProperties } from 'n8n-workflow';

export interface RequestOptions {
	concurrency: number;
	maxRetries: number;
	maxRetryWait: number;
	timeout: number;
}

export const requestOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 10_000, numberPrecision: 0 },
			default: 5,
			description:
				'How many requests may be in flight at once. Read from the first item; JusBiz publishes no rate limit, so raise it with care.',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 10, numberPrecision: 0 },
			default: 5,
			description:
				'How many times to retry one item after a 429, 502, 503 or 504 answer, a reset or cut-off connection, or a time-out (0 = never). Other errors are never retried.',
		},
		{
			displayName: 'Max Retry Wait',
			name: 'maxRetryWait',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 0 },
			default: 30000,
			description:
				'The longest wait before a retry, in milliseconds. If JusBiz asks (Retry-After) for a longer wait, the item fails instead.',
		},
		{
			displayName: 'Timeout',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 0 },
			default: 30000,
			description:
				'How long one request may take, in milliseconds, from sending it to the last byte of the answer',
		},
	],
};

function declaredDefault(name: keyof RequestOptions): number {
	const option = requestOptions.options?.find((candidate) => candidate.name === name);
	const value = option && 'default' in option ? option.default : undefined;
	if (typeof value !== 'number') throw new Error(`The option ${name} declares no number default`);
	return value;
}

export const DEFAULTS: Readonly<RequestOptions> = {
	concurrency: declaredDefault('concurrency'),
	maxRetries: declaredDefault('maxRetries'),
	maxRetryWait: declaredDefault('maxRetryWait'),
	timeout: declaredDefault('timeout'),
};
