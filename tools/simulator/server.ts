/**
 * Dev-only local HTTP simulator of the AIRudder API.
 *
 * Follows the contract in the shared AIRudder API README (hosts, envelopes, auth, error table, workflow and
 * chatbot endpoints). Everything is kept in memory; nothing here talks to the real AIRudder.
 * Only Node built-ins are used.
 */
import * as http from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';

import { CALLBACK_EVENTS, loadExample } from './callbacks';

export interface SimulatorOptions {
	/** Port to listen on; default 0 (a random free port). The host is always 127.0.0.1. */
	port?: number;
	/** Default 'sim-app-key'. */
	appKey?: string;
	/** Default 'sim-app-secret'. */
	appSecret?: string;
	/** Value expected in the X-AIRudder-Sign-Key header of /api/v1 calls; default 'sim-chatbot-key'. */
	chatbotApiKey?: string;
	/** Added delay before every answer; default 0. */
	latencyMs?: number;
	/** Maximum number of contacts one workflow task may hold; default 10000. */
	maxContactsPerTask?: number;
	/** Called once per request after it has been answered (or dropped). Used by the CLI to print a log line. */
	onRequest?: (entry: LoggedRequest) => void;
}

export interface LoggedRequest {
	seq: number;
	method: string;
	path: string;
	query: Record<string, string>;
	/** Header names lower-cased; repeated headers joined with ', '. */
	headers: Record<string, string>;
	/** Parsed JSON body; the raw text when it is not JSON; undefined when empty. */
	body: unknown;
	/** HTTP status answered; 0 when the socket was dropped. */
	status: number;
	responseBody: unknown;
	receivedAt: number;
}

/** One contact of a workflow task, stored as uploaded. */
export interface Contact {
	callee: string;
	variables?: Record<string, string>;
	case_id?: unknown;
	[key: string]: unknown;
}

export interface SimTask {
	workflow_id: string;
	/** The one call task (voice-bot node task) of this workflow; use it with /workflow/taskdetail. */
	call_task_id: string;
	/** Node task id of the simulated call node. */
	nodetask_id: string;
	name: string;
	workflow_template_id: number;
	workflow_template_name?: string;
	workflow_name?: string;
	/** As sent: 'YYYY-MM-DD HH:mm:ss±hh:mm'. */
	end_time: string;
	/** end_time as epoch ms. */
	end_time_ms: number;
	/** UTC offset (minutes) of end_time; used as the customer-local time zone of call records. */
	utc_offset_minutes: number;
	auto_finish: number;
	contacts: Contact[];
	/** Epoch ms. */
	created_at: number;
}

export type Fault =
	| {
			kind: 'status';
			status: number;
			times?: number;
			path?: string;
			retryAfterSeconds?: number;
			body?: unknown;
	  }
	| { kind: 'code'; code: number; message?: string; times?: number; path?: string }
	| { kind: 'drop'; times?: number; path?: string }
	| { kind: 'delay'; ms: number; times?: number; path?: string }
	| {
			kind: 'statusAfterCommit';
			status: number;
			times?: number;
			path?: string;
			retryAfterSeconds?: number;
			body?: unknown;
	  };

export type ExpireMode = 'http401' | 'code10813';

export interface Simulator {
	url: string;
	credentials: { appKey: string; appSecret: string; chatbotApiKey: string };
	requests: LoggedRequest[];
	requestsTo(path: string): LoggedRequest[];
	authCount(): number;
	reset(): void;
	tasks: Map<string, SimTask>;
	/** Bodies of accepted POST /api/v1/template/send requests, in order. */
	sentTemplates: unknown[];
	setLatency(ms: number): void;
	inject(fault: Fault): void;
	expireToken(mode: ExpireMode): void;
	close(): Promise<void>;
}

/** Messages of the AIRudder error table (README, third-party source). */
export const ERROR_MESSAGES: Record<number, string> = {
	10201: 'internal error',
	10301: 'invalid app key',
	10302: 'account verification failed',
	10501: 'task creation failed',
	10502: 'TaskID is null',
	10503: 'callback url is null',
	10504: 'invalid callback url',
	10505: 'contact list is null',
	10506: 'task not found',
	10507: 'task not executed',
	10508: 'task name duplicated',
	10509: 'scheduled time earlier than now',
	10510: 'incorrect phone number (must start with +, at most 14 digits)',
	10511: 'group not found',
	10513: 'task finished',
	10514: 'task not started',
	10515: 'task not finished',
	10516: 'no recordings',
	10518: 'invalid task name (letters, digits, _)',
	10527: 'contacts cannot be added to this task',
	10605: 'task not in Not Started state',
	10608: 'CallID null',
	10609: 'CallID invalid',
	10611: 'call not finished',
	10702: 'TaskID invalid',
	10704: 'the workflow task cannot perform this operation',
	10705: 'number of queries exceeds the limit',
	10801: 'invalid username or password',
	10810: 'token is empty',
	10811: 'token parse error',
	10812: 'invalid token',
	10813: 'expired token',
	10814: 'user not found',
	10820: 'file does not exist',
};

