import type * as N8nCore from 'n8n-core';

import { prepareEngineEnvironment } from './environment';
import { installLogCapture } from './logCapture';

let core: typeof N8nCore | undefined;

/** n8n-core reads its environment while loading, so it is required only after that is prepared. */
export function loadCore(): typeof N8nCore {
	prepareEngineEnvironment();
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	core ??= require('n8n-core') as typeof N8nCore;
	installLogCapture();
	return core;
}

/**
 * The n8n major the engine belongs to (n8n-core's major matches n8n's: 1.x or 2.x). The compat
 * run (jest.compat.config.js) maps n8n-core to the last 1.x, so this is read, never assumed.
 */
export function n8nMajor(): number {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { version } = require('n8n-core/package.json') as { version: string };
	return Number(version.split('.')[0]);
}
