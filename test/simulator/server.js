// @ts-check
'use strict';

const http = require('http');

const { authError } = require('./auth');
const { DEFAULT_CONFIG, applyPatch, validatePatch } = require('./config');
const { encryptBody, loadKeyPair } = require('./encrypt');
const { faultRuleFor, gatewayPage, mulberry32, pickRandomFault } = require('./faults');
const { applyAuthorization, createCardStore, provisionView, statusView } = require('./cards');
const { actingFaultFor, ACTING_PREFIXES } = require('./faults');
const { imageBytes } = require('./payouts');
const { pushNotification } = require('./notifications');

// The public types live in server.d.ts (self-imported here), so the TypeScript tests and this
// file are checked against one definition.
/** @typedef {import('./server').Simulator} Simulator */
/** @typedef {import('./server').SimulatorOptions} SimulatorOptions */
/** @typedef {import('./server').SimulatorStats} SimulatorStats */
/** @typedef {import('./server').RuntimeConfig} RuntimeConfig */
/** @typedef {import('./server').ConfigPatch} ConfigPatch */
/** @typedef {import('./faults').Fault} Fault */
/** @typedef {import('./payouts').Payout} Payout */
/** @typedef {import('./payouts').KeyCase} KeyCase */

const API_PATH = '/ardra/vt/cvv/v2';
/** The card endpoints; every one takes the same auth headers and a JSON body with `payoutId`. */
const ENDPOINTS = Object.freeze({
	[API_PATH]: 'securityCode',
	'/ardra/vt/provision/v2': 'provision',
	'/ardra/vt/fetchStatus/v2': 'fetchStatus',
	'/ardra/vt/deleteCard/v2': 'deleteCard',
});
const MESSAGES = Object.freeze({
	securityCode: 'Security code fetched successfully',
	create: 'Card created successfully',
	update: 'Card updated successfully',
	fetchStatus: 'Status fetched successfully',
	deleteCard: 'Card deleted successfully',
});
const HEALTH_PATH = '/ardra/health';
const CONTROL_PREFIX = '/__simulator/';
const MAX_BODY_BYTES = 64 * 1024;
const SUCCESS_MESSAGE = 'Security code fetched successfully';

class BodyTooLargeError extends Error {}

/**
 * @param {SimulatorOptions} [options]
 * @returns {Promise<Simulator>}
 */
