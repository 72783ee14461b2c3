/**
 * AIRudder Trigger: node description and the webhook lifecycle (checkExists / create / delete) through
 * n8n-core's HookContext. AIRudder has no API to register callback URLs, so the state lives in static data.
 */
import { NodeConnectionTypes } from 'n8n-workflow';

import { BASE_URL, NODE_NAME, TriggerHarness, WEBHOOK_ID, logs } from '../harness/webhook';
import { AirudderTrigger } from '../../nodes/Airudder/AirudderTrigger.node';

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

	it('has the setup notice, the Events filter (all by default) and the options', () => {
		const notice = description.properties.find((p) => p.type === 'notice');
		expect(notice?.displayName).toMatch(/Production URL/);
		expect(notice?.displayName).toMatch(/Test URL/);
		expect(notice?.displayName).toMatch(/AIRudder support/);
		expect(notice?.displayName).toMatch(/API node/);
		expect(notice?.displayName).toMatch(/not verified/);
		const events = description.properties.find((p) => p.name === 'events');
		expect(events?.type).toBe('multiOptions');
		expect(events?.default).toEqual([
			'workflow.statusChanged',
			'workflow.contactCompleted',
			'workflow.apiNodePush',
			'chatbot.sessionEnded',
			'chatbot.transferRequested',
			'unknown',
		]);
		const options = description.properties.find((p) => p.name === 'options') as Json;
		const byName = Object.fromEntries(options.options.map((o: Json) => [o.name, o]));
		expect(byName.dedupeWindowMinutes.default).toBe(60);
		expect(byName.dedupeWindowMinutes.displayName).toBe('Deduplication Window (Minutes)');
		expect(byName.sharedSecret.typeOptions).toEqual({ password: true });
		expect(byName.customerTimezone.displayName).toBe('Customer Timezone');
		expect(byName.authQueryParameter.default).toBe('secret');
		expect(byName.authHeaderName.default).toBe('X-AIRudder-Secret');
		expect(byName.trustForwardedFor.description).toMatch(/^Whether /);
	});
});

describe('AIRudder Trigger — webhook lifecycle via HookContext', () => {
	beforeEach(() => {
		logs.length = 0;
	});

	const productionUrl = `${BASE_URL}/webhook/${WEBHOOK_ID}/airudder`;

	it('activation: checkExists is false, create records the production URL and logs the setup steps', async () => {
		const harness = new TriggerHarness();
		const methods = harness.nodeType.webhookMethods.default;
		const hook = harness.hookContext('trigger', 'activate');
		expect(hook.getNodeWebhookUrl('default')).toBe(productionUrl);

		expect(await methods.checkExists.call(hook)).toBe(false);
		expect(await methods.create.call(hook)).toBe(true);
		const registration = harness.nodeStaticData().registrations as Json;
		expect(registration.production.url).toBe(productionUrl);
		expect(registration.production.registeredAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
		expect(
			logs.some((entry) => entry.level === 'info' && entry.message.includes(productionUrl)),
		).toBe(true);
		expect(logs.some((entry) => entry.message.includes('AIRudder support'))).toBe(true);

		// On the next activation (e.g. after an n8n restart) it already exists.
		expect(await methods.checkExists.call(harness.hookContext('trigger', 'init'))).toBe(true);
	});

	it('the state survives a restart (static data) and delete clears it', async () => {
		const first = new TriggerHarness();
		const methods = first.nodeType.webhookMethods.default;
		await methods.create.call(first.hookContext('trigger', 'activate'));
		const saved = first.exportStaticData();

		const restarted = new TriggerHarness({ staticData: JSON.parse(saved) });
		expect(await methods.checkExists.call(restarted.hookContext('trigger', 'init'))).toBe(true);

		logs.length = 0;
		expect(await methods.delete.call(restarted.hookContext('trigger', 'activate'))).toBe(true);
		expect(restarted.nodeStaticData().registrations).toEqual({});
		expect(await methods.checkExists.call(restarted.hookContext('trigger', 'init'))).toBe(false);
		expect(
			logs.some(
				(entry) =>
					entry.message.includes('no longer listening') && entry.message.includes(productionUrl),
			),
		).toBe(true);
	});

	it('test URL registrations (manual mode) are kept apart from the production one', async () => {
		const harness = new TriggerHarness();
		const methods = harness.nodeType.webhookMethods.default;
		await methods.create.call(harness.hookContext('trigger', 'activate'));
		const manual = harness.hookContext('manual', 'manual');
		expect(manual.getNodeWebhookUrl('default')).toBe(
			`${BASE_URL}/webhook-test/${WEBHOOK_ID}/airudder`,
		);
		expect(await methods.checkExists.call(manual)).toBe(false);
		await methods.create.call(manual);
		await methods.delete.call(manual);
		const registrations = harness.nodeStaticData().registrations as Json;
		expect(Object.keys(registrations)).toEqual(['production']);
		expect(registrations.production.url).toBe(productionUrl);
	});

	it('uses node-scoped static data', async () => {
		const harness = new TriggerHarness();
		await harness.nodeType.webhookMethods.default.create.call(harness.hookContext());
		expect(Object.keys(JSON.parse(harness.exportStaticData()))).toEqual([`node:${NODE_NAME}`]);
	});
});
