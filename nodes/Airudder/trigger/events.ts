/**
 * Recognises AIRudder callbacks by their shape and turns each into a flat, camelCase item.
 *
 * AIRudder sends every callback to the same URL without saying which kind it is, so the kind is read from
 * the fields present (see the "Callbacks" table of the AIRudder API notes). Anything else is `unknown`.
 */
import {
	arr,
	isRecord,
	isSafeKey,
	num,
	rec,
	safeClone,
	safeObject,
	str,
	type JsonObject,
	type JsonValue,
} from './safe';
import { localTimeToIso, secondsBetween, unixToIso, utcTimeToIso } from './time';

export const AIRUDDER_EVENTS = [
	'workflow.statusChanged',
	'workflow.contactCompleted',
	'workflow.apiNodePush',
	'chatbot.sessionEnded',
	'chatbot.transferRequested',
	'unknown',
] as const;

export type AirudderEvent = (typeof AIRUDDER_EVENTS)[number];

export interface NormaliseContext {
	/** IANA zone in which zone-less call times (`YYYY-MM-DD HH:mm:ss`) are read. */
	customerTimezone: string;
}

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

// ---------------------------------------------------------------------------------------------------------
// Per-event normalisation. Input is the untrusted body; every object in the output is a fresh safe copy.

function workflowAction(item: unknown): JsonObject {
	const a = rec(item);
	return {
		nodeTaskId: str(a.nodetask_id),
		nodeTaskName: str(a.nodetask_name),
		nodeType: str(a.node_type),
		taskId: str(a.task_id),
		taskStatus: str(a.task_status),
	};
}

function statusChanged(body: Record<string, unknown>): JsonObject {
	const actions = arr(body.actions).map(workflowAction);
	return {
		workflowId: str(body.workflow_id),
		workflowName: str(body.workflow_name),
		status: str(body.status),
		actions,
		actionCount: actions.length,
	};
}

function contactCompleted(body: Record<string, unknown>): JsonObject {
	// Rows are the workflow's node tasks, like a status change's actions but without a task status.
	const rows = arr(body.rows).map((item) => {
		const { taskStatus: _unused, ...row } = workflowAction(item);
		return row;
	});
	return {
		workflowId: str(body.workflow_id),
		workflowName: str(body.workflow_name),
		caseId: str(body.case_id),
		calleeNumber: str(body.callee_number),
		rows,
		rowCount: rows.length,
	};
}

/** Custom variables of a contact: `extra[]` (Question -> Content) overlaid by `extend.variables`. */
function contactVariables(callee: Record<string, unknown>): JsonObject {
	const out: JsonObject = {};
	for (const item of arr(callee.extra)) {
		const entry = rec(item);
		const name = str(entry.Question ?? entry.question);
		if (name === null || !isSafeKey(name)) continue;
		out[name] = safeClone(entry.Content ?? entry.content ?? null);
	}
	const variables = safeObject(rec(callee.extend).variables);
	for (const key of Object.keys(variables)) out[key] = variables[key];
	return out;
}

function transcriptOfCall(asr: unknown[]): { turns: JsonObject[]; text: string } {
	const turns: JsonObject[] = [];
	const lines: string[] = [];
	for (const item of asr) {
		const t = rec(item);
		const time = str(t.time);
		const robotText = typeof t.robottext === 'string' ? t.robottext : '';
		const customerText = typeof t.text === 'string' ? t.text : '';
		turns.push({ time, robotText, customerText });
		const stamp = time === null ? '' : `[${time}] `;
		if (robotText !== '') lines.push(`${stamp}Robot: ${robotText}`);
		if (customerText !== '') lines.push(`${stamp}Customer: ${customerText}`);
	}
	return { turns, text: lines.join('\n') };
}

