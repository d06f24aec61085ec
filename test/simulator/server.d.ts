// The simulator's types in one place: TypeScript code that imports the simulator resolves to this
// file, and server.js and config.js take their JSDoc types from it, so `npx tsc -p test/simulator`
// checks the JS against the definitions its users see.

import type { Card } from './cards';
import type { NotifyRequest, NotifyResult } from './notifications';
import type { Encryption, KeyCase } from './payouts';

export type RandomFaultKind =
	'500' | '502' | '503' | '504' | '429' | 'reset' | 'truncated' | 'empty';

export interface RuntimeConfig {
	/** added before every answer of the /ardra API */
	latencyMs: number;
	/** spreads each latency uniformly over latencyMs × (1 ± latencyJitter), as real networks do */
	latencyJitter: number;
	/** serialization of 2xx bodies, unless the payout pins one */
	encryption: Encryption;
	/** casing of `response` keys, unless the payout pins one */
	keyCase: KeyCase;
	/** probability per request, sum <= 1 */
	faultRates: Partial<Record<RandomFaultKind, number>>;
	/** Retry-After of random 429s; null sends none */
	retryAfterSeconds: number | null;
	/** seeds the fault PRNG; setting it restarts the sequence */
	seed: number;
}

/** Top-level fields are merged; `faultRates` replaces the previous rates as a whole. */
export type ConfigPatch = Partial<RuntimeConfig>;

export interface SimulatorOptions extends ConfigPatch {
	/** 0 (the default) lets the OS choose */
	port?: number;
	/** default 127.0.0.1 */
	host?: string;
	apiKey?: string;
	merchantId?: string;
	keyId?: string;
	/** PKCS#8 or PKCS#1 RSA key; a fresh 2048-bit pair otherwise */
	privateKeyPem?: string;
}

/**
 * As an n8n JusBiz credential: Environment "Custom", Base URL `baseUrl`, Private Key
 * `privateKeyPem`.
 */
export interface SimulatorCredentials {
	apiKey: string;
	merchantId: string;
	keyId: string;
	privateKeyPem: string;
	/** JusBiz's signing public key, for the credential's "JusBiz Public Key" */
	jusBizPublicKeyPem: string;
	baseUrl: string;
	environment: 'custom';
}

export interface SimulatorStats {
	/** calls of the card endpoints (any outcome) */
	requests: number;
	/** per payout id found in a request body */
	byPayout: Record<string, number>;
	/** per HTTP status sent, plus 'reset' for dropped sockets */
	byStatus: Record<string, number>;
	/** requests per merchant-id header name received (`x-merchantid`, `x-merchant-id`) */
	merchantIdHeaders: Record<string, number>;
	/** requests per endpoint: securityCode, provision, fetchStatus, deleteCard */
	byEndpoint: Record<string, number>;
	/** every delivery of a notification, in order (a retried one once per attempt), with the status code the webhook answered */
	notifications: NotificationRecord[];
	/** Creates refused because the payout already had a card: a client that re-sent a Create */
	duplicateCreates: number;
}

export interface NotificationRecord {
	type: string;
	payoutId: string;
	tranId: string;
	envelope: string;
	jwe: string;
	signer: string;
	/** the HTTP status the webhook answered, or 0 when it could not be reached */
	status: number;
}

export interface Simulator {
	/** same as credentials.baseUrl */
	url: string;
	port: number;
	credentials: SimulatorCredentials;
	/** a snapshot of the current runtime config */
	readonly config: Readonly<RuntimeConfig>;
	stats(): SimulatorStats;
	/** a copy of the card the simulator holds for this payout id, if any */
	card(payoutId: string): Card | undefined;
	/** copies of every card held (seeded, generated on use, created) */
	cards(): Card[];
	/** clears stats, FLAKY counters and created cards, restores the start config and seed */
	reset(): void;
	/** pushes one authorization notification to a webhook on this machine */
	notify(request: NotifyRequest): Promise<NotifyResult>;
	/** throws on an invalid patch, changing nothing */
	setConfig(patch: ConfigPatch): void;
	/** also drops keep-alive connections */
	close(): Promise<void>;
}

export function createSimulator(options?: SimulatorOptions): Promise<Simulator>;

export const API_PATH: '/ardra/vt/cvv/v2';
export const ENDPOINTS: Readonly<
	Record<string, 'securityCode' | 'provision' | 'fetchStatus' | 'deleteCard'>
>;
export const ACTING_PREFIXES: Readonly<Record<string, string>>;
export const HEALTH_PATH: '/ardra/health';
export const MAX_BODY_BYTES: number;
export const SUCCESS_MESSAGE: 'Security code fetched successfully';
