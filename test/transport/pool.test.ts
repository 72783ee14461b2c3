import { contactsItems, createParameters, fixture, type Fixture } from '../actions/setup';

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
	expect(out.map((o) => o.pairedItem)).toEqual(Array.from({ length: 8 }, (_, i) => ({ item: i })));
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
	f.sim.inject({ kind: 'status', status: 429, path: TASK_DETAIL, times: 2, retryAfterSeconds: 0 });
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