export const AUTH_PATH = '/service/cloud/auth';
const TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;
const MAX_BODY_BYTES = 64 * 1024 * 1024;
const CALLEE_RE = /^\+\d{1,14}$/;
const TASK_NAME_RE = /^[A-Za-z0-9_]+$/;
const END_TIME_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})([+-])(\d{2}):(\d{2})$/;
const PLAIN_TIME_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const RECEIVER_ID_RE = /^\+?\d+$/;

interface Answer {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
}

type Parsed = { ok: true; value: unknown } | { ok: false };

type JsonObject = Record<string, unknown>;

interface TokenInfo {
	expiresAt: number;
	revoked: boolean;
}

type Injection = Fault & { remaining: number };

// ---------------------------------------------------------------------------------------------------------------
// small helpers

function hex32(): string {
	return randomBytes(16).toString('hex');
}

function md5(text: string): string {
	return createHash('md5').update(text).digest('hex');
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pad(n: number, width = 2): string {
	return String(n).padStart(width, '0');
}

/** 'YYYY-MM-DD HH:mm:ss' of an epoch-ms instant, at the given UTC offset (minutes). */
export function formatLocal(ms: number, offsetMinutes = 0): string {
	const d = new Date(ms + offsetMinutes * 60_000);
	return (
		`${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
		`${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
	);
}

/** Epoch ms of valid calendar fields (UTC), or undefined when the fields do not form a real date/time. */
function utcFromFields(fields: string[]): number | undefined {
	const [y, mo, d, h, mi, s] = fields.map(Number);
	const ms = Date.UTC(y, mo - 1, d, h, mi, s);
	const back = new Date(ms);
	if (
		back.getUTCFullYear() !== y ||
		back.getUTCMonth() !== mo - 1 ||
		back.getUTCDate() !== d ||
		back.getUTCHours() !== h ||
		back.getUTCMinutes() !== mi ||
		back.getUTCSeconds() !== s
	) {
		return undefined;
	}
	return ms;
}

/** Parses 'YYYY-MM-DD HH:mm:ss±hh:mm'. */
function parseEndTime(value: unknown): { ms: number; offsetMinutes: number } | undefined {
	if (typeof value !== 'string') return undefined;
	const m = END_TIME_RE.exec(value);
	if (!m) return undefined;
	const local = utcFromFields(m.slice(1, 7));
	const oh = Number(m[8]);
	const om = Number(m[9]);
	if (local === undefined || oh > 14 || om > 59) return undefined;
	const offsetMinutes = (m[7] === '-' ? -1 : 1) * (oh * 60 + om);
	return { ms: local - offsetMinutes * 60_000, offsetMinutes };
}

/** Parses 'YYYY-MM-DD HH:mm:ss' as UTC. */
function parsePlainTime(value: unknown): number | undefined {
	if (typeof value !== 'string') return undefined;
	const m = PLAIN_TIME_RE.exec(value);
	return m ? utcFromFields(m.slice(1, 7)) : undefined;
}

function headerRecord(raw: http.IncomingHttpHeaders): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(raw)) {
		if (value === undefined) continue;
		out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
	}
	return out;
}

function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let tooLarge = false;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				tooLarge = true;
				chunks.length = 0;
				return;
			}
			if (!tooLarge) chunks.push(chunk);
		});
		req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

// ---------------------------------------------------------------------------------------------------------------
// envelopes

function cloudOk(data: unknown): Answer {
	return { status: 200, body: { code: 200, status: 'OK', message: 'success', data } };
}

function cloudFail(code: number, message?: string, httpStatus = 200): Answer {
	return {
		status: httpStatus,
		body: { code, status: 'FAIL', message: message ?? ERROR_MESSAGES[code] ?? 'error', data: null },
	};
}

function apiOk(data: unknown): Answer {
	return { status: 200, body: { request_id: hex32(), code: 200, message: 'Success', data } };
}

function apiFail(code: number, message: string, httpStatus = 200): Answer {
	return { status: httpStatus, body: { request_id: hex32(), code, message, data: null } };
}

type Check<T> = { ok: true; value: T } | { ok: false; answer: Answer };

// ---------------------------------------------------------------------------------------------------------------
// contacts

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

