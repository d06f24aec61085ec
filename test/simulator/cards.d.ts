import type { Encryption, ImageType, KeyCase } from './payouts';

export type CardState = 'ISSUED' | 'REDEEMED' | 'PARTIALLY_REDEEMED' | 'EXPIRED' | 'DELETED';

/** A virtual card as the simulator holds it. */
export interface Card {
	payoutId: string;
	securityCode: string;
	imageType: ImageType | null;
	keyCase?: KeyCase;
	encryption?: Encryption;
	/** the card number, unmasked (production may not mask it either) */
	token: string;
	state: CardState;
	orderAmount: string;
	gst: string;
	currency: string;
	startDate: string;
	endDate: string;
	cardAlias: string;
	expenseCategoryId: string | undefined;
	udfs: Record<string, string>;
	rules: Record<string, unknown> | undefined;
	redeemedAmount: string;
	authList: Array<Record<string, unknown>>;
	/** authorisations the card allows in all; Token Status's `authRemaining` counts down from it */
	authLimit: number;
	settlementDetails: Array<Record<string, unknown>>;
}

export type Outcome = { status: 200; card: Card } | { status: 400; message: string };

export interface CardStore {
	reset(): void;
	find(payoutId: string, generated: boolean): Card | undefined;
	provision(body: Record<string, unknown>): Outcome;
	remove(payoutId: string, action: unknown): Outcome;
	all(): Card[];
	get(payoutId: string): Card | undefined;
}

export function createCardStore(): CardStore;
export function provisionView(card: Card, wantImage: boolean): Record<string, unknown>;
export function statusView(card: Card): Record<string, unknown>;
export function cardNumber(payoutId: string): string;
export function expiryOf(endDate: string): string;
export function applyAuthorization(
	card: Card,
	notification: Record<string, unknown>,
	given: { amountGiven: boolean },
): void;
