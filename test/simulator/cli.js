#!/usr/bin/env node
// @ts-check
'use strict';

const { readFileSync } = require('fs');

const { ENCRYPTIONS, KEY_CASES } = require('./config');
const { FAULT_PREFIXES } = require('./faults');
const {
	DECLINE_REASONS,
	ENVELOPES,
	JWE_FORMS,
	JWS_FORMS,
	NOTIFICATION_TYPES,
	SIGNERS,
} = require('./notifications');
const { IMAGES, SEEDED_PAYOUTS } = require('./payouts');
const { createSimulator, API_PATH, HEALTH_PATH } = require('./server');

const USAGE = `Usage: npm run simulator -- [options]

  --port <n>                 listen port (default: $PORT, else 0 = any free port)
  --latency <ms>             delay before every API answer (default 0)
  --jitter <fraction>        spread each delay uniformly over latency × (1 ± fraction), 0–1
  --encryption <form>        ${ENCRYPTIONS.join(' | ')} (default compact)
  --key-case <case>          ${KEY_CASES.join(' | ')} (default camel)
  --private-key-file <path>  RSA private key PEM to encrypt to (default: a fresh pair)
  --png-file <path>          serve this PNG as the card image of PNG payouts
  --json                     print one JSON line { url, credentials } instead of this text
  --help                     show this help

Usage: npm run simulator -- notify --simulator <url> --url <webhook url> [options]

  Asks a running simulator to push one authorization notification, encrypted to its key and
  signed with its JusBiz key, and prints the webhook's answer (exit code 1 unless it was 200).
  --simulator <url>          the running simulator, e.g. http://127.0.0.1:8787
  --url <url>                the webhook, e.g. http://127.0.0.1:5678/webhook/juspay/notifications
  --username <name>          Basic-auth user name (no Authorization header without it)
  --password <password>      Basic-auth password
  --type <type>              ${NOTIFICATION_TYPES.join(' | ')} (default AuthorizationFailure)
  --envelope <envelope>      ${ENVELOPES.join(' | ')} (default raw)
  --jwe <form>               ${JWE_FORMS.join(' | ')} (default compact)
  --signer <signer>          ${SIGNERS.join(' | ')} (default jusbiz)
  --jws <form>               ${JWS_FORMS.join(' | ')} (default compact)
  --key-uuid <id>            the keyUuid header (default the simulator's Key ID)
  --field <name>=<value>     set a notification field, e.g. --field errMsg="Insufficient Funds"
  --reason <text>            a decline reason (errMsg), e.g. "Do Not Honor"; the documented ones:
                             ${[...new Set(DECLINE_REASONS.map((d) => d.reason))].join(' · ')}
  --sub-type <code>          the decline's sub-type, e.g. SPVTA, SPVTC, ACCB
  --sub-type-in <place>      field (its own field subType, default) | text ("Do Not Honor - SPVTA")
  --copies <n>               send the same notification n times, as a re-sending JusBiz would
  --retry <n>                like JusBiz: send it again while the answer is not 200, n times in all
  --retry-delay <ms>         wait between those attempts (default 0)
`;

/**
 * @param {string[]} argv the arguments after "notify"
 * @returns {{ simulator: string, copies: number, request: import('./notifications').NotifyRequest }}
 */
