/**
 * The simulator's payout IDs that stage a scenario, named for what they stage, so a test says
 * which situation it meets without sending the reader into test/simulator/ (faults.js, cards.js).
 * `tag` keeps the IDs of one run apart.
 */

/** Seeded cards. */
export const CARD = {
	/** ISSUED; its security code is 482 and its image a JPEG. */
	issued: 'PAYOUT_JPG_1',
	/** PARTIALLY_REDEEMED, with authorisations and a settlement; image PNG, security code 119. */
	partlyRedeemed: 'PAYOUT_PNG_1',
	/** EXPIRED: its end date (2026-06-30) has passed; Get Status shows no number or expiry. */
	expired: 'PAYOUT_EXPIRED_1',
	/**
	 * ISSUED, 1000 INR, with one authorisation and a failed one for each reason of JusBiz's
	 * decline table, the sub-type as a field, in the text or missing, and a reason it does not list.
	 */
	declined: 'PAYOUT_DECLINES_1',
	/** REDEEMED single-use card charged again: "Do Not Honor" after its one payment, none left. */
	usedUp: 'PAYOUT_USED_1',
} as const;

/** Faults on the first request for the ID only; every later request is answered normally. */
export const FIRST_REQUEST = {
	/** Create, Update or Delete takes effect, then the connection resets before the answer. */
	actsThenResets: (tag: string) => `DONE_RESET_${tag}`,
	/** Takes effect, then a gateway answers 504. */
	actsThen504: (tag: string) => `DONE_504_${tag}`,
	/** Takes effect, then the answer is cut off. */
	actsThenCutsOff: (tag: string) => `DONE_CUT_${tag}`,
	/** The connection resets before JusBiz acts: nothing happened. */
	resetsBeforeActing: (tag: string) => `LOST_RESET_${tag}`,
};

/** The first `count` requests answer a 503 gateway page, then the payout answers normally. */
export const failsFirst = (count: number, tag: string) => `FLAKY${count}_${tag}`;
