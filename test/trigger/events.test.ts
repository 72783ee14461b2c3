/**
 * AIRudder Trigger: recognising and normalising every documented callback, driven through n8n-core's
 * WebhookContext behind a real HTTP server.
 */
import { EXAMPLES, TriggerHarness, example, logs } from '../harness/webhook';
import { resetDedupeMemory } from '../../nodes/Airudder/trigger/dedupe';
import { detectEvent, messageText } from '../../nodes/Airudder/trigger/events';
import { localTimeToIso, unixToIso, utcTimeToIso } from '../../nodes/Airudder/trigger/time';

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?(Z|[+-]\d{2}:\d{2})$/;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Item = any;

describe('AIRudder Trigger — events', () => {
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

	it('answers 200 with {} (not n8n\'s default "firstEntryJson" text) and JSON content type', async () => {
		const reply = await harness.post(example(EXAMPLES['workflow.statusChanged']));
		expect(reply.status).toBe(200);
		expect(reply.text).toBe('{}');
		expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
		expect(harness.unanswered).toBe(0);
	});

	it('workflow status change', async () => {
		const raw = example(EXAMPLES['workflow.statusChanged']);
		const item = await one(raw);
		expect(item).toMatchObject({
			event: 'workflow.statusChanged',
			workflowId: 'ea1cb50d19******b3c257bb6a0935b5',
			workflowName: '052******shed2',
			status: 'finished',
			actionCount: 3,
			signature: null,
		});
		expect(item.actions[0]).toEqual({
			nodeTaskId: 'dc9d08ce1f0******b2829274acf',
			nodeTaskName: 'SMS1_de09d6',
			nodeType: 'sms',
			taskId: null,
			taskStatus: null,
		});
		expect(item.actions[1]).toMatchObject({
			nodeType: 'call',
			taskId: 'd5f570c5ca5c******030f8f0bd6',
			taskStatus: 'finished',
		});
		expect(item.raw).toEqual(raw);
		expect(item.receivedAt).toMatch(ISO_WITH_OFFSET);
		expect(item.eventId).toMatch(/^[0-9a-f]{16}$/);
	});

	it('workflow list completion', async () => {
		const raw = example(EXAMPLES['workflow.contactCompleted']);
		const item = await one(raw);
		expect(item).toMatchObject({
			event: 'workflow.contactCompleted',
			workflowId: '5d2c7a0e91b84f3fa1c6a9e0d4b7c213',
			workflowName: 'collection_0520_batch1',
			caseId: 'test-caseid11',
			calleeNumber: '+6281234500011',
			rowCount: 2,
		});
		expect(item.rows).toEqual([
			{
				nodeTaskId: 'a9f31c2b7e6d4c0e8b5a1f2d3c4b5a69',
				nodeTaskName: 'Voicebot Call1_a9c2ad',
				nodeType: 'call',
				taskId: 'e5173ab553e94f0c8d2a6b7c1e0f3d21',
			},
			{
				nodeTaskId: 'c0d4e8f2a1b34c5d9e6f7a8b9c0d1e2f',
				nodeTaskName: 'SMS1_de09d6',
				nodeType: 'sms',
				taskId: null,
			},
		]);
		expect(item.raw).toEqual(raw);
	});

	it('custom API node push, call times in the workflow time zone by default', async () => {
		const raw = example(EXAMPLES['workflow.apiNodePush']);
		const item = await one(raw);
		expect(item).toMatchObject({
			event: 'workflow.apiNodePush',
			workflowId: '079918b288xxxxxxxx3815e2a8030eb',
			workflowName: 'test_api_action6',
			nodeId: 'f878645926xxxxxxxxb0b779ba254',
			nodeName: 'API2',
			caseId: '12345.0',
			calleeName: 'WILL SMITH',
			calleeGender: 'MALE',
			calleeNumber: '+861xxxxxxxx5721',
			dialedNumber: '+8618717905721',
			callerNumber: '+95xxxxxxxx0088',
			platformName: 'AIZCC',
			extraA: 'a',
			variables: { extra_d: 'd' },
			borrowedAmount: 20000,
			totalOwingAmount: 20310,
			currencyUnit: 'USD',
			customAttributes: { a: '1', b: '2' },
			taskId: 'b1a9e2ea8xxxxxxxx1551b6454b414b',
			callId: '817377d194xxxxxxxxc8ad463bc81d996a',
			robotId: '4496',
			callStartTime: '2024-03-11T15:58:26+07:00',
			callEndTime: '2024-03-11T15:59:12+07:00',
			callDurationSeconds: 46,
			customerTimezone: 'Asia/Jakarta',
			callTimes: 2,
			ringType: 'normal',
			ringTime: 2,
			hangupType: 'ByCallee',
			intention: 'E',
			intentionDescription: 'No Voice',
			talkRound: 1,
			nerSlots: { item_name: 'da', receivetime: '2' },
			multiLabel: {
				A0: 'A0',
				Correct_Person: 'identity_correct_person',
				Request_Installment: 'action_item_request_installment',
			},
		});
		expect(item.transcript.split('\n')[1]).toBe('[00:00:00] Customer: no no no no no');
		expect(item.transcriptTurns).toHaveLength(8);
		expect(item.questionAnswers[0]).toMatchObject({
			questionName: 'Q1',
			answer: 'ss02',
			variable: 'S02',
			verificationResults: 'Match',
		});
		expect(item.redialCalls).toHaveLength(3);
		expect(item.redialCalls[0]).toMatchObject({
			callId: '4edf1697f7bxxxxxxxx65bca97f996bb',
			callStartTime: '2024-03-05T16:15:53+07:00',
			resultLabel: 'F',
		});
		expect(item.raw.call.call_start_time).toBe('2024-03-11 15:58:26');
		expect(item.raw).toEqual(raw);
	});

	it('chatbot session end: UTC session times, unix timestamp, messages, signature passed through', async () => {
		const raw = example(EXAMPLES['chatbot.sessionEnded']);
		const item = await one(raw, { 'X-AIRudder-Sign': 'abc123signature' });
		expect(item).toMatchObject({
			event: 'chatbot.sessionEnded',
			workflowId: '4cb9db206ac04xxxxxxxxa315e4e613d2',
			workflowName: '0970_0415_1',
			nodeTaskId: '8fb437c7cxxxxxxxx43b35b09b5a3',
			wabaTaskId: '602ff2fc65exxxxxxxxb89b4ee9736e',
			callId: 'a3f5c12ac59xxxxxxxxad71fe6a8ea3e',
			channel: 'WhatsApp',
			channelId: '6289xxxxxxxx9070',
			calleeNumber: '+6289xxxxxxxx89092',
			robotId: '4755',
			status: 'closed',
			sessionStartTime: '2025-04-15T06:41:00Z',
			sessionEndTime: '2025-04-15T06:41:09Z',
			sessionDurationSeconds: 9,
			sessionEndReason: 'robot',
			intention: 'E',
			talkRound: 3,
			nerSlots: { test_echo: 'okhhhhh' },
			eventLabel: { EventLabel: '1' },
			variables: { date: '2025-05-01', name: 'xinxin.tao', project: 'voicebot' },
			sentAt: '2025-04-15T06:41:09Z',
			messageCount: 16,
			signature: 'abc123signature',
		});
		expect(item.messages[0]).toEqual({
			msgId: '172016xxxxxxxx45344',
			senderType: 'system',
			sentAt: '2024-07-05T06:16:47Z',
			status: 'delivery',
			type: 'system',
			text: '[system] conversation.start',
			replyToMsgId: null,
		});
		expect(item.messages[2]).toMatchObject({
			senderType: 'user',
			type: 'button',
			text: 'no',
			replyToMsgId: '05b1de12037xxxxxxxx64432e9a',
		});
		expect(item.messages[6].text).toBe('请选择您的性别(button)👉👉👉');
		expect(item.transcript).toContain('user: 男');
		expect(item.transcript).toContain('agent: hi');
		expect(item.raw).toEqual(raw);
	});

	it('chatbot agent transfer request', async () => {
		const raw = example(EXAMPLES['chatbot.transferRequested']);
		const item = await one(raw, { 'X-AIRudder-Sign': 'sig-1' });
		expect(item).toMatchObject({
			event: 'chatbot.transferRequested',
			eventType: 'session.transfer',
			channel: 'WhatsApp',
			channelId: '3709',
			userId: '123',
			company: 'Indonesia',
			callId: null,
			signature: 'sig-1',
		});
		expect(item.raw).toEqual(raw);
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
		await harness.stop();
		harness = new TriggerHarness({
			timezone: 'Europe/Berlin',
			parameters: { options: { customerTimezone: 'Asia/Jakarta' } },
		});
		await harness.start();
		const item = await one(example(EXAMPLES['workflow.apiNodePush']));
		expect(item.callStartTime).toBe('2024-03-11T15:58:26+07:00');
		expect(item.customerTimezone).toBe('Asia/Jakarta');
	});

	it('without the option, call times use the workflow time zone (this.getTimezone())', async () => {
		await harness.stop();
		harness = new TriggerHarness({ timezone: 'Europe/Berlin' });
		await harness.start();
		const item = await one(example(EXAMPLES['workflow.apiNodePush']));
		expect(item.callStartTime).toBe('2024-03-11T15:58:26+01:00');
		expect(item.customerTimezone).toBe('Europe/Berlin');
	});

	it('an invalid Customer Timezone falls back to the workflow time zone with a warning', async () => {
		await harness.stop();
		harness = new TriggerHarness({
			timezone: 'America/New_York',
			parameters: { options: { customerTimezone: 'Mars/Olympus' } },
		});
		await harness.start();
		logs.length = 0;
		const item = await one(example(EXAMPLES['workflow.apiNodePush']));
		expect(item.callStartTime).toBe('2024-03-11T15:58:26-04:00');
		expect(
			logs.some((entry) => entry.level === 'warn' && entry.message.includes('Mars/Olympus')),
		).toBe(true);
	});

	it('a chatbot session with 2,000 messages and non-Latin text starts one execution with the text intact', async () => {
		const raw = example(EXAMPLES['chatbot.sessionEnded']);
		const texts = [
			'你好，我想查询我的订单',
			'مرحبا، أريد التحدث إلى وكيل',
			'👋🏽 hello 🎉 — ok',
			'Привет',
			'สวัสดีครับ',
		];
		raw.messages = Array.from({ length: 2000 }, (_, i) => ({
			msg_id: `m-${i}`,
			sender_type: i % 2 === 0 ? 'user' : 'robot',
			timestamp: 1744699000 + i,
			status: 'read',
			content: { type: 'text', text: `${texts[i % texts.length]} #${i}` },
		}));
		const item = await one(raw);
		expect(item.messageCount).toBe(2000);
		expect(item.messages).toHaveLength(2000);
		expect(item.messages[0].text).toBe('你好，我想查询我的订单 #0');
		expect(item.messages[1].text).toBe('مرحبا، أريد التحدث إلى وكيل #1');
		expect(item.messages[2].text).toBe('👋🏽 hello 🎉 — ok #2');
		expect(item.messages[1999].sentAt).toBe(unixToIso(1744699000 + 1999));
		expect(item.transcript.split('\n')).toHaveLength(2000);
		expect(item.raw.messages[1].content.text).toBe('مرحبا، أريد التحدث إلى وكيل #1');
		expect(harness.executions).toHaveLength(1);
	});

	describe('Events filter', () => {
		it('only selected events start the workflow; others are still answered 200 with {}', async () => {
			await harness.stop();
			harness = new TriggerHarness({
				parameters: { events: ['chatbot.sessionEnded', 'workflow.apiNodePush'] },
			});
			await harness.start();
			for (const [event, file] of Object.entries(EXAMPLES)) {
				const reply = await harness.post(example(file));
				expect({ event, status: reply.status, body: reply.text }).toEqual({
					event,
					status: 200,
					body: '{}',
				});
			}
			const unknown = await harness.post({ something: 'else' });
			expect(unknown.status).toBe(200);
			expect(harness.executions.map((e) => e.items[0].event)).toEqual([
				'workflow.apiNodePush',
				'chatbot.sessionEnded',
			]);
		});

		it('by default every event, including unknown, starts the workflow', async () => {
			for (const file of Object.values(EXAMPLES)) await harness.post(example(file));
			await harness.post({ something: 'else' });
			expect(harness.executions.map((e) => e.items[0].event)).toEqual([
				'workflow.statusChanged',
				'workflow.contactCompleted',
				'workflow.apiNodePush',
				'chatbot.sessionEnded',
				'chatbot.transferRequested',
				'unknown',
			]);
		});

		it('unknown can be excluded', async () => {
			await harness.stop();
			harness = new TriggerHarness({
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
			await harness.start();
			const reply = await harness.post({ something: 'else' });
			expect(reply.status).toBe(200);
			expect(harness.executions).toHaveLength(0);
		});
	});

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

describe('event recognition (pure)', () => {
	it('recognises each example and is not fooled by near-misses', () => {
		for (const [event, file] of Object.entries(EXAMPLES))
			expect(detectEvent(example(file))).toBe(event);
		expect(detectEvent({ workflow_id: 'w', status: 'closed', call_id: 'c', messages: [] })).toBe(
			'chatbot.sessionEnded',
		);
		expect(detectEvent({ workflow_id: 'w', status: 'cancelled' })).toBe('workflow.statusChanged');
		expect(detectEvent({ workflow_id: 'w', case_id: 'c', callee_number: '+1' })).toBe(
			'workflow.contactCompleted',
		);
		expect(detectEvent({ workflow_id: 'w', node_id: 'n', call: {} })).toBe('workflow.apiNodePush');
		expect(detectEvent({ event: 'session.transfer' })).toBe('chatbot.transferRequested');
		expect(detectEvent({ workflow_id: 'w' })).toBe('unknown');
		expect(detectEvent(null)).toBe('unknown');
		expect(detectEvent([])).toBe('unknown');
	});

	it('message text for each content type', () => {
		expect(messageText({ type: 'text', text: 'hi' })).toBe('hi');
		expect(messageText({ type: 'image', media: { origin_url: 'https://x/y.jpg' } })).toBe(
			'[image] https://x/y.jpg',
		);
		expect(messageText({ type: 'template', template: { content: { body: 'Body' } } })).toBe('Body');
		expect(messageText({ type: 'interactive', interactive: { body: { text: 'Pick' } } })).toBe(
			'Pick',
		);
		expect(messageText({ type: 'sticker' })).toBe('[sticker]');
		expect(messageText({})).toBe('');
	});

	it('time conversions keep offsets and reject garbage', () => {
		expect(localTimeToIso('2024-03-11 15:58:26', 'Asia/Jakarta')).toBe('2024-03-11T15:58:26+07:00');
		expect(localTimeToIso('2024-03-11 15:58:26+08:00', 'Asia/Jakarta')).toBe(
			'2024-03-11T15:58:26+08:00',
		);
		expect(localTimeToIso('not a time', 'Asia/Jakarta')).toBeNull();
		expect(localTimeToIso('', 'Asia/Jakarta')).toBeNull();
		expect(utcTimeToIso('2025-04-15T06:41:00Z')).toBe('2025-04-15T06:41:00Z');
		expect(utcTimeToIso('2025-04-15T06:41:00')).toBe('2025-04-15T06:41:00Z');
		expect(unixToIso(1744699269)).toBe('2025-04-15T06:41:09Z');
		expect(unixToIso(1744699269000)).toBe('2025-04-15T06:41:09Z');
		expect(unixToIso('x')).toBeNull();
	});
});