function parseNotifyArgs(argv) {
	/** @type {Record<string, string>} */
	const flags = {};
	/** @type {Record<string, unknown>} */
	const fields = {};
	const args = [...argv];
	while (args.length > 0) {
		const arg = /** @type {string} */ (args.shift());
		const [flag, inline] = arg.includes('=') ? splitOnce(arg) : [arg];
		const value = inline ?? args.shift();
		if (!flag.startsWith('--') || value === undefined) throw new Error(`${flag} needs a value`);
		if (flag === '--field') {
			const [name, fieldValue] = value.includes('=') ? splitOnce(value) : [value, ''];
			fields[name] = fieldValue;
		} else {
			flags[flag.slice(2)] = value;
		}
	}
	const known = [
		'simulator',
		'url',
		'username',
		'password',
		'type',
		'envelope',
		'jwe',
		'signer',
		'jws',
		'key-uuid',
		'reason',
		'sub-type',
		'sub-type-in',
		'copies',
		'retry',
		'retry-delay',
	];
	for (const name of Object.keys(flags)) {
		if (!known.includes(name)) throw new Error(`unknown option --${name}`);
	}
	if (!flags.simulator || !flags.url) throw new Error('notify needs --simulator and --url');
	const count = (/** @type {string} */ name, /** @type {number} */ fallback) => {
		const value = flags[name] === undefined ? fallback : Number(flags[name]);
		if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number`);
		return value;
	};
	const subTypeIn = flags['sub-type-in'];
	if (subTypeIn !== undefined && subTypeIn !== 'field' && subTypeIn !== 'text') {
		throw new Error('--sub-type-in must be field or text');
	}
	return {
		simulator: flags.simulator,
		copies: Math.max(1, count('copies', 1)),
		request: /** @type {import('./notifications').NotifyRequest} */ ({
			url: flags.url,
			username: flags.username,
			password: flags.password,
			type: flags.type,
			envelope: flags.envelope,
			jwe: flags.jwe,
			signer: flags.signer,
			jws: flags.jws,
			keyUuid: flags['key-uuid'],
			fields,
			reason: flags.reason,
			subType: flags['sub-type'],
			subTypeIn,
			retry:
				flags.retry === undefined
					? undefined
					: { attempts: count('retry', 1), delayMs: count('retry-delay', 0) },
		}),
	};
}

/** @param {string[]} argv */
async function notifyCommand(argv) {
	const { simulator, copies, request } = parseNotifyArgs(argv);
	/** @type {Record<string, unknown> | undefined} */
	let sent;
	let allAccepted = true;
	for (let copy = 0; copy < copies; copy += 1) {
		const answer = await fetch(new URL('/__simulator/notify', simulator), {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(sent === undefined ? request : { ...request, copyOf: sent }),
		});
		const result =
			/** @type {{ status?: number, body?: string, message?: string, notification?: Record<string, unknown>, attempts?: Array<{ status: number }> }} */ (
				await answer.json()
			);
		if (!answer.ok) throw new Error(result.message ?? `simulator answered ${answer.status}`);
		sent = result.notification;
		const tries = (result.attempts ?? []).map((a) => a.status).join(', ');
		const label = copies > 1 ? `copy ${copy + 1}: ` : '';
		process.stdout.write(
			`${label}webhook answered ${result.status}: ${result.body}${(result.attempts?.length ?? 0) > 1 ? ` (attempts: ${tries})` : ''}\n`,
		);
		allAccepted &&= result.status === 200;
	}
	process.exitCode = allAccepted ? 0 : 1;
}

/**
 * @typedef {object} CliOptions
 * @property {number} port
 * @property {number} [latencyMs]
 * @property {number} [latencyJitter]
 * @property {import('./payouts').Encryption} [encryption]
 * @property {import('./payouts').KeyCase} [keyCase]
 * @property {string} [privateKeyFile]
 * @property {string} [pngFile]
 * @property {boolean} json
 * @property {boolean} help
 */

/**
 * @param {string[]} argv
 * @param {NodeJS.ProcessEnv} env
 * @returns {CliOptions}
 */
function parseArgs(argv, env) {
	/** @type {CliOptions} */
	const options = { port: parsePort(env.PORT ?? '0', 'PORT'), json: false, help: false };
	const args = [...argv];
	while (args.length > 0) {
		const arg = /** @type {string} */ (args.shift());
		const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? splitOnce(arg) : [arg];
		const value = () => {
			const next = inline ?? args.shift();
			if (next === undefined) throw new Error(`${flag} needs a value`);
			return next;
		};
		switch (flag) {
			case '--port':
				options.port = parsePort(value(), flag);
				break;
			case '--latency': {
				const text = value();
				const ms = Number(text);
				if (!/^\d+$/.test(text) || !Number.isSafeInteger(ms)) {
					throw new Error(`--latency must be a whole number of ms, got ${text}`);
				}
				options.latencyMs = ms;
				break;
			}
			case '--jitter': {
				const text = value();
				const fraction = Number(text);
				if (!/^(0(\.\d+)?|1(\.0+)?)$/.test(text)) {
					throw new Error(`--jitter must be a fraction from 0 to 1, got ${text}`);
				}
				options.latencyJitter = fraction;
				break;
			}
			case '--encryption': {
				const text = value();
				if (!ENCRYPTIONS.includes(text)) {
					throw new Error(`--encryption must be one of ${ENCRYPTIONS.join(', ')}`);
				}
				options.encryption = /** @type {import('./payouts').Encryption} */ (text);
				break;
			}
			case '--key-case': {
				const text = value();
				if (!KEY_CASES.includes(text)) {
					throw new Error(`--key-case must be one of ${KEY_CASES.join(', ')}`);
				}
				options.keyCase = /** @type {import('./payouts').KeyCase} */ (text);
				break;
			}
			case '--private-key-file':
				options.privateKeyFile = value();
				break;
			case '--png-file':
				options.pngFile = value();
				break;
			case '--json':
				options.json = true;
				break;
			case '--help':
			case '-h':
				options.help = true;
				break;
			default:
				throw new Error(`unknown option ${arg}`);
		}
	}
	return options;
}

/**
 * @param {string} arg
 * @returns {[string, string]}
 */
function splitOnce(arg) {
	const at = arg.indexOf('=');
	return [arg.slice(0, at), arg.slice(at + 1)];
}

/**
 * @param {string} text
 * @param {string} name
 * @returns {number}
 */
function parsePort(text, name) {
	const port = Number(text);
	if (!/^\d+$/.test(text) || port > 65535) throw new Error(`${name} must be a port number`);
	return port;
}

/**
 * @param {import('./server').Simulator} sim
 * @returns {string}
 */
function banner(sim) {
	const { credentials: c, config } = sim;
	const seeded = Object.values(SEEDED_PAYOUTS).map((p) => {
		const traits = [
			p.imageType ? `${p.imageType.toUpperCase()} image` : 'no image',
			p.keyCase ? `always ${p.keyCase} keys` : '',
			p.encryption ? `always ${p.encryption} JWE` : '',
			p.expired ? 'expired' : '',
			p.authorizations ? `${p.authorizations.length} authorisations` : '',
		].filter(Boolean);
		return `  ${p.payoutId.padEnd(20)} code ${p.securityCode}  (${traits.join(', ')})`;
	});
	return [
		`JusBiz simulator listening on ${sim.url}`,
		`  POST ${API_PATH}    GET ${HEALTH_PATH}`,
		`  encryption ${config.encryption}, key case ${config.keyCase}, latency ${config.latencyMs} ms`,
		'',
		'n8n "JusBiz API" credential for this simulator (fake values, for testing only):',
		`  API Key      ${c.apiKey}`,
		`  Merchant ID  ${c.merchantId}`,
		`  Key ID       ${c.keyId}`,
		'  Environment  Custom',
		`  Base URL     ${c.baseUrl}`,
		'  Private Key:',
		c.privateKeyPem.trimEnd(),
		'  JusBiz Public Key (optional; set it to require signed answers):',
		c.jusBizPublicKeyPem.trimEnd(),
		'',
		'Seeded payouts:',
		...seeded,
		'  LOAD_<1-8 digits>    code 100 + (n * 37) % 900  (PNG image)',
		'',
		'Fault payout ids (a suffix after the prefix is required, e.g. FAULT_503_A):',
		...FAULT_PREFIXES.map((prefix) => `  ${prefix}`),
		'',
		'Control (no auth): POST /__simulator/config  GET /__simulator/stats  POST /__simulator/reset',
		'  POST /__simulator/notify pushes an authorization notification (see npm run simulator -- --help)',
		'Ctrl-C to stop.',
		'',
	].join('\n');
}

async function main() {
	if (process.argv[2] === 'notify') {
		try {
			await notifyCommand(process.argv.slice(3));
		} catch (error) {
			process.stderr.write(`notify: ${error instanceof Error ? error.message : String(error)}\n`);
			process.exitCode = 2;
		}
		return;
	}
	let options;
	try {
		options = parseArgs(process.argv.slice(2), process.env);
	} catch (error) {
		process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
		process.exitCode = 2;
		return;
	}
	if (options.help) {
		process.stdout.write(USAGE);
		return;
	}
	// The benchmark serves a larger card image than the fixture; every PNG payout answers with it.
	if (options.pngFile) IMAGES.png = readFileSync(options.pngFile);
	const sim = await createSimulator({
		port: options.port,
		latencyMs: options.latencyMs,
		latencyJitter: options.latencyJitter,
		encryption: options.encryption,
		keyCase: options.keyCase,
		privateKeyPem: options.privateKeyFile
			? readFileSync(options.privateKeyFile, 'utf8')
			: undefined,
	});
	process.stdout.write(
		options.json
			? `${JSON.stringify({ url: sim.url, credentials: sim.credentials })}\n`
			: banner(sim),
	);

	let stopping = false;
	/** @param {NodeJS.Signals} signal */
	const stop = (signal) => {
		if (stopping) return;
		stopping = true;
		if (!options.json) process.stderr.write(`\n${signal}: stopping the simulator\n`);
		sim.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	process.stderr.write(
		`simulator failed to start: ${error instanceof Error ? error.message : error}\n`,
	);
	process.exit(1);
});