// ---------------------------------------------------------------------------------------------------------------
// deterministic call records

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

// ---------------------------------------------------------------------------------------------------------------

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
	const credentials = {
		appKey: options.appKey ?? 'sim-app-key',
		appSecret: options.appSecret ?? 'sim-app-secret',
		chatbotApiKey: options.chatbotApiKey ?? 'sim-chatbot-key',
	};
	const maxContacts = options.maxContactsPerTask ?? 10000;
	let latencyMs = options.latencyMs ?? 0;

	const requests: LoggedRequest[] = [];
	const tasks = new Map<string, SimTask>();
	const sentTemplates: unknown[] = [];
	let injections: Injection[] = [];
	const tokens = new Map<string, TokenInfo>();
	let currentToken: string | undefined;
	let expiredMode: ExpireMode = 'http401';
	let seq = 0;

	// ---- injections

	function takeInjection(method: string, path: string): Injection | undefined {
		const isAuth = method === 'POST' && path === AUTH_PATH;
		const idx = injections.findIndex((inj) =>
			inj.path !== undefined ? inj.path === path : !isAuth,
		);
		if (idx < 0) return undefined;
		const inj = injections[idx];
		inj.remaining -= 1;
		if (inj.remaining <= 0) injections.splice(idx, 1);
		return inj;
	}

	function injectedStatusAnswer(
		path: string,
		fault: { status: number; retryAfterSeconds?: number; body?: unknown },
	): Answer {
		const headers: Record<string, string> = {};
		if (fault.retryAfterSeconds !== undefined)
			headers['Retry-After'] = String(fault.retryAfterSeconds);
		let body: unknown = fault.body;
		if (body === undefined) {
			const message = `simulated HTTP ${fault.status}`;
			body = path.startsWith('/api/')
				? { request_id: hex32(), code: fault.status, message, data: null }
				: { code: fault.status, status: 'FAIL', message, data: null };
		}
		return { status: fault.status, body, headers };
	}

	function injectedCodeAnswer(path: string, fault: { code: number; message?: string }): Answer {
		const message = fault.message ?? ERROR_MESSAGES[fault.code] ?? 'error';
		return path.startsWith('/api/') ? apiFail(fault.code, message) : cloudFail(fault.code, message);
	}

	// ---- auth

	function handleAuth(body: unknown): Answer {
		const b = isObject(body) ? body : {};
		const key = b.APPKey;
		const secret = b.APPSecret;
		if (typeof key !== 'string' || key === '' || typeof secret !== 'string' || secret === '') {
			return cloudFail(10801);
		}
		if (key !== credentials.appKey) return cloudFail(10301);
		if (secret !== credentials.appSecret) return cloudFail(10302);
		const now = Date.now();
		const current = currentToken !== undefined ? tokens.get(currentToken) : undefined;
		if (currentToken !== undefined && current && !current.revoked && current.expiresAt > now) {
			current.expiresAt += TOKEN_LIFETIME_MS;
			return { status: 200, body: { data: { token: currentToken }, status: 'OK', code: 200 } };
		}
		const token = randomBytes(39).toString('base64');
		tokens.set(token, { expiresAt: now + TOKEN_LIFETIME_MS, revoked: false });
		currentToken = token;
		return { status: 200, body: { data: { token }, status: 'OK', code: 200 } };
	}

	function checkToken(headers: Record<string, string>): Answer | undefined {
		const header = headers.authorization;
		if (header === undefined || header.trim() === '') return cloudFail(10810, undefined, 401);
		if (!header.startsWith('Token ')) return cloudFail(10812, undefined, 401);
		const token = header.slice('Token '.length).trim();
		if (token === '') return cloudFail(10810, undefined, 401);
		const info = tokens.get(token);
		if (!info) return cloudFail(10812, undefined, 401);
		if (info.revoked || info.expiresAt <= Date.now()) {
			return cloudFail(10813, 'expired token', expiredMode === 'http401' ? 401 : 200);
		}
		return undefined;
	}

	// ---- workflow endpoints

	function handleCreateInstance(b: JsonObject): Answer {
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
		for (const t of tasks.values()) {
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
		if (checked.value.length > maxContacts) return limitAnswer(maxContacts);

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
		tasks.set(workflowId, task);
		return cloudOk({
			workflow_id: workflowId,
			name,
			contact_count: task.contacts.length,
			call_task_id: task.call_task_id,
		});
	}

	function findTask(workflowId: unknown): Check<SimTask> {
		if (workflowId === undefined || workflowId === null || workflowId === '') {
			return { ok: false, answer: cloudFail(10502) };
		}
		const task = typeof workflowId === 'string' ? tasks.get(workflowId) : undefined;
		if (!task) return { ok: false, answer: cloudFail(10506) };
		return { ok: true, value: task };
	}

	function handleUploadDetails(b: JsonObject): Answer {
		const found = findTask(b.workflow_id);
		if (!found.ok) return found.answer;
		const task = found.value;
		const checked = validateContacts(b.details, '');
		if (!checked.ok) return checked.answer;
		if (task.contacts.length + checked.value.length > maxContacts) return limitAnswer(maxContacts);
		for (const c of checked.value) task.contacts.push(c);
		return cloudOk({
			workflow_id: task.workflow_id,
			added: checked.value.length,
			contact_count: task.contacts.length,
		});
	}

	function handleDetailInstances(b: JsonObject): Answer {
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
		for (const task of tasks.values()) {
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

	function handleTaskDetail(b: JsonObject): Answer {
		const taskId = b.task_id;
		if (taskId === undefined || taskId === null || taskId === '') return cloudFail(10502);
		let task: SimTask | undefined;
		for (const t of tasks.values()) {
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

	function handleApiNoticeInfo(b: JsonObject): Answer {
		const found = findTask(b.workflow_id);
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

	// ---- chatbot endpoint

	function handleTemplateSend(headers: Record<string, string>, parsed: Parsed): Answer {
		if (headers['x-airudder-sign-key'] !== credentials.chatbotApiKey) {
			return apiFail(401, 'invalid X-AIRudder-Sign-Key', 401);
		}
		if (!parsed.ok || !isObject(parsed.value))
			return { status: 400, body: { code: 400, message: 'invalid JSON body' } };
		const b = parsed.value;
		const bad = (message: string): Answer => apiFail(400, message);
		if (
			typeof b.template_id !== 'number' ||
			!Number.isInteger(b.template_id) ||
			b.template_id <= 0
		) {
			return bad('template_id is required (integer)');
		}
		if (typeof b.timestamp !== 'number' || !Number.isInteger(b.timestamp)) {
			return bad('timestamp is required (integer unix seconds)');
		}
		if (Math.abs(b.timestamp - Date.now() / 1000) > 300) return bad('timestamp out of range');
		if (b.channel === undefined || b.channel === null || b.channel === '')
			return bad('channel is required');
		if (b.channel !== 'WhatsApp') return bad('channel must be WhatsApp');
		if (typeof b.channel_id !== 'string' || b.channel_id === '')
			return bad('channel_id is required (string)');
		if (!Array.isArray(b.receivers) || b.receivers.length === 0) {
			return bad('receivers is required (non-empty array of {id})');
		}
		for (let i = 0; i < b.receivers.length; i++) {
			const r: unknown = b.receivers[i];
			if (!isObject(r) || typeof r.id !== 'string' || !RECEIVER_ID_RE.test(r.id)) {
				return bad(`receivers[${i}].id must be a phone number string (digits, optional leading +)`);
			}
		}
		if (b.template !== undefined) {
			if (!Array.isArray(b.template))
				return bad('template must be an array of {variable: {name: value}}');
			for (let i = 0; i < b.template.length; i++) {
				const t: unknown = b.template[i];
				if (!isObject(t) || !isObject(t.variable))
					return bad(`template[${i}].variable must be an object`);
			}
		}
		let custom: unknown;
		if (typeof b.custom === 'string') {
			try {
				custom = JSON.parse(b.custom);
			} catch {
				custom = undefined;
			}
		}
		if (
			!isObject(custom) ||
			custom.robot_id === undefined ||
			custom.robot_id === null ||
			custom.robot_id === ''
		) {
			return bad('custom must be a JSON string with robot_id');
		}
		sentTemplates.push(b);
		return apiOk({ task_id: hex32() });
	}

	// ---- routing

	const cloudRoutes: Record<string, (b: JsonObject) => Answer> = {
		'/service/cloud/workflow/createinstance': handleCreateInstance,
		'/service/cloud/workflow/uploaddetails': handleUploadDetails,
		'/service/cloud/workflow/detailinstances': handleDetailInstances,
		'/service/cloud/workflow/taskdetail': handleTaskDetail,
		'/service/cloud/workflow/apinoticeinfo': handleApiNoticeInfo,
	};

	function route(
		method: string,
		path: string,
		headers: Record<string, string>,
		parsed: Parsed,
	): Answer {
		const invalidJson: Answer = { status: 400, body: { code: 400, message: 'invalid JSON body' } };
		if (method === 'POST' && path === AUTH_PATH) {
			if (!parsed.ok || !isObject(parsed.value)) return invalidJson;
			return handleAuth(parsed.value);
		}
		if (method === 'POST' && path === '/api/v1/template/send')
			return handleTemplateSend(headers, parsed);
		const handler = method === 'POST' ? cloudRoutes[path] : undefined;
		if (!handler)
			return { status: 404, body: { code: 404, message: `not found: ${method} ${path}` } };
		const denied = checkToken(headers);
		if (denied) return denied;
		if (!parsed.ok || !isObject(parsed.value)) return invalidJson;
		return handler(parsed.value);
	}

	// ---- HTTP plumbing

	function send(res: http.ServerResponse, entry: LoggedRequest, answer: Answer): void {
		entry.status = answer.status;
		entry.responseBody = answer.body;
		const isText = typeof answer.body === 'string';
		const payload = isText ? (answer.body as string) : JSON.stringify(answer.body);
		if (!res.headersSent && !res.destroyed) {
			res.writeHead(answer.status, {
				'Content-Type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
				'Content-Length': String(Buffer.byteLength(payload)),
				...(answer.headers ?? {}),
			});
			res.end(payload);
		}
	}

	async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const receivedAt = Date.now();
		const method = (req.method ?? 'GET').toUpperCase();
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const entry: LoggedRequest = {
			seq: ++seq,
			method,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams.entries()),
			headers: headerRecord(req.headers),
			body: undefined,
			status: 0,
			responseBody: undefined,
			receivedAt,
		};
		requests.push(entry);
		const finish = (): void => {
			if (options.onRequest) {
				try {
					options.onRequest(entry);
				} catch {
					// a logging hook must never break the simulator
				}
			}
		};
		try {
			const raw = await readBody(req);
			if (raw === undefined) {
				send(res, entry, { status: 413, body: { code: 413, message: 'request body too large' } });
				finish();
				return;
			}
			let parsed: Parsed = { ok: false };
			const text = raw.toString('utf8');
			if (text.length > 0) {
				try {
					parsed = { ok: true, value: JSON.parse(text) };
					entry.body = parsed.value;
				} catch {
					entry.body = text;
				}
			}

			const injection = takeInjection(method, entry.path);
			if (latencyMs > 0) await sleep(latencyMs);
			if (injection?.kind === 'delay') await sleep(injection.ms);
			if (injection?.kind === 'drop') {
				entry.status = 0;
				entry.responseBody = null;
				req.socket.destroy();
				finish();
				return;
			}
			if (injection?.kind === 'status') {
				send(res, entry, injectedStatusAnswer(entry.path, injection));
				finish();
				return;
			}
			if (injection?.kind === 'code') {
				send(res, entry, injectedCodeAnswer(entry.path, injection));
				finish();
				return;
			}
			const answer = route(method, entry.path, entry.headers, parsed);
			if (injection?.kind === 'statusAfterCommit') {
				send(res, entry, injectedStatusAnswer(entry.path, injection));
			} else {
				send(res, entry, answer);
			}
		} catch (error) {
			send(
				res,
				entry,
				cloudFail(10201, `internal error: ${(error as Error)?.message ?? String(error)}`, 500),
			);
		}
		finish();
	}

	const server = http.createServer((req, res) => {
		void handle(req, res);
	});
	server.keepAliveTimeout = 5000;

	await new Promise<void>((resolve, reject) => {
		const onError = (error: Error): void => reject(error);
		server.once('error', onError);
		server.listen(options.port ?? 0, '127.0.0.1', () => {
			server.off('error', onError);
			resolve();
		});
	});
	const address = server.address() as AddressInfo;
	const url = `http://127.0.0.1:${address.port}`;

	const simulator: Simulator = {
		url,
		credentials,
		requests,
		tasks,
		sentTemplates,
		requestsTo(path: string): LoggedRequest[] {
			return requests.filter((r) => r.path === path);
		},
		authCount(): number {
			return requests.filter((r) => r.method === 'POST' && r.path === AUTH_PATH).length;
		},
		reset(): void {
			requests.length = 0;
			tasks.clear();
			sentTemplates.length = 0;
			injections = [];
			tokens.clear();
			currentToken = undefined;
			expiredMode = 'http401';
			seq = 0;
		},
		setLatency(ms: number): void {
			latencyMs = Math.max(0, ms);
		},
		inject(fault: Fault): void {
			const times = fault.times ?? 1;
			if (times > 0) injections.push({ ...fault, remaining: times });
		},
		expireToken(mode: ExpireMode): void {
			for (const info of tokens.values()) info.revoked = true;
			currentToken = undefined;
			expiredMode = mode;
		},
		close(): Promise<void> {
			return new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
	return simulator;
}
