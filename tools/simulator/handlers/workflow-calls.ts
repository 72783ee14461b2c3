/**
 * Workflow area, calls: find tasks by contact (detailinstances), page call records (taskdetail) and rebuild an
 * API node push (apinoticeinfo). Call records are deterministic functions of the task and contact index.
 */
import { CALLBACK_EVENTS, loadExample } from '../callbacks';
import { cloudFail, cloudOk, type Answer, type JsonObject } from '../envelopes';
import { md5 } from '../ids';
import { routeKey, type Routes } from '../routes';
import type { Contact, SimState, SimTask } from '../state';
import { formatLocal, parsePlainTime } from '../timestamps';
import { withToken } from './auth';
import { findTask } from './workflow-tasks';

function callId(task: SimTask, index: number): string {
	return md5(`${task.workflow_id}:call:${index}`);
}

function callTimes(task: SimTask, index: number): { start: string; end: string } {
	const base = Math.floor(task.created_at / 1000) * 1000 + 60_000 + index * 5_000;
	return {
		start: formatLocal(base, task.utc_offset_minutes),
		end: formatLocal(base + 45_000, task.utc_offset_minutes),
	};
}

function caseIdOf(contact: Contact): string {
	return contact.case_id === undefined || contact.case_id === null ? '' : String(contact.case_id);
}

const SIM_ASR_RESULT = [
	{
		time: '00:00:00',
		robottext: 'Hello, this is the AIRudder simulator calling. Is this a good time?',
		text: 'yes',
	},
	{ time: '00:00:08', robottext: 'Thank you for your time. Goodbye!', text: 'bye' },
];

function callRecord(task: SimTask, index: number): JsonObject {
	const contact = task.contacts[index];
	const times = callTimes(task, index);
	return {
		workflow_id: task.workflow_id,
		workflow_name: task.name,
		nodetask_id: task.nodetask_id,
		nodetask_name: 'Voicebot Call1_sim',
		case_id: caseIdOf(contact),
		task_id: task.call_task_id,
		call_id: callId(task, index),
		callee_number: contact.callee,
		call_start_time: times.start,
		call_end_time: times.end,
		call_times: 1,
		ring_type: 'normal',
		hangup_type: 'ByCallee',
		intention: 'A',
		talk_round: 2,
		ring_time: 3,
		asr_result: SIM_ASR_RESULT.map((r) => ({ ...r })),
	};
}

function detailInstances(state: SimState, b: JsonObject): Answer {
	const start = parsePlainTime(b.start_time);
	const end = parsePlainTime(b.end_time);
	if (start === undefined || end === undefined) {
		return cloudFail(10501, 'start_time and end_time are required (YYYY-MM-DD HH:mm:ss)');
	}
	const caseId =
		b.case_id === undefined || b.case_id === null || b.case_id === '' ? undefined : b.case_id;
	const callee =
		b.callee === undefined || b.callee === null || b.callee === '' ? undefined : b.callee;
	if (caseId === undefined && callee === undefined)
		return cloudFail(10501, 'case_id or callee is required');
	if (
		(caseId !== undefined && typeof caseId !== 'string') ||
		(callee !== undefined && typeof callee !== 'string')
	) {
		return cloudFail(10501, 'case_id and callee must be strings');
	}
	const list: JsonObject[] = [];
	for (const task of state.tasks.values()) {
		const createdSec = Math.floor(task.created_at / 1000) * 1000;
		if (createdSec < start || createdSec > end) continue;
		const createTime = formatLocal(task.created_at);
		for (const contact of task.contacts) {
			if (callee !== undefined && contact.callee !== callee) continue;
			if (caseId !== undefined && caseIdOf(contact) !== caseId) continue;
			list.push({
				workflow_id: task.workflow_id,
				workflow_name: task.name,
				case_id: caseIdOf(contact),
				callee: contact.callee,
				create_time: createTime,
			});
		}
	}
	return cloudOk({ list });
}

