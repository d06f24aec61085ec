// @ts-check
'use strict';

/**
 * What a faulty answer looks like. The server turns one of these into bytes on the wire.
 * @typedef {{ type: 'error500' }
 *   | { type: 'gateway', status: 502 | 503 | 504 }
 *   | { type: 'rateLimited', retryAfterSeconds: number | null }
 *   | { type: 'reset' }
 *   | { type: 'truncated' }
 *   | { type: 'empty' }
 *   | { type: 'failure' }} Fault
 */

/**
 * A per-payout-id rule: a fault on every request, a delay before a normal answer, or the first
 * `failures` requests failing with a 503 page.
 * @typedef {{ kind: 'always', fault: Fault }
 *   | { kind: 'slow', delayMs: number }
 *   | { kind: 'flaky', failures: number }} FaultRule
 */

/** @typedef {import('./server').RandomFaultKind} RandomFaultKind */

// Fixed order: the cumulative-probability walk must not depend on object key order in a patch.
/** @type {readonly RandomFaultKind[]} */
const RANDOM_FAULT_KINDS = Object.freeze([
	'500',
	'502',
	'503',
	'504',
	'429',
	'reset',
	'truncated',
	'empty',
]);

/** @type {ReadonlyArray<{ prefix: string, rule: FaultRule }>} */
const FIXED_PREFIXES = Object.freeze([
	{ prefix: 'FAULT_500_', rule: { kind: 'always', fault: { type: 'error500' } } },
	{ prefix: 'FAULT_502_', rule: { kind: 'always', fault: { type: 'gateway', status: 502 } } },
	{ prefix: 'FAULT_503_', rule: { kind: 'always', fault: { type: 'gateway', status: 503 } } },
	{ prefix: 'FAULT_504_', rule: { kind: 'always', fault: { type: 'gateway', status: 504 } } },
	{
		prefix: 'FAULT_429_',
		rule: { kind: 'always', fault: { type: 'rateLimited', retryAfterSeconds: null } },
	},
	{
		prefix: 'FAULT_429RA_',
		rule: { kind: 'always', fault: { type: 'rateLimited', retryAfterSeconds: 1 } },
	},
	{ prefix: 'FAULT_RESET_', rule: { kind: 'always', fault: { type: 'reset' } } },
	{ prefix: 'FAULT_TRUNCATED_', rule: { kind: 'always', fault: { type: 'truncated' } } },
	{ prefix: 'FAULT_EMPTY_', rule: { kind: 'always', fault: { type: 'empty' } } },
	{ prefix: 'FAULT_FAILURE_', rule: { kind: 'always', fault: { type: 'failure' } } },
]);

const SLOW_PATTERN = /^FAULT_SLOW(\d{1,6})_./;
const FLAKY_PATTERN = /^FLAKY(\d{1,4})_./;

/** Human-readable list for the CLI banner and docs. */
const FAULT_PREFIXES = Object.freeze([
	...FIXED_PREFIXES.map(({ prefix }) => `${prefix}*`),
	'FAULT_SLOW<ms>_*',
	'FLAKY<n>_*',
	'DONE_RESET_* (create/update/delete acts, then resets; first call only)',
	'DONE_504_* (acts, then answers 504; first call only)',
	'DONE_CUT_* (acts, then cuts the answer off; first call only)',
	'LOST_RESET_* (resets before acting; first call only)',
]);

/**
 * The fault rule a payout id asks for, if any. An id needs at least one character after the
 * prefix, so a bare prefix stays an unknown payout.
 * @param {string} payoutId
 * @returns {FaultRule | undefined}
 */
function faultRuleFor(payoutId) {
	for (const { prefix, rule } of FIXED_PREFIXES) {
		if (payoutId.startsWith(prefix) && payoutId.length > prefix.length) return rule;
	}
	const slow = SLOW_PATTERN.exec(payoutId);
	if (slow) return { kind: 'slow', delayMs: Number(slow[1]) };
	const flaky = FLAKY_PATTERN.exec(payoutId);
	if (flaky) return { kind: 'flaky', failures: Number(flaky[1]) };
	return undefined;
}

/**
 * mulberry32: tiny, fast and good enough to make fault sequences reproducible from a seed.
 * @param {number} seed
 * @returns {() => number} uniform in [0, 1)
 */
function mulberry32(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * Maps one uniform draw onto the configured rates (a cumulative walk in a fixed order).
 * @param {Partial<Record<RandomFaultKind, number>>} rates
 * @param {number} draw in [0, 1)
 * @param {number | null} retryAfterSeconds
 * @returns {Fault | undefined}
 */
function pickRandomFault(rates, draw, retryAfterSeconds) {
	let cumulative = 0;
	for (const kind of RANDOM_FAULT_KINDS) {
		cumulative += rates[kind] ?? 0;
		if (draw < cumulative) return faultOfKind(kind, retryAfterSeconds);
	}
	return undefined;
}

/**
 * @param {RandomFaultKind} kind
 * @param {number | null} retryAfterSeconds
 * @returns {Fault}
 */
function faultOfKind(kind, retryAfterSeconds) {
	switch (kind) {
		case '500':
			return { type: 'error500' };
		case '502':
		case '503':
		case '504':
			return { type: 'gateway', status: /** @type {502 | 503 | 504} */ (Number(kind)) };
		case '429':
			return { type: 'rateLimited', retryAfterSeconds };
		case 'reset':
			return { type: 'reset' };
		case 'truncated':
			return { type: 'truncated' };
		case 'empty':
			return { type: 'empty' };
	}
}

/** @type {Record<502 | 503 | 504, string>} */
const GATEWAY_TITLES = {
	502: '502 Bad Gateway',
	503: '503 Service Temporarily Unavailable',
	504: '504 Gateway Time-out',
};

/**
 * What a load balancer in front of an API sends when the upstream is down: HTML, not JSON.
 * @param {502 | 503 | 504} status
 * @returns {string}
 */
function gatewayPage(status) {
	const title = GATEWAY_TITLES[status];
	return (
		`<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n` +
		`<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`
	);
}

/**
 * Faults of the endpoints that act (Create/Update, Delete), on the first such call per payout id
 * only: `DONE_*` act, then lose the answer (the card is created, changed or deleted); `LOST_RESET_`
 * resets before acting.
 */
const ACTING_PREFIXES = Object.freeze({
	DONE_RESET_: 'doneReset',
	DONE_504_: 'done504',
	DONE_CUT_: 'doneCut',
	LOST_RESET_: 'lostReset',
});

/**
 * @param {string} payoutId
 * @returns {'doneReset' | 'done504' | 'doneCut' | 'lostReset' | undefined}
 */
function actingFaultFor(payoutId) {
	for (const [prefix, kind] of Object.entries(ACTING_PREFIXES)) {
		if (payoutId.startsWith(prefix) && payoutId.length > prefix.length) {
			return /** @type {'doneReset' | 'done504' | 'doneCut' | 'lostReset'} */ (kind);
		}
	}
	return undefined;
}

module.exports = {
	ACTING_PREFIXES,
	actingFaultFor,
	RANDOM_FAULT_KINDS,
	FAULT_PREFIXES,
	faultRuleFor,
	mulberry32,
	pickRandomFault,
	gatewayPage,
};
