/**
 * AIRudder Trigger: the chatbot callbacks (session end, agent transfer request) as items, through n8n-core's
 * WebhookContext behind a real HTTP server, and the text of each message type.
 */
import { EXAMPLES, TriggerHarness, example } from '../harness/webhook';
import { unixToIso } from '../../nodes/Airudder/helpers/time';
import { messageText } from '../../nodes/Airudder/trigger/chatbotCallbacks';
import { resetDedupeMemory } from '../../nodes/Airudder/trigger/dedupe';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Item = any;

describe('AIRudder Trigger — chatbot callbacks', () => {
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
});

describe('chatbot message text (pure)', () => {
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
});
