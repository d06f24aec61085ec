import { join } from 'path';

import { PACKAGE_DIR } from '../fixtures';

/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * The decline the Trigger of the built package (the one n8n loads) puts on a failure: what the
 * tests of the real n8n expect to find in the items, tables and emails it produced.
 */
export const { notificationDecline } = require(
	join(PACKAGE_DIR, 'dist', 'nodes', 'JusBiz', 'helpers', 'declines.js'),
) as typeof import('../../../nodes/JusBiz/helpers/declines');
/* eslint-enable @typescript-eslint/no-require-imports */

export type Decline = NonNullable<ReturnType<typeof notificationDecline>>;
