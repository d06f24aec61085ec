/** Polls `check` until it gives a value, for things a real n8n does in its own time. */
export async function waitFor<T>(
	what: string,
	check: () => T | undefined | Promise<T | undefined>,
	timeoutMs = 30_000,
	intervalMs = 200,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}
