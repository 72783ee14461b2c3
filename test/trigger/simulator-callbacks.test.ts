/**
 * AIRudder Trigger end to end over real HTTP, with the simulator's callback sender (tools/simulator/callbacks)
 * playing AIRudder: every event, retried five times, some with a changed timestamp.
 */
import { TriggerHarness } from '../harness/webhook';
import { resetDedupeMemory } from '../../nodes/Airudder/trigger/dedupe';
import { CALLBACK_EVENTS, sendCallbacks } from '../../tools/simulator/callbacks';

describe('AIRudder Trigger — driven by the simulator callback sender', () => {
	let harness: TriggerHarness;

	beforeEach(() => resetDedupeMemory());

	afterEach(async () => {
		await harness?.stop();
	});

	it('all callbacks, 5 deliveries each (changing timestamps): every answer is 200 {} within 10 s, one execution per event', async () => {
		harness = new TriggerHarness({ perRequestWorkflow: true, loadDelayMs: 1 });
		const url = await harness.start();
		const results = await sendCallbacks({ url, times: 5, changeTimestamp: true });

		expect(results).toHaveLength(Object.keys(CALLBACK_EVENTS).length * 5);
		for (const result of results) {
			expect({
				event: result.event,
				attempt: result.attempt,
				status: result.status,
				body: result.body,
			}).toEqual({
				event: result.event,
				attempt: result.attempt,
				status: 200,
				body: '{}',
			});
			expect(result.ms).toBeLessThan(10_000);
		}
		const started = harness.executions.map((execution) => execution.items[0].event).sort();
		expect(started).toEqual(Object.keys(CALLBACK_EVENTS).sort());

		// The chatbot callbacks carry X-AIRudder-Sign: passed through, not verified.
		const session = harness.executions.find(
			(execution) => execution.items[0].event === 'chatbot.sessionEnded',
		)!;
		expect(session.items[0].signature).toMatch(/^sim-[0-9a-f]{32}$/);
		const status = harness.executions.find(
			(execution) => execution.items[0].event === 'workflow.statusChanged',
		)!;
		expect(status.items[0].signature).toBeNull();
	});

	it('with a shared secret: the sender without it gets 401, with it 200', async () => {
		harness = new TriggerHarness({
			parameters: { options: { sharedSecret: 'sim-secret', authLocation: 'header' } },
		});
		const url = await harness.start();

		const refused = await sendCallbacks({ url, events: ['workflow.apiNodePush'], times: 2 });
		expect(refused.map((r) => r.status)).toEqual([401, 401]);
		expect(harness.executions).toHaveLength(0);

		const accepted = await sendCallbacks({
			url,
			events: ['workflow.apiNodePush'],
			times: 3,
			headers: { 'X-AIRudder-Secret': 'sim-secret' },
		});
		expect(accepted.map((r) => r.status)).toEqual([200, 200, 200]);
		expect(harness.executions).toHaveLength(1);
	});

	it('with the secret in the query string of the URL given to AIRudder', async () => {
		harness = new TriggerHarness({ parameters: { options: { sharedSecret: 'q-secret' } } });
		const url = await harness.start();
		const results = await sendCallbacks({
			url: `${url}?secret=q-secret`,
			events: ['chatbot.sessionEnded'],
			times: 5,
			changeTimestamp: true,
		});
		expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
		expect(harness.executions).toHaveLength(1);
	});
});
