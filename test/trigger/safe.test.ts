/**
 * AIRudder Trigger: caller-supplied JSON can never touch a prototype (trigger/safe.ts), through n8n-core's
 * WebhookContext behind a real HTTP server.
 */
import { EXAMPLES, TriggerHarness, example } from '../harness/webhook';
import { resetDedupeMemory } from '../../nodes/Airudder/trigger/dedupe';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Item = any;

describe('AIRudder Trigger — safe copies of caller JSON', () => {
	let harness: TriggerHarness;

	beforeEach(async () => {
		resetDedupeMemory();
		harness = new TriggerHarness({ timezone: 'Asia/Jakarta' });
		await harness.start();
	});

	afterEach(async () => {
		await harness.stop();
	});

	async function one(body: unknown, headers: Record<string, string> = {}): Promise<Item> {
		const before = harness.executions.length;
		const reply = await harness.post(body, { headers });
		expect(reply.status).toBe(200);
		expect(reply.json).toEqual({});
		expect(harness.executions.length).toBe(before + 1);
		const items = harness.executions[harness.executions.length - 1].items;
		expect(items).toHaveLength(1);
		return items[0];
	}

	describe('prototype pollution', () => {
		it('__proto__ / constructor / prototype keys in a payload do not pollute prototypes', async () => {
			const body =
				'{"workflow_id":"w-proto","status":"finished","actions":[{"__proto__":{"polluted":"yes"},"node_type":"call"}],' +
				'"__proto__":{"polluted":"yes","isAdmin":true},"constructor":{"prototype":{"polluted":"yes"}},' +
				'"nested":{"__proto__":{"polluted":"yes"},"prototype":{"x":1},"ok":1}}';
			const reply = await harness.post(body);
			expect(reply.status).toBe(200);
			const item = harness.executions[0].items[0] as Item;
			expect(item.event).toBe('workflow.statusChanged');
			expect(({} as Item).polluted).toBeUndefined();
			expect(({} as Item).isAdmin).toBeUndefined();
			expect((Object.prototype as Item).polluted).toBeUndefined();
			expect(Object.getPrototypeOf(item.raw)).toBe(Object.prototype);
			expect(Object.getPrototypeOf(item.raw.nested)).toBe(Object.prototype);
			expect(Object.keys(item.raw).sort()).toEqual(['actions', 'nested', 'status', 'workflow_id']);
			expect(item.raw.nested).toEqual({ ok: 1 });
			expect(item.raw.polluted).toBeUndefined();
			expect(item.actions[0].nodeType).toBe('call');
			expect(Object.getPrototypeOf(item.actions[0])).toBe(Object.prototype);
		});

		it('prototype keys inside contact variables and slots are dropped', async () => {
			const raw = example(EXAMPLES['workflow.apiNodePush']);
			raw.callee.extra.push(
				{ Question: '__proto__', Content: 'x' },
				{ Question: 'constructor', Content: 'y' },
			);
			raw.call.ner_slots = JSON.parse('{"__proto__":{"polluted":"yes"},"a":"1"}');
			const item = await one(raw);
			expect(item.variables).toEqual({ extra_d: 'd' });
			expect(item.nerSlots).toEqual({ a: '1' });
			expect(({} as Item).polluted).toBeUndefined();
		});
	});
});
