/**
 * Check Health: `GET /ardra/health` without credentials (production's own host, no bank label).
 * The output is JusBiz's answer plus `healthy`; an unreachable or failing JusBiz is
 * `healthy: false`, not an error, so a monitoring workflow can branch on it.
 */

import type { IDataObject } from 'n8n-workflow';

import { JusBizFailure, settle } from '../../helpers/errors';
import { isRecord, parseJson } from '../../helpers/values';
import { resolveHealthUrl } from '../../transport/baseUrl';
import { getHealth } from '../../transport/http';
import type { ItemCall, Operation } from '../operation';

// The documented health answer lists FLUCTUATE and DOWN besides an up state.
const UNHEALTHY = new Set(['DOWN', 'FLUCTUATE']);

export const checkHealth: Operation = {
	resource: 'system',
	option: {
		name: 'Check Health',
		value: 'checkHealth',
		description: 'Ask JusBiz whether its API is up (no credentials are sent)',
		action: 'Check the health of the API',
	},
	properties: [],
	byPayoutId: false,
	offeredToTools: true,
	execute: async (call) => ({ json: await health(call), pairedItem: { item: call.itemIndex } }),
};

async function health(call: ItemCall): Promise<IDataObject> {
	const url = resolveHealthUrl(call.runContext.credentials);
	const outcome = await settle(getHealth(call.context, url, call.transport));
	if (!outcome.ok) {
		if (!(outcome.error instanceof JusBizFailure)) throw outcome.error;
		return { healthy: false, error: outcome.error.message };
	}
	const response = outcome.value;
	const json = parseJson(response.body.toString('utf8'));
	const answer: IDataObject = isRecord(json) ? (json as IDataObject) : {};
	const ok = response.statusCode >= 200 && response.statusCode < 300 && isRecord(json);
	const status = typeof answer.status === 'string' ? answer.status.toUpperCase() : '';
	return {
		...answer,
		healthy: ok && !UNHEALTHY.has(status),
		...(ok ? {} : { httpCode: response.statusCode }),
	};
}
