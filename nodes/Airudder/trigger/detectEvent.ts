/**
 * Recognises AIRudder callbacks by their shape.
 *
 * AIRudder sends every callback to the same URL without saying which kind it is, so the kind is read from
 * the fields present (see the "Callbacks" table of the AIRudder API notes). Anything else is `unknown`.
 */
import { isRecord } from './safe';

export const AIRUDDER_EVENTS = [
	'workflow.statusChanged',
	'workflow.contactCompleted',
	'workflow.apiNodePush',
	'chatbot.sessionEnded',
	'chatbot.transferRequested',
	'unknown',
] as const;

export type AirudderEvent = (typeof AIRUDDER_EVENTS)[number];

function has(body: Record<string, unknown>, key: string): boolean {
	return (
		Object.prototype.hasOwnProperty.call(body, key) && body[key] !== undefined && body[key] !== null
	);
}

/** Which callback a parsed body is. Checked from the most specific shape to the least. */
export function detectEvent(body: unknown): AirudderEvent {
	if (!isRecord(body)) return 'unknown';

	// Agent transfer: { event: 'session.transfer', channel, channel_id, user: {id}, transfer: {company, call_id} }
	if (body.event === 'session.transfer' || (isRecord(body.transfer) && isRecord(body.user))) {
		return 'chatbot.transferRequested';
	}

	// Chatbot session end: session fields, or the conversation id (call_id) with its message list.
	if (
		has(body, 'session_end_time') ||
		has(body, 'session_start_time') ||
		has(body, 'session_end_reason') ||
		has(body, 'waba_task_id') ||
		(has(body, 'call_id') && Array.isArray(body.messages))
	) {
		return 'chatbot.sessionEnded';
	}

	if (has(body, 'workflow_id')) {
		// Custom API node push: node_id plus the call and/or callee objects.
		if (has(body, 'node_id') && (isRecord(body.call) || isRecord(body.callee))) {
			return 'workflow.apiNodePush';
		}
		// List completion: one contact (case_id + callee_number) finished, with the rows it went through.
		if (
			Array.isArray(body.rows) ||
			(has(body, 'case_id') && has(body, 'callee_number') && !has(body, 'status'))
		) {
			return 'workflow.contactCompleted';
		}
		// Status change: the workflow's new status, with its actions.
		if (typeof body.status === 'string' && (Array.isArray(body.actions) || !has(body, 'node_id'))) {
			return 'workflow.statusChanged';
		}
	}

	return 'unknown';
}
