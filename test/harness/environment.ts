import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const HARNESS_ENCRYPTION_KEY = 'engine-harness-test-encryption-key';

let userFolder: string | undefined;

/**
 * n8n-core reads these while its modules initialise (instance settings, logger), so they must be
 * in place before the first `require('n8n-core')`; values already set by the caller win.
 */
export function prepareEngineEnvironment(): void {
	if (userFolder !== undefined) return;
	userFolder = mkdtempSync(join(tmpdir(), 'n8n-engine-harness-'));
	const folder = userFolder;
	process.env.N8N_USER_FOLDER ??= folder;
	process.env.N8N_ENCRYPTION_KEY ??= HARNESS_ENCRYPTION_KEY;
	// Keeps n8n's console logger from interleaving with jest output.
	process.env.N8N_LOG_LEVEL ??= 'silent';
	process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
}
