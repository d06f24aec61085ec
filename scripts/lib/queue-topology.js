// @ts-check
// n8n in queue mode on one machine, as operators scale it out: Redis, a throwaway PostgreSQL
// cluster, n8n main (`n8n start`) and workers (`n8n worker`), each n8n process with its own user
// folder holding the community-installed tarball, binary data in the database. Everything runs on
// free ports under one temporary folder and is stopped by process id. Needs
// scripts/ensure-queue-deps.sh to have run (Debian's redis-server and postgresql).
'use strict';

const { execFileSync, spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const cli = require('./n8n-cli');
const { delay, freePort, startN8nProcess, waitForReadiness } = require('./n8n-process');

const DB_NAME = 'n8n';
const DB_USER = 'n8n';

/**
 * @typedef {{ node24: string, n8nBin: string, version: string }} Install
 *
 * @typedef {object} Service a server process this module started
 * @property {string} name
 * @property {number} port
 * @property {string} logFile
 * @property {() => string} log its output so far
 * @property {() => Promise<void>} stop
 *
 * @typedef {object} N8nNode one n8n process of the topology
 * @property {string} name main, worker-1, …
 * @property {'main' | 'worker'} role
 * @property {string} userFolder
 * @property {number} port the HTTP port (main: the editor and webhooks; worker: its health server)
 * @property {string} logFile
 * @property {() => string} log
 * @property {ReturnType<typeof startN8nProcess>} process
 * @property {() => Promise<void>} stop SIGTERM, then SIGKILL after 20 s
 * @property {() => void} kill SIGKILL now, as a crash would
 *
 * @typedef {object} QueueTopology
 * @property {string} root the temporary folder
 * @property {string} baseUrl main's URL, e.g. http://127.0.0.1:5678
 * @property {Service} redis
 * @property {Service & { psql(sql: string): string }} postgres
 * @property {N8nNode} main
 * @property {N8nNode[]} workers
 * @property {NodeJS.ProcessEnv} env the environment every n8n process shares (main's user folder)
 * @property {() => Promise<void>} stop stops everything, n8n first
 */

/** @returns {string} the newest installed PostgreSQL's bin folder */
function postgresBin() {
	const base = '/usr/lib/postgresql';
	const versions = fs.existsSync(base)
		? fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb')))
		: [];
	versions.sort((a, b) => Number(b) - Number(a));
	if (versions.length === 0) {
		throw new Error('PostgreSQL is not installed: run scripts/ensure-queue-deps.sh');
	}
	return path.join(base, versions[0], 'bin');
}

/**
 * PostgreSQL refuses to run as root: as root, its commands run as the `postgres` user.
 * @param {string} command
 * @param {string[]} args
 * @returns {[string, string[]]}
 */
function asPostgresUser(command, args) {
	return process.getuid?.() === 0
		? ['runuser', ['-u', 'postgres', '--', command, ...args]]
		: [command, args];
}

/**
 * @param {string} name
 * @param {string} command
 * @param {string[]} args
 * @param {string} logFile
 * @param {NodeJS.Signals} stopSignal
 */
function spawnService(name, command, args, logFile, stopSignal) {
	const log = fs.openSync(logFile, 'a');
	const child = spawn(command, args, { stdio: ['ignore', log, log], detached: true });
	fs.closeSync(log);
	const exited = new Promise((resolve) => child.once('exit', resolve));
	const killOnExit = () => {
		try {
			if (child.pid) process.kill(-child.pid, 'SIGKILL');
		} catch {
			// already gone
		}
	};
	process.once('exit', killOnExit);
	const stop = async () => {
		process.removeListener('exit', killOnExit);
		if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
		const pid = child.pid;
		const signal = (/** @type {NodeJS.Signals} */ s) => {
			try {
				process.kill(-pid, s);
			} catch {
				// already gone
			}
		};
		signal(stopSignal);
		const timer = setTimeout(() => signal('SIGKILL'), 15_000);
		await exited;
		clearTimeout(timer);
	};
	return { name, child, exited, stop, log: () => fs.readFileSync(logFile, 'utf8') };
}

/** @param {number} port */
async function redisAnswers(port) {
	return await new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.once('error', () => resolve(false));
		socket.once('data', (data) => {
			resolve(data.toString().startsWith('+PONG'));
			socket.destroy();
		});
		socket.write('PING\r\n');
	});
}

