import type { IDataObject } from 'n8n-workflow';

import { resolveHealthUrl } from '../baseUrl';
import { isRecord } from '../decodeResponse';
import { JusBizFailure, settle, settleSync } from '../errors';
import { getHealth } from '../transport';
import type { ItemCall } from './call';

// The documented health answer lists FLUCTUATE and DOWN besides an up state.
const UNHEALTHY = new Set(['DOWN', 'FLUCTUATE']);

/**
 * `GET /ardra/health` without credentials (production's own host, no bank label). The output is
 * JusBiz's answer plus `healthy`; an unreachable or failing JusBiz is `healthy: false`, not an
 * error, so a monitoring workflow can branch on it.
 */
export async function checkHealth(item: ItemCall): Promise<IDataObject> {
	const url = resolveHealthUrl(item.run.credentials);
	const outcome = await settle(getHealth(item.context, url, item.transport));
	if (!outcome.ok) {
		if (!(outcome.error instanceof JusBizFailure)) throw outcome.error;
		return { healthy: false, error: outcome.error.message };
	}
	const response = outcome.value;
	const parsed = settleSync(() => JSON.parse(response.body.toString('utf8')) as unknown);
	const json = parsed.ok ? parsed.value : undefined;
	const answer: IDataObject = isRecord(json) ? (json as IDataObject) : {};
	const ok = response.statusCode >= 200 && response.statusCode < 300 && isRecord(json);
	const status = typeof answer.status === 'string' ? answer.status.toUpperCase() : '';
	return {
		...answer,
		healthy: ok && !UNHEALTHY.has(status),
		...(ok ? {} : { httpCode: response.statusCode }),
	};
}
