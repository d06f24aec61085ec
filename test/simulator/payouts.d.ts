// The simulator's types in one place: TypeScript code that imports the simulator resolves to this
// file, and payouts.js takes its JSDoc types from it, so `npx tsc -p test/simulator`
// checks the JS against the definitions its users see.

export type ImageType = 'png' | 'jpeg';
export type Encryption =
	| 'none'
	| 'compact'
	| 'json'
	| 'compact-signed'
	| 'juspay'
	| 'juspay-oaep256'
	| 'juspay-other-signer'
	| 'juspay-unsigned'
	| 'node-jose';
export type KeyCase = 'camel' | 'pascal';

/** One entry of Token Status's `authList`, plus any field JusBiz does not document. */
export type Authorization = Record<string, unknown>;

export interface Payout {
	payoutId: string;
	securityCode: string;
	/** null: the payout has no card image at all */
	imageType: ImageType | null;
	/** pins the response key casing, whatever the runtime config says */
	keyCase?: KeyCase;
	/** pins the response encryption, whatever the runtime config says */
	encryption?: Encryption;
	/** a seeded card past its end date */
	expired?: boolean;
	/** the card's state when not ISSUED (and not expired) */
	state?: 'REDEEMED' | 'PARTIALLY_REDEEMED';
	redeemedAmount?: string;
	/** Token Status's `authList` of a seeded card */
	authorizations?: readonly Authorization[];
	/** how many authorisations the card allows in all (default 5): sets `authRemaining` */
	authLimit?: number;
}

export const SEEDED_PAYOUTS: Readonly<Record<string, Payout>>;
export const LOAD_PATTERN: RegExp;
export const IMAGES: Record<ImageType, Buffer>;
/** Seeded and LOAD_ payouts; fault ids are resolved on top of this by the server. */
export function findPayout(payoutId: string): Payout | undefined;
/** The security code of a generated payout (LOAD_n, or a fault id). */
export function generatedSecurityCode(payoutId: string): string;
/** The exact bytes the simulator base64-encodes as `cardImage`. */
export function imageBytes(imageType: ImageType): Buffer;
