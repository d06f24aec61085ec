// @ts-check
// Drives the real n8n CLI headlessly: a fresh user folder with this package installed the way
// n8n's community-node install does it, credential and workflow import, and `n8n execute`.
'use strict';

const { execFileSync, spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const PACKAGE_NAME = 'n8n-nodes-jusbiz';
const ENCRYPTION_KEY = 'jusbiz-e2e-fixed-encryption-key';

/**
 * `npm pack` of the repository (which must be built); returns the tarball's path.
 * @param {string} repoDir
 * @param {string} destDir
 */
function packPackage(repoDir, destDir) {
	fs.mkdirSync(destDir, { recursive: true });
	const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', destDir], {
		cwd: repoDir,
		encoding: 'utf8',
	});
	return path.join(destDir, out.trim().split('\n').pop() ?? '');
}

/**
 * Mirrors n8n 2.41's community install: untar into ~/.n8n/nodes/node_modules/<name>, strip the
 * dependency fields n8n strips, install what is left without scripts, record the dependency.
 * @param {string} userFolder the N8N_USER_FOLDER
 * @param {string} tarball
 */
function installCommunityPackage(userFolder, tarball) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const packageDir = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	fs.rmSync(packageDir, { recursive: true, force: true });
	fs.mkdirSync(packageDir, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
	const manifestPath = path.join(packageDir, 'package.json');
	const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
	for (const field of ['devDependencies', 'peerDependencies', 'optionalDependencies']) {
		delete manifest[field];
	}
	fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	execFileSync(
		'npm',
		[
			'install',
			'--ignore-scripts',
			'--install-strategy=shallow',
			'--no-audit',
			'--no-fund',
			'--no-package-lock',
		],
		{ cwd: packageDir, stdio: 'ignore' },
	);
	fs.writeFileSync(
		path.join(nodesDir, 'package.json'),
		JSON.stringify(
			{
				name: 'installed-nodes',
				private: true,
				dependencies: { [PACKAGE_NAME]: manifest.version },
			},
			null,
			2,
		),
	);
	return manifest.version;
}

/**
 * @param {{ userFolder: string, fileAccessDir: string, brokerPort?: number, extra?: Record<string, string> }} options
 * @returns {NodeJS.ProcessEnv}
 */
function n8nEnvironment(options) {
	/** @type {NodeJS.ProcessEnv} */
	const env = { ...process.env };
	// Under jest NODE_ENV=test makes n8n print nothing.
	delete env.NODE_ENV;
	for (const key of Object.keys(env)) if (key.startsWith('JEST_')) delete env[key];
	return {
		...env,
		N8N_USER_FOLDER: options.userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_RESTRICT_FILE_ACCESS_TO: options.fileAccessDir,
		N8N_RUNNERS_BROKER_PORT: String(options.brokerPort ?? 5679),
		N8N_DEFAULT_BINARY_DATA_MODE: 'default',
		// Lower levels hide the run JSON that `execute --rawOutput` prints.
		N8N_LOG_LEVEL: 'info',
		DB_SQLITE_POOL_SIZE: '1',
		...options.extra,
	};
}

/**
 * @param {{ node24: string, n8nBin: string }} install
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 * @param {string[]} [wrapper] a command to run n8n under, e.g. GNU time
 * @returns {Promise<{ code: number | null, stdout: string, stderr: string }>}
 */
function runN8n(install, args, env, wrapper = []) {
	const command = [...wrapper, install.node24, install.n8nBin, ...args];
	return new Promise((resolve, reject) => {
		const child = spawn(command[0], command.slice(1), {
			env: { ...env, PATH: `${path.dirname(install.node24)}${path.delimiter}${env.PATH ?? ''}` },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		child.on('error', reject);
		child.on('exit', (code) => resolve({ code, stdout, stderr }));
	});
}

/**
 * The run's JSON is printed between a line `{` and the last line `}`; log lines share stdout.
 * @param {string} stdout
 */
function parseRunOutput(stdout) {
	const lines = stdout.split('\n');
	const start = lines.findIndex((line) => line === '{');
	let end = -1;
	for (let i = lines.length - 1; i >= 0; i--) {
		if (lines[i] === '}') {
			end = i;
			break;
		}
	}
	if (start === -1 || end < start) return undefined;
	return JSON.parse(lines.slice(start, end + 1).join('\n'));
}

/**
 * The data of a JusBiz API credential that points at a running simulator.
 * @param {{ url: string, credentials: { apiKey: string, merchantId: string, keyId: string, privateKeyPem: string } }} simulator
 */
function simulatorCredentialData(simulator) {
	const { apiKey, merchantId, keyId, privateKeyPem } = simulator.credentials;
	return {
		apiKey,
		merchantId,
		keyId,
		environment: 'custom',
		baseUrl: simulator.url,
		privateKey: privateKeyPem,
	};
}

/**
 * The data of a JusBiz Webhook credential for notifications the simulator pushes: encrypted to
 * the simulator's client key, signed with its JusBiz key, for its Key ID.
 * @param {{ credentials: { keyId: string, privateKeyPem: string, jusBizPublicKeyPem: string } }} simulator
 * @param {{ username: string, password: string }} login the Basic login JusBiz is given
 */
function simulatorWebhookCredentialData(simulator, login) {
	const { keyId, privateKeyPem, jusBizPublicKeyPem } = simulator.credentials;
	return {
		username: login.username,
		password: login.password,
		privateKey: privateKeyPem,
		jusBizPublicKey: jusBizPublicKeyPem,
		keyUuid: keyId,
	};
}

/**
 * The data of an SMTP credential for a mail catcher on 127.0.0.1.
 * @param {number} port
 */
function mailCatcherCredentialData(port) {
	return { host: '127.0.0.1', port, secure: false, disableStartTls: true, user: '', password: '' };
}

module.exports = {
	PACKAGE_NAME,
	simulatorCredentialData,
	simulatorWebhookCredentialData,
	mailCatcherCredentialData,
	packPackage,
	installCommunityPackage,
	n8nEnvironment,
	runN8n,
	parseRunOutput,
};
