/**
 * What the JWE and JWS code share. Their messages are fixed strings on purpose: nothing derived
 * from a key, the content key or the plaintext may reach an error message or stack, and node's
 * errors are never chained as `cause`.
 */

import { quoteInput } from '../helpers/values';

/**
 * A header value for a message: only a short algorithm-like word is echoed, so a header can never
 * smuggle a secret (or its first characters) into an error; it is shorter than any cut.
 */
export function quote(value: unknown): string {
	if (value === undefined) return '(missing)';
	return typeof value === 'string' && /^[A-Za-z0-9+_-]{1,20}$/.test(value)
		? quoteInput(value)
		: '(an unsupported value)';
}
