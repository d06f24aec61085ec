/** The System resource: calls about JusBiz itself rather than a card. */

import type { Resource } from '../operation';
import { checkHealth } from './checkHealth.operation';

export const system: Resource = {
	option: { name: 'System', value: 'system' },
	operations: [checkHealth],
};