async function createSimulator(options = {}) {
	const {
		port = 0,
		host = '127.0.0.1',
		apiKey = 'sim_api_key_0001',
		merchantId = 'sim_merchant',
		keyId = 'key_SIMULATOR00000001',
	} = options;
	/** @type {Record<string, unknown>} */
	const initial = {};
	for (const key of /** @type {const} */ ([
		'encryption',
		'keyCase',
		'latencyMs',
		'latencyJitter',
		'faultRates',
		'retryAfterSeconds',
		'seed',
	])) {
		if (options[key] !== undefined) initial[key] = options[key];
	}
	const startConfig = applyPatch(DEFAULT_CONFIG, validatePatch(initial));
	const keys = await loadKeyPair(options.privateKeyPem);

	let config = startConfig;
	let random = mulberry32(config.seed);
	// Its own sequence, so that jitter does not shift which requests get a random fault.
	let jitterRandom = mulberry32(config.seed + 1);
	/** @param {RuntimeConfig} current */
	const latencyOf = (current) =>
		current.latencyMs * (1 + current.latencyJitter * (2 * jitterRandom() - 1));
	/** @type {Map<string, number>} */
	let flakyCounts = new Map();
	let stats = emptyStats();
	const cards = createCardStore();
	/** @type {Set<string>} acting faults already used, by "endpoint payoutId" */
	let actingFaultsUsed = new Set();
	/** @type {Set<NodeJS.Timeout>} */
	const timers = new Set();
	let closed = false;

	/**
	 * @param {number} ms
	 * @returns {Promise<void>}
	 */
	function sleep(ms) {
		if (ms <= 0) return Promise.resolve();
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				timers.delete(timer);
				resolve();
			}, ms);
			timers.add(timer);
		});
	}

	/** @param {ConfigPatch} patch */
	function setConfig(patch) {
		const valid = validatePatch(patch);
		config = applyPatch(config, valid);
		if (valid.seed !== undefined) {
			random = mulberry32(valid.seed);
			jitterRandom = mulberry32(valid.seed + 1);
		}
	}

	function reset() {
		config = startConfig;
		random = mulberry32(config.seed);
		jitterRandom = mulberry32(config.seed + 1);
		flakyCounts = new Map();
		stats = emptyStats();
		cards.reset();
		actingFaultsUsed = new Set();
	}

	/**
	 * @param {string} status
	 */
	function countStatus(status) {
		stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
	}

	/**
	 * @param {http.IncomingMessage} req
	 * @param {http.ServerResponse} res
	 */
	async function handle(req, res) {
		const path = new URL(req.url ?? '/', 'http://simulator.invalid').pathname;
		const endpoint =
			req.method === 'POST' ? ENDPOINTS[/** @type {keyof ENDPOINTS} */ (path)] : undefined;
		const isApi = endpoint !== undefined;
		// Drawn on arrival, for every API call, so the fault sequence depends only on request order.
		const draw = isApi ? random() : 0;
		if (isApi) {
			stats.requests += 1;
			stats.byEndpoint[endpoint] = (stats.byEndpoint[endpoint] ?? 0) + 1;
		}
		/** @type {(status: number | 'reset') => void} */
		const sent = isApi ? (status) => countStatus(String(status)) : () => {};

		let raw;
		try {
			raw = await readBody(req, MAX_BODY_BYTES);
		} catch (error) {
			if (error instanceof BodyTooLargeError) {
				sendJson(res, 413, { message: 'Request body too large' }, { Connection: 'close' });
				sent(413);
			}
			return;
		}

		if (endpoint) return handleApi(endpoint, req, res, raw, draw, sent);
		if (path === HEALTH_PATH && req.method === 'GET') {
			await sleep(latencyOf(config));
			return sendJson(res, 200, { status: 'UP' });
		}
		if (path === '/__simulator/notify' && req.method === 'POST') return handleNotify(raw, res);
		if (path.startsWith(CONTROL_PREFIX)) return handleControl(req.method, path, raw, res);
		sendJson(res, 404, { message: 'Not found' });
	}

	/**
	 * @param {'securityCode' | 'provision' | 'fetchStatus' | 'deleteCard'} endpoint
	 * @param {http.IncomingMessage} req
	 * @param {http.ServerResponse} res
	 * @param {string} raw
	 * @param {number} draw
	 * @param {(status: number | 'reset') => void} sent
	 */
	async function handleApi(endpoint, req, res, raw, draw, sent) {
		const body = parseJson(raw);
		const echoedId = isPlainObject(body) && typeof body.payoutId === 'string' ? body.payoutId : '';
		if (echoedId) stats.byPayout[echoedId] = (stats.byPayout[echoedId] ?? 0) + 1;
		// Read once: a config change while this request waits must not mix two configs in one answer.
		const current = config;
		await sleep(latencyOf(current));

		/**
		 * @param {number} status
		 * @param {unknown} payload
		 * @param {Record<string, string>} [headers]
		 */
		const reply = (status, payload, headers) => {
			sendJson(res, status, payload, headers);
			sent(status);
		};
		/** @param {string} message */
		const failure = (message) => reply(400, { status: 'FAILURE', payoutId: echoedId, message });

		const unauthorised = authError(req.headers, { apiKey, keyId });
		if (unauthorised) return reply(401, { message: unauthorised });
		// Both spellings are counted, so tests see what a client sent; either one identifies the
		// merchant, as it is not known which one JusBiz reads.
		const merchants = ['x-merchantid', 'x-merchant-id'].filter((name) => {
			const value = req.headers[name];
			if (typeof value !== 'string') return false;
			stats.merchantIdHeaders[name] = (stats.merchantIdHeaders[name] ?? 0) + 1;
			return value.trim() === merchantId;
		});
		if (merchants.length === 0) return failure('X-merchantid is missing or unknown');
		if (!isPlainObject(body)) return failure('Request body must be a JSON object');
		if (typeof body.payoutId !== 'string' || body.payoutId === '') {
			return failure('payoutId is invalid');
		}
		if (body.isCardImageRequired !== undefined && typeof body.isCardImageRequired !== 'boolean') {
			return failure('isCardImageRequired must be a boolean');
		}
		const payoutId = body.payoutId;
		const wantImage = body.isCardImageRequired === true;

		const rule = faultRuleFor(payoutId);
		/** @type {Fault | undefined} */
		let fault;
		if (rule?.kind === 'always') {
			fault = rule.fault;
		} else if (rule?.kind === 'flaky') {
			const seen = (flakyCounts.get(payoutId) ?? 0) + 1;
			flakyCounts.set(payoutId, seen);
			if (seen <= rule.failures) fault = { type: 'gateway', status: 503 };
		} else if (rule?.kind === 'slow') {
			await sleep(rule.delayMs);
		} else if (!actingFaultFor(payoutId)) {
			// Ids that name a fault behave exactly as named; only plain payouts get random faults.
			fault = pickRandomFault(current.faultRates, draw, current.retryAfterSeconds);
		}
		const reads = endpoint === 'securityCode' || endpoint === 'fetchStatus';
		if (reads && !cards.find(payoutId, rule !== undefined)) return failure('Payout not found');
		// Faults that hit before JusBiz acts: nothing is created, changed or deleted.
		if (fault?.type === 'gateway' || fault?.type === 'rateLimited' || fault?.type === 'error500') {
			return sendFault(fault);
		}
		const acting = endpoint === 'provision' || endpoint === 'deleteCard';
		const actingFault = acting ? actingFaultFor(payoutId) : undefined;
		const actingKey = `${endpoint} ${payoutId}`;
		const firstActing = actingFault !== undefined && !actingFaultsUsed.has(actingKey);
		if (firstActing) actingFaultsUsed.add(actingKey);
		if (firstActing && actingFault === 'lostReset') {
			resetSocket(req.socket);
			return sent('reset');
		}

		/** @type {{ status: number, message: string, response?: Record<string, unknown>, card?: import('./cards').Card }} */
		let outcome;
		switch (endpoint) {
			case 'securityCode': {
				const card = cards.find(payoutId, rule !== undefined);
				if (!card) return failure('Payout not found');
				if (card.state === 'DELETED') return failure('Card is deleted');
				const response =
					(card.keyCase ?? current.keyCase) === 'pascal'
						? {
								SecurityCode: card.securityCode,
								...(wantImage && card.imageType
									? { CardImage: imageBytes(card.imageType).toString('base64') }
									: {}),
							}
						: {
								securityCode: card.securityCode,
								...(wantImage && card.imageType
									? { cardImage: imageBytes(card.imageType).toString('base64') }
									: {}),
							};
				outcome = { status: 200, message: SUCCESS_MESSAGE, response, card };
				break;
			}
			case 'fetchStatus': {
				const card = cards.find(payoutId, rule !== undefined);
				if (!card) return failure('Payout not found');
				outcome = { status: 200, message: MESSAGES.fetchStatus, response: statusView(card), card };
				break;
			}
			case 'provision': {
				const done = cards.provision(body);
				if (done.status !== 200 && /already exists/.test(done.message)) stats.duplicateCreates += 1;
				if (done.status !== 200) return failure(done.message);
				const creating = String(body.action).toLowerCase() === 'create';
				outcome = {
					status: 200,
					message: creating ? MESSAGES.create : MESSAGES.update,
					response: provisionView(done.card, wantImage && creating),
					card: done.card,
				};
				break;
			}
			case 'deleteCard': {
				const done = cards.remove(payoutId, body.action);
				if (done.status !== 200) return failure(done.message);
				outcome = {
					status: 200,
					message: MESSAGES.deleteCard,
					response: { isDeleted: true },
					card: done.card,
				};
				break;
			}
		}
		const encryption = outcome.card?.encryption ?? current.encryption;
		/** @param {unknown} payload */
		const encoded = async (payload) =>
			encryption === 'none' ? payload : encryptBody(payload, encryption, keys, keyId);
		const success = {
			status: 'SUCCESS',
			payoutId,
			message: outcome.message,
			response: outcome.response,
		};

		// Faults after JusBiz acted: the card exists (or changed), the answer is lost.
		if (firstActing && actingFault === 'doneReset') {
			resetSocket(req.socket);
			return sent('reset');
		}
		if (firstActing && actingFault === 'done504')
			return sendFault({ type: 'gateway', status: 504 });
		if (firstActing && actingFault === 'doneCut') {
			sendTruncated(res, Buffer.from(JSON.stringify(await encoded(success))));
			return sent(200);
		}

		switch (fault?.type) {
			case undefined:
				return reply(200, await encoded(success));
			case 'failure':
				return reply(
					200,
					await encoded({
						status: 'FAILURE',
						payoutId,
						message: 'Security code is no longer available',
					}),
				);
			case 'empty':
				sendRaw(res, 200, '', 'application/json');
				return sent(200);
			case 'truncated':
				sendTruncated(res, Buffer.from(JSON.stringify(await encoded(success))));
				return sent(200);
			case 'reset':
				resetSocket(req.socket);
				return sent('reset');
		}

		/** @param {Fault} early */
		function sendFault(early) {
			switch (early.type) {
				case 'error500':
					return reply(500, { message: 'Validated Expense Data cannot be Empty' });
				case 'gateway':
					sendRaw(res, early.status, gatewayPage(early.status), 'text/html');
					return sent(early.status);
				case 'rateLimited':
					return reply(
						429,
						{ message: 'Too many requests' },
						early.retryAfterSeconds === null
							? {}
							: { 'Retry-After': String(early.retryAfterSeconds) },
					);
			}
		}
	}

	/**
	 * @param {import('./notifications').NotifyRequest} request
	 * @returns {Promise<import('./notifications').NotifyResult>}
	 */
	async function notify(request) {
		const record = {
			type: String(request.copyOf?.rqstType ?? request.type ?? 'AuthorizationFailure'),
			payoutId: '',
			tranId: '',
			envelope: request.envelope ?? 'raw',
			jwe: request.jwe ?? 'compact',
			signer: request.signer ?? 'jusbiz',
			status: 0,
		};
		try {
			const result = await pushNotification(request, keys, keyId, (notification) => {
				const card = cards.get(String(notification.payoutId));
				if (card === undefined) return;
				applyAuthorization(card, notification, {
					amountGiven: request.fields?.payoutAmnt !== undefined,
				});
			});
			record.payoutId = String(result.notification.payoutId);
			record.tranId = String(result.notification.tranId ?? '');
			// One record per delivery, as JusBiz's own log of them would read.
			for (const attempt of result.attempts.slice(0, -1)) {
				stats.notifications.push({ ...record, status: attempt.status });
			}
			record.status = result.status;
			return result;
		} finally {
			stats.notifications.push(record);
		}
	}

	/**
	 * @param {string} raw
	 * @param {http.ServerResponse} res
	 */
	async function handleNotify(raw, res) {
		const request = parseJson(raw);
		if (request === INVALID_JSON || typeof request !== 'object' || request === null) {
			return sendJson(res, 400, { message: 'body must be a JSON object' });
		}
		try {
			const result = await notify(/** @type {import('./notifications').NotifyRequest} */ (request));
			return sendJson(res, 200, result);
		} catch (error) {
			return sendJson(res, 502, { message: error instanceof Error ? error.message : 'failed' });
		}
	}

	/**
	 * @param {string | undefined} method
	 * @param {string} path
	 * @param {string} raw
	 * @param {http.ServerResponse} res
	 */
	function handleControl(method, path, raw, res) {
		if (path === '/__simulator/stats' && method === 'GET') {
			return sendJson(res, 200, snapshotStats());
		}
		if (path === '/__simulator/config' && method === 'GET') return sendJson(res, 200, config);
		if (path === '/__simulator/config' && method === 'POST') {
			const patch = parseJson(raw);
			if (patch === INVALID_JSON) return sendJson(res, 400, { message: 'body must be JSON' });
			try {
				setConfig(/** @type {ConfigPatch} */ (patch));
			} catch (error) {
				return sendJson(res, 400, { message: error instanceof Error ? error.message : 'invalid' });
			}
			return sendJson(res, 200, config);
		}
		if (path === '/__simulator/reset' && method === 'POST') {
			reset();
			return sendJson(res, 200, config);
		}
		sendJson(res, 404, { message: 'Not found' });
	}

	function snapshotStats() {
		return {
			requests: stats.requests,
			byPayout: { ...stats.byPayout },
			byStatus: { ...stats.byStatus },
			merchantIdHeaders: { ...stats.merchantIdHeaders },
			byEndpoint: { ...stats.byEndpoint },
			notifications: stats.notifications.map((record) => ({ ...record })),
			duplicateCreates: stats.duplicateCreates,
		};
	}

	const server = http.createServer((req, res) => {
		res.on('error', () => {});
		handle(req, res).catch((error) => {
			if (!res.headersSent && !res.destroyed) {
				sendJson(res, 500, { message: `simulator error: ${String(error)}` });
			} else {
				res.destroy();
			}
		});
	});
	// Keep-alive is node's default; a longer idle time lets batch clients reuse connections.
	server.keepAliveTimeout = 30_000;
	server.on('clientError', (_error, socket) => socket.destroy());

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve(undefined);
		});
	});
	const address = /** @type {import('net').AddressInfo} */ (server.address());
	const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;

	return {
		url,
		port: address.port,
		credentials: {
			apiKey,
			merchantId,
			keyId,
			privateKeyPem: keys.privateKeyPem,
			jusBizPublicKeyPem: keys.signingPublicKeyPem,
			baseUrl: url,
			environment: 'custom',
		},
		get config() {
			return Object.freeze({ ...config, faultRates: { ...config.faultRates } });
		},
		stats: snapshotStats,
		/** @param {string} payoutId */
		card: (payoutId) => {
			const card = cards.get(payoutId);
			return card ? structuredClone(card) : undefined;
		},
		cards: () => cards.all().map((card) => structuredClone(card)),
		reset,
		setConfig,
		notify,
		close() {
			if (closed) return Promise.resolve();
			closed = true;
			for (const timer of timers) clearTimeout(timer);
			timers.clear();
			return new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
}

/** @returns {SimulatorStats} */
function emptyStats() {
	return {
		requests: 0,
		byPayout: {},
		byStatus: {},
		merchantIdHeaders: {},
		byEndpoint: {},
		notifications: [],
		duplicateCreates: 0,
	};
}

const INVALID_JSON = Symbol('invalid JSON');

/**
 * @param {string} raw
 * @returns {unknown}
 */
function parseJson(raw) {
	try {
		return JSON.parse(raw);
	} catch {
		return INVALID_JSON;
	}
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
function isPlainObject(value) {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * @param {http.IncomingMessage} req
 * @param {number} limit
 * @returns {Promise<string>}
 */
function readBody(req, limit) {
	return new Promise((resolve, reject) => {
		const declared = Number(req.headers['content-length']);
		if (declared > limit) {
			reject(new BodyTooLargeError());
			return;
		}
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		/** @param {Buffer} chunk */
		const onData = (chunk) => {
			size += chunk.length;
			if (size > limit) {
				req.off('data', onData);
				reject(new BodyTooLargeError());
				return;
			}
			chunks.push(chunk);
		};
		req.on('data', onData);
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
		req.on('close', () => {
			if (!req.complete) reject(new Error('client went away mid-request'));
		});
	});
}

/**
 * @param {http.ServerResponse} res
 * @param {number} status
 * @param {unknown} payload
 * @param {Record<string, string>} [headers]
 */
function sendJson(res, status, payload, headers = {}) {
	sendRaw(res, status, JSON.stringify(payload), 'application/json; charset=utf-8', headers);
}

/**
 * @param {http.ServerResponse} res
 * @param {number} status
 * @param {string} text
 * @param {string} contentType
 * @param {Record<string, string>} [headers]
 */
function sendRaw(res, status, text, contentType, headers = {}) {
	// The client may have gone away while a latency or SLOW timer ran.
	if (res.destroyed || res.writableEnded) return;
	const bytes = Buffer.from(text, 'utf8');
	res.writeHead(status, {
		'Content-Type': contentType,
		'Content-Length': String(bytes.length),
		...headers,
	});
	res.end(bytes);
}

/**
 * Promises more bytes than it sends, then closes: the client sees a body cut off mid-way.
 * @param {http.ServerResponse} res
 * @param {Buffer} full
 */
function sendTruncated(res, full) {
	if (res.destroyed || res.writableEnded) return;
	res.writeHead(200, {
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': String(full.length),
	});
	res.write(full.subarray(0, Math.floor(full.length / 2)), () => res.socket?.end());
}

/**
 * A TCP RST where the platform offers it (what a crashed proxy produces), else a plain close.
 * @param {import('net').Socket} socket
 */
function resetSocket(socket) {
	if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
	else socket.destroy();
}

module.exports = {
	createSimulator,
	API_PATH,
	ENDPOINTS,
	HEALTH_PATH,
	MAX_BODY_BYTES,
	SUCCESS_MESSAGE,
	ACTING_PREFIXES,
};
