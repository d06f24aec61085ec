// @ts-check
// A long-running n8n process (`n8n start`, later `n8n worker`): free ports, starting it in its own
// process group, waiting until it is ready, and stopping it and its task runner by process id.
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const path = require('path');

/** A port nobody listens on now; the OS picks it. */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** @param {number} ms */
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param {import('child_process').ChildProcess} child
 * @param {number} graceMs
 */
async function stopProcessGroup(child, graceMs) {
	if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	// n8n runs its task runner as a child process; signalling the group stops both.
	const signal = (/** @type {NodeJS.Signals} */ name) => {
		try {
			process.kill(-(/** @type {number} */ (child.pid)), name);
		} catch {
			// already gone
		}
	};
	signal('SIGTERM');
	const timer = setTimeout(() => signal('SIGKILL'), graceMs);
	await exited;
	clearTimeout(timer);
}

/**
 * @typedef {object} N8nProcess
 * @property {import('child_process').ChildProcess} child
 * @property {Promise<string>} exited settles with the reason when the process ends
 * @property {() => string | undefined} exitReason why it is gone, if it is
 * @property {(graceMs?: number) => Promise<void>} stop SIGTERM to the group, SIGKILL after graceMs
 */

/**
 * Starts `n8n <args>` in its own process group, so that a terminal's Ctrl+C reaches only the
 * caller, which stops n8n once, cleanly (a second signal makes n8n skip its shutdown).
 * @param {{ node24: string, n8nBin: string }} install
 * @param {string[]} args e.g. ['start']
 * @param {NodeJS.ProcessEnv} env
 * @param {{ logFile?: string }} [options] n8n's output goes there, else to this console
 * @returns {N8nProcess}
 */
function startN8nProcess(install, args, env, options = {}) {
	const log = options.logFile ? fs.openSync(options.logFile, 'w') : undefined;
	const child = spawn(install.node24, [install.n8nBin, ...args], {
		env: { ...env, PATH: `${path.dirname(install.node24)}${path.delimiter}${env.PATH ?? ''}` },
		stdio: ['ignore', log ?? 'inherit', log ?? 'inherit'],
		detached: true,
	});
	if (log !== undefined) fs.closeSync(log);
	/** @type {string | undefined} */
	let reason;
	/** @type {Promise<string>} */
	const exited = new Promise((resolve) => {
		child.once('error', (error) => resolve((reason = `n8n could not start: ${error.message}`)));
		child.once('exit', (code, signal) => resolve((reason = `n8n exited (${signal ?? code})`)));
	});
	// Should the caller die without stopping n8n, do not leave n8n running on its ports.
	const killOnExit = () => {
		if (child.exitCode === null && child.pid) {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				// already gone
			}
		}
	};
	process.once('exit', killOnExit);
	return {
		child,
		exited,
		exitReason: () => reason,
		async stop(graceMs = 20_000) {
			await stopProcessGroup(child, graceMs);
			process.removeListener('exit', killOnExit);
		},
	};
}

/**
 * Waits for `/healthz/readiness` to answer 200: the database is migrated and webhooks are served.
 * @param {string} baseUrl e.g. http://127.0.0.1:5678
 * @param {() => string | undefined} exitReason
 * @param {number} timeoutMs
 */
async function waitForReadiness(baseUrl, exitReason, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const gone = exitReason();
		if (gone) throw new Error(gone);
		try {
			const answer = await fetch(`${baseUrl}/healthz/readiness`);
			if (answer.status === 200) return;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) throw new Error(`n8n was not ready within ${timeoutMs / 1000} s`);
		await delay(500);
	}
}

module.exports = { freePort, delay, stopProcessGroup, startN8nProcess, waitForReadiness };
