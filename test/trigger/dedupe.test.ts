/**
 * AIRudder Trigger: exactly once. AIRudder retries a callback every minute, up to five times, when it does not
 * get a quick 200; every event must start exactly one execution.
 */
import { EXAMPLES, NODE_NAME, TriggerHarness, example } from '../harness/webhook';
import {
	DEDUPE_STATIC_KEY,
	claimEvent,
	eventKey,
	persistedSize,
	resetDedupeMemory,
} from '../../nodes/Airudder/trigger/dedupe';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function countByEvent(harness: TriggerHarness): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const execution of harness.executions) {
		const event = String(execution.items[0].event);
		counts[event] = (counts[event] ?? 0) + 1;
	}
	return counts;
}

describe('AIRudder Trigger — exactly once', () => {
	let harness: TriggerHarness;

	beforeEach(() => {
		resetDedupeMemory();
	});

	afterEach(async () => {
		await harness?.stop();
		jest.restoreAllMocks();
	});

	it('each event delivered 5 times (identical) starts one execution; every delivery is answered 200 {}', async () => {
		harness = new TriggerHarness();
		await harness.start();
		for (const file of Object.values(EXAMPLES)) {
			for (let attempt = 1; attempt <= 5; attempt++) {
				const reply = await harness.post(example(file));
				expect(reply.status).toBe(200);
				expect(reply.text).toBe('{}');
			}
		}
		expect(countByEvent(harness)).toEqual({
			'workflow.statusChanged': 1,
			'workflow.contactCompleted': 1,
			'workflow.apiNodePush': 1,
			'chatbot.sessionEnded': 1,
			'chatbot.transferRequested': 1,
		});
	});

	it('each event delivered 5 times with a changed `timestamp` starts one execution', async () => {
		harness = new TriggerHarness();
		await harness.start();
		for (const file of Object.values(EXAMPLES)) {
			for (let attempt = 0; attempt < 5; attempt++) {
				const body = example(file);
				// The session end carries its send time; give the others one too, as a retry would change it.
				body.timestamp = 1744699269 + attempt * 60;
				expect((await harness.post(body)).status).toBe(200);
			}
		}
		expect(harness.executions).toHaveLength(5);
		expect(Object.values(countByEvent(harness))).toEqual([1, 1, 1, 1, 1]);
	});

	it('unknown shapes are deduplicated on their whole body (without `timestamp`)', async () => {
		harness = new TriggerHarness();
		await harness.start();
		for (let attempt = 0; attempt < 5; attempt++) {
			await harness.post({
				kind: 'mystery',
				id: 7,
				timestamp: 1744699269 + attempt * 60,
				nested: { b: 2, a: 1 },
			});
		}
		// Same data, keys in another order: still the same event.
		await harness.post({ nested: { a: 1, b: 2 }, id: 7, kind: 'mystery' });
		// Different data: a new event.
		await harness.post({ kind: 'mystery', id: 8 });
		expect(harness.executions.map((e) => e.items[0].raw)).toEqual([
			{ kind: 'mystery', id: 7, timestamp: 1744699269, nested: { b: 2, a: 1 } },
			{ kind: 'mystery', id: 8 },
		]);
	});

	it('different events with the same workflow are not collapsed', async () => {
		harness = new TriggerHarness();
		await harness.start();
		const finished = example(EXAMPLES['workflow.statusChanged']);
		const cancelled = { ...example(EXAMPLES['workflow.statusChanged']), status: 'cancelled' };
		const push = example(EXAMPLES['workflow.apiNodePush']);
		const push2 = example(EXAMPLES['workflow.apiNodePush']);
		push2.call.call_id = 'another-call';
		const session = example(EXAMPLES['chatbot.sessionEnded']);
		const session2 = {
			...example(EXAMPLES['chatbot.sessionEnded']),
			call_id: 'another-conversation',
		};
		for (const body of [
			finished,
			cancelled,
			push,
			push2,
			session,
			session2,
			finished,
			push2,
			session2,
		]) {
			await harness.post(body);
		}
		expect(harness.executions).toHaveLength(6);
	});

	it('10 identical deliveries at the same moment start one execution', async () => {
		harness = new TriggerHarness();
		await harness.start();
		const body = example(EXAMPLES['chatbot.sessionEnded']);
		const replies = await Promise.all(Array.from({ length: 10 }, () => harness.post(body)));
		expect(replies.map((r) => r.status)).toEqual(Array(10).fill(200));
		expect(replies.map((r) => r.text)).toEqual(Array(10).fill('{}'));
		expect(harness.executions).toHaveLength(1);
	});

	it('10 identical deliveries at the same moment start one execution when n8n builds a Workflow per request', async () => {
		// n8n's LiveWebhooks loads the workflow and its static data per request: each concurrent request sees its
		// own copy of the static data, so only the in-process record can make the check atomic.
		harness = new TriggerHarness({ perRequestWorkflow: true });
		await harness.start();
		for (const file of Object.values(EXAMPLES)) {
			const body = example(file);
			const replies = await Promise.all(Array.from({ length: 10 }, () => harness.post(body)));
			expect(replies.every((r) => r.status === 200 && r.text === '{}')).toBe(true);
		}
		expect(Object.values(countByEvent(harness))).toEqual([1, 1, 1, 1, 1]);
		// And the record was saved to the "database".
		expect(Object.keys(harness.nodeStaticData()[DEDUPE_STATIC_KEY].keys)).toHaveLength(5);
	});

	it('the record survives an n8n restart (static data serialised and loaded into a new Workflow)', async () => {
		harness = new TriggerHarness();
		await harness.start();
		for (const file of Object.values(EXAMPLES)) await harness.post(example(file));
		expect(harness.executions).toHaveLength(5);
		const saved = harness.exportStaticData();
		await harness.stop();

		// Restart: nothing survives in memory, only what n8n stored.
		resetDedupeMemory();
		harness = new TriggerHarness({ staticData: JSON.parse(saved) });
		await harness.start();
		for (const file of Object.values(EXAMPLES)) {
			const body = example(file);
			body.timestamp = 1744699999;
			const reply = await harness.post(body);
			expect(reply.status).toBe(200);
		}
		expect(harness.executions).toHaveLength(0);

		// A new event still starts the workflow, and the record keeps growing from the loaded one.
		await harness.post({ ...example(EXAMPLES['workflow.statusChanged']), status: 'cancelled' });
		expect(harness.executions).toHaveLength(1);
		expect(Object.keys(harness.nodeStaticData()[DEDUPE_STATIC_KEY].keys)).toHaveLength(6);
	});

	it('the record survives a restart in per-request mode (saved after each answer)', async () => {
		harness = new TriggerHarness({ perRequestWorkflow: true });
		await harness.start();
		await harness.post(example(EXAMPLES['workflow.apiNodePush']));
		const saved = harness.exportStaticData();
		await harness.stop();
		resetDedupeMemory();
		harness = new TriggerHarness({ perRequestWorkflow: true, staticData: JSON.parse(saved) });
		await harness.start();
		await harness.post(example(EXAMPLES['workflow.apiNodePush']));
		expect(harness.executions).toHaveLength(0);
	});

	it('stores only short hashes with timestamps, nothing from the payload', async () => {
		harness = new TriggerHarness();
		await harness.start();
		await harness.post(example(EXAMPLES['workflow.apiNodePush']));
		const stored = harness.nodeStaticData()[DEDUPE_STATIC_KEY];
		const [key, seen] = Object.entries(stored.keys)[0] as [string, number];
		expect(key).toMatch(/^[0-9a-f]{16}$/);
		expect(Math.abs(seen - Date.now() / 1000)).toBeLessThan(60);
		expect(harness.exportStaticData()).not.toContain('079918b288');
	});

	it('a window of 0 turns deduplication off', async () => {
		harness = new TriggerHarness({ parameters: { options: { dedupeWindowMinutes: 0 } } });
		await harness.start();
		for (let i = 0; i < 5; i++) await harness.post(example(EXAMPLES['workflow.statusChanged']));
		expect(harness.executions).toHaveLength(5);
	});

	it('a repeat after the window starts the workflow again', async () => {
		harness = new TriggerHarness({ parameters: { options: { dedupeWindowMinutes: 10 } } });
		await harness.start();
		const start = Date.now();
		const now = jest.spyOn(Date, 'now');
		now.mockReturnValue(start);
		await harness.post(example(EXAMPLES['workflow.statusChanged']));
		now.mockReturnValue(start + 9 * 60_000);
		await harness.post(example(EXAMPLES['workflow.statusChanged']));
		expect(harness.executions).toHaveLength(1);
		now.mockReturnValue(start + 11 * 60_000);
		await harness.post(example(EXAMPLES['workflow.statusChanged']));
		expect(harness.executions).toHaveLength(2);
	});

	it('test (manual) runs are not deduplicated', async () => {
		harness = new TriggerHarness({ mode: 'manual' });
		await harness.start();
		expect(harness.url).toContain('/webhook-test/');
		await harness.post(example(EXAMPLES['workflow.statusChanged']));
		await harness.post(example(EXAMPLES['workflow.statusChanged']));
		expect(harness.executions).toHaveLength(2);
	});

	it('the record stays bounded under 20,000 distinct events (oldest evicted, newest still deduplicated)', async () => {
		harness = new TriggerHarness();
		const started = Date.now();
		for (let i = 0; i < 20_000; i++) {
			const reply = await harness.deliver({
				workflow_id: `wf-${i}`,
				status: 'finished',
				actions: [],
			});
			if (reply.status !== 200) throw new Error(`delivery ${i}: ${reply.status} ${reply.text}`);
		}
		const elapsed = Date.now() - started;
		expect(harness.executions).toHaveLength(20_000);
		const staticData = harness.nodeStaticData();
		expect(persistedSize(staticData)).toBeLessThanOrEqual(10_000);
		expect(persistedSize(staticData)).toBeGreaterThanOrEqual(9_000);
		expect(harness.exportStaticData().length).toBeLessThan(400_000);

		// The newest are still known; the oldest were evicted and would start again.
		await harness.deliver({ workflow_id: 'wf-19999', status: 'finished', actions: [] });
		expect(harness.executions).toHaveLength(20_000);
		await harness.deliver({ workflow_id: 'wf-0', status: 'finished', actions: [] });
		expect(harness.executions).toHaveLength(20_001);
		// Generous bound: about a millisecond per delivery through n8n-core's WebhookContext.
		expect(elapsed).toBeLessThan(60_000);
	});
});

