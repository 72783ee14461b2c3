/** The AIRudder Trigger's parameters (trigger/triggerProperties.ts): setup notice, Events and Options. */
import { AirudderTrigger } from '../../nodes/Airudder/AirudderTrigger.node';
import { AIRUDDER_EVENTS } from '../../nodes/Airudder/trigger/detectEvent';

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

	/** n8n's rule for display names: every word capitalised, except short joining words. */
	const isTitleCase = (text: string) =>
		text
			.split(/[\s(]+/)
			.filter((word) => word !== '')
			.every((word) => /^(a|an|and|by|for|in|of|on|or|the|to)$|^[A-Z0-9]/.test(word));

	it("the editor view follows n8n's conventions: Title Case names, alphabetical options, a description each", () => {
		const events = description.properties.find((p) => p.name === 'events') as Json;
		const options = description.properties.find((p) => p.name === 'options') as Json;
		const eventNames = events.options.map((o: Json) => o.name);
		expect(eventNames).toEqual([...eventNames].sort());
		expect(events.options.map((o: Json) => o.value).sort()).toEqual([...AIRUDDER_EVENTS].sort());
		const optionNames = options.options.map((o: Json) => o.displayName);
		expect(optionNames).toEqual([...optionNames].sort());
		expect(options.placeholder).toBe('Add Option');
		expect(isTitleCase(options.displayName)).toBe(true);
		const entries: Json[] = [
			events,
			...events.options,
			...options.options,
			...options.options.flatMap((o: Json) => o.options ?? []),
		];
		for (const entry of entries) {
			const label: string = entry.displayName ?? entry.name;
			expect(isTitleCase(label)).toBe(true);
			expect(typeof entry.description).toBe('string');
			expect(entry.description.length).toBeGreaterThan(20);
		}
		expect(options.options.map((o: Json) => [o.name, o.type, o.default])).toEqual([
			['customerTimezone', 'string', ''],
			['dedupeWindowMinutes', 'number', 60],
			['ipAllowlist', 'string', ''],
			['authHeaderName', 'string', 'X-AIRudder-Secret'],
			['authLocation', 'options', 'query'],
			['authQueryParameter', 'string', 'secret'],
			['sharedSecret', 'string', ''],
			['trustForwardedFor', 'boolean', false],
		]);
	});

	it('each parameter tells the user what it does and what happens otherwise', () => {
		const options = description.properties.find((p) => p.name === 'options') as Json;
		const text = (name: string) =>
			options.options.find((o: Json) => o.name === name).description as string;
		expect(text('customerTimezone')).toMatch(
			/IANA time zone.*call_start_time.*Empty: the workflow/,
		);
		expect(text('dedupeWindowMinutes')).toMatch(
			/HTTP 200 but starts nothing.*0 turns deduplication off/,
		);
		expect(text('ipAllowlist')).toMatch(/CIDR ranges.*HTTP 403.*Empty: any address/);
		expect(text('authHeaderName')).toMatch(/Header that carries the shared secret/);
		expect(text('authQueryParameter')).toMatch(/Query parameter that carries the shared secret/);
		expect(text('sharedSecret')).toMatch(/missing or wrong secret gets HTTP 401/);
		expect(text('trustForwardedFor')).toMatch(/^Whether .*X-Forwarded-For.*proxy you control/);
		expect(options.options.find((o: Json) => o.name === 'dedupeWindowMinutes').typeOptions).toEqual(
			{
				minValue: 0,
			},
		);
		const location = options.options.find((o: Json) => o.name === 'authLocation');
		expect(location.options.map((o: Json) => [o.value, o.description])).toEqual([
			['header', expect.stringMatching(/request header/)],
			['query', expect.stringMatching(/\?secret=your-secret/)],
		]);
		const events = description.properties.find((p) => p.name === 'events') as Json;
		expect(events.description).toMatch(/Others are still answered with HTTP 200 but start nothing/);
		const eventText = Object.fromEntries(events.options.map((o: Json) => [o.value, o.description]));
		expect(eventText).toEqual({
			'chatbot.sessionEnded': expect.stringMatching(/chatbot conversation .* ended/),
			'chatbot.transferRequested': expect.stringMatching(/human agent/),
			unknown: expect.stringMatching(/does not recognise .*"raw"/),
			'workflow.apiNodePush': expect.stringMatching(/custom API node/),
			'workflow.contactCompleted': expect.stringMatching(/One contact finished/),
			'workflow.statusChanged': expect.stringMatching(/finished or cancelled/),
		});
	});
});
