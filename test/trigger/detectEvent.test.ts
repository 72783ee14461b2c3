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

describe('event recognition: each shape and its boundaries (pure)', () => {
	it('agent transfer: the event name, or both a transfer and a user object', () => {
		expect(detectEvent({ transfer: {}, user: {} })).toBe('chatbot.transferRequested');
		expect(detectEvent({ event: 'session.transfer', transfer: 'x' })).toBe(
			'chatbot.transferRequested',
		);
		// Either object alone, or not objects, is not a transfer.
		expect(detectEvent({ transfer: {} })).toBe('unknown');
		expect(detectEvent({ user: {} })).toBe('unknown');
		expect(detectEvent({ transfer: [], user: {} })).toBe('unknown');
		expect(detectEvent({ transfer: {}, user: 'u' })).toBe('unknown');
		expect(detectEvent({ event: 'session.end' })).toBe('unknown');
		// A transfer wins over the session-end fields.
		expect(detectEvent({ event: 'session.transfer', session_end_time: 1 })).toBe(
			'chatbot.transferRequested',
		);
	});

	it('session end: any one session field, or call_id with a message list', () => {
		for (const field of [
			'session_end_time',
			'session_start_time',
			'session_end_reason',
			'waba_task_id',
		]) {
			expect(detectEvent({ [field]: 'v' })).toBe('chatbot.sessionEnded');
			// Present but null or undefined does not count.
			expect(detectEvent({ [field]: null })).toBe('unknown');
			expect(detectEvent({ [field]: undefined })).toBe('unknown');
		}
		expect(detectEvent({ call_id: 'c', messages: [] })).toBe('chatbot.sessionEnded');
		expect(detectEvent({ call_id: 'c', messages: {} })).toBe('unknown');
		expect(detectEvent({ call_id: null, messages: [] })).toBe('unknown');
		expect(detectEvent({ messages: [] })).toBe('unknown');
		expect(detectEvent({ call_id: 'c' })).toBe('unknown');
		// Only the body's own fields count, not inherited ones.
		const inherited = Object.create({ session_end_time: 1 }) as Record<string, unknown>;
		expect(detectEvent(inherited)).toBe('unknown');
	});

	it('workflow callbacks need a workflow_id', () => {
		expect(detectEvent({ node_id: 'n', call: {} })).toBe('unknown');
		expect(detectEvent({ rows: [] })).toBe('unknown');
		expect(detectEvent({ case_id: 'c', callee_number: '+1' })).toBe('unknown');
		expect(detectEvent({ status: 'finished', actions: [] })).toBe('unknown');
		expect(detectEvent({ workflow_id: null, status: 'finished' })).toBe('unknown');
	});

	it('API node push: node_id with a call or a callee object', () => {
		expect(detectEvent({ workflow_id: 'w', node_id: 'n', callee: {} })).toBe(
			'workflow.apiNodePush',
		);
		expect(detectEvent({ workflow_id: 'w', node_id: 'n', call: 'x', callee: 'y' })).toBe('unknown');
		expect(detectEvent({ workflow_id: 'w', call: {} })).toBe('unknown');
		expect(detectEvent({ workflow_id: 'w', node_id: null, call: {}, status: 'done' })).toBe(
			'workflow.statusChanged',
		);
	});

	it('list completion: a row list, or case_id and callee_number without a status', () => {
		expect(detectEvent({ workflow_id: 'w', rows: [], status: 'finished' })).toBe(
			'workflow.contactCompleted',
		);
		expect(detectEvent({ workflow_id: 'w', rows: {} })).toBe('unknown');
		expect(detectEvent({ workflow_id: 'w', case_id: 'c' })).toBe('unknown');
		expect(detectEvent({ workflow_id: 'w', callee_number: '+1' })).toBe('unknown');
		expect(detectEvent({ workflow_id: 'w', case_id: 'c', callee_number: '+1', status: 'x' })).toBe(
			'workflow.statusChanged',
		);
		expect(detectEvent({ workflow_id: 'w', case_id: 'c', callee_number: '+1', status: null })).toBe(
			'workflow.contactCompleted',
		);
	});

	it('status change: a string status, with actions or without a node_id', () => {
		expect(detectEvent({ workflow_id: 'w', status: 'finished', node_id: 'n', actions: [] })).toBe(
			'workflow.statusChanged',
		);
		expect(detectEvent({ workflow_id: 'w', status: 'finished', node_id: 'n' })).toBe('unknown');
		expect(detectEvent({ workflow_id: 'w', status: 'finished', node_id: 'n', actions: {} })).toBe(
			'unknown',
		);
		expect(detectEvent({ workflow_id: 'w', status: 3, actions: [] })).toBe('unknown');
	});
});
