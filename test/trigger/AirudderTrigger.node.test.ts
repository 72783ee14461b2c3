/**
 * AIRudder Trigger (AirudderTrigger.node.ts): its description, the webhook lifecycle (checkExists / create /
 * delete) through n8n-core's HookContext, and every callback end to end with the simulator's callback sender.
 * AIRudder has no API to register callback URLs: the lifecycle only logs the URL to hand over.
 */
import { NodeConnectionTypes } from 'n8n-workflow';

import { BASE_URL, NODE_NAME, TriggerHarness, WEBHOOK_ID, logs } from '../harness/webhook';
import { AirudderTrigger } from '../../nodes/Airudder/AirudderTrigger.node';
import { resetDedupeMemory } from '../../nodes/Airudder/trigger/dedupe';
import { CALLBACK_EVENTS, sendCallbacks } from '../../tools/simulator/callbacks';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

describe('AIRudder Trigger — description', () => {
	const { description } = new AirudderTrigger();

	it('is a webhook trigger with the expected identity', () => {
		expect(description).toMatchObject({
			displayName: 'AIRudder Trigger',
			name: 'airudderTrigger',
			group: ['trigger'],
			version: 1,
			inputs: [],
			outputs: [NodeConnectionTypes.Main],
			defaults: { name: 'AIRudder Trigger' },
			icon: { light: 'file:airudder.svg', dark: 'file:airudder.dark.svg' },
		});
		expect(typeof description.subtitle).toBe('string');
		expect(description.credentials ?? []).toEqual([]);
		expect((description as Json).usableAsTool).toBeUndefined();
		expect(description.webhooks).toEqual([
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: 'noData',
				path: 'airudder',
			},
		]);
	});
});

describe('AIRudder Trigger — webhook lifecycle via HookContext', () => {
	beforeEach(() => {
		logs.length = 0;
	});

	const productionUrl = `${BASE_URL}/webhook/${WEBHOOK_ID}/airudder`;

	it('activation: checkExists is false (AIRudder has nothing to look up), create logs the URL and the setup steps', async () => {
		const harness = new TriggerHarness();
		const methods = harness.nodeType.webhookMethods.default;
		const hook = harness.hookContext('trigger', 'activate');
		expect(hook.getNodeWebhookUrl('default')).toBe(productionUrl);

		expect(await methods.checkExists.call(hook)).toBe(false);
		expect(await methods.create.call(hook)).toBe(true);
		expect(
			logs.some(
				(entry) =>
					entry.level === 'info' &&
					entry.message.includes('production callback URL ready') &&
					entry.message.includes(productionUrl),
			),
		).toBe(true);
		expect(logs.some((entry) => entry.message.includes('AIRudder support'))).toBe(true);

		// On the next activation (e.g. after an n8n restart) n8n calls create again, which logs the URL again.
		logs.length = 0;
		const init = harness.hookContext('trigger', 'init');
		expect(await methods.checkExists.call(init)).toBe(false);
		await methods.create.call(init);
		expect(logs.some((entry) => entry.message.includes(productionUrl))).toBe(true);
	});

	it('nothing is written to static data; the 0.1.0 registrations record is removed', async () => {
		const harness = new TriggerHarness({
			staticData: {
				[`node:${NODE_NAME}`]: {
					registrations: {
						production: { url: productionUrl, registeredAt: '2025-04-15T06:41:09Z' },
					},
				},
			},
		});
		const methods = harness.nodeType.webhookMethods.default;
		await methods.create.call(harness.hookContext('trigger', 'activate'));
		expect(harness.nodeStaticData()).toEqual({});
		await methods.create.call(harness.hookContext('trigger', 'init'));
		await methods.delete.call(harness.hookContext('trigger', 'activate'));
		expect(harness.nodeStaticData()).toEqual({});
	});

	it('delete logs that the URL no longer listens', async () => {
		const harness = new TriggerHarness();
		expect(
			await harness.nodeType.webhookMethods.default.delete.call(
				harness.hookContext('trigger', 'activate'),
			),
		).toBe(true);
		expect(
			logs.some(
				(entry) =>
					entry.message.includes('no longer listening') && entry.message.includes(productionUrl),
			),
		).toBe(true);
	});

	it('test URL (manual mode): its own URL in the log lines', async () => {
		const harness = new TriggerHarness();
		const methods = harness.nodeType.webhookMethods.default;
		const manual = harness.hookContext('manual', 'manual');
		const testUrl = `${BASE_URL}/webhook-test/${WEBHOOK_ID}/airudder`;
		expect(manual.getNodeWebhookUrl('default')).toBe(testUrl);
		expect(await methods.checkExists.call(manual)).toBe(false);
		await methods.create.call(manual);
		await methods.delete.call(manual);
		expect(logs.map((entry) => entry.message)).toEqual([
			expect.stringContaining(`test callback URL ready: ${testUrl}`),
			expect.stringContaining(`test callback URL no longer listening: ${testUrl}`),
		]);
	});
});

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
