/**
 * AIRudder Trigger: exactly once. AIRudder retries a callback every minute, up to five times, when it does not
 * get a quick 200; every event must start exactly one execution.
 */
import { createHash } from 'node:crypto';

import { EXAMPLES, NODE_NAME, TriggerHarness, example } from '../harness/webhook';
import {
	DedupeMemory,
	LEGACY_STATIC_KEY,
	MAX_SCOPES,
	dedupeMemory,
	resetDedupeMemory,
} from '../../nodes/Airudder/trigger/dedupe';
import { eventKey } from '../../nodes/Airudder/trigger/eventKey';
import {
	RECENT_MAX_KEYS,
	RECENT_STATIC_KEY,
	readRecent,
	recentPrefix,
} from '../../nodes/Airudder/trigger/recentKeys';

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
		// And the persisted part was saved to the "database".
		expect(readRecent(harness.nodeStaticData()[RECENT_STATIC_KEY], 0).size).toBe(5);
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

		// A new event still starts the workflow, and the persisted part keeps growing from the loaded one.
		await harness.post({ ...example(EXAMPLES['workflow.statusChanged']), status: 'cancelled' });
		expect(harness.executions).toHaveLength(1);
		expect(readRecent(harness.nodeStaticData()[RECENT_STATIC_KEY], 0).size).toBe(6);
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

	it('stores only 96-bit digest prefixes with their second, grouped by minute in one string, nothing from the payload', async () => {
		harness = new TriggerHarness();
		await harness.start();
		await harness.post(example(EXAMPLES['workflow.apiNodePush']));
		const stored = harness.nodeStaticData()[RECENT_STATIC_KEY];
		expect(stored).toMatch(/^\d+:[A-Za-z0-9_-]{17}$/);
		const minute = Number(stored.split(':')[0]);
		expect(Math.abs(minute - Date.now() / 60_000)).toBeLessThan(2);
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

	it('memory stays bounded under 10,000 distinct events (oldest forgotten first, newest still deduplicated)', async () => {
		resetDedupeMemory({ maxKeys: 2_500 });
		harness = new TriggerHarness();
		for (let i = 0; i < 10_000; i++) {
			const reply = await harness.deliver({
				workflow_id: `wf-${i}`,
				status: 'finished',
				actions: [],
			});
			if (reply.status !== 200) throw new Error(`delivery ${i}: ${reply.status} ${reply.text}`);
		}
		expect(harness.executions).toHaveLength(10_000);
		expect(dedupeMemory().size).toBe(2_500);
		// The persisted part holds the newest keys only, and stays small.
		expect(readRecent(harness.nodeStaticData()[RECENT_STATIC_KEY], 0).size).toBe(RECENT_MAX_KEYS);
		expect(harness.exportStaticData().length).toBeLessThan(8_000);

		// The newest are still known (memory, and the persisted part for the newest RECENT_MAX_KEYS).
		await harness.deliver({ workflow_id: 'wf-9999', status: 'finished', actions: [] });
		await harness.deliver({ workflow_id: 'wf-7500', status: 'finished', actions: [] });
		expect(harness.executions).toHaveLength(10_000);
		// The oldest were forgotten (above the memory bound) and start again.
		await harness.deliver({ workflow_id: 'wf-0', status: 'finished', actions: [] });
		await harness.deliver({ workflow_id: 'wf-7499', status: 'finished', actions: [] });
		expect(harness.executions).toHaveLength(10_002);
	});

	it('a repeat leaves the static data untouched: n8n has nothing to save', async () => {
		harness = new TriggerHarness({ perRequestWorkflow: true, loadDelayMs: 1 });
		await harness.start();
		for (const file of Object.values(EXAMPLES)) await harness.post(example(file));
		expect(harness.staticDataSaves).toBe(5);
		const saved = harness.exportStaticData();
		for (let attempt = 0; attempt < 4; attempt++) {
			for (const file of Object.values(EXAMPLES)) await harness.post(example(file));
		}
		expect(harness.executions).toHaveLength(5);
		expect(harness.staticDataSaves).toBe(5);
		expect(harness.exportStaticData()).toBe(saved);

		// An event that is not selected in Events does not touch it either.
		await harness.stop();
		harness = new TriggerHarness({
			perRequestWorkflow: true,
			loadDelayMs: 1,
			parameters: { events: ['workflow.statusChanged'] },
		});
		await harness.start();
		await harness.post(example(EXAMPLES['chatbot.sessionEnded']));
		expect(harness.executions).toHaveLength(0);
		expect(harness.staticDataSaves).toBe(0);
	});

	it('a restart keeps the last 10 minutes: repeats of those start nothing, older events of the window start again', async () => {
		const t0 = Date.UTC(2025, 3, 15, 6, 0, 0);
		const now = jest.spyOn(Date, 'now');
		harness = new TriggerHarness({ perRequestWorkflow: true, loadDelayMs: 1 });
		await harness.start();
		const early = { workflow_id: 'wf-early', status: 'finished', actions: [] };
		const late = { workflow_id: 'wf-late', status: 'finished', actions: [] };
		now.mockReturnValue(t0);
		await harness.post(early);
		now.mockReturnValue(t0 + 9 * 60_000);
		await harness.post(late);
		expect(harness.executions).toHaveLength(2);
		const saved = harness.exportStaticData();
		await harness.stop();

		// Restart 12 minutes after the first event: memory is gone, the persisted part is kept.
		resetDedupeMemory();
		harness = new TriggerHarness({
			perRequestWorkflow: true,
			loadDelayMs: 1,
			staticData: JSON.parse(saved),
		});
		await harness.start();
		now.mockReturnValue(t0 + 12 * 60_000);
		await harness.post(late);
		expect(harness.executions).toHaveLength(0);
		// Older than 10 minutes: only the restarted process's memory would have known it.
		await harness.post(early);
		expect(harness.executions.map((e) => e.items[0].workflowId)).toEqual(['wf-early']);
		// From now on memory knows both again.
		await harness.post(early);
		await harness.post(late);
		expect(harness.executions).toHaveLength(1);
	});
});

