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

/** @typedef {import('./payouts').Authorization} Authorization */

/**
 * One authorisation as Token Status lists it, at the merchant every seeded payment goes to.
 * @param {string} tranId
 * @param {string} tranTime
 * @param {number} tranAmount
 * @param {string} tranStatus
 * @param {string} errorMessage
 * @param {Record<string, unknown>} [extra] fields JusBiz does not document (a decline sub-type)
 * @returns {Authorization}
 */
function authorization(tranId, tranTime, tranAmount, tranStatus, errorMessage, extra = {}) {
	return {
		tranTime,
		tranId,
		tranAmount,
		tranCurrency: 'INR',
		tranStatus,
		merchantCategoryCode: '5045',
		merchantCity: 'Pune',
		merchantCountry: 'IN',
		supplierName: 'Deccan Hardware',
		errorMessage,
		...extra,
	};
}

const FAILED = 'AuthorizationFailure';

// Every reason of JusBiz's "Transaction Decline Error Messages" page on one card of 1000 INR, its
// sub-type as a field, in the text, or missing (then the amount tells), and a reason it does not
// list. The card has authorisations left, so none of them reads as a second use of the card.
/** @type {readonly Authorization[]} */
const DECLINED_AUTHORIZATIONS = [
	authorization('DECL_01', '2026-04-01 09:00:00', 200, 'AuthorizationSuccess', ''),
	authorization('DECL_02', '2026-04-01 09:01:00', 1500, FAILED, 'Do Not Honor', {
		errorSubType: 'SPVTA',
	}),
	authorization('DECL_03', '2026-04-01 09:02:00', 100, FAILED, 'Do Not Honor - SPVTC'),
	authorization('DECL_04', '2026-04-01 09:03:00', 100, FAILED, 'RESTRICTED CARD'),
	authorization('DECL_05', '2026-04-01 09:04:00', 100, FAILED, 'NOT SUFFICIENT FUNDS'),
	authorization('DECL_06', '2026-04-01 09:05:00', 100, FAILED, 'INCORRECT CVV/ICVV)'),
	authorization('DECL_07', '2026-04-01 09:06:00', 100, FAILED, 'INCORRECT CVV'),
	authorization('DECL_08', '2026-04-01 09:07:00', 100, FAILED, 'DECLINE CVV2 FAILURE'),
	authorization('DECL_09', '2026-04-01 09:08:00', 100, FAILED, 'NEGATIVE ONLINE CAM: dCVV'),
	authorization('DECL_10', '2026-04-01 09:09:00', 100, FAILED, 'CANNOT VERIFY PIN NO PVV'),
	authorization('DECL_11', '2026-04-01 09:10:00', 0, FAILED, 'NO REASON TO DECLINE'),
	authorization('DECL_12', '2026-04-01 09:11:00', 100, FAILED, 'Do Not Honor (ACCB)'),
	authorization('DECL_13', '2026-04-01 09:12:00', 100, FAILED, 'Do Not Honor', {
		subType: 'Not Applicable',
	}),
	authorization('DECL_14', '2026-04-01 09:13:00', 100, FAILED, 'SUSPECTED FRAUD'),
	authorization('DECL_15', '2026-04-01 09:14:00', 1250.5, FAILED, 'Do Not Honor'),
	authorization('DECL_16', '2026-04-01 09:15:00', 400, FAILED, 'Do Not Honor'),
	{
		...authorization('DECL_17', '2026-04-01 09:16:00', 1200, FAILED, 'Do Not Honor'),
		tranCurrency: 'USD',
	},
	authorization(
		'DECL_18',
		'2026-04-01 09:17:00',
		100,
		'AUTHORIZATION_FAILURE',
		'Card control: e-commerce payments blocked',
	),
];

// A single-use card paid in full, then charged again: "Do Not Honor" with no sub-type, which the
// earlier payment and the authorisations used up show to be SPVTC.
/** @type {readonly Authorization[]} */
const USED_AUTHORIZATIONS = [
	authorization('USED_01', '2026-04-10 10:00:00', 1000, 'AuthorizationSuccess', ''),
	authorization('USED_02', '2026-04-11 10:00:00', 300, FAILED, 'Do Not Honor'),
];

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
	PAYOUT_DECLINES_1: {
		payoutId: 'PAYOUT_DECLINES_1',
		securityCode: '779',
		imageType: 'png',
		authorizations: DECLINED_AUTHORIZATIONS,
		authLimit: 50,
	},
	PAYOUT_USED_1: {
		payoutId: 'PAYOUT_USED_1',
		securityCode: '780',
		imageType: 'png',
		state: 'REDEEMED',
		redeemedAmount: '1000',
		authorizations: USED_AUTHORIZATIONS,
		authLimit: 1,
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
