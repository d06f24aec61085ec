import { sleep } from 'n8n-workflow';

// Starts are spaced by this share of (mean task time / limit): below 1, so that the spacing alone
// never holds the pace under what `limit` tasks in flight allow.
const PACE = 0.8;
// A task slowed by a retry wait counts as at most twice the mean, so one slow answer does not
// throttle the starts after it.
const SLOW_CAP = 2;

/**
 * Runs task(0 … count-1) with at most `limit` in flight, each index exactly once, in order of
 * start. `shouldStop` is asked before each start, so a failure can stop new work while the tasks
 * already in flight finish.
 *
 * Once a task has finished, starts are spread out. Tasks started together against a steady latency
 * otherwise finish together (their answers' CPU work interleaves on the one thread) and start the
 * next wave together, so every wave costs the latency plus `limit` answers' CPU time; spread out,
 * one answer's CPU work falls into the others' waits.
 */
export async function forEachConcurrently(
	count: number,
	limit: number,
	task: (index: number) => Promise<void>,
	shouldStop: () => boolean = () => false,
): Promise<void> {
	let next = 0;
	let meanMs: number | undefined;
	let nextStartAt = 0;
	const worker = async (): Promise<void> => {
		while (next < count && !shouldStop()) {
			const index = next++;
			if (meanMs !== undefined) {
				const now = Date.now();
				const waitMs = nextStartAt - now;
				nextStartAt = Math.max(now, nextStartAt) + (PACE * meanMs) / limit;
				// A timer waits at least a millisecond; shorter spacing is left to the event loop.
				if (waitMs >= 1) {
					await sleep(waitMs);
					if (shouldStop()) return;
				}
			}
			const started = Date.now();
			await task(index);
			const tookMs = Date.now() - started;
			meanMs =
				meanMs === undefined
					? tookMs
					: meanMs + (Math.min(tookMs, SLOW_CAP * meanMs) - meanMs) / 10;
		}
	};
	const workers = Math.max(1, Math.min(limit, count));
	await Promise.all(Array.from({ length: workers }, worker));
}
