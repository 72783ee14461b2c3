/**
 * AIRudder Trigger: the steps of one request that are not about security, the body or deduplication: the
 * answer, event selection (Events) and unknown shapes, and the Customer Timezone option.
 */
import type { INodeParameters } from 'n8n-workflow';

import { EXAMPLES, example, logs, triggerPerTest, triggerStartedInTest } from '../harness/webhook';
import { resetDedupeMemory } from '../../nodes/Airudder/trigger/dedupe';

describe('AIRudder Trigger — webhook steps', () => {
	const { harness, one, restart } = triggerPerTest({ timezone: 'Asia/Jakarta' });

	it('answers 200 with {} (not n8n\'s default "firstEntryJson" text) and JSON content type', async () => {
		const reply = await harness().post(example(EXAMPLES['workflow.statusChanged']));
		expect(reply.status).toBe(200);
		expect(reply.text).toBe('{}');
		expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
		expect(harness().unanswered).toBe(0);
	});

	it('unknown shapes become event "unknown" with the payload under raw, and are logged', async () => {
		for (const body of [
			{ hello: 'world' },
			[1, 2, 3],
			{ workflow_id: 'w1' },
			42,
			'just a string',
		]) {
			logs.length = 0;
			// A string body is sent as a JSON string.
			const item = await one(typeof body === 'string' ? JSON.stringify(body) : body);
			expect(item.event).toBe('unknown');
			expect(item.raw).toEqual(body);
			expect(Object.keys(item).sort()).toEqual([
				'event',
				'eventId',
				'raw',
				'receivedAt',
				'signature',
			]);
			expect(
				logs.some((entry) => entry.level === 'warn' && entry.message.includes('unknown shape')),
			).toBe(true);
		}
	});

	it('Customer Timezone option reads call times in that zone (Asia/Jakarta -> +07:00)', async () => {
		await restart({
			timezone: 'Europe/Berlin',
			parameters: { options: { customerTimezone: 'Asia/Jakarta' } },
		});
		const item = await one(example(EXAMPLES['workflow.apiNodePush']));
		expect(item.callStartTime).toBe('2024-03-11T15:58:26+07:00');
		expect(item.customerTimezone).toBe('Asia/Jakarta');
	});

	it('without the option, call times use the workflow time zone (this.getTimezone())', async () => {
		await restart({ timezone: 'Europe/Berlin' });
		const item = await one(example(EXAMPLES['workflow.apiNodePush']));
		expect(item.callStartTime).toBe('2024-03-11T15:58:26+01:00');
		expect(item.customerTimezone).toBe('Europe/Berlin');
	});

	it('an invalid Customer Timezone falls back to the workflow time zone with a warning', async () => {
		await restart({
			timezone: 'America/New_York',
			parameters: { options: { customerTimezone: 'Mars/Olympus' } },
		});
		logs.length = 0;
		const item = await one(example(EXAMPLES['workflow.apiNodePush']));
		expect(item.callStartTime).toBe('2024-03-11T15:58:26-04:00');
		expect(
			logs.some((entry) => entry.level === 'warn' && entry.message.includes('Mars/Olympus')),
		).toBe(true);
	});

	describe('Events filter', () => {
		it('only selected events start the workflow; others are still answered 200 with {}', async () => {
			await restart({
				parameters: { events: ['chatbot.sessionEnded', 'workflow.apiNodePush'] },
			});
			for (const [event, file] of Object.entries(EXAMPLES)) {
				const reply = await harness().post(example(file));
				expect({ event, status: reply.status, body: reply.text }).toEqual({
					event,
					status: 200,
					body: '{}',
				});
			}
			const unknown = await harness().post({ something: 'else' });
			expect(unknown.status).toBe(200);
			expect(harness().executions.map((e) => e.items[0].event)).toEqual([
				'workflow.apiNodePush',
				'chatbot.sessionEnded',
			]);
		});

		it('by default every event, including unknown, starts the workflow', async () => {
			for (const file of Object.values(EXAMPLES)) await harness().post(example(file));
			await harness().post({ something: 'else' });
			expect(harness().executions.map((e) => e.items[0].event)).toEqual([
				'workflow.statusChanged',
				'workflow.contactCompleted',
				'workflow.apiNodePush',
				'chatbot.sessionEnded',
				'chatbot.transferRequested',
				'unknown',
			]);
		});

		it('unknown can be excluded', async () => {
			await restart({
				parameters: {
					events: [
						'workflow.statusChanged',
						'workflow.contactCompleted',
						'workflow.apiNodePush',
						'chatbot.sessionEnded',
						'chatbot.transferRequested',
					],
				},
			});
			const reply = await harness().post({ something: 'else' });
			expect(reply.status).toBe(200);
			expect(harness().executions).toHaveLength(0);
		});
	});
});

