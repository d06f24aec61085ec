/**
 * JusBiz's endpoint paths. Nothing else here: the credential reads its Test path from this file
 * without loading the transport and crypto code.
 */

export const PATHS = {
	provision: '/ardra/vt/provision/v2',
	fetchStatus: '/ardra/vt/fetchStatus/v2',
	securityCode: '/ardra/vt/cvv/v2',
	deleteCard: '/ardra/vt/deleteCard/v2',
	health: '/ardra/health',
} as const;

/** The path the credential's Test posts to: any authenticated path answers a wrong key with 401. */
export const API_PATH = PATHS.securityCode;
