/**
 * The fast path for parameters whose expression only reads a property of the current item
 * (`={{ $json.invoice.id }}`): read straight from the item rather than through n8n's evaluator.
 * Anything it is not sure of it declines (undefined), and the caller asks n8n, so n8n's own
 * evaluation stays the reference; test/engine/itemPathExpression.engine.test.ts holds the two side by side.
 */

import { isSafeObjectProperty } from 'n8n-workflow';

// `{{ $json.payoutId }}`, `{{ $json.invoice.id }}`, `{{ $json["payout id"] }}`, `{{ $json.ids[0] }}`,
// exactly as stored: n8n reads anything around `={{ … }}` as text, and a quoted key that could end
// the expression or a line is left to n8n's parser. One step, its key in groups 1 to 4:
const STEP = String.raw`\.([A-Za-z_$][\w$]*)|\[\s*(?:(0|[1-9]\d*)|"([^"\\}\n\r\u2028\u2029]*)"|'([^'\\}\n\r\u2028\u2029]*)')\s*\]`;
const JSON_PATH_EXPRESSION = new RegExp(String.raw`^=\{\{\s*\$json((?:\s*(?:${STEP}))+)\s*\}\}$`);
const JSON_PATH_STEP = new RegExp(STEP, 'g');

/**
 * The property path of an expression that only reads the current item, as most ID fields do.
 * n8n 2.x evaluates every expression in an isolate; in the real CLI that was a millisecond per item,
 * the largest cost of a request that was ours to avoid. Names n8n's sandbox refuses (`constructor`,
 * `prototype`, …) go to n8n, which refuses them; so do names of Object.prototype (`toString`,
 * `hasOwnProperty`, …): on its default vm engine n8n reads those from the prototype, not the item,
 * whatever the item holds, and fails to clone the function it finds.
 */
export function jsonPathOf(value: unknown): string[] | undefined {
	if (typeof value !== 'string') return undefined;
	const match = JSON_PATH_EXPRESSION.exec(value);
	if (!match) return undefined;
	const path = Array.from(match[1].matchAll(JSON_PATH_STEP), (step) =>
		String(step[1] ?? step[2] ?? step[3] ?? step[4]),
	);
	return typeof isSafeObjectProperty === 'function' &&
		path.every((key) => isSafeObjectProperty(key) && !(key in Object.prototype))
		? path
		: undefined;
}

/**
 * The string, number or boolean at `path`, through own properties only; undefined for anything
 * else, which then goes to n8n's own evaluation, so that a missing field or an object behaves, and
 * fails, exactly as the expression would.
 */
export function readJsonPath(
	json: unknown,
	path: readonly string[],
): string | number | boolean | undefined {
	let current: unknown = json;
	for (const key of path) {
		if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) {
			return undefined;
		}
		current = (current as Record<string, unknown>)[key];
	}
	return typeof current === 'string' ||
		typeof current === 'boolean' ||
		(typeof current === 'number' && Number.isFinite(current))
		? current
		: undefined;
}