describe('AIRudder Trigger — webhook step options', () => {
	const started = triggerStartedInTest();
	const harness = started.harness;
	const start = (options: INodeParameters, timezone = 'Asia/Jakarta') =>
		started.start({ timezone, parameters: { options } });

	const body = () => example(EXAMPLES['workflow.statusChanged']);

	it('blank secret parameter and header names fall back to the defaults; names are trimmed', async () => {
		await start({ sharedSecret: 'k', authQueryParameter: '   ' });
		expect((await harness().post(body(), { query: { secret: 'k' } })).status).toBe(200);
		await harness().stop();
		resetDedupeMemory();
		await start({ sharedSecret: 'k', authLocation: 'header', authHeaderName: ' ' });
		expect((await harness().post(body(), { headers: { 'X-AIRudder-Secret': 'k' } })).status).toBe(
			200,
		);
		await harness().stop();
		resetDedupeMemory();
		await start({ sharedSecret: 'k', authLocation: 'header', authHeaderName: ' X-Key ' });
		expect((await harness().post(body(), { headers: { 'X-Key': 'k' } })).status).toBe(200);
		await harness().stop();
		resetDedupeMemory();
		await start({ sharedSecret: 'k', authQueryParameter: ' token ' });
		expect((await harness().post(body(), { query: { token: 'k' } })).status).toBe(200);
		expect(harness().executions).toHaveLength(1);
	});

	it('a refused request is logged with its reason, never the secret', async () => {
		await start({ sharedSecret: 'the-secret' });
		expect((await harness().post(body(), { query: { secret: 'nope' } })).status).toBe(401);
		expect((await harness().post(body())).status).toBe(401);
		const messages = logs.map((entry) => entry.message);
		expect(messages).toContain('AIRudder Trigger: refused a request (invalid secret)');
		expect(messages).toContain('AIRudder Trigger: refused a request (missing secret)');
		expect(JSON.stringify(logs)).not.toContain('the-secret');
	});

	it('an allowlist of blanks is off; a refusal names the address', async () => {
		await start({ ipAllowlist: '  \n ' });
		expect((await harness().post(body())).status).toBe(200);
		await harness().stop();
		resetDedupeMemory();
		logs.length = 0;
		await start({ ipAllowlist: '203.0.113.7, nonsense' });
		expect((await harness().post(body())).status).toBe(403);
		const messages = logs.map((entry) => `${entry.level} ${entry.message}`);
		expect(
			messages.some((m) =>
				/^info .*refused a request from \S+ \(not in the IP allowlist\)$/.test(m),
			),
		).toBe(true);
		expect(messages).toContain(
			'warn AIRudder Trigger: 1 IP allowlist entries could not be read and match nothing: nonsense',
		);
	});

	it('Deduplication Window: a value that is not a number keeps the default; 0 or less turns it off', async () => {
		await start({ dedupeWindowMinutes: 'soon' });
		await harness().post(body());
		await harness().post(body());
		expect(harness().executions).toHaveLength(1);
		await harness().stop();
		resetDedupeMemory();
		await start({ dedupeWindowMinutes: -5 });
		await harness().post(body());
		await harness().post(body());
		expect(harness().executions).toHaveLength(2);
	});

	it('a blank Customer Timezone uses the workflow time zone without a warning; a padded one is trimmed', async () => {
		await start({ customerTimezone: '   ' }, 'America/New_York');
		expect((await harness().post(example(EXAMPLES['workflow.apiNodePush']))).status).toBe(200);
		expect(harness().executions[0].items[0].customerTimezone).toBe('America/New_York');
		expect(logs.some((entry) => entry.level === 'warn')).toBe(false);
		await harness().stop();
		resetDedupeMemory();
		await start({ customerTimezone: ' Asia/Tokyo ' }, 'America/New_York');
		await harness().post(example(EXAMPLES['workflow.apiNodePush']));
		expect(harness().executions[0].items[0].customerTimezone).toBe('Asia/Tokyo');
	});

	it('an unknown shape is logged with its field names, an array or a type otherwise', async () => {
		await start({});
		await harness().post({ zeta: 1, alpha: 2 });
		await harness().post([1]);
		await harness().post(7);
		const warnings = logs.filter((e) => e.level === 'warn').map((e) => e.message);
		expect(warnings).toEqual([
			'AIRudder Trigger: received a callback of an unknown shape (fields: zeta, alpha)',
			'AIRudder Trigger: received a callback of an unknown shape (fields: an array)',
			'AIRudder Trigger: received a callback of an unknown shape (fields: number)',
		]);
	});
});
