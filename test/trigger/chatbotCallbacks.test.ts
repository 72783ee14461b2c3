/**
 * AIRudder Trigger: the chatbot callbacks (session end, agent transfer request) as items, through n8n-core's
 * WebhookContext behind a real HTTP server, and the text of each message type.
 */
import { EXAMPLES, example, triggerPerTest } from '../harness/webhook';
import { unixToIso } from '../../nodes/Airudder/helpers/time';
import {
	messageText,
	sessionEnded,
	transferRequested,
} from '../../nodes/Airudder/trigger/chatbotCallbacks';
import type { JsonObject } from '../../nodes/Airudder/trigger/safe';

describe('AIRudder Trigger — chatbot callbacks', () => {
	const { harness, one } = triggerPerTest({ timezone: 'Asia/Jakarta' });

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
		expect(harness().executions).toHaveLength(1);
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

describe('chatbot message text: every content type and its fallbacks (pure)', () => {
	it('text first, whatever the type; an empty text falls through to the type', () => {
		expect(messageText({ type: 'image', text: 'caption', media: { name: 'a.png' } })).toBe(
			'caption',
		);
		expect(messageText({ type: 'image', text: '', media: { name: 'a.png' } })).toBe(
			'[image] a.png',
		);
		expect(messageText({ text: 5 })).toBe('');
		expect(messageText({ type: 'text' })).toBe('[text]');
		expect(messageText({ type: 7 })).toBe('[7]');
	});

	it('templates: a body string, else body.text, else [template]', () => {
		expect(messageText({ type: 'template', template: { content: { body: { text: 'T' } } } })).toBe(
			'T',
		);
		expect(messageText({ type: 'template', template: { content: { body: '' } } })).toBe(
			'[template]',
		);
		expect(messageText({ type: 'template', template: { content: { body: { text: '' } } } })).toBe(
			'[template]',
		);
		expect(messageText({ type: 'template' })).toBe('[template]');
	});

	it('interactive: the body text, else [interactive]', () => {
		expect(messageText({ type: 'interactive', interactive: { body: { text: '' } } })).toBe(
			'[interactive]',
		);
		expect(messageText({ type: 'interactive', interactive: { body: { text: 3 } } })).toBe(
			'[interactive]',
		);
		expect(messageText({ type: 'interactive' })).toBe('[interactive]');
	});

	it('media: the name before the address, for each media type', () => {
		for (const type of ['image', 'video', 'audio', 'file', 'document', 'sticker']) {
			expect(messageText({ type, media: { name: 'n.bin', origin_url: 'https://u' } })).toBe(
				`[${type}] n.bin`,
			);
			expect(messageText({ type, media: { origin_url: 'https://u' } })).toBe(`[${type}] https://u`);
			expect(messageText({ type, media: { name: '' } })).toBe(`[${type}]`);
		}
	});

	it('location: name, address and coordinates, each only when present', () => {
		expect(
			messageText({
				type: 'location',
				location: { name: 'HQ', address: 'Main St 1', latitude: -6.2, longitude: 106.8 },
			}),
		).toBe('[location] HQ Main St 1 -6.2,106.8');
		expect(messageText({ type: 'location', location: { latitude: '1.5' } })).toBe('[location] 1.5');
		expect(messageText({ type: 'location', location: { address: 'Somewhere' } })).toBe(
			'[location] Somewhere',
		);
		expect(messageText({ type: 'location', location: {} })).toBe('[location]');
		expect(messageText({ type: 'location' })).toBe('[location]');
	});

	it('contacts: name and number per contact, empty ones skipped', () => {
		expect(
			messageText({
				type: 'contacts',
				contacts: [{ name: 'Ana', phone_number: '+62 1' }, {}, { phone_number: 628 }, 'x'],
			}),
		).toBe('[contacts] Ana +62 1; 628');
		expect(messageText({ type: 'contacts', contacts: [{}] })).toBe('[contacts]');
		expect(messageText({ type: 'contacts', contacts: {} })).toBe('[contacts]');
	});

	it('system messages: their type', () => {
		expect(messageText({ type: 'system', system: { type: 'session_closed' } })).toBe(
			'[system] session_closed',
		);
		expect(messageText({ type: 'system', system: {} })).toBe('[system]');
	});
});

describe('chatbot callbacks: fields (pure)', () => {
	it('agent transfer: every field, null when missing', () => {
		expect(
			transferRequested({
				event: 'session.transfer',
				channel: 'whatsapp',
				channel_id: 'ch',
				user: { id: 'u1' },
				transfer: { company: 'acme', call_id: 'c1' },
			}),
		).toEqual({
			eventType: 'session.transfer',
			channel: 'whatsapp',
			channelId: 'ch',
			userId: 'u1',
			company: 'acme',
			callId: 'c1',
		});
		expect(transferRequested({ user: 'u', transfer: [] })).toEqual({
			eventType: null,
			channel: null,
			channelId: null,
			userId: null,
			company: null,
			callId: null,
		});
	});

	it('session end: each message line names its sender, unknown when missing', () => {
		const fields = sessionEnded({
			call_id: 'c',
			messages: [
				{ sender_type: 'user', content: { type: 'text', text: 'hello' }, reply: { msg_id: 'm0' } },
				{ content: { type: 'sticker' } },
				'not a message',
			],
		});
		expect(fields.transcript).toBe('user: hello\nunknown: [sticker]\nunknown: ');
		expect(fields.messageCount).toBe(3);
		expect((fields.messages as JsonObject[])[0]).toEqual({
			msgId: null,
			senderType: 'user',
			sentAt: null,
			status: null,
			type: 'text',
			text: 'hello',
			replyToMsgId: 'm0',
		});
		expect(sessionEnded({}).messages).toEqual([]);
		expect(sessionEnded({}).transcript).toBe('');
		expect(sessionEnded({ talk_round: '4' }).talkRound).toBe(4);
	});
});
