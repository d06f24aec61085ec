// @ts-check
'use strict';

const { readFileSync } = require('fs');
const { join } = require('path');

const FIXTURES_DIR = join(__dirname, '..', 'fixtures');

// The types live in payouts.d.ts, so the TypeScript tests and this file share one definition.
/** @typedef {import('./payouts').ImageType} ImageType */
/** @typedef {import('./payouts').Payout} Payout */

// Real image files rather than synthetic bytes, so image sniffing in the node sees genuine headers.
/** @type {Record<ImageType, Buffer>} */
const IMAGES = {
	png: readFileSync(join(FIXTURES_DIR, 'card.png')),
	jpeg: readFileSync(join(FIXTURES_DIR, 'card.jpg')),
};

/** @type {Readonly<Record<string, Payout>>} */
const SEEDED_PAYOUTS = Object.freeze({
	PAYOUT_PNG_1: { payoutId: 'PAYOUT_PNG_1', securityCode: '119', imageType: 'png' },
	PAYOUT_JPG_1: { payoutId: 'PAYOUT_JPG_1', securityCode: '482', imageType: 'jpeg' },
	PAYOUT_PASCAL_1: {
		payoutId: 'PAYOUT_PASCAL_1',
		securityCode: '305',
		imageType: 'png',
		keyCase: 'pascal',
	},
	PAYOUT_ENC_COMPACT: {
		payoutId: 'PAYOUT_ENC_COMPACT',
		securityCode: '611',
		imageType: 'png',
		encryption: 'compact',
	},
	PAYOUT_ENC_JSON: {
		payoutId: 'PAYOUT_ENC_JSON',
		securityCode: '612',
		imageType: 'png',
		encryption: 'json',
	},
	// One payout per signed or interop answer form, so one run can meet all of them.
	...Object.fromEntries(
		/** @type {const} */ ([
			['PAYOUT_ENC_SIGNED', '621', 'compact-signed'],
			['PAYOUT_ENC_JUSPAY', '622', 'juspay'],
			['PAYOUT_ENC_JUSPAY256', '623', 'juspay-oaep256'],
			['PAYOUT_ENC_OTHERSIGN', '624', 'juspay-other-signer'],
			['PAYOUT_ENC_UNSIGNED', '625', 'juspay-unsigned'],
			['PAYOUT_ENC_NODEJOSE', '626', 'node-jose'],
		]).map(([payoutId, securityCode, encryption]) => [
			payoutId,
			{ payoutId, securityCode, imageType: /** @type {const} */ ('png'), encryption },
		]),
	),
	PAYOUT_NOIMG_1: { payoutId: 'PAYOUT_NOIMG_1', securityCode: '777', imageType: null },
	PAYOUT_EXPIRED_1: {
		payoutId: 'PAYOUT_EXPIRED_1',
		securityCode: '778',
		imageType: 'png',
		expired: true,
	},
});

const LOAD_PATTERN = /^LOAD_(\d{1,8})$/;

/**
 * Three digits, spread over 100..999, so neighbouring load items get different codes and a
 * mixed-up response order in a batch shows.
 * @param {number} n
 * @returns {string}
 */
function codeForNumber(n) {
	return String(100 + ((n * 37) % 900));
}

/**
 * FNV-1a: a stable number for ids that carry none (fault ids), so their codes are deterministic
 * too.
 * @param {string} text
 * @returns {number}
 */
function hashId(text) {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return hash % 100_000_000;
}

/**
 * The security code a generated payout (LOAD_n, or a fault id) answers with.
 * @param {string} payoutId
 * @returns {string}
 */
function generatedSecurityCode(payoutId) {
	const load = LOAD_PATTERN.exec(payoutId);
	return codeForNumber(load ? Number(load[1]) : hashId(payoutId));
}

/**
 * Seeded and LOAD_ payouts. Fault ids are resolved by faults.js on top of this.
 * @param {string} payoutId
 * @returns {Payout | undefined}
 */
function findPayout(payoutId) {
	if (Object.prototype.hasOwnProperty.call(SEEDED_PAYOUTS, payoutId)) {
		return SEEDED_PAYOUTS[payoutId];
	}
	if (LOAD_PATTERN.test(payoutId)) {
		return { payoutId, securityCode: generatedSecurityCode(payoutId), imageType: 'png' };
	}
	return undefined;
}

/**
 * The exact bytes the simulator base64-encodes as `cardImage` for this image type.
 * @param {ImageType} imageType
 * @returns {Buffer}
 */
function imageBytes(imageType) {
	return IMAGES[imageType];
}

module.exports = {
	SEEDED_PAYOUTS,
	LOAD_PATTERN,
	IMAGES,
	findPayout,
	generatedSecurityCode,
	imageBytes,
};
