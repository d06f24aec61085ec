import type * as N8nCore from 'n8n-core';

import { prepareEngineEnvironment } from './environment';
import { installLogCapture } from './logCapture';

let core: typeof N8nCore | undefined;

/** n8n-core reads its environment while loading, so it is required only after that is prepared. */
export function loadCore(): typeof N8nCore {
	prepareEngineEnvironment();
	if (core === undefined) {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		core = require('n8n-core') as typeof N8nCore;
		if (n8nMajor() < 2) unrefSshCleanupTimer();
	}
	installLogCapture();
	return core;
}

/**
 * n8n-core 1.x's SSH tunnel manager, created by the first node run, starts a 60 s cleanup interval
 * that is not unref'd (2.x unrefs it), so jest would never exit. A real n8n runs until shutdown,
 * where the manager clears it; the harness lets it run without holding the process open.
 */
function unrefSshCleanupTimer(): void {
	/* eslint-disable @typescript-eslint/no-require-imports */
	const { Container } = require('@n8n/di') as typeof import('@n8n/di');
	const { SSHClientsManager } = require('n8n-core/dist/execution-engine/ssh-clients-manager') as {
		SSHClientsManager: new (...args: unknown[]) => { cleanupTimer?: NodeJS.Timeout };
	};
	/* eslint-enable @typescript-eslint/no-require-imports */
	Container.get(SSHClientsManager).cleanupTimer?.unref();
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
