import { sleep } from 'n8n-workflow';

import { forEachConcurrently } from '../../nodes/JusBiz/actions/concurrency';

// Fake timers also fake Date, so the spacing is exact and the test takes no real time.
beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

async function run(count: number, limit: number, taskMs: (index: number) => number) {
	const starts: Array<{ index: number; at: number }> = [];
	let inFlight = 0;
	let maxInFlight = 0;
	const t0 = Date.now();
	const done = forEachConcurrently(count, limit, async (index) => {
		starts.push({ index, at: Date.now() - t0 });
		inFlight++;
		maxInFlight = Math.max(maxInFlight, inFlight);
		await sleep(taskMs(index));
		inFlight--;
	});
	await jest.advanceTimersByTimeAsync(60_000);
	await done;
	return { starts, maxInFlight };
}

it('runs every index once, in order of start, never more than the limit at once', async () => {
	const { starts, maxInFlight } = await run(50, 4, (i) => 10 + ((i * 7) % 13));
	expect(starts.map((s) => s.index)).toEqual(Array.from({ length: 50 }, (_, i) => i));
	expect(maxInFlight).toBe(4);
});

it('keeps the order of start when the spacing is below a millisecond', async () => {
	const { starts } = await run(200, 8, (i) => 1 + ((i * 5) % 3));
	expect(starts.map((s) => s.index)).toEqual(Array.from({ length: 200 }, (_, i) => i));
});

it('does not space the starts of a single worker', async () => {
	const { starts } = await run(10, 1, () => 40);
	expect(starts.map((s) => s.at)).toEqual(Array.from({ length: 10 }, (_, i) => i * 40));
});

it('starts the first wave at once, then spreads the starts that a fixed latency would bunch', async () => {
	const { starts } = await run(12, 4, () => 40);
	expect(starts.slice(0, 4).map((s) => s.at)).toEqual([0, 0, 0, 0]);
	// 0.8 × 40 ms / 4 in flight = 8 ms between starts, instead of four at 40 ms.
	const later = starts.slice(4).map((s) => s.at);
	const gaps = later.slice(1).map((at, i) => at - later[i]);
	expect(Math.min(...gaps)).toBeGreaterThanOrEqual(8);
	expect(new Set(later).size).toBe(later.length);
});

it('keeps the pace that the limit allows: spacing never holds it back', async () => {
	const { starts } = await run(100, 4, () => 40);
	// Bound: 100 / 4 × 40 ms = 1,000 ms; the last start may come no later than one task before it.
	expect(starts[99].at).toBeLessThanOrEqual(1_000);
});

it('a slow first wave costs at most one spacing cycle of its own once tasks are fast again', async () => {
	const { starts } = await run(200, 4, (i) => (i < 4 ? 3_000 : 40));
	// After the first wave at 3 s, 196 tasks of 40 ms, 4 at a time, need 1,960 ms; waits already
	// begun on the first wave's pace may add one cycle of it (0.8 × 3 s), and nothing after.
	expect(starts[199].at).toBeLessThanOrEqual(3_000 + 0.8 * 3_000 + 1_960);
	const late = starts.slice(-100).map((s) => s.at);
	const gaps = late.slice(1).map((at, i) => at - late[i]);
	expect(Math.max(...gaps)).toBeLessThanOrEqual(40);
});

it('a slow task does not throttle the starts after it', async () => {
	const { starts } = await run(40, 4, (i) => (i === 4 ? 5_000 : 40));
	const afterSlow = starts.filter((s) => s.index > 8).map((s) => s.at);
	const gaps = afterSlow.slice(1).map((at, i) => at - afterSlow[i]);
	expect(Math.max(...gaps)).toBeLessThanOrEqual(40);
});

it('starts nothing new once told to stop, also after a spaced wait', async () => {
	const started: number[] = [];
	let stop = false;
	const done = forEachConcurrently(
		20,
		4,
		async (index) => {
			started.push(index);
			await sleep(40);
			if (index === 5) stop = true;
		},
		() => stop,
	);
	await jest.advanceTimersByTimeAsync(10_000);
	await done;
	expect(started.length).toBeLessThan(20);
	expect(Math.max(...started)).toBeLessThanOrEqual(5 + 4);
});
