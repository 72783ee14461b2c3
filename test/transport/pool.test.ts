import type { IExecuteFunctions } from 'n8n-workflow';

import { executionState, slowDown } from '../../nodes/Airudder/transport/executionState';
import { runBounded } from '../../nodes/Airudder/transport/pool';
import { contactsItems, createParameters, fixture, type Fixture } from '../actions/setup';

describe('runBounded', () => {
	const context = () => ({}) as IExecuteFunctions;

	/** Calls that each wait for a release, recording how many run at once. */
	function gate() {
		const started: number[] = [];
		let active = 0;
		let maxActive = 0;
		const waiting: Array<() => void> = [];
		const fn = async (index: number) => {
			started.push(index);
			active++;
			maxActive = Math.max(maxActive, active);
			await new Promise<void>((resolve) => waiting.push(resolve));
			active--;
			if (index % 10 === 3) throw new Error(`failed ${index}`);
			return index * 2;
		};
		const releaseAll = async () => {
			while (waiting.length > 0) {
				waiting.splice(0).forEach((release) => release());
				await new Promise((resolve) => setImmediate(resolve));
			}
		};
		return { fn, started, releaseAll, maxActive: () => maxActive };
	}

	async function settle<T>(run: Promise<T>, releaseAll: () => Promise<void>): Promise<T> {
		let done = false;
		void run.then(() => (done = true));
		while (!done) await releaseAll();
		return await run;
	}

	test('nothing to run: no call and no result', async () => {
		const fn = jest.fn(async () => 1);
		expect(await runBounded(context(), 0, 4, fn, false)).toEqual([]);
		expect(fn).not.toHaveBeenCalled();
	});

	test('results in index order, failures as errors, every call made once', async () => {
		const g = gate();
		const results = await settle(runBounded(context(), 6, 3, g.fn, false), g.releaseAll);
		expect(results).toEqual([
			{ ok: true, value: 0 },
			{ ok: true, value: 2 },
			{ ok: true, value: 4 },
			{ ok: false, error: new Error('failed 3') },
			{ ok: true, value: 8 },
			{ ok: true, value: 10 },
		]);
		expect([...g.started].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
	});

	test('the first call runs alone, then up to the concurrency at once', async () => {
		const g = gate();
		const run = runBounded(context(), 9, 3, g.fn, false);
		await new Promise((resolve) => setImmediate(resolve));
		expect(g.started).toEqual([0]);
		await settle(run, g.releaseAll);
		expect(g.maxActive()).toBe(3);
	});

	test('with stopOnError no call starts after a failure; those never started have no result', async () => {
		const g = gate();
		const results = await settle(runBounded(context(), 20, 2, g.fn, true), g.releaseAll);
		expect(results[3]).toEqual({ ok: false, error: new Error('failed 3') });
		// 4 was already running beside 3 and finishes; nothing after it starts.
		expect(results[4]).toEqual({ ok: true, value: 8 });
		expect(results.slice(5)).toEqual(new Array(15).fill(undefined));
		expect(g.started).toHaveLength(5);
	});

	test('a failure on the first call stops the rest', async () => {
		const fn = jest.fn(async () => {
			throw new Error('no token');
		});
		const results = await runBounded(context(), 3, 2, fn, true);
		expect(results).toEqual([{ ok: false, error: new Error('no token') }, undefined, undefined]);
		expect(fn).toHaveBeenCalledTimes(1);
	});

	test('after a slow-down fewer calls run at once', async () => {
		const ctx = context();
		const state = executionState(ctx);
		slowDown(state, 0);
		slowDown(state, 0);
		expect(state.concurrencyLimit).toBe(2);
		const g = gate();
		await settle(runBounded(ctx, 10, 5, g.fn, false), g.releaseAll);
		expect(g.maxActive()).toBe(2);
	});
});

describe('through the node, against the simulator', () => {
	const TASK_DETAIL = '/service/cloud/workflow/taskdetail';

	let f: Fixture;
	let callTaskId: string;
	beforeEach(async () => {
		f = await fixture();
		await f.run(createParameters(), contactsItems(3));
		callTaskId = [...f.sim.tasks.values()][0].call_task_id;
		f.sim.requests.length = 0;
		f.sim.setLatency(40);
	});
	afterEach(async () => await f.close());

	/** Largest number of requests to a path that were in flight at the same time (from the simulator's log). */
	function maxInFlight(path: string, latency: number): number {
		const starts = f.sim.requestsTo(path).map((r) => r.receivedAt);
		return Math.max(
			...starts.map((s) => starts.filter((t) => t >= s && t < s + latency * 0.8).length),
		);
	}

	function lookups(count: number) {
		return Array.from({ length: count }, (_, i) => ({ json: { taskId: callTaskId, n: i } }));
	}

	const params = (concurrency: number) => ({
		resource: 'call',
		operation: 'getOutboundTaskDetails',
		taskId: '={{ $json.taskId }}',
		returnAll: false,
		limit: 1,
		options: { concurrency },
	});

	test('Concurrency 1 sends strictly one request at a time', async () => {
		const out = await f.run(params(1), lookups(8));
		expect(out.map((o) => o.pairedItem)).toEqual(
			Array.from({ length: 8 }, (_, i) => ({ item: i })),
		);
		expect(maxInFlight(TASK_DETAIL, 40)).toBe(1);
	});

	test('Concurrency 4 runs up to four at once and keeps output order and pairing', async () => {
		const out = await f.run(params(4), lookups(17));
		expect(out.map((o) => (o.pairedItem as { item: number }).item)).toEqual(
			Array.from({ length: 17 }, (_, i) => i),
		);
		const inFlight = maxInFlight(TASK_DETAIL, 40);
		expect(inFlight).toBeGreaterThan(1);
		expect(inFlight).toBeLessThanOrEqual(4);
	});

	test('429 and AIRudder 10705 slow the run down instead of failing it', async () => {
		f.sim.inject({
			kind: 'status',
			status: 429,
			path: TASK_DETAIL,
			times: 2,
			retryAfterSeconds: 0,
		});
		f.sim.inject({ kind: 'code', code: 10705, path: TASK_DETAIL, times: 2 });
		const out = await f.run(params(5), lookups(12));
		expect(out).toHaveLength(12);
		expect(out.every((o) => o.json.error === undefined)).toBe(true);
		const statuses = f.sim
			.requestsTo(TASK_DETAIL)
			.map((r) => (r.status === 429 ? 429 : (r.responseBody as { code: number }).code));
		expect(statuses.filter((s) => s === 429)).toHaveLength(2);
		expect(statuses.filter((s) => s === 10705)).toHaveLength(2);
		expect(statuses.filter((s) => s === 200)).toHaveLength(12);
	});

	test('without Continue On Fail the first failing item stops new requests and is reported', async () => {
		const items = lookups(10);
		items[2].json.taskId = 'unknown';
		const error = await f.run(params(2), items).catch((e) => e);
		expect(error.message).toBe('AIRudder error 10702: TaskID invalid');
		expect(error.context.itemIndex).toBe(2);
		expect(f.sim.requestsTo(TASK_DETAIL).length).toBeLessThan(10);
	});
});
