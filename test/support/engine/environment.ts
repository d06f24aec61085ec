import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const HARNESS_ENCRYPTION_KEY = 'engine-harness-test-encryption-key';
/** Marks a user folder as the harness's own, so a later test file in the same worker replaces it. */
const HARNESS_FOLDER_MARKER = 'N8N_ENGINE_HARNESS_USER_FOLDER';

let prepared = false;
let createdFolder: string | undefined;

function removeCreatedFolder(): void {
	if (createdFolder !== undefined) rmSync(createdFolder, { recursive: true, force: true });
	createdFolder = undefined;
}

// Jest does not run a test file's process 'exit' listeners, so tidy up when the file's tests end.
// Registered at import time, where jest allows hooks; harmless outside jest.
if (typeof afterAll === 'function') {
	try {
		afterAll(removeCreatedFolder);
	} catch {
		// Imported from inside a running test: fall back to the process 'exit' listener below.
	}
}

/**
 * n8n-core reads these while its modules initialise, and its instance settings write a config file
 * into the user folder (by default the developer's own ~/.n8n), so they must be in place before
 * the first `require('n8n-core')`. Values the caller set win.
 */
export function prepareEngineEnvironment(): void {
	if (prepared) return;
	prepared = true;
	const current = process.env.N8N_USER_FOLDER;
	if (current === undefined || current === process.env[HARNESS_FOLDER_MARKER]) {
		createdFolder = mkdtempSync(join(tmpdir(), 'n8n-engine-harness-'));
		process.env.N8N_USER_FOLDER = createdFolder;
		process.env[HARNESS_FOLDER_MARKER] = createdFolder;
		process.once('exit', removeCreatedFolder);
	}
	process.env.N8N_ENCRYPTION_KEY ??= HARNESS_ENCRYPTION_KEY;
	// n8n's console logger would interleave with jest output; the harness captures logs itself.
	process.env.N8N_LOG_LEVEL ??= 'silent';
}
