// @ts-check
'use strict';

const { findPayout, generatedSecurityCode, imageBytes, SEEDED_PAYOUTS } = require('./payouts');

/** @typedef {import('./payouts').Payout} Payout */
/** @typedef {import('./cards').Card} Card */
/** @typedef {import('./cards').Outcome} Outcome */

const PAYOUT_ID = /^[A-Za-z0-9_]{1,21}$/;
const AMOUNT = /^\d{1,10}(\.\d{1,2})?$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const BLOCK_CODES = new Set([
	'ATM',
	'ECOM',
	'CNP',
	'NOC',
	'ADT',
	'XBR',
	'FUEL',
	'HOT',
	'AUTO',
	'AIR',
	'REST',
	'JEWL',
	'ELEC',
	'ALC',
	'GTM',
	'OSS',
	'GROC',
]);
const UDFS = Array.from({ length: 10 }, (_, n) => `udf${n + 1}`);

/** @param {unknown} value @returns {value is Record<string, unknown>} */
function isObject(value) {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A card number that passes the Luhn check, derived from the payout id so runs are repeatable.
 * @param {string} payoutId
 */
function cardNumber(payoutId) {
	let hash = 7;
	for (const char of payoutId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
	const digits = `4111${String(hash).padStart(11, '0').slice(0, 11)}`;
	let sum = 0;
	for (let i = 0; i < digits.length; i++) {
		let d = Number(digits[digits.length - 1 - i]);
		if (i % 2 === 0) {
			d *= 2;
			if (d > 9) d -= 9;
		}
		sum += d;
	}
	return `${digits}${(10 - (sum % 10)) % 10}`;
}

/** @param {string} endDate YYYY-MM-DD @returns {string} MM/YYYY */
function expiryOf(endDate) {
	return `${endDate.slice(5, 7)}/${endDate.slice(0, 4)}`;
}

const today = () => new Date().toISOString().slice(0, 10);

/**
 * A card the simulator holds, from a seeded or generated payout.
 * @param {Payout} payout
 * @returns {Card}
 */
function cardFromPayout(payout) {
	const seeded = payout.payoutId === 'PAYOUT_PNG_1';
	return {
		payoutId: payout.payoutId,
		securityCode: payout.securityCode,
		imageType: payout.imageType,
		keyCase: payout.keyCase,
		encryption: payout.encryption,
		token: cardNumber(payout.payoutId),
		state: payout.expired ? 'EXPIRED' : seeded ? 'PARTIALLY_REDEEMED' : (payout.state ?? 'ISSUED'),
		orderAmount: '1000',
		gst: '0',
		currency: 'INR',
		startDate: '2026-01-01',
		endDate: payout.expired ? '2026-06-30' : '2027-12-31',
		cardAlias: 'sim_primary',
		expenseCategoryId: undefined,
		udfs: {},
		rules: undefined,
		redeemedAmount: seeded ? '250' : (payout.redeemedAmount ?? '0'),
		// One seeded card carries authorisations and a settlement, as the Token Status page shows.
		authList: seeded
			? [
					{
						tranTime: '2026-03-01 10:15:00',
						tranId: 'TXN_0001',
						tranAmount: 250,
						tranCurrency: 'INR',
						tranStatus: 'AuthorizationSuccess',
						merchantCategoryCode: '5411',
						merchantCity: 'Bengaluru',
						merchantCountry: 'IN',
						supplierName: 'Acme Supplies',
						errorMessage: '',
					},
					{
						tranTime: '2026-03-02 09:00:00',
						tranId: 'TXN_0002',
						tranAmount: 900,
						tranCurrency: 'INR',
						tranStatus: 'AuthorizationFailure',
						merchantCategoryCode: '5411',
						merchantCity: 'Bengaluru',
						merchantCountry: 'IN',
						supplierName: 'Acme Supplies',
						errorMessage: 'Insufficient Funds',
					},
				]
			: (payout.authorizations ?? []).map((entry) => ({ ...entry })),
		authLimit: payout.authLimit ?? 5,
		settlementDetails: seeded
			? [
					{
						transactionReferenceNumber: 'SETTLE_0001',
						transactionDateTime: '2026-03-03 00:00:00',
						billingAmount: '250',
						billingCurrencyCode: 'INR',
						sourceAmount: '250',
						sourceCurrencyCode: 'INR',
						transactionTypeCode: 'Debit',
						transactionTypeDetail: 'Purchase',
						supplierName: 'Acme Supplies',
						supplierISOCurrencyCode: 'INR',
					},
				]
			: [],
	};
}

/**
 * The provision body's rules, as the API pages describe them; a message when one is broken.
 * @param {Record<string, unknown>} body
 * @param {boolean} creating
 * @returns {string | undefined}
 */
function invalidProvision(body, creating) {
	for (const name of ['orderAmount', 'gst']) {
		if (body[name] !== undefined && (typeof body[name] !== 'string' || !AMOUNT.test(body[name]))) {
			return `${name} is invalid`;
		}
	}
	if (creating && body.orderAmount === undefined) return 'orderAmount is invalid';
	for (const name of ['startDate', 'endDate']) {
		if (body[name] !== undefined && (typeof body[name] !== 'string' || !DAY.test(body[name]))) {
			return `${name} is invalid`;
		}
	}
	if (creating && body.endDate === undefined) return 'endDate is invalid';
	if (
		body.currency !== undefined &&
		(typeof body.currency !== 'string' || !/^[A-Z]{3}$/.test(body.currency))
	) {
		return 'currency is invalid';
	}
	if (
		creating &&
		(typeof body.cardAlias !== 'string' || body.cardAlias === '' || body.cardAlias.length > 21)
	) {
		return 'cardAlias is invalid';
	}
	if (body.rules !== undefined) {
		const rules = body.rules;
		if (!isObject(rules)) return 'rules is invalid';
		if (
			rules.blockPayments !== undefined &&
			!(
				Array.isArray(rules.blockPayments) &&
				rules.blockPayments.every((c) => typeof c === 'string' && BLOCK_CODES.has(c))
			)
		) {
			return 'rules.blockPayments is invalid';
		}
		for (const name of ['mccBlock', 'mccAllow']) {
			const list = rules[name];
			if (
				list !== undefined &&
				!(
					Array.isArray(list) &&
					list.every(
						(r) =>
							isObject(r) &&
							typeof r.min === 'string' &&
							typeof r.max === 'string' &&
							/^\d{4}$/.test(r.min) &&
							/^\d{4}$/.test(r.max),
					)
				)
			) {
				return `rules.${name} is invalid`;
			}
		}
	}
	const udfs = UDFS.filter((name) => body[name] !== undefined);
	if (udfs.length > 0 && typeof body.expenseCategoryId !== 'string') {
		return 'Validated Expense Data cannot be Empty';
	}
	return undefined;
}

/**
 * The simulator's cards by payout id, with the rules of the four card endpoints.
 */
function createCardStore() {
	/** @type {Map<string, Card>} */
	let cards = new Map();

	function reset() {
		cards = new Map(
			Object.values(SEEDED_PAYOUTS).map((payout) => [payout.payoutId, cardFromPayout(payout)]),
		);
	}
	reset();

	/**
	 * Stored cards, then the generated ones (LOAD_n and fault ids) every test may use.
	 * @param {string} payoutId
	 * @param {boolean} generated whether fault ids resolve to a generated card
	 * @returns {Card | undefined}
	 */
	function find(payoutId, generated) {
		const stored = cards.get(payoutId);
		if (stored) return stored;
		const payout =
			findPayout(payoutId) ??
			(generated
				? { payoutId, securityCode: generatedSecurityCode(payoutId), imageType: 'png' }
				: undefined);
		if (!payout) return undefined;
		const card = cardFromPayout(/** @type {Payout} */ (payout));
		cards.set(payoutId, card);
		return card;
	}

	/**
	 * @param {Record<string, unknown>} body
	 * @returns {Outcome}
	 */
	function provision(body) {
		const payoutId = /** @type {string} */ (body.payoutId);
		const action = typeof body.action === 'string' ? body.action.toLowerCase() : '';
		if (action !== 'create' && action !== 'update') return failure('action is invalid');
		const creating = action === 'create';
		if (creating && !PAYOUT_ID.test(payoutId)) return failure('payoutId is invalid');
		const invalid = invalidProvision(body, creating);
		if (invalid) return failure(invalid);
		if (creating) {
			if (cards.has(payoutId)) return failure('Payout ID already exists');
			/** @type {Card} */
			const card = {
				...cardFromPayout({
					payoutId,
					securityCode: generatedSecurityCode(payoutId),
					imageType: 'png',
				}),
				state: 'ISSUED',
				orderAmount: /** @type {string} */ (body.orderAmount),
				gst: typeof body.gst === 'string' ? body.gst : '0',
				currency: typeof body.currency === 'string' ? body.currency : 'INR',
				startDate: typeof body.startDate === 'string' ? body.startDate : today(),
				endDate: /** @type {string} */ (body.endDate),
				cardAlias: /** @type {string} */ (body.cardAlias),
				expenseCategoryId:
					typeof body.expenseCategoryId === 'string' ? body.expenseCategoryId : undefined,
				udfs: Object.fromEntries(
					UDFS.filter((n) => typeof body[n] === 'string').map((n) => [n, String(body[n])]),
				),
				rules: isObject(body.rules) ? body.rules : undefined,
			};
			cards.set(payoutId, card);
			return { status: 200, card };
		}
		const card = find(payoutId, true);
		if (!card) return failure('Payout not found');
		if (card.state === 'DELETED' || card.state === 'EXPIRED') {
			return failure(`Card is ${card.state.toLowerCase()} and cannot be updated`);
		}
		for (const name of /** @type {const} */ ([
			'orderAmount',
			'gst',
			'currency',
			'startDate',
			'endDate',
		])) {
			if (typeof body[name] === 'string') card[name] = /** @type {string} */ (body[name]);
		}
		if (isObject(body.rules)) card.rules = { ...card.rules, ...body.rules };
		return { status: 200, card };
	}

	/**
	 * @param {string} payoutId
	 * @param {unknown} action
	 * @returns {Outcome}
	 */
	function remove(payoutId, action) {
		const card = find(payoutId, true);
		if (!card) return failure('Payout not found');
		const kind = action === undefined ? 'CANCEL' : action;
		if (kind !== 'CANCEL' && kind !== 'DELETE') return failure('action is invalid');
		if (card.state === 'DELETED') return failure('Card is already deleted');
		const redeemed = card.state === 'REDEEMED' || card.state === 'PARTIALLY_REDEEMED';
		if (kind === 'CANCEL' && redeemed) {
			return failure('Card is redeemed; use DELETE instead of CANCEL');
		}
		if (kind === 'DELETE' && !redeemed) {
			return failure('Card is not redeemed; use CANCEL instead of DELETE');
		}
		card.state = 'DELETED';
		return { status: 200, card };
	}

	return {
		reset,
		find,
		provision,
		remove,
		/** @returns {Card[]} */
		all: () => [...cards.values()],
		/** @param {string} payoutId */
		get: (payoutId) => cards.get(payoutId),
	};
}

/** @param {string} message @returns {Outcome} */
function failure(message) {
	return { status: 400, message };
}

/**
 * `response` of Create / Update.
 * @param {Card} card
 * @param {boolean} wantImage
 */
function provisionView(card, wantImage) {
	return {
		token: card.token,
		expiry: expiryOf(card.endDate),
		state: card.state,
		payoutAmount: payoutAmount(card),
		redeemedAmount: card.redeemedAmount,
		currency: card.currency,
		cardNetwork: 'VISA',
		cardIssuerBankName: 'Simulator Bank',
		...(wantImage && card.imageType
			? { cardImage: imageBytes(card.imageType).toString('base64') }
			: {}),
		userDefinedFields: { ...card.udfs },
	};
}

/** @param {Card} card */
function payoutAmount(card) {
	return String(Number(card.orderAmount) + Number(card.gst));
}

// ISO 4217 currencies without minor units that the simulator knows of.
const ZERO_DECIMALS = new Set(['JPY', 'KRW', 'VND', 'CLP', 'ISK', 'UGX', 'XAF', 'XOF']);

/**
 * An amount as Token Status shows it: in the currency's decimals, whatever Create sent ("9" is
 * shown "9.00" for INR, "9" for JPY), as a ledger would store it.
 * @param {string} amount
 * @param {string} currency
 */
function ledgerAmount(amount, currency) {
	return Number(amount).toFixed(ZERO_DECIMALS.has(currency) ? 0 : 2);
}

/**
 * Rules as Token Status shows them: lists in the ledger's own order (codes and ranges sorted),
 * not in the order Create sent them.
 * @param {Record<string, unknown> | undefined} rules
 */
function ledgerRules(rules) {
	if (!rules) return {};
	/** @type {Record<string, unknown>} */
	const shown = { ...rules };
	if (Array.isArray(rules.blockPayments)) shown.blockPayments = [...rules.blockPayments].sort();
	for (const name of ['mccBlock', 'mccAllow']) {
		const list = rules[name];
		if (Array.isArray(list)) {
			shown[name] = [...list].sort((a, b) => String(a.min).localeCompare(String(b.min)));
		}
	}
	return shown;
}

/**
 * `response` of Token Status: no token or expiry for a deleted or expired card.
 * @param {Card} card
 */
function statusView(card) {
	const gone = card.state === 'DELETED' || card.state === 'EXPIRED';
	return {
		...(gone ? {} : { token: card.token, expiry: expiryOf(card.endDate) }),
		startDate: card.startDate,
		endDate: card.endDate,
		state: card.state,
		orderAmount: ledgerAmount(card.orderAmount, card.currency),
		gst: ledgerAmount(card.gst, card.currency),
		payoutAmount: payoutAmount(card),
		redeemedAmount: card.redeemedAmount,
		balanceAmount: String(Number(payoutAmount(card)) - Number(card.redeemedAmount)),
		currency: card.currency,
		authPerformed: card.authList.length,
		authRemaining: Math.max(0, card.authLimit - card.authList.length),
		cardLastFourDigits: card.token.slice(-4),
		cardAlias: card.cardAlias,
		cardNetwork: 'VISA',
		cardIssuerBankName: 'Simulator Bank',
		rules: ledgerRules(card.rules),
		userDefinedFields: { ...card.udfs },
		authList: card.authList.map((entry) => ({ ...entry })),
		settlementDetails: card.settlementDetails.map((entry) => ({ ...entry })),
	};
}

/**
 * What an authorization JusBiz notifies does to the card it names, so Token Status tells the same
 * story as the notifications: an approval redeems its amount, a reversal gives it back, a decline
 * is listed with its reason. The notification learns the card's own amount and currency.
 * @param {Card} card
 * @param {Record<string, unknown>} notification
 * @param {{ amountGiven: boolean }} given whether the test set payoutAmnt/payoutCurrCd itself
 */
function applyAuthorization(card, notification, given) {
	if (!given.amountGiven) {
		notification.payoutAmnt = ledgerAmount(payoutAmount(card), card.currency);
		notification.payoutCurrCd = card.currency;
	}
	const type = String(notification.rqstType).replace(/_/g, '').toLowerCase();
	const amount = Number(notification.tranAmnt) || 0;
	const failed = type === 'authorizationfailure';
	card.authList.push({
		tranTime: notification.authTime,
		tranId: notification.tranId,
		tranAmount: amount,
		tranCurrency: notification.tranCurrCd,
		tranStatus: failed ? 'AuthorizationFailure' : 'AuthorizationSuccess',
		merchantCategoryCode: notification.merchCatgCd,
		merchantCity: notification.mrchCity,
		merchantCountry: 'IN',
		supplierName: notification.mrchName,
		errorMessage: failed ? String(notification.errMsg ?? '') : '',
	});
	if (failed || card.state === 'DELETED' || card.state === 'EXPIRED') return;
	const sign = type === 'authorizationreversal' ? -1 : 1;
	const redeemed = Math.max(0, Number(card.redeemedAmount) + sign * amount);
	card.redeemedAmount = String(redeemed);
	card.state =
		redeemed === 0
			? 'ISSUED'
			: redeemed >= Number(payoutAmount(card))
				? 'REDEEMED'
				: 'PARTIALLY_REDEEMED';
}

module.exports = {
	createCardStore,
	provisionView,
	statusView,
	cardNumber,
	expiryOf,
	applyAuthorization,
};
