/** The identity of one callback (trigger/eventKey.ts): retries share a key, different events do not. */
import { EXAMPLES, example } from '../harness/webhook';
import { eventKey } from '../../nodes/Airudder/trigger/eventKey';

describe('event keys (pure)', () => {
	it('natural keys per event, and the fallback', () => {
		const session = example(EXAMPLES['chatbot.sessionEnded']);
		const retried = { ...session, timestamp: session.timestamp + 60 };
		expect(eventKey('chatbot.sessionEnded', session)).toEqual(
			eventKey('chatbot.sessionEnded', retried),
		);
		expect(eventKey('chatbot.sessionEnded', session).natural).toBe(true);
		// Transfer with an empty transfer.call_id: fallback on the body.
		expect(
			eventKey('chatbot.transferRequested', example(EXAMPLES['chatbot.transferRequested'])).natural,
		).toBe(false);
		const transfer = example(EXAMPLES['chatbot.transferRequested']);
		transfer.transfer.call_id = 'conv-1';
		expect(eventKey('chatbot.transferRequested', transfer).natural).toBe(true);
		// Same identity, other event kind: other key.
		expect(eventKey('workflow.statusChanged', { workflow_id: 'a', status: 'b' }).key).not.toBe(
			eventKey('workflow.contactCompleted', { workflow_id: 'a', status: 'b' }).key,
		);
	});

	it('the key is the full digest; the eventId its first 64 bits', () => {
		const { key, eventId } = eventKey('workflow.statusChanged', { workflow_id: 'a', status: 'b' });
		expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(Buffer.from(key, 'base64url')).toHaveLength(32);
		expect(eventId).toMatch(/^[0-9a-f]{16}$/);
		expect(Buffer.from(key, 'base64url').toString('hex').startsWith(eventId)).toBe(true);
	});
});