function apiNodePush(body: Record<string, unknown>, ctx: NormaliseContext): JsonObject {
	const callee = rec(body.callee);
	const call = rec(body.call);
	const zone = ctx.customerTimezone;
	const callStartTime = localTimeToIso(call.call_start_time, zone);
	const callEndTime = localTimeToIso(call.call_end_time, zone);
	const transcript = transcriptOfCall(arr(call.asr_result));
	return {
		workflowId: str(body.workflow_id),
		workflowName: str(body.workflow_name),
		nodeId: str(body.node_id),
		nodeName: str(body.node_name),
		// The contact
		caseId: str(callee.case_id),
		calleeName: str(callee.callee_name),
		calleeGender: str(callee.callee_gender),
		calleeNumber: str(callee.callee_number) ?? str(call.callee_number),
		platformName: str(callee.platform_name),
		extraA: str(callee.extra_a),
		extraB: str(callee.extra_b),
		extraC: str(callee.extra_c),
		comments: str(callee.comments),
		variables: contactVariables(callee),
		borrowedDate: str(callee.borrowed_date),
		dueDate: str(callee.due_date),
		borrowedAmount: num(callee.borrowed_amount),
		totalOwingAmount: num(callee.total_owing_amount),
		currencyUnit: str(callee.currency_unit),
		customAttributes: safeObject(body.custom_attribute),
		// The call
		taskId: str(call.task_id),
		callId: str(call.call_id),
		robotId: str(call.robot_id),
		callerNumber: str(call.caller_number),
		dialedNumber: str(call.callee_number),
		callStartTime,
		callEndTime,
		callDurationSeconds: secondsBetween(callStartTime, callEndTime),
		customerTimezone: zone,
		callTimes: num(call.call_times),
		ringType: str(call.ring_type),
		ringTime: num(call.ring_time),
		hangupType: str(call.hangup_type),
		intention: str(call.intention),
		intentionDescription: str(call.intention_description),
		talkRound: num(call.talk_round),
		asrPtp: str(call.asr_ptp),
		nerSlots: safeObject(call.ner_slots),
		multiLabel: safeObject(call.multi_label),
		transcript: transcript.text,
		transcriptTurns: transcript.turns,
		questionAnswers: arr(call.question_answer).map((item) => {
			const q = rec(item);
			return {
				questionName: str(q.question_name),
				questionContent: str(q.question_content),
				questionType: str(q.question_type),
				answer: str(q.answer),
				answerText: str(q.answer_text),
				answerTextSlot: str(q.answer_text_slot),
				variable: str(q.var),
				status: str(q.status),
				verificationResults: str(q.verification_results),
				whetherAnswer: str(q.whether_answer),
			};
		}),
		redialCalls: arr(call.redial_call).map((item) => {
			const r = rec(item);
			return {
				callId: str(r.call_id),
				callStartTime: localTimeToIso(r.call_start_time, zone),
				ringType: str(r.ring_type),
				ringTime: num(r.ring_time),
				hangupType: str(r.hangup_type),
				resultLabel: str(r.result_label),
				calleeNumber: str(r.callee_number),
				callerNumber: str(r.caller_number),
			};
		}),
	};
}

/** A readable one-line text for one chatbot message (text, button reply, template body, media, ...). */
export function messageText(content: Record<string, unknown>): string {
	const type = str(content.type) ?? '';
	if (typeof content.text === 'string' && content.text !== '') return content.text;
	switch (type) {
		case 'template': {
			const template = rec(rec(content.template).content);
			if (typeof template.body === 'string' && template.body !== '') return template.body;
			return str(rec(template.body).text) ?? '[template]';
		}
		case 'interactive': {
			const text = rec(rec(content.interactive).body).text;
			return typeof text === 'string' && text !== '' ? text : '[interactive]';
		}
		case 'image':
		case 'video':
		case 'audio':
		case 'file':
		case 'document':
		case 'sticker': {
			const media = rec(content.media);
			const label = str(media.name) ?? str(media.origin_url);
			return label === null ? `[${type}]` : `[${type}] ${label}`;
		}
		case 'location': {
			const loc = rec(content.location);
			const parts = [
				str(loc.name),
				str(loc.address),
				[str(loc.latitude), str(loc.longitude)].filter(Boolean).join(','),
			]
				.filter((part) => part !== null && part !== '')
				.join(' ');
			return parts === '' ? '[location]' : `[location] ${parts}`;
		}
		case 'contacts': {
			const people = arr(content.contacts)
				.map((item) => {
					const c = rec(item);
					return [str(c.name), str(c.phone_number)].filter((part) => part !== null).join(' ');
				})
				.filter((entry) => entry !== '');
			return people.length === 0 ? '[contacts]' : `[contacts] ${people.join('; ')}`;
		}
		case 'system': {
			const system = str(rec(content.system).type);
			return system === null ? '[system]' : `[system] ${system}`;
		}
		default:
			return type === '' ? '' : `[${type}]`;
	}
}

