import { sleep } from 'n8n-workflow';

// Starts are spaced by this share of (fastest task time / limit). The fastest task is the one
// least delayed by the other tasks' CPU work and by retries; with a share below 1 the spacing
// never holds the pace under what `limit` tasks in flight at that speed allow.
const PACE = 0.8;

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
	let fastestMs: number | undefined;
	let nextStartAt = 0;
	// How long to wait before the next start; one worker alone has nothing to spread.
	const spacing = (): number => {
		if (fastestMs === undefined || limit < 2) return 0;
		const now = performance.now();
		const interval = (PACE * fastestMs) / limit;
		const waitMs = Math.min(Math.max(0, nextStartAt - now), limit * interval);
		nextStartAt = now + waitMs + interval;
		return waitMs;
	};
	const worker = async (): Promise<void> => {
		while (next < count && !shouldStop()) {
			const waitMs = spacing();
			// A timer waits at least a millisecond; shorter spacing is left to the event loop.
			if (waitMs >= 1) {
				await sleep(waitMs);
				if (next >= count || shouldStop()) return;
			}
			// Claimed only now, after any wait: starts stay in index order.
			const index = next++;
			const started = performance.now();
			await task(index);
			const tookMs = performance.now() - started;
			// A task that failed before any request says nothing about the latency.
			if (tookMs >= 1) fastestMs = Math.min(fastestMs ?? tookMs, tookMs);
		}
	};
	const workers = Math.max(1, Math.min(limit, count));
	await Promise.all(Array.from({ length: workers }, worker));
}
