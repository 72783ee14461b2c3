/** The item the trigger emits (trigger/triggerItem.ts). */
import { EXAMPLES, example } from '../harness/webhook';
import { buildItem, normaliseEvent } from '../../nodes/Airudder/trigger/triggerItem';

describe('trigger item (pure)', () => {
	it('event first, the normalised fields, then eventId, signature, receivedAt and a safe copy of the body', () => {
		const body = JSON.parse('{"call_id":"c1","__proto__":{"polluted":1}}');
		const item = buildItem(
			{
				event: 'chatbot.sessionEnded',
				eventId: '0123456789abcdef',
				signature: null,
				receivedAt: 'now',
			},
			{ callId: 'c1', messageCount: 0 },
			body,
		);
		expect(Object.keys(item)).toEqual([
			'event',
			'callId',
			'messageCount',
			'eventId',
			'signature',
			'receivedAt',
			'raw',
		]);
		expect(item.raw).toEqual({ call_id: 'c1' });
		expect(item.raw).not.toBe(body);
	});

	it('fields per event; nothing for an unknown event or a body that is not an object', () => {
		const zone = { customerTimezone: 'Asia/Jakarta' };
		expect(
			normaliseEvent('workflow.statusChanged', example(EXAMPLES['workflow.statusChanged']), zone),
		).toMatchObject({
			status: 'finished',
			actionCount: 3,
		});
		expect(
			normaliseEvent('workflow.apiNodePush', example(EXAMPLES['workflow.apiNodePush']), zone),
		).toMatchObject({
			callStartTime: '2024-03-11T15:58:26+07:00',
			customerTimezone: 'Asia/Jakarta',
		});
		expect(normaliseEvent('unknown', { a: 1 }, zone)).toEqual({});
		expect(normaliseEvent('workflow.statusChanged', [1, 2], zone)).toEqual({});
		expect(normaliseEvent('chatbot.sessionEnded', 'text', zone)).toEqual({});
	});
});
