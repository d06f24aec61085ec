// @ts-check
'use strict';

const { RANDOM_FAULT_KINDS } = require('./faults');

// The types live in server.d.ts, so the TypeScript tests and this file share one definition.
/** @typedef {import('./payouts').Encryption} Encryption */
/** @typedef {import('./payouts').KeyCase} KeyCase */
/** @typedef {import('./server').RandomFaultKind} RandomFaultKind */
/** @typedef {import('./server').RuntimeConfig} RuntimeConfig */
/** @typedef {import('./server').ConfigPatch} ConfigPatch */

const ENCRYPTIONS = Object.freeze([
	'none',
	'compact',
	'json',
	'compact-signed',
	'juspay',
	'juspay-oaep256',
	'juspay-other-signer',
	'juspay-unsigned',
	'node-jose',
]);
const KEY_CASES = Object.freeze(['camel', 'pascal']);
// Long enough to trip any client time-out, short enough that a typo cannot hang a run for hours.
const MAX_LATENCY_MS = 600_000;

/** @type {RuntimeConfig} */
// 2xx answers are encrypted by default, as JusBiz documents ("all API call responses will be
// encrypted by the public key of the client").
const DEFAULT_CONFIG = Object.freeze({
	latencyMs: 0,
	latencyJitter: 0,
	encryption: 'compact',
	keyCase: 'camel',
	faultRates: Object.freeze({}),
	retryAfterSeconds: null,
	seed: 1,
});

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
function isPlainObject(value) {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a patch completely before anything is applied, so a bad patch changes nothing.
 * @param {unknown} patch
 * @returns {ConfigPatch}
 * @throws {Error} with a message naming the bad field
 */
function validatePatch(patch) {
	if (!isPlainObject(patch)) throw new Error('config patch must be a JSON object');
	/** @type {ConfigPatch} */
	const out = {};
	for (const [key, value] of Object.entries(patch)) {
		switch (key) {
			case 'latencyMs':
				if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
					throw new Error('latencyMs must be a number >= 0');
				}
				if (value > MAX_LATENCY_MS) throw new Error(`latencyMs must be <= ${MAX_LATENCY_MS}`);
				out.latencyMs = value;
				break;
			case 'latencyJitter':
				if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
					throw new Error('latencyJitter must be a number from 0 to 1');
				}
				out.latencyJitter = value;
				break;
			case 'encryption':
				if (typeof value !== 'string' || !ENCRYPTIONS.includes(value)) {
					throw new Error(`encryption must be one of ${ENCRYPTIONS.join(', ')}`);
				}
				out.encryption = /** @type {Encryption} */ (value);
				break;
			case 'keyCase':
				if (typeof value !== 'string' || !KEY_CASES.includes(value)) {
					throw new Error(`keyCase must be one of ${KEY_CASES.join(', ')}`);
				}
				out.keyCase = /** @type {KeyCase} */ (value);
				break;
			case 'faultRates':
				out.faultRates = validateRates(value);
				break;
			case 'retryAfterSeconds':
				if (
					value !== null &&
					(typeof value !== 'number' || !Number.isInteger(value) || value < 0)
				) {
					throw new Error('retryAfterSeconds must be an integer >= 0 or null');
				}
				out.retryAfterSeconds = value;
				break;
			case 'seed':
				if (typeof value !== 'number' || !Number.isInteger(value)) {
					throw new Error('seed must be an integer');
				}
				out.seed = value;
				break;
			default:
				throw new Error(`unknown config field: ${key}`);
		}
	}
	return out;
}

/**
 * @param {unknown} value
 * @returns {Partial<Record<RandomFaultKind, number>>}
 */
function validateRates(value) {
	if (!isPlainObject(value)) throw new Error('faultRates must be an object');
	/** @type {Partial<Record<RandomFaultKind, number>>} */
	const rates = {};
	let sum = 0;
	for (const [kind, rate] of Object.entries(value)) {
		if (!RANDOM_FAULT_KINDS.includes(/** @type {RandomFaultKind} */ (kind))) {
			throw new Error(`faultRates keys must be among ${RANDOM_FAULT_KINDS.join(', ')}`);
		}
		if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) {
			throw new Error(`faultRates.${kind} must be a number between 0 and 1`);
		}
		rates[/** @type {RandomFaultKind} */ (kind)] = rate;
		sum += rate;
	}
	// A small tolerance, so rates like 0.1 + 0.2 + 0.7 are not refused for float rounding.
	if (sum > 1 + 1e-9) throw new Error('faultRates must add up to at most 1');
	return rates;
}

/**
 * Applies an already validated patch. `faultRates` replaces the previous rates as a whole, so
 * `{ faultRates: {} }` turns random faults off.
 * @param {RuntimeConfig} config
 * @param {ConfigPatch} patch
 * @returns {RuntimeConfig}
 */
function applyPatch(config, patch) {
	return {
		...config,
		...patch,
		faultRates: { ...(patch.faultRates ?? config.faultRates) },
	};
}

module.exports = { DEFAULT_CONFIG, ENCRYPTIONS, KEY_CASES, validatePatch, applyPatch };
