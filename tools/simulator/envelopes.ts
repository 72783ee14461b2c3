/**
 * Answer shapes of the simulated AIRudder API: the error table and the two envelopes (cloud and /api/v1).
 */
import { hex32 } from './ids';

export interface Answer {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
}

export type Parsed = { ok: true; value: unknown } | { ok: false };

export type JsonObject = Record<string, unknown>;

export type Check<T> = { ok: true; value: T } | { ok: false; answer: Answer };

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

export function invalidJson(): Answer {
	return { status: 400, body: { code: 400, message: 'invalid JSON body' } };
}

export function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function cloudOk(data: unknown): Answer {
	return { status: 200, body: { code: 200, status: 'OK', message: 'success', data } };
}

export function cloudFail(code: number, message?: string, httpStatus = 200): Answer {
	return {
		status: httpStatus,
		body: { code, status: 'FAIL', message: message ?? ERROR_MESSAGES[code] ?? 'error', data: null },
	};
}

export function apiOk(data: unknown): Answer {
	return { status: 200, body: { request_id: hex32(), code: 200, message: 'Success', data } };
}

export function apiFail(code: number, message: string, httpStatus = 200): Answer {
	return { status: httpStatus, body: { request_id: hex32(), code, message, data: null } };
}