function taskDetail(state: SimState, b: JsonObject): Answer {
	const taskId = b.task_id;
	if (taskId === undefined || taskId === null || taskId === '') return cloudFail(10502);
	let task: SimTask | undefined;
	for (const t of state.tasks.values()) {
		if (t.call_task_id === taskId) {
			task = t;
			break;
		}
	}
	if (!task) return cloudFail(10702);
	const page = b.page === undefined ? 1 : b.page;
	if (typeof page !== 'number' || !Number.isInteger(page) || page < 1) {
		return cloudFail(10501, 'page must be an integer >= 1');
	}
	const pageSize = b.page_size === undefined ? 100 : b.page_size;
	if (
		typeof pageSize !== 'number' ||
		!Number.isInteger(pageSize) ||
		pageSize < 1 ||
		pageSize > 500
	) {
		return cloudFail(10501, 'page_size must be an integer between 1 and 500');
	}
	const total = task.contacts.length;
	const list: JsonObject[] = [];
	const from = (page - 1) * pageSize;
	for (let i = from; i < Math.min(total, from + pageSize); i++) list.push(callRecord(task, i));
	return cloudOk({ total, page, page_size: pageSize, list });
}

function apiNoticeInfo(state: SimState, b: JsonObject): Answer {
	const found = findTask(state, b.workflow_id);
	if (!found.ok) return found.answer;
	const task = found.value;
	if (typeof b.node_id !== 'string' || b.node_id === '')
		return cloudFail(10501, 'node_id is required');
	if (typeof b.callee !== 'string' || b.callee === '')
		return cloudFail(10501, 'callee is required');
	const caseId = typeof b.case_id === 'string' && b.case_id !== '' ? b.case_id : undefined;
	const index = task.contacts.findIndex(
		(c) => c.callee === b.callee && (caseId === undefined || caseIdOf(c) === caseId),
	);
	if (index < 0) return cloudFail(10506);
	const contact = task.contacts[index];
	const push = loadExample(CALLBACK_EVENTS['workflow.apiNodePush']) as JsonObject;
	const times = callTimes(task, index);
	const str = (v: unknown, fallback: string): string =>
		v === undefined || v === null ? fallback : String(v);
	push.workflow_id = task.workflow_id;
	push.workflow_name = task.name;
	push.node_id = b.node_id;
	push.node_name = 'API1';
	push.callee = {
		...(push.callee as JsonObject),
		case_id: caseIdOf(contact),
		callee_name: str(contact.customer_name, ''),
		callee_gender: str(contact.gender, ''),
		callee_number: contact.callee,
		platform_name: str(contact.platform, ''),
		extra_a: str(contact.extra_a, ''),
		extra_b: str(contact.extra_b, ''),
		extra_c: str(contact.extra_c, ''),
		extra: Object.entries(contact.variables ?? {}).map(([Question, Content]) => ({
			Content,
			Question,
		})),
		extend: {
			variables: { ...(contact.variables ?? {}) },
			detail_source: 'api',
			pds_variables: {},
		},
		comments: str(contact.comments, ''),
		borrowed_date: str(contact.borrowed_date, ''),
		due_date: str(contact.due_date, ''),
		borrowed_amount: str(contact.borrowed_amount, ''),
		total_owing_amount: str(contact.total_owing_amount, ''),
		currency_unit: str(contact.currency_unit, ''),
	};
	push.call = {
		...(push.call as JsonObject),
		task_id: task.call_task_id,
		call_id: callId(task, index),
		callee_number: contact.callee,
		call_start_time: times.start,
		call_end_time: times.end,
		call_times: 1,
		redial_call: [],
	};
	return cloudOk([push]);
}

export function workflowCallRoutes(state: SimState): Routes {
	const post = (path: string): string => routeKey('POST', `/service/cloud/workflow/${path}`);
	return {
		[post('detailinstances')]: withToken(state, (b) => detailInstances(state, b)),
		[post('taskdetail')]: withToken(state, (b) => taskDetail(state, b)),
		[post('apinoticeinfo')]: withToken(state, (b) => apiNoticeInfo(state, b)),
	};
}
