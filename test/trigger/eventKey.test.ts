/** The identity of one callback (trigger/eventKey.ts): retries share a key, different events do not. */
import { createHash } from 'node:crypto';

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

describe('event keys: the identity fields of each event (pure)', () => {
	const bodies: Array<[Parameters<typeof eventKey>[0], Record<string, unknown>, string[]]> = [
		['workflow.statusChanged', { workflow_id: 'w', status: 'finished' }, ['workflow_id', 'status']],
		[
			'workflow.contactCompleted',
			{ workflow_id: 'w', case_id: 'c', callee_number: '+1' },
			['workflow_id', 'case_id', 'callee_number'],
		],
		[
			'workflow.apiNodePush',
			{ workflow_id: 'w', node_id: 'n', call: { call_id: 'k' } },
			['workflow_id', 'node_id'],
		],
		['chatbot.sessionEnded', { call_id: 'conv' }, ['call_id']],
		[
			'chatbot.transferRequested',
			{ channel_id: 'ch', user: { id: 'u' }, transfer: { call_id: 'k' } },
			['channel_id'],
		],
	];

	it('every identity field present: a natural key; other fields do not change it', () => {
		for (const [event, body] of bodies) {
			const key = eventKey(event, body);
			expect(key.natural).toBe(true);
			expect(eventKey(event, { ...body, extra: 'anything', timestamp: 5 })).toEqual(key);
		}
	});

	it('changing any one identity field gives another key; a missing one falls back to the body', () => {
		for (const [event, body, fields] of bodies) {
			const key = eventKey(event, body).key;
			for (const field of fields) {
				expect(eventKey(event, { ...body, [field]: 'other' }).key).not.toBe(key);
				const missing = eventKey(event, { ...body, [field]: '' });
				expect(missing.natural).toBe(false);
				expect(missing.key).not.toBe(key);
			}
		}
		const push = { workflow_id: 'w', node_id: 'n', call: { call_id: 'k' } };
		const pushKey = eventKey('workflow.apiNodePush', push).key;
		expect(eventKey('workflow.apiNodePush', { ...push, node_id: 'm' }).key).not.toBe(pushKey);
		expect(eventKey('workflow.apiNodePush', { ...push, call: { call_id: 'j' } }).key).not.toBe(
			pushKey,
		);
		expect(eventKey('workflow.apiNodePush', { ...push, call: {} }).natural).toBe(false);
		const transfer = { channel_id: 'ch', user: { id: 'u' }, transfer: { call_id: 'k' } };
		const transferKey = eventKey('chatbot.transferRequested', transfer).key;
		expect(eventKey('chatbot.transferRequested', { ...transfer, user: { id: 'v' } }).key).not.toBe(
			transferKey,
		);
		expect(eventKey('chatbot.transferRequested', { ...transfer, user: {} }).natural).toBe(false);
		expect(
			eventKey('chatbot.transferRequested', { ...transfer, transfer: { call_id: 'j' } }).key,
		).not.toBe(transferKey);
	});

	it('the natural key is the digest of the event name and its identity', () => {
		const expected = createHash('sha256')
			.update('workflow.statusChanged\n["w","finished"]', 'utf8')
			.digest();
		expect(eventKey('workflow.statusChanged', { workflow_id: 'w', status: 'finished' })).toEqual({
			key: expected.toString('base64url'),
			eventId: expected.toString('hex', 0, 8),
			natural: true,
		});
		// Numbers in identity fields count as their text.
		expect(eventKey('chatbot.sessionEnded', { call_id: 42 }).key).toBe(
			eventKey('chatbot.sessionEnded', { call_id: '42' }).key,
		);
	});

	it('the fallback: canonical JSON of the body without `timestamp`, whatever the key order', () => {
		const expected = createHash('sha256')
			.update('unknown\nbody\n{"a":1,"b":{"c":2,"d":3}}', 'utf8')
			.digest('base64url');
		const key = eventKey('unknown', { b: { d: 3, c: 2 }, timestamp: 99, a: 1 });
		expect(key.key).toBe(expected);
		expect(key.natural).toBe(false);
		// Only the top-level timestamp is volatile.
		expect(eventKey('unknown', { a: 1, b: { c: 2, d: 3, timestamp: 1 } }).key).not.toBe(expected);
		expect(eventKey('unknown', ['x']).key).toBe(
			createHash('sha256').update('unknown\nbody\n["x"]', 'utf8').digest('base64url'),
		);
		// A known event without its identity is keyed on its body, under its own name.
		expect(eventKey('workflow.statusChanged', { workflow_id: 'w' }).key).toBe(
			createHash('sha256')
				.update('workflow.statusChanged\nbody\n{"workflow_id":"w"}', 'utf8')
				.digest('base64url'),
		);
		expect(eventKey('chatbot.sessionEnded', 'text').natural).toBe(false);
		// A body that is not an object (even null) is keyed on itself, never read as one.
		for (const event of ['workflow.apiNodePush', 'chatbot.transferRequested'] as const) {
			const key = eventKey(event, null);
			expect(key.natural).toBe(false);
			expect(key.key).toBe(
				createHash('sha256').update(`${event}\nbody\nnull`, 'utf8').digest('base64url'),
			);
		}
	});
});