describe('dedupe record (pure)', () => {
	const t0 = Date.UTC(2025, 3, 15, 6, 0, 0);
	const MINUTE = 60_000;
	let n = 0;
	/** A fresh full key (a base64url SHA-256 digest). */
	const newKey = (): string => createHash('sha256').update(`event-${n++}`).digest('base64url');

	/** n8n's database row: the static data column as JSON text, loaded per request and saved whole. */
	class Database {
		text = '{}';
		saves = 0;
		load(): Record<string, unknown> {
			return JSON.parse(this.text) as Record<string, unknown>;
		}
		save(staticData: Record<string, unknown>): void {
			this.text = JSON.stringify(staticData);
			this.saves++;
		}
	}

	/** One n8n process handling one request: load, claim, save if changed (as LiveWebhooks does). */
	function deliver(
		memory: DedupeMemory,
		db: Database,
		key: string,
		nowMs: number,
		windowMinutes = 60,
		loaded = db.load(),
	): { duplicate: boolean; staticData: Record<string, unknown> } {
		const before = JSON.stringify(loaded);
		const { duplicate } = memory.claim({
			scopeId: 'wf/node',
			staticData: loaded,
			key,
			nowMs,
			windowMinutes,
		});
		if (JSON.stringify(loaded) !== before) db.save(loaded);
		return { duplicate, staticData: loaded };
	}

	const persisted = (db: Database) => readRecent(String(db.load()[RECENT_STATIC_KEY] ?? ''), 0);

	beforeEach(() => resetDedupeMemory());

	it('exact for the whole window in memory, then forgotten (window expiry)', () => {
		const memory = new DedupeMemory();
		const key = newKey();
		const claim = (nowMs: number) =>
			memory.claim({ scopeId: 's', key, nowMs, windowMinutes: 60 }).duplicate;
		expect(claim(t0)).toBe(false);
		expect(claim(t0 + 59 * MINUTE)).toBe(true);
		expect(claim(t0 + 60 * MINUTE)).toBe(true);
		// A key of another event arriving later does not extend this one.
		expect(claim(t0 + 60 * MINUTE + 1_000)).toBe(false);
		expect(memory.size).toBe(1);
		expect(claim(t0 + 61 * MINUTE)).toBe(true);
		// Expired keys leave memory at the next request of their scope.
		memory.claim({ scopeId: 's', key: newKey(), nowMs: t0 + 130 * MINUTE, windowMinutes: 60 });
		expect(memory.size).toBe(1);
	});

	it('memory bound: at most maxKeys over all scopes, the oldest forgotten first', () => {
		const memory = new DedupeMemory(100);
		const keys: string[] = [];
		for (let i = 0; i < 250; i++) {
			keys.push(newKey());
			const result = memory.claim({
				scopeId: i % 2 === 0 ? 'a' : 'b',
				key: keys[i],
				nowMs: t0 + i * 1_000,
				windowMinutes: 60,
			});
			expect(result.duplicate).toBe(false);
			expect(memory.size).toBeLessThanOrEqual(100);
		}
		expect(memory.size).toBe(100);
		const seen = (i: number) =>
			memory.claim({
				scopeId: i % 2 === 0 ? 'a' : 'b',
				key: keys[i],
				nowMs: t0 + 250_000,
				windowMinutes: 60,
			}).duplicate;
		// The newest 100 are known in both scopes; the oldest were forgotten first.
		expect([seen(249), seen(248), seen(150)]).toEqual([true, true, true]);
		expect(seen(149)).toBe(false);
	});

	it('the 10-minute persisted part across processes: a retry reaching another process starts nothing', () => {
		const db = new Database();
		const a = new DedupeMemory();
		const b = new DedupeMemory();
		const k1 = newKey();
		const k2 = newKey();
		expect(deliver(a, db, k1, t0).duplicate).toBe(false);
		// AIRudder retries a minute later; the retry reaches process B.
		expect(deliver(b, db, k1, t0 + MINUTE).duplicate).toBe(true);
		expect(deliver(b, db, k2, t0 + 2 * MINUTE).duplicate).toBe(false);
		expect(deliver(a, db, k2, t0 + 3 * MINUTE).duplicate).toBe(true);
		expect(deliver(a, db, k1, t0 + 9 * MINUTE).duplicate).toBe(true);
		expect([...persisted(db).keys()].sort()).toEqual([k1, k2].map(recentPrefix).sort());
		// After 10 minutes only the process that accepted an event still knows it (memory, whole window).
		expect(deliver(a, db, k1, t0 + 11 * MINUTE).duplicate).toBe(true);
		expect(deliver(b, db, k2, t0 + 14 * MINUTE).duplicate).toBe(true);
		expect(deliver(new DedupeMemory(), db, k2, t0 + 13 * MINUTE).duplicate).toBe(false);
	});

	it('keys older than 10 minutes leave the persisted part at the next write', () => {
		const db = new Database();
		const a = new DedupeMemory();
		const old = newKey();
		deliver(a, db, old, t0);
		deliver(a, db, newKey(), t0 + 5 * MINUTE);
		expect(persisted(db).has(recentPrefix(old))).toBe(true);
		deliver(a, db, newKey(), t0 + 12 * MINUTE);
		expect(persisted(db).has(recentPrefix(old))).toBe(false);
		expect(persisted(db).size).toBe(2);
	});

	it('above N events in 10 minutes the oldest leave the persisted part; memory still knows them', () => {
		const db = new Database();
		const a = new DedupeMemory();
		const keys = Array.from({ length: RECENT_MAX_KEYS + 50 }, newKey);
		keys.forEach((key, i) => deliver(a, db, key, t0 + i * 100));
		expect(persisted(db).size).toBe(RECENT_MAX_KEYS);
		expect(db.text.length).toBeLessThan(8_000);
		const later = t0 + 3 * MINUTE;
		// Another process (or a restart) knows the newest N, not the 50 oldest.
		const fresh = new DedupeMemory();
		expect(deliver(fresh, db, keys[keys.length - 1], later).duplicate).toBe(true);
		expect(deliver(fresh, db, keys[50], later).duplicate).toBe(true);
		expect(deliver(fresh, db, keys[49], later).duplicate).toBe(false);
		// The process that accepted them still dedupes every one.
		expect(keys.every((key) => deliver(a, db, key, later).duplicate)).toBe(true);
	});

	it('concurrent saves: a key another process overwrote is back after this process writes again', () => {
		const db = new Database();
		const a = new DedupeMemory();
		const b = new DedupeMemory();
		const [k1, k2, k3] = [newKey(), newKey(), newKey()];
		// Both processes load the same row; A saves first, then B saves its copy whole (last writer wins).
		const loadedByA = db.load();
		const loadedByB = db.load();
		deliver(a, db, k1, t0, 60, loadedByA);
		deliver(b, db, k2, t0, 60, loadedByB);
		expect(persisted(db).has(recentPrefix(k1))).toBe(false);
		expect(deliver(new DedupeMemory(), db, k1, t0 + MINUTE).duplicate).toBe(false);

		// A's next write re-adds its own keys of the last 10 minutes.
		deliver(a, db, k3, t0 + 2 * MINUTE);
		expect([...persisted(db).keys()].sort()).toEqual([k1, k2, k3].map(recentPrefix).sort());
		expect(deliver(new DedupeMemory(), db, k1, t0 + 3 * MINUTE).duplicate).toBe(true);
	});

	it('concurrent saves: a repeat reaching the process that accepted a lost key restores it', () => {
		const db = new Database();
		const a = new DedupeMemory();
		const b = new DedupeMemory();
		const [k1, k2] = [newKey(), newKey()];
		const loadedByA = db.load();
		const loadedByB = db.load();
		deliver(a, db, k1, t0, 60, loadedByA);
		deliver(b, db, k2, t0, 60, loadedByB);
		const saves = db.saves;
		expect(deliver(a, db, k1, t0 + MINUTE).duplicate).toBe(true);
		expect(db.saves).toBe(saves + 1);
		expect(persisted(db).has(recentPrefix(k1))).toBe(true);
		expect(persisted(db).has(recentPrefix(k2))).toBe(true);
		// Once restored, repeats write nothing again.
		deliver(a, db, k1, t0 + 2 * MINUTE);
		deliver(b, db, k1, t0 + 2 * MINUTE);
		expect(db.saves).toBe(saves + 1);
	});

	it('concurrent saves: any request reaching the process that lost a key restores it, a repeat of another event too', () => {
		const db = new Database();
		const a = new DedupeMemory();
		const b = new DedupeMemory();
		const [k0, k1, k2] = [newKey(), newKey(), newKey()];
		deliver(a, db, k0, t0);
		const loadedByA = db.load();
		const loadedByB = db.load();
		deliver(a, db, k1, t0 + 1_000, 60, loadedByA);
		deliver(b, db, k2, t0 + 1_000, 60, loadedByB);
		expect(persisted(db).has(recentPrefix(k1))).toBe(false);
		// A repeat of k0 (not the lost key) reaches A: A finds its k1 missing and writes it back.
		expect(deliver(a, db, k0, t0 + 2_000).duplicate).toBe(true);
		expect([...persisted(db).keys()].sort()).toEqual([k0, k1, k2].map(recentPrefix).sort());
		// So k1's retry reaching B starts nothing.
		expect(deliver(b, db, k1, t0 + 3_000).duplicate).toBe(true);
		// A repeat reaching B (which lost nothing) writes nothing; neither does A once its keys are back.
		const saves = db.saves;
		deliver(b, db, k0, t0 + 4_000);
		deliver(a, db, k2, t0 + 4_000);
		deliver(a, db, k2, t0 + 5_000);
		expect(db.saves).toBe(saves);
	});

	it('above the cap two processes do not keep rewriting each other: keys too old to be kept are not lost', () => {
		const db = new Database();
		const a = new DedupeMemory();
		const b = new DedupeMemory();
		// A accepts 100 events in minute 0, then B accepts N events in minute 1: A's keys no longer fit.
		const early = Array.from({ length: 100 }, newKey);
		early.forEach((key, i) => deliver(a, db, key, t0 + i * 100));
		const late = Array.from({ length: RECENT_MAX_KEYS }, newKey);
		late.forEach((key, i) => deliver(b, db, key, t0 + MINUTE + i * 100));
		expect(persisted(db).size).toBe(RECENT_MAX_KEYS);
		expect(persisted(db).has(recentPrefix(early[0]))).toBe(false);
		const saves = db.saves;
		for (let i = 0; i < 5; i++) {
			expect(deliver(a, db, early[i], t0 + 2 * MINUTE + i).duplicate).toBe(true);
			expect(deliver(b, db, late[i], t0 + 2 * MINUTE + i).duplicate).toBe(true);
		}
		expect(db.saves).toBe(saves);
		// A key of A newer than the oldest stored one is restored, displacing the oldest.
		const loadedByA = db.load();
		const loadedByB = db.load();
		const [mineA, mineB] = [newKey(), newKey()];
		deliver(a, db, mineA, t0 + 3 * MINUTE, 60, loadedByA);
		deliver(b, db, mineB, t0 + 3 * MINUTE, 60, loadedByB);
		expect(persisted(db).has(recentPrefix(mineA))).toBe(false);
		deliver(a, db, early[0], t0 + 3 * MINUTE + 1_000);
		expect(persisted(db).has(recentPrefix(mineA))).toBe(true);
		expect(persisted(db).has(recentPrefix(mineB))).toBe(true);
		expect(persisted(db).size).toBe(RECENT_MAX_KEYS);
		const restored = db.saves;
		deliver(a, db, early[1], t0 + 3 * MINUTE + 2_000);
		deliver(b, db, late[1], t0 + 3 * MINUTE + 2_000);
		expect(db.saves).toBe(restored);
	});

	it('two busy processes, retries alternating 1-3 s apart at 6 new events a second: every event runs once', () => {
		// As the queue-mode suite: each event's 5 deliveries alternate between two processes; each request loads
		// the row when it starts and saves it whole when it ends (last writer wins), so saves overlap.
		const db = new Database();
		const processes = [new DedupeMemory(), new DedupeMemory()];
		let random = 11;
		const next = (below: number) => (random = (random * 1103515245 + 12345) % 2 ** 31) % below;
		type Request = { at: number; key: string; process: number };
		const requests: Request[] = [];
		const keys = Array.from({ length: 1_000 }, newKey);
		keys.forEach((key, i) => {
			let at = t0 + Math.floor((i * 1_000) / 6);
			for (let d = 0; d < 5; d++) {
				if (d > 0) at += 1_000 + next(2_000);
				requests.push({ at, key, process: (i + d) % 2 });
			}
		});
		requests.sort((x, y) => x.at - y.at);
		const accepted = new Map<string, number>();
		// Each request takes 20-220 ms between its load and its save.
		const pending: Array<{ saveAt: number; staticData: Record<string, unknown>; before: string }> =
			[];
		const flush = (until: number) => {
			pending.sort((x, y) => x.saveAt - y.saveAt);
			while (pending.length > 0 && pending[0].saveAt <= until) {
				const done = pending.shift()!;
				if (JSON.stringify(done.staticData) !== done.before) db.save(done.staticData);
			}
		};
		for (const request of requests) {
			flush(request.at);
			const staticData = db.load();
			const before = JSON.stringify(staticData);
			const { duplicate } = processes[request.process].claim({
				scopeId: 'wf/node',
				staticData,
				key: request.key,
				nowMs: request.at,
				windowMinutes: 60,
			});
			if (!duplicate) accepted.set(request.key, (accepted.get(request.key) ?? 0) + 1);
			pending.push({ saveAt: request.at + 20 + next(200), staticData, before });
		}
		flush(Number.POSITIVE_INFINITY);
		expect(accepted.size).toBe(keys.length);
		expect([...accepted.values()].filter((count) => count > 1)).toHaveLength(0);
	});

	it('repeats and their lookups never write: the static data is assigned only for a new event', () => {
		const writes: string[] = [];
		const target: Record<string, unknown> = {};
		const staticData = new Proxy(target, {
			set(object, name, value) {
				writes.push(String(name));
				return Reflect.set(object, name, value);
			},
			deleteProperty(object, name) {
				writes.push(`delete ${String(name)}`);
				return Reflect.deleteProperty(object, name);
			},
		});
		const memory = new DedupeMemory();
		const key = newKey();
		const claim = (k: string, nowMs: number) =>
			memory.claim({ scopeId: 's', staticData, key: k, nowMs, windowMinutes: 60 }).duplicate;
		expect(claim(key, t0)).toBe(false);
		expect(writes).toEqual([RECENT_STATIC_KEY]);
		for (let i = 1; i <= 20; i++) expect(claim(key, t0 + i * 30_000)).toBe(true);
		expect(writes).toHaveLength(1);
		expect(claim(newKey(), t0 + 11 * MINUTE)).toBe(false);
		expect(writes).toHaveLength(2);
	});

	it('a window shorter than 10 minutes is respected by the persisted part too (to the minute)', () => {
		const db = new Database();
		const key = newKey();
		deliver(new DedupeMemory(), db, key, t0, 2);
		expect(deliver(new DedupeMemory(), db, key, t0 + 2 * MINUTE, 2).duplicate).toBe(true);
		expect(deliver(new DedupeMemory(), db, key, t0 + 3 * MINUTE, 2).duplicate).toBe(false);
	});

	it('ignores a corrupted persisted part and replaces it at the next write', () => {
		const memory = new DedupeMemory();
		const staticData: Record<string, unknown> = { [RECENT_STATIC_KEY]: { not: 'a string' } };
		const key = newKey();
		expect(
			memory.claim({ scopeId: 'c', staticData, key, nowMs: t0, windowMinutes: 60 }).duplicate,
		).toBe(false);
		expect(readRecent(staticData[RECENT_STATIC_KEY] as string, 0).size).toBe(1);
		const garbage: Record<string, unknown> = { [RECENT_STATIC_KEY]: `x:${recentPrefix(key)}` };
		expect(
			new DedupeMemory().claim({
				scopeId: 'c',
				staticData: garbage,
				key,
				nowMs: t0,
				windowMinutes: 60,
			}).duplicate,
		).toBe(false);
	});

	it("upgrade from 0.1.0: its record's last 10 minutes are read once, then the record is dropped", () => {
		const now = Math.floor(t0 / 1000);
		const recent = eventKey('workflow.statusChanged', { workflow_id: 'r', status: 'finished' });
		const older = eventKey('workflow.statusChanged', { workflow_id: 'o', status: 'finished' });
		const db = new Database();
		db.text = JSON.stringify({
			[LEGACY_STATIC_KEY]: {
				v: 1,
				writer: 'old-process',
				rev: 7,
				keys: { [recent.eventId]: now - 4 * 60, [older.eventId]: now - 30 * 60 },
			},
		});
		const memory = new DedupeMemory();
		// Seen 4 minutes before the upgrade: a repeat; 30 minutes before: treated as after a restart.
		expect(deliver(memory, db, recent.key, t0).duplicate).toBe(true);
		expect(db.saves).toBe(0);
		expect(deliver(memory, db, older.key, t0).duplicate).toBe(false);
		expect(Object.keys(db.load())).toEqual([RECENT_STATIC_KEY]);
		// Read once: the memory still has it although the record is gone, until 10 minutes have passed.
		expect(deliver(memory, db, recent.key, t0 + 5 * MINUTE).duplicate).toBe(true);
		expect(deliver(memory, db, recent.key, t0 + 7 * MINUTE).duplicate).toBe(false);
	});

	it("upgrade from 0.1.0: only a version-1 record's hex keys with a number of seconds, at most 10 minutes old", () => {
		const now = Math.floor(t0 / 1000);
		const ids = Array.from({ length: 5 }, (_, i) =>
			eventKey('workflow.statusChanged', { workflow_id: `legacy-${i}`, status: 'finished' }),
		);
		const withRecord = (record: unknown) => ({ [LEGACY_STATIC_KEY]: record });
		const seen = (staticData: Record<string, unknown>, id: number) =>
			new DedupeMemory().claim({
				scopeId: 'l',
				staticData: { ...staticData },
				key: ids[id].key,
				nowMs: t0,
				windowMinutes: 60,
			}).duplicate;
		const keys = {
			// Exactly 10 minutes old: still inside.
			[ids[0].eventId]: now - 10 * 60,
			[ids[1].eventId]: String(now - 60),
			[ids[2].eventId]: now - 10 * 60 - 1,
		};
		const record = withRecord({ v: 1, keys });
		expect([0, 1, 2].map((id) => seen(record, id))).toEqual([true, false, false]);
		expect(seen(withRecord({ v: 2, keys }), 0)).toBe(false);
		expect(seen(withRecord({ v: 1, keys: [now] }), 0)).toBe(false);
	});

	it('at most MAX_SCOPES workflow/node records in memory: the least recently used is forgotten', () => {
		const memory = new DedupeMemory();
		const key = newKey();
		const claim = (scopeId: string, nowMs = t0) =>
			memory.claim({ scopeId, key, nowMs, windowMinutes: 60 }).duplicate;
		for (let i = 0; i < MAX_SCOPES; i++) expect(claim(`scope-${i}`)).toBe(false);
		expect(memory.size).toBe(MAX_SCOPES);
		// Using scope-0 makes scope-1 the least recently used.
		expect(claim('scope-0')).toBe(true);
		expect(claim('one-more')).toBe(false);
		expect(memory.size).toBe(MAX_SCOPES);
		expect(claim('scope-0')).toBe(true);
		expect(claim('scope-2')).toBe(true);
		expect(claim('scope-1')).toBe(false);
	});

	it('above the memory bound the oldest key goes; of two as old, the one of the least recently used scope', () => {
		const tie = new DedupeMemory(2);
		const [k1, k2, k3] = [newKey(), newKey(), newKey()];
		const claim = (memory: DedupeMemory, scopeId: string, key: string, nowMs: number) =>
			memory.claim({ scopeId, key, nowMs, windowMinutes: 60 }).duplicate;
		claim(tie, 'a', k1, t0);
		claim(tie, 'b', k2, t0);
		claim(tie, 'b', k3, t0);
		expect(tie.size).toBe(2);
		expect(claim(tie, 'b', k2, t0 + 1_000)).toBe(true);
		expect(claim(tie, 'a', k1, t0 + 1_000)).toBe(false);

		// A scope with no key in memory (its only event was known from static data) is never the victim.
		const bounded = new DedupeMemory(2);
		const known = newKey();
		const staticData: Record<string, unknown> = {
			// t0 is on a minute: its second is 0, 'A'.
			[RECENT_STATIC_KEY]: `${Math.floor(t0 / MINUTE)}:A${recentPrefix(known)}`,
		};
		expect(
			bounded.claim({ scopeId: 'empty', staticData, key: known, nowMs: t0, windowMinutes: 60 })
				.duplicate,
		).toBe(true);
		claim(bounded, 'full', k1, t0 + 1_000);
		claim(bounded, 'full', k2, t0 + 2_000);
		claim(bounded, 'full', k3, t0 + 3_000);
		expect(bounded.size).toBe(2);
		expect(claim(bounded, 'full', k3, t0 + 4_000)).toBe(true);
		expect(claim(bounded, 'full', k2, t0 + 4_000)).toBe(true);
		expect(claim(bounded, 'full', k1, t0 + 4_000)).toBe(false);
	});

	it("a process's own keys are written back for 10 minutes (through minute +10), then no more", () => {
		const lose = (db: Database, a: DedupeMemory, key: string) => {
			const loadedByA = db.load();
			const loadedByB = db.load();
			deliver(a, db, key, t0, 60, loadedByA);
			deliver(new DedupeMemory(), db, newKey(), t0, 60, loadedByB);
			expect(persisted(db).has(recentPrefix(key))).toBe(false);
		};
		const inside = new Database();
		const a = new DedupeMemory();
		const k1 = newKey();
		lose(inside, a, k1);
		deliver(a, inside, k1, t0 + 10 * MINUTE);
		expect(persisted(inside).has(recentPrefix(k1))).toBe(true);

		const after = new Database();
		const b = new DedupeMemory();
		const k2 = newKey();
		lose(after, b, k2);
		const saves = after.saves;
		expect(deliver(b, after, k2, t0 + 11 * MINUTE).duplicate).toBe(true);
		expect(after.saves).toBe(saves);
		expect(persisted(after).has(recentPrefix(k2))).toBe(false);
	});

	it('node static data key is scoped to the node', () => {
		expect(`node:${NODE_NAME}`).toBe('node:AIRudder Trigger');
	});
	it('the 10-minute tail: another process knows a key through minute +10, not at minute +11', () => {
		const db = new Database();
		const key = newKey();
		expect(deliver(new DedupeMemory(), db, key, t0 + 59_000).duplicate).toBe(false);
		// Minutes count whole: t0 + 59 s is still minute 0; minute +10 is inside the tail, +11 is not.
		expect(deliver(new DedupeMemory(), db, key, t0 + 10 * MINUTE).duplicate).toBe(true);
		expect(deliver(new DedupeMemory(), db, key, t0 + 10 * MINUTE + 59_999).duplicate).toBe(true);
		expect(deliver(new DedupeMemory(), db, key, t0 + 11 * MINUTE).duplicate).toBe(false);
	});

	it('a window of a fraction of a minute reaches the whole minute in the persisted part', () => {
		const key = newKey();
		const db = new Database();
		deliver(new DedupeMemory(), db, key, t0, 2.5);
		expect(deliver(new DedupeMemory(), db, key, t0 + 3 * MINUTE, 2.5).duplicate).toBe(true);
		const later = new Database();
		deliver(new DedupeMemory(), later, key, t0, 2.5);
		expect(deliver(new DedupeMemory(), later, key, t0 + 4 * MINUTE, 2.5).duplicate).toBe(false);
	});

	it('the in-memory window ends on the second: exactly one window later a repeat, a second after that new', () => {
		const memory = new DedupeMemory();
		const key = newKey();
		const claim = (nowMs: number) =>
			memory.claim({ scopeId: 'w', key, nowMs, windowMinutes: 15 }).duplicate;
		expect(claim(t0 + 999)).toBe(false);
		expect(claim(t0 + 15 * MINUTE + 999)).toBe(true);
		expect(memory.size).toBe(1);
		expect(claim(t0 + 15 * MINUTE + 1_000)).toBe(false);
		expect(memory.size).toBe(1);
	});

	it('a claim without static data keeps the record in memory only', () => {
		const memory = new DedupeMemory();
		const key = newKey();
		expect(memory.claim({ scopeId: 'm', key, nowMs: t0, windowMinutes: 60 })).toEqual({
			duplicate: false,
			size: 1,
		});
		expect(memory.claim({ scopeId: 'm', key, nowMs: t0, windowMinutes: 60 })).toEqual({
			duplicate: true,
			size: 1,
		});
		// Scopes are separate: the same key in another workflow/node is a new event.
		expect(memory.claim({ scopeId: 'other', key, nowMs: t0, windowMinutes: 60 })).toEqual({
			duplicate: false,
			size: 1,
		});
		expect(memory.size).toBe(2);
	});
});