/**
 * @param {string} dir
 * @returns {Promise<Service>}
 */
async function startRedis(dir) {
	const port = await freePort();
	const logFile = path.join(dir, 'redis.log');
	const service = spawnService(
		'redis',
		'redis-server',
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
		],
		logFile,
		'SIGTERM',
	);
	const deadline = Date.now() + 30_000;
	while (!(await redisAnswers(port))) {
		if (service.child.exitCode !== null) throw new Error(`redis-server exited:\n${service.log()}`);
		if (Date.now() > deadline) throw new Error(`redis-server did not answer:\n${service.log()}`);
		await delay(100);
	}
	return { name: 'redis', port, logFile, log: service.log, stop: service.stop };
}

/**
 * A fresh cluster with trust authentication on 127.0.0.1 only, fsync off: it lives for one run.
 * @param {string} dir
 */
async function startPostgres(dir) {
	const bin = postgresBin();
	const port = await freePort();
	const pgRoot = path.join(dir, 'postgres');
	const dataDir = path.join(pgRoot, 'data');
	fs.mkdirSync(pgRoot, { recursive: true });
	if (process.getuid?.() === 0) {
		// The cluster's folder and the path to it must be the postgres user's to use.
		const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
		const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
		fs.chmodSync(dir, 0o755);
		fs.chownSync(pgRoot, uid, gid);
	}
	const logFile = path.join(dir, 'postgres.log');
	const [initCommand, initArgs] = asPostgresUser(path.join(bin, 'initdb'), [
		'-D',
		dataDir,
		'--auth=trust',
		'-U',
		DB_USER,
		'--encoding=UTF8',
		'--locale=C',
	]);
	execFileSync(initCommand, initArgs, { stdio: 'ignore' });
	const [command, args] = asPostgresUser(path.join(bin, 'postgres'), [
		'-D',
		dataDir,
		'-p',
		String(port),
		'-k',
		pgRoot,
		'-c',
		'listen_addresses=127.0.0.1',
		'-c',
		'fsync=off',
		'-c',
		'max_connections=200',
	]);
	// SIGINT is PostgreSQL's fast shutdown: it does not wait for clients to disconnect.
	const service = spawnService('postgres', command, args, logFile, 'SIGINT');
	/** @param {string} sql @param {string} [database] */
	const psql = (sql, database = DB_NAME) =>
		execFileSync(
			path.join(bin, 'psql'),
			[
				'-h',
				'127.0.0.1',
				'-p',
				String(port),
				'-U',
				DB_USER,
				'-d',
				database,
				'-At',
				'-v',
				'ON_ERROR_STOP=1',
				'-c',
				sql,
			],
			{ encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
		);
	const deadline = Date.now() + 60_000;
	for (;;) {
		try {
			psql('SELECT 1', 'postgres');
			break;
		} catch {
			if (service.child.exitCode !== null) throw new Error(`postgres exited:\n${service.log()}`);
			if (Date.now() > deadline) throw new Error(`postgres did not answer:\n${service.log()}`);
			await delay(200);
		}
	}
	psql(`CREATE DATABASE ${DB_NAME}`, 'postgres');
	return { name: 'postgres', port, logFile, log: service.log, stop: service.stop, psql };
}

/**
 * @param {object} options
 * @param {Install} options.install
 * @param {string} options.tarball the packed package
 * @param {number} [options.workers] default 2
 * @param {number} [options.workerConcurrency] executions per worker at once, default 5
 * @param {number[]} [options.withoutPackage] worker numbers (1-based) that do not get the package
 * @param {(env: NodeJS.ProcessEnv, run: (args: string[]) => Promise<string>) => Promise<void>} [options.prepare]
 *   imports and publishes what the run needs, before any n8n process starts
 * @param {Record<string, string>} [options.extraEnv] for every n8n process
 * @param {number} [options.mainPort] default: a free port
 * @returns {Promise<QueueTopology>}
 */
async function startQueueTopology(options) {
	const { install, tarball, workers = 2, workerConcurrency = 5, withoutPackage = [] } = options;
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'jusbiz-queue-'));
	/** @type {Array<() => Promise<void>>} */
	const stops = [];
	const stopAll = async () => {
		for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
	};
	try {
		const redis = await startRedis(root);
		stops.push(redis.stop);
		const postgres = await startPostgres(root);
		stops.push(postgres.stop);
		const filesDir = path.join(root, 'files');
		fs.mkdirSync(filesDir);

		/** @param {string} userFolder @param {Record<string, string>} extra */
		const envFor = async (userFolder, extra) =>
			cli.n8nEnvironment({
				userFolder,
				fileAccessDir: filesDir,
				brokerPort: await freePort(),
				extra: {
					EXECUTIONS_MODE: 'queue',
					QUEUE_BULL_REDIS_HOST: '127.0.0.1',
					QUEUE_BULL_REDIS_PORT: String(redis.port),
					DB_TYPE: 'postgresdb',
					DB_POSTGRESDB_HOST: '127.0.0.1',
					DB_POSTGRESDB_PORT: String(postgres.port),
					DB_POSTGRESDB_DATABASE: DB_NAME,
					DB_POSTGRESDB_USER: DB_USER,
					DB_POSTGRESDB_PASSWORD: '',
					// Bytes in Postgres, where every process finds them; a worker's disk is its own.
					N8N_DEFAULT_BINARY_DATA_MODE: 'database',
					N8N_DISABLED_MODULES: 'mcp-registry',
					N8N_VERIFIED_PACKAGES_ENABLED: 'false',
					N8N_LISTEN_ADDRESS: '127.0.0.1',
					...options.extraEnv,
					...extra,
				},
			});

		const mainFolder = path.join(root, 'main');
		cli.installCommunityPackage(mainFolder, tarball);
		const mainPort = options.mainPort ?? (await freePort());
		const mainEnv = await envFor(mainFolder, { N8N_PORT: String(mainPort) });
		if (options.prepare) {
			await options.prepare(mainEnv, async (args) => {
				const result = await cli.runN8n(install, args, mainEnv);
				if (result.code !== 0) {
					throw new Error(
						`n8n ${args[0]} failed (${result.code}):\n${result.stdout}\n${result.stderr}`,
					);
				}
				return result.stdout + result.stderr;
			});
		}

		/** @type {(name: string, role: 'main' | 'worker', folder: string, port: number, args: string[], env: NodeJS.ProcessEnv) => N8nNode} */
		const launch = (name, role, folder, port, args, env) => {
			const logFile = path.join(root, `${name}.log`);
			const proc = startN8nProcess(install, args, env, { logFile });
			const node = {
				name,
				role,
				userFolder: folder,
				port,
				logFile,
				log: () => fs.readFileSync(logFile, 'utf8'),
				process: proc,
				stop: () => proc.stop(),
				kill: () => {
					if (proc.child.pid) process.kill(-proc.child.pid, 'SIGKILL');
				},
			};
			stops.push(node.stop);
			return node;
		};

		// Workers first, so that main's first enqueued job finds someone to run it.
		/** @type {N8nNode[]} */
		const workerNodes = [];
		for (let i = 1; i <= workers; i++) {
			const folder = path.join(root, `worker-${i}`);
			fs.mkdirSync(folder, { recursive: true });
			if (!withoutPackage.includes(i)) cli.installCommunityPackage(folder, tarball);
			const healthPort = await freePort();
			const env = await envFor(folder, {
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(healthPort),
				N8N_PORT: String(healthPort),
			});
			workerNodes.push(
				launch(
					`worker-${i}`,
					'worker',
					folder,
					healthPort,
					['worker', `--concurrency=${workerConcurrency}`],
					env,
				),
			);
		}
		const main = launch('main', 'main', mainFolder, mainPort, ['start'], mainEnv);
		const baseUrl = `http://127.0.0.1:${mainPort}`;
		for (const node of [...workerNodes, main]) {
			await waitForReadiness(
				`http://127.0.0.1:${node.port}`,
				node.process.exitReason,
				180_000,
			).catch((/** @type {Error} */ error) => {
				throw new Error(`${node.name}: ${error.message}\n${node.log().slice(-4000)}`);
			});
		}
		return {
			root,
			baseUrl,
			redis,
			postgres,
			main,
			workers: workerNodes,
			env: mainEnv,
			stop: stopAll,
		};
	} catch (error) {
		await stopAll();
		throw error;
	}
}

module.exports = { startQueueTopology, postgresBin };