function sessionEnded(body: Record<string, unknown>): JsonObject {
	const sessionStartTime = utcTimeToIso(body.session_start_time);
	const sessionEndTime = utcTimeToIso(body.session_end_time);
	const rawMessages = arr(body.messages);
	const messages: JsonObject[] = new Array<JsonObject>(rawMessages.length);
	const lines: string[] = new Array<string>(rawMessages.length);
	for (let i = 0; i < rawMessages.length; i++) {
		const m = rec(rawMessages[i]);
		const content = rec(m.content);
		const senderType = str(m.sender_type);
		const text = messageText(content);
		messages[i] = {
			msgId: str(m.msg_id),
			senderType,
			sentAt: unixToIso(m.timestamp),
			status: str(m.status),
			type: str(content.type),
			text,
			replyToMsgId: str(rec(m.reply).msg_id),
		};
		lines[i] = `${senderType ?? 'unknown'}: ${text}`;
	}
	return {
		workflowId: str(body.workflow_id),
		workflowName: str(body.workflow_name),
		nodeTaskId: str(body.nodetask_id),
		nodeTaskName: str(body.nodetask_name),
		wabaTaskId: str(body.waba_task_id),
		workflowDetailId: str(body.wfdetail_uuid),
		callId: str(body.call_id),
		channel: str(body.channel),
		channelId: str(body.channel_id),
		calleeNumber: str(body.callee),
		robotId: str(body.robot_id),
		status: str(body.status),
		sessionStartTime,
		sessionEndTime,
		sessionDurationSeconds: secondsBetween(sessionStartTime, sessionEndTime),
		sessionEndReason: str(body.session_end_reason),
		intention: str(body.intention),
		talkRound: num(body.talk_round),
		nerSlots: safeObject(body.ner_slots),
		eventLabel: safeObject(body.event_label),
		variables: safeObject(body.variables),
		sentAt: unixToIso(body.timestamp),
		messageCount: rawMessages.length,
		messages,
		transcript: lines.join('\n'),
	};
}

function transferRequested(body: Record<string, unknown>): JsonObject {
	const transfer = rec(body.transfer);
	return {
		eventType: str(body.event),
		channel: str(body.channel),
		channelId: str(body.channel_id),
		userId: str(rec(body.user).id),
		company: str(transfer.company),
		callId: str(transfer.call_id),
	};
}

/** The event-specific fields of one callback (no `event`, `raw`, ... — the node adds those). */
export function normaliseEvent(
	event: AirudderEvent,
	body: unknown,
	ctx: NormaliseContext,
): JsonObject {
	if (!isRecord(body)) return {};
	switch (event) {
		case 'workflow.statusChanged':
			return statusChanged(body);
		case 'workflow.contactCompleted':
			return contactCompleted(body);
		case 'workflow.apiNodePush':
			return apiNodePush(body, ctx);
		case 'chatbot.sessionEnded':
			return sessionEnded(body);
		case 'chatbot.transferRequested':
			return transferRequested(body);
		default:
			return {};
	}
}

export interface TriggerItemMeta {
	event: AirudderEvent;
	eventId: string;
	signature: string | null;
	receivedAt: string;
}

/** The whole output item: event name first, the normalised fields, then metadata and the raw payload. */
export function buildItem(meta: TriggerItemMeta, fields: JsonObject, body: unknown): JsonObject {
	const item: JsonObject = { event: meta.event };
	for (const key of Object.keys(fields)) item[key] = fields[key];
	item.eventId = meta.eventId;
	item.signature = meta.signature;
	item.receivedAt = meta.receivedAt;
	item.raw = safeClone(body) as JsonValue;
	return item;
}
