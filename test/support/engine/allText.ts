/**
 * Flattens everything reachable from `roots` into one string, so a leak test can assert that a
 * secret appears nowhere. Errors keep most of their text in non-enumerable own properties
 * (message, stack) and in `cause`, so own property names are walked rather than `Object.keys`.
 */
export function collectAllText(...roots: unknown[]): string {
	const parts: string[] = [];
	const seen = new WeakSet<object>();

	const visit = (value: unknown): void => {
		switch (typeof value) {
			case 'string':
				parts.push(value);
				return;
			case 'number':
			case 'bigint':
			case 'boolean':
				parts.push(String(value));
				return;
			case 'object':
				break;
			default:
				return;
		}
		if (value === null || seen.has(value)) return;
		seen.add(value);

		if (value instanceof Date) {
			parts.push(Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString());
			return;
		}
		if (ArrayBuffer.isView(value)) {
			const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
			parts.push(bytes.toString('latin1'), bytes.toString('base64'));
			return;
		}
		if (value instanceof Map) {
			for (const [key, entry] of value) {
				visit(key);
				visit(entry);
			}
			return;
		}
		if (value instanceof Set) {
			for (const entry of value) visit(entry);
			return;
		}

		for (const key of Object.getOwnPropertyNames(value)) {
			parts.push(key);
			visit(readProperty(value, key));
		}
		if (isInlineBinary(value)) {
			parts.push(Buffer.from(value.data, 'base64').toString('latin1'));
		}
	};

	for (const root of roots) visit(root);
	return parts.join('\n');
}

function readProperty(target: object, key: string): unknown {
	try {
		return (target as Record<string, unknown>)[key];
	} catch {
		// A throwing getter is not text we can leak.
		return undefined;
	}
}

/** n8n keeps binary inline as `{ data: <base64>, mimeType, ... }` when no binary store is set up. */
function isInlineBinary(value: object): value is { data: string; mimeType: string } {
	const candidate = value as { data?: unknown; mimeType?: unknown };
	return typeof candidate.data === 'string' && typeof candidate.mimeType === 'string';
}
