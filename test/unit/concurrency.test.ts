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

it('starts nothing once the stop comes during a spaced wait', async () => {
	// 4 tasks of 40 ms start at 0 and end at 40; then starts are spaced 8 ms apart (40, 48, 56, 64),
	// so at 50 one worker has started and two still wait: those must not start after their wait.
	const starts: number[] = [];
	const t0 = Date.now();
	const done = forEachConcurrently(
		20,
		4,
		async () => {
			starts.push(Date.now() - t0);
			await sleep(40);
		},
		() => Date.now() - t0 >= 50,
	);
	await jest.advanceTimersByTimeAsync(10_000);
	await done;
	expect(starts).toEqual([0, 0, 0, 0, 40, 48]);
});

// The tests below finish each task by hand (a deferred promise per index) and never advance the
// fake clock: time stands still, so no spacing applies and every start follows from a finished
// task alone. Nothing in them depends on timing.
describe('with tasks finished by hand', () => {
	interface Deferred {
		promise: Promise<void>;
		resolve: () => void;
	}
	function deferred(): Deferred {
		let resolve!: () => void;
		const promise = new Promise<void>((r) => (resolve = r));
		return { promise, resolve };
	}
	/** lets every promise callback that is ready run (no timers involved) */
	async function settle(): Promise<void> {
		for (let i = 0; i < 20; i++) await Promise.resolve();
	}

	function start(count: number, limit: number, shouldStop?: () => boolean) {
		const events: string[] = [];
		const runs = new Map<number, number>();
		const pending = new Map<number, Deferred>();
		let inFlight = 0;
		let peak = 0;
		let finished = false;
		const done = forEachConcurrently(
			count,
			limit,
			async (index) => {
				runs.set(index, (runs.get(index) ?? 0) + 1);
				events.push(`start ${index}`);
				inFlight++;
				peak = Math.max(peak, inFlight);
				const task = deferred();
				pending.set(index, task);
				await task.promise;
				inFlight--;
				events.push(`end ${index}`);
			},
			shouldStop,
		).then(() => {
			finished = true;
		});
		return {
			events,
			runs,
			done,
			get inFlight() {
				return inFlight;
			},
			get peak() {
				return peak;
			},
			get finished() {
				return finished;
			},
			/** the indexes started and not yet finished, lowest first */
			open: () => [...pending.keys()].sort((a, b) => a - b),
			finish: async (index: number) => {
				const task = pending.get(index);
				if (!task) throw new Error(`task ${index} is not in flight`);
				pending.delete(index);
				task.resolve();
				await settle();
			},
		};
	}

	it('never has more than the limit in flight, refills each freed place, and runs every index once', async () => {
		const run = start(23, 5);
		await settle();
		expect(run.open()).toEqual([0, 1, 2, 3, 4]);
		// Finish in an order unlike the start order: the highest open task first, then the lowest.
		let highest = true;
		while (run.open().length > 0) {
			const open = run.open();
			await run.finish(highest ? open[open.length - 1] : open[0]);
			highest = !highest;
			expect(run.inFlight).toBeLessThanOrEqual(5);
			// While items remain, every freed place is taken again at once.
			const started = run.runs.size;
			expect(run.inFlight).toBe(Math.min(5, 23 - (started - run.inFlight)));
		}
		await run.done;
		expect(run.peak).toBe(5);
		expect([...run.runs.keys()].sort((a, b) => a - b)).toEqual(
			Array.from({ length: 23 }, (_, i) => i),
		);
		expect([...run.runs.values()].every((times) => times === 1)).toBe(true);
	});

	it('starts every item at once when the limit is larger than the item count', async () => {
		const run = start(3, 10);
		await settle();
		expect(run.open()).toEqual([0, 1, 2]);
		expect(run.peak).toBe(3);
		for (const index of [2, 0, 1]) await run.finish(index);
		await run.done;
		expect(run.events.filter((event) => event.startsWith('start'))).toEqual([
			'start 0',
			'start 1',
			'start 2',
		]);
		expect([...run.runs.values()]).toEqual([1, 1, 1]);
	});

	it('calls nothing for no items, whatever the limit', async () => {
		const run = start(0, 4);
		await settle();
		expect(run.events).toEqual([]);
		expect(run.finished).toBe(true);
	});

	it('with a limit of 1 runs the items strictly one after another, in order', async () => {
		const run = start(6, 1);
		for (let index = 0; index < 6; index++) {
			await settle();
			expect(run.open()).toEqual([index]);
			await run.finish(index);
		}
		await run.done;
		expect(run.events).toEqual(
			Array.from({ length: 6 }, (_, i) => [`start ${i}`, `end ${i}`]).flat(),
		);
		expect(run.peak).toBe(1);
	});

	it('starts no new item once the stop predicate returns true, and lets those in flight finish', async () => {
		let stop = false;
		let asked = 0;
		const run = start(20, 3, () => {
			asked++;
			return stop;
		});
		await settle();
		await run.finish(0);
		await run.finish(1);
		expect(run.open()).toEqual([2, 3, 4]);

		stop = true;
		const startedBeforeStop = run.runs.size;
		const askedBeforeStop = asked;
		await run.finish(3);
		// The freed worker asked again, got true, and started nothing.
		expect(asked).toBeGreaterThan(askedBeforeStop);
		expect(run.runs.size).toBe(startedBeforeStop);
		expect(run.open()).toEqual([2, 4]);
		expect(run.finished).toBe(false);

		await run.finish(2);
		await run.finish(4);
		await run.done;
		expect(run.runs.size).toBe(startedBeforeStop);
		expect(run.events.filter((event) => event.startsWith('start'))).toEqual(
			Array.from({ length: 5 }, (_, i) => `start ${i}`),
		);
	});

	it('starts nothing when the stop predicate is true from the outset', async () => {
		const run = start(10, 3, () => true);
		await settle();
		expect(run.events).toEqual([]);
		expect(run.finished).toBe(true);
	});
});
