/**
 * Workflow area, tasks: create a workflow task (createinstance) and add contacts to it (uploaddetails).
 */
import {
	ERROR_MESSAGES,
	cloudFail,
	cloudOk,
	isObject,
	type Answer,
	type Check,
	type JsonObject,
} from '../envelopes';
import { hex32, md5 } from '../ids';
import { routeKey, type Routes } from '../routes';
import type { Contact, SimState, SimTask } from '../state';
import { parseEndTime } from '../timestamps';
import { withToken } from './auth';

const CALLEE_RE = /^\+\d{1,14}$/;
const TASK_NAME_RE = /^[A-Za-z0-9_]+$/;

function validateContacts(details: unknown, errorPrefix: string): Check<Contact[]> {
	if (
		details === undefined ||
		details === null ||
		(Array.isArray(details) && details.length === 0)
	) {
		return { ok: false, answer: cloudFail(10505) };
	}
	if (!Array.isArray(details)) {
		return {
			ok: false,
			answer: cloudFail(10501, `${errorPrefix}details must be an array of contacts`),
		};
	}
	const contacts: Contact[] = new Array<Contact>(details.length);
	for (let i = 0; i < details.length; i++) {
		const item: unknown = details[i];
		if (!isObject(item)) {
			return {
				ok: false,
				answer: cloudFail(10501, `${errorPrefix}details[${i}] must be an object`),
			};
		}
		const callee = item.callee;
		if (typeof callee !== 'string' || !CALLEE_RE.test(callee)) {
			return {
				ok: false,
				answer: cloudFail(
					10510,
					`${ERROR_MESSAGES[10510]}: details[${i}].callee ${JSON.stringify(callee ?? null)}`,
				),
			};
		}
		const variables = item.variables;
		if (variables !== undefined) {
			if (!isObject(variables) || Object.values(variables).some((v) => typeof v !== 'string')) {
				return {
					ok: false,
					answer: cloudFail(
						10501,
						`${errorPrefix}details[${i}].variables must be an object of string values`,
					),
				};
			}
		}
		const contact: Contact = { ...item, callee };
		if (variables !== undefined) contact.variables = { ...(variables as Record<string, string>) };
		contacts[i] = contact;
	}
	return { ok: true, value: contacts };
}

function limitAnswer(max: number): Answer {
	return cloudFail(10527, `${ERROR_MESSAGES[10527]} (limit ${max})`);
}

export function findTask(state: SimState, workflowId: unknown): Check<SimTask> {
	if (workflowId === undefined || workflowId === null || workflowId === '') {
		return { ok: false, answer: cloudFail(10502) };
	}
	const task = typeof workflowId === 'string' ? state.tasks.get(workflowId) : undefined;
	if (!task) return { ok: false, answer: cloudFail(10506) };
	return { ok: true, value: task };
}

function createInstance(state: SimState, b: JsonObject): Answer {
	const P = 'task creation failed: ';
	const templateId = b.workflow_template_id;
	if (typeof templateId !== 'number' || !Number.isInteger(templateId) || templateId <= 0) {
		return cloudFail(10501, `${P}workflow_template_id required`);
	}
	if (b.workflow_template_name !== undefined && typeof b.workflow_template_name !== 'string') {
		return cloudFail(10501, `${P}workflow_template_name must be a string`);
	}
	const name = b.name;
	if (name === undefined || name === null || name === '')
		return cloudFail(10501, `${P}name required`);
	if (typeof name !== 'string' || !TASK_NAME_RE.test(name)) return cloudFail(10518);
	for (const t of state.tasks.values()) {
		if (t.name === name) return cloudFail(10508);
	}
	if (b.workflow_name !== undefined && typeof b.workflow_name !== 'string') {
		return cloudFail(10501, `${P}workflow_name must be a string`);
	}
	const autoFinish = b.auto_finish === undefined ? 2 : b.auto_finish;
	if (autoFinish !== 1 && autoFinish !== 2)
		return cloudFail(10501, `${P}auto_finish must be 1 or 2`);
	if (b.end_time === undefined || b.end_time === null || b.end_time === '') {
		return cloudFail(10501, `${P}end_time required (YYYY-MM-DD HH:mm:ss±hh:mm)`);
	}
	const end = parseEndTime(b.end_time);
	if (!end) return cloudFail(10501, `${P}end_time must be YYYY-MM-DD HH:mm:ss±hh:mm`);
	const now = Date.now();
	if (end.ms <= now) return cloudFail(10509);
	const checked = validateContacts(b.details, P);
	if (!checked.ok) return checked.answer;
	if (checked.value.length > state.maxContacts) return limitAnswer(state.maxContacts);

	const workflowId = hex32();
	const task: SimTask = {
		workflow_id: workflowId,
		call_task_id: hex32(),
		nodetask_id: md5(`${workflowId}:node`),
		name,
		workflow_template_id: templateId,
		end_time: b.end_time as string,
		end_time_ms: end.ms,
		utc_offset_minutes: end.offsetMinutes,
		auto_finish: autoFinish,
		contacts: checked.value,
		created_at: now,
	};
	if (typeof b.workflow_template_name === 'string')
		task.workflow_template_name = b.workflow_template_name;
	if (typeof b.workflow_name === 'string') task.workflow_name = b.workflow_name;
	state.tasks.set(workflowId, task);
	return cloudOk({
		workflow_id: workflowId,
		name,
		contact_count: task.contacts.length,
		call_task_id: task.call_task_id,
	});
}

function uploadDetails(state: SimState, b: JsonObject): Answer {
	const found = findTask(state, b.workflow_id);
	if (!found.ok) return found.answer;
	const task = found.value;
	const checked = validateContacts(b.details, '');
	if (!checked.ok) return checked.answer;
	if (task.contacts.length + checked.value.length > state.maxContacts)
		return limitAnswer(state.maxContacts);
	for (const c of checked.value) task.contacts.push(c);
	return cloudOk({
		workflow_id: task.workflow_id,
		added: checked.value.length,
		contact_count: task.contacts.length,
	});
}

export function workflowTaskRoutes(state: SimState): Routes {
	return {
		[routeKey('POST', '/service/cloud/workflow/createinstance')]: withToken(state, (b) =>
			createInstance(state, b),
		),
		[routeKey('POST', '/service/cloud/workflow/uploaddetails')]: withToken(state, (b) =>
			uploadDetails(state, b),
		),
	};
}
