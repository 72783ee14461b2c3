/** Recognising AIRudder callbacks by their shape (trigger/detectEvent.ts). */
import { EXAMPLES, example } from '../harness/webhook';
import { detectEvent } from '../../nodes/Airudder/trigger/detectEvent';

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
});
