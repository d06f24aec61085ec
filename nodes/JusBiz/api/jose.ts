/**
 * What the JWE and JWS code share. Their messages are fixed strings on purpose: nothing derived
 * from a key, the content key or the plaintext may reach an error message or stack, and node's
 * errors are never chained as `cause`.
 */

export const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Runs a crypto call whose failure must become one of our fixed messages. n8n's lint forbids
 * throwing from a catch block, and node's own errors are never passed on.
 */
export function attempt<T>(fn: () => T): { value: T } | { code: unknown } {
	try {
		return { value: fn() };
	} catch (error) {
		return { code: (error as { code?: unknown } | null)?.code };
	}
}

/**
 * A header value for a message: only a short algorithm-like word is echoed, so a header can never
 * smuggle a secret (or its first characters) into an error.
 */
export function quote(value: unknown): string {
	if (value === undefined) return '(missing)';
	return typeof value === 'string' && /^[A-Za-z0-9+_-]{1,20}$/.test(value)
		? JSON.stringify(value)
		: '(an unsupported value)';
}
