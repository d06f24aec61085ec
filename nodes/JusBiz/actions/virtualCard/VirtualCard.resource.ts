/** The Virtual Card resource: its operations, in the order the editor lists them. */

import type { Resource } from '../operation';
import { create } from './create.operation';
import { deleteCard } from './delete.operation';
import { getSecurityCode } from './getSecurityCode.operation';
import { getStatus } from './getStatus.operation';
import { update } from './update.operation';

export const virtualCard: Resource = {
	option: { name: 'Virtual Card', value: 'virtualCard' },
	operations: [create, deleteCard, getSecurityCode, getStatus, update],
};
