/** The AIRudder Trigger's parameters (trigger/triggerProperties.ts): setup notice, Events and Options. */
import { AirudderTrigger } from '../../nodes/Airudder/AirudderTrigger.node';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

describe('AIRudder Trigger — parameters', () => {
	const { description } = new AirudderTrigger();

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
