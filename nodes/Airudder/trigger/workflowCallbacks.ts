/**
 * The workflow callbacks (status change, list completion, custom API node push) as flat, camelCase fields.
 * Input is the untrusted body; every object in the output is a fresh safe copy.
 */
import { localTimeToIso, secondsBetween } from '../helpers/time';
import {
	asArray,
	asNumber,
	asRecord,
	asString,
	isSafeKey,
	safeClone,
	safeObject,
	type JsonObject,
} from './safe';

function workflowAction(item: unknown): JsonObject {
	const a = asRecord(item);
	return {
		nodeTaskId: asString(a.nodetask_id),
		nodeTaskName: asString(a.nodetask_name),
		nodeType: asString(a.node_type),
		taskId: asString(a.task_id),
		taskStatus: asString(a.task_status),
	};
}

export function statusChanged(body: Record<string, unknown>): JsonObject {
	const actions = asArray(body.actions).map(workflowAction);
	return {
		workflowId: asString(body.workflow_id),
		workflowName: asString(body.workflow_name),
		status: asString(body.status),
		actions,
		actionCount: actions.length,
	};
}

export function contactCompleted(body: Record<string, unknown>): JsonObject {
	// Rows are the workflow's node tasks, like a status change's actions but without a task status.
	const rows = asArray(body.rows).map((item) => {
		const { taskStatus: _unused, ...row } = workflowAction(item);
		return row;
	});
	return {
		workflowId: asString(body.workflow_id),
		workflowName: asString(body.workflow_name),
		caseId: asString(body.case_id),
		calleeNumber: asString(body.callee_number),
		rows,
		rowCount: rows.length,
	};
}

/** Custom variables of a contact: `extra[]` (Question -> Content) overlaid by `extend.variables`. */
function contactVariables(callee: Record<string, unknown>): JsonObject {
	const out: JsonObject = {};
	for (const item of asArray(callee.extra)) {
		const entry = asRecord(item);
		const name = asString(entry.Question ?? entry.question);
		if (name === null || !isSafeKey(name)) continue;
		out[name] = safeClone(entry.Content ?? entry.content ?? null);
	}
	const variables = safeObject(asRecord(callee.extend).variables);
	for (const key of Object.keys(variables)) out[key] = variables[key];
	return out;
}

function transcriptOfCall(asr: unknown[]): { turns: JsonObject[]; text: string } {
	const turns: JsonObject[] = [];
	const lines: string[] = [];
	for (const item of asr) {
		const t = asRecord(item);
		const time = asString(t.time);
		const robotText = typeof t.robottext === 'string' ? t.robottext : '';
		const customerText = typeof t.text === 'string' ? t.text : '';
		turns.push({ time, robotText, customerText });
		const stamp = time === null ? '' : `[${time}] `;
		if (robotText !== '') lines.push(`${stamp}Robot: ${robotText}`);
		if (customerText !== '') lines.push(`${stamp}Customer: ${customerText}`);
	}
	return { turns, text: lines.join('\n') };
}

export function apiNodePush(body: Record<string, unknown>, customerTimezone: string): JsonObject {
	const callee = asRecord(body.callee);
	const call = asRecord(body.call);
	const zone = customerTimezone;
	const callStartTime = localTimeToIso(call.call_start_time, zone);
	const callEndTime = localTimeToIso(call.call_end_time, zone);
	const transcript = transcriptOfCall(asArray(call.asr_result));
	return {
		workflowId: asString(body.workflow_id),
		workflowName: asString(body.workflow_name),
		nodeId: asString(body.node_id),
		nodeName: asString(body.node_name),
		// The contact
		caseId: asString(callee.case_id),
		calleeName: asString(callee.callee_name),
		calleeGender: asString(callee.callee_gender),
		calleeNumber: asString(callee.callee_number) ?? asString(call.callee_number),
		platformName: asString(callee.platform_name),
		extraA: asString(callee.extra_a),
		extraB: asString(callee.extra_b),
		extraC: asString(callee.extra_c),
		comments: asString(callee.comments),
		variables: contactVariables(callee),
		borrowedDate: asString(callee.borrowed_date),
		dueDate: asString(callee.due_date),
		borrowedAmount: asNumber(callee.borrowed_amount),
		totalOwingAmount: asNumber(callee.total_owing_amount),
		currencyUnit: asString(callee.currency_unit),
		customAttributes: safeObject(body.custom_attribute),
		// The call
		taskId: asString(call.task_id),
		callId: asString(call.call_id),
		robotId: asString(call.robot_id),
		callerNumber: asString(call.caller_number),
		dialedNumber: asString(call.callee_number),
		callStartTime,
		callEndTime,
		callDurationSeconds: secondsBetween(callStartTime, callEndTime),
		customerTimezone: zone,
		callTimes: asNumber(call.call_times),
		ringType: asString(call.ring_type),
		ringTime: asNumber(call.ring_time),
		hangupType: asString(call.hangup_type),
		intention: asString(call.intention),
		intentionDescription: asString(call.intention_description),
		talkRound: asNumber(call.talk_round),
		asrPtp: asString(call.asr_ptp),
		nerSlots: safeObject(call.ner_slots),
		multiLabel: safeObject(call.multi_label),
		transcript: transcript.text,
		transcriptTurns: transcript.turns,
		questionAnswers: asArray(call.question_answer).map((item) => {
			const q = asRecord(item);
			return {
				questionName: asString(q.question_name),
				questionContent: asString(q.question_content),
				questionType: asString(q.question_type),
				answer: asString(q.answer),
				answerText: asString(q.answer_text),
				answerTextSlot: asString(q.answer_text_slot),
				variable: asString(q.var),
				status: asString(q.status),
				verificationResults: asString(q.verification_results),
				whetherAnswer: asString(q.whether_answer),
			};
		}),
		redialCalls: asArray(call.redial_call).map((item) => {
			const r = asRecord(item);
			return {
				callId: asString(r.call_id),
				callStartTime: localTimeToIso(r.call_start_time, zone),
				ringType: asString(r.ring_type),
				ringTime: asNumber(r.ring_time),
				hangupType: asString(r.hangup_type),
				resultLabel: asString(r.result_label),
				calleeNumber: asString(r.callee_number),
				callerNumber: asString(r.caller_number),
			};
		}),
	};
}
