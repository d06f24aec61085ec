/**
 * Runs task(0 … count-1) with at most `limit` in flight, each index exactly once, in order of
 * start. `shouldStop` is asked before each start, so a failure can stop new work while the tasks
 * already in flight finish.
 */
export async function forEachConcurrently(
	count: number,
	limit: number,
	task: (index: number) => Promise<void>,
	shouldStop: () => boolean = () => false,
): Promise<void> {
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < count && !shouldStop()) {
			const index = next++;
			await task(index);
		}
	};
	const workers = Math.max(1, Math.min(limit, count));
	await Promise.all(Array.from({ length: workers }, worker));
}