describe('dedupe record (pure)', () => {
	beforeEach(() => resetDedupeMemory());

	it('natural keys per event, and the fallback', () => {
		const session = example(EXAMPLES['chatbot.sessionEnded']);
		const retried = { ...session, timestamp: session.timestamp + 60 };
		expect(eventKey('chatbot.sessionEnded', session)).toEqual(
			eventKey('chatbot.sessionEnded', retried),
		);
		expect(eventKey('chatbot.sessionEnded', session).natural).toBe(true);
		// Transfer with an empty transfer.call_id: fallback on the body.
		expect(
			eventKey('chatbot.transferRequested', example(EXAMPLES['chatbot.transferRequested'])).natural,
		).toBe(false);
		const transfer = example(EXAMPLES['chatbot.transferRequested']);
		transfer.transfer.call_id = 'conv-1';
		expect(eventKey('chatbot.transferRequested', transfer).natural).toBe(true);
		// Same identity, other event kind: other key.
		expect(eventKey('workflow.statusChanged', { workflow_id: 'a', status: 'b' }).key).not.toBe(
			eventKey('workflow.contactCompleted', { workflow_id: 'a', status: 'b' }).key,
		);
	});

	it('bounded, in time order, pruned after the window', () => {
		const staticData: Record<string, unknown> = {};
		const t0 = 1_700_000_000_000;
		for (let i = 0; i < 250; i++) {
			const r = claimEvent({
				scopeId: 's',
				staticData,
				key: `k${i}`,
				nowMs: t0 + i * 1000,
				windowMinutes: 60,
				maxKeys: 100,
			});
			expect(r.duplicate).toBe(false);
			expect(r.size).toBeLessThanOrEqual(100);
		}
		expect(persistedSize(staticData)).toBe(100);
		expect(
			claimEvent({
				scopeId: 's',
				staticData,
				key: 'k249',
				nowMs: t0 + 250_000,
				windowMinutes: 60,
				maxKeys: 100,
			}).duplicate,
		).toBe(true);
		expect(
			claimEvent({
				scopeId: 's',
				staticData,
				key: 'k0',
				nowMs: t0 + 250_000,
				windowMinutes: 60,
				maxKeys: 100,
			}).duplicate,
		).toBe(false);
		// Two hours later everything older has expired.
		const later = claimEvent({
			scopeId: 's',
			staticData,
			key: 'new',
			nowMs: t0 + 2 * 3600_000,
			windowMinutes: 60,
			maxKeys: 100,
		});
		expect(later.size).toBe(1);
		expect(persistedSize(staticData)).toBe(1);
	});

	it('merges a record written by another process (queue mode: the retry lands on another webhook process)', () => {
		const t0 = 1_700_000_000_000;
		const other: Record<string, unknown> = {
			[DEDUPE_STATIC_KEY]: { v: 1, writer: 'another-process', rev: 3, keys: { aaaa: t0 / 1000 } },
		};
		expect(
			claimEvent({
				scopeId: 'q',
				staticData: other,
				key: 'aaaa',
				nowMs: t0 + 60_000,
				windowMinutes: 60,
			}).duplicate,
		).toBe(true);
		expect(
			claimEvent({
				scopeId: 'q',
				staticData: other,
				key: 'bbbb',
				nowMs: t0 + 60_000,
				windowMinutes: 60,
			}).duplicate,
		).toBe(false);
		const stored = other[DEDUPE_STATIC_KEY] as Json;
		expect(Object.keys(stored.keys).sort()).toEqual(['aaaa', 'bbbb']);
		expect(stored.writer).not.toBe('another-process');
	});

	it('ignores a corrupted stored record', () => {
		const staticData: Record<string, unknown> = { [DEDUPE_STATIC_KEY]: { v: 1, keys: 'nope' } };
		expect(
			claimEvent({ scopeId: 'c', staticData, key: 'x', nowMs: Date.now(), windowMinutes: 60 })
				.duplicate,
		).toBe(false);
		expect(persistedSize(staticData)).toBe(1);
	});

	it('node static data key is scoped to the node', () => {
		expect(`node:${NODE_NAME}`).toBe('node:AIRudder Trigger');
	});
});
