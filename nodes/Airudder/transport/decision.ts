/**
 * What to do with each outcome of a request, decided without side effects: done, retry after a delay,
 * slow down, refresh the token, or fail with AIRudder's code, message and a note.
 */
import type { IDataObject } from 'n8n-workflow';

import { notJsonMessage, redirectMessage, type ReadAnswer } from './answer';
import { QUERY_LIMIT_CODE, TOKEN_REJECTED_CODES } from './endpoints';
import type { AirudderFailure } from './errors';

/** Attempts for a read after 5xx or network errors. */
export const MAX_ATTEMPTS = 4;
/** Attempts when AIRudder asks us to slow down (429 or 10705); these never reached processing. */
export const MAX_THROTTLED_ATTEMPTS = 8;
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;

// The connection was never made, so the request cannot have reached AIRudder.
const NOT_SENT_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
const NETWORK_ERRORS = new Set([
	...NOT_SENT_ERRORS,
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'ESOCKETTIMEDOUT',
	'EHOSTUNREACH',
	'ENETUNREACH',
]);

// Plain words, because NodeApiError replaces any message that contains a system error code.
const NETWORK_TEXT: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused (is the Base URL right?)',
	ENOTFOUND: 'the host name was not found (is the Base URL right?)',
	EAI_AGAIN: 'the host name could not be looked up right now',
	ECONNRESET: 'the connection was closed before an answer came',
	ETIMEDOUT: 'no answer in time',
	ECONNABORTED: 'no answer in time',
	ESOCKETTIMEDOUT: 'no answer in time',
	EPIPE: 'the connection broke while sending',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
};

export const MAY_HAVE_REACHED =
	'The request may have reached AIRudder: check in the AIRudder console before running again, so nothing is created or sent twice.';

/** What a request is allowed to do. */
export interface RequestTraits {
	/** Repeating it cannot create, add or send anything twice. */
	retrySafe: boolean;
	/** It carries the token (workflow endpoints), so a rejected token is refreshed. */
	usesToken: boolean;
	/** A 2xx answer that is not a JSON object is accepted as text (API Request's Raw Response). */
	acceptText: boolean;
}

/** What was tried before this outcome. */
export interface Progress {
	/** Failed attempts that count toward MAX_ATTEMPTS (5xx, 408, network errors). */
	attempts: number;
	/** Attempts AIRudder throttled (429, 10705). */
	throttledAttempts: number;
	/** The token was refreshed once already for this request. */
	tokenRefreshed: boolean;
	/** This attempt asked for a new token on the way. */
	freshToken: boolean;
}

export type Outcome =
	| { answered: true; answer: ReadAnswer }
	| { answered: false; networkCode?: string; message: string };

export type Failure = Omit<AirudderFailure, 'endpoint' | 'itemIndex'>;

export type Decision =
	| { kind: 'ok'; answer: ReadAnswer }
	| { kind: 'retry'; delayMs: number; attempts: number }
	| { kind: 'slowDown'; delayMs: number; throttledAttempts: number }
	| { kind: 'refreshToken' }
	| { kind: 'fail'; failure: Failure };

export interface Clock {
	now: () => number;
	random: () => number;
}

const SYSTEM_CLOCK: Clock = { now: () => Date.now(), random: () => Math.random() };

/** Exponential backoff with jitter: 0.25-0.5 s, 0.5-1 s, 1-2 s ... up to 30 s. */
export function backoffDelay(attempt: number, random: () => number): number {
	const exp = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
	return Math.round(exp / 2 + random() * (exp / 2));
}

/** AIRudder gave no Retry-After: wait 0.25 s, 0.5 s, 1 s ... up to 8 s. */
export function throttleDelay(attempt: number): number {
	return Math.min(8_000, 250 * 2 ** (attempt - 1));
}

/** Retry-After in seconds or as an HTTP date, capped at 30 s. */
export function retryAfterMs(headers: IDataObject | undefined, now: number): number | undefined {
	const value = headers?.['retry-after'];
	if (value === undefined || value === null || value === '') return undefined;
	const seconds = Number(value);
	if (!Number.isNaN(seconds)) return Math.min(MAX_DELAY_MS, Math.max(0, seconds * 1000));
	const date = Date.parse(String(value));
	return Number.isNaN(date) ? undefined : Math.min(MAX_DELAY_MS, Math.max(0, date - now));
}

/** The system error code (ECONNRESET...) of a failed request, wherever n8n's error wrappers put it. */
export function networkCode(error: unknown): string | undefined {
	const seen = new Set<unknown>();
	let current = error as IDataObject | undefined;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		// n8n's NodeApiError keeps the system error code in httpCode and the original texts in messages.
		for (const key of ['code', 'httpCode']) {
			const value = current[key];
			if (typeof value === 'string' && NETWORK_ERRORS.has(value)) return value;
		}
		const texts = Array.isArray(current.messages) ? current.messages.join(' ') : '';
		const message = `${typeof current.message === 'string' ? current.message : ''} ${texts}`;
		const match = [...NETWORK_ERRORS].find((code) => message.includes(code));
		if (match) return match;
		if (/timeout of \d+ms exceeded|socket hang up/i.test(message)) return 'ECONNRESET';
		current = (current.cause ?? current.context) as IDataObject | undefined;
	}
	return undefined;
}

/** AIRudder's body code as a number, if the envelope has one. */
export function bodyCode(envelope: IDataObject | undefined): number | undefined {
	if (!envelope) return undefined;
	const code = envelope.code;
	if (code === undefined || code === null || code === '') return undefined;
	const numeric = Number(code);
	return Number.isNaN(numeric) ? undefined : numeric;
}

function fail(failure: Failure): Decision {
	return { kind: 'fail', failure };
}

function decideNoAnswer(
	outcome: { networkCode?: string; message: string },
	traits: RequestTraits,
	progress: Progress,
	clock: Clock,
): Decision {
	const { networkCode: code, message } = outcome;
	if (code === undefined) {
		return progress.freshToken
			? fail({
					code: 'token',
					message: `AIRudder rejected the token, and getting a new one failed: ${message}`,
					plain: true,
				})
			: fail({ code: 'request', message, plain: true });
	}
	const mayRetry = traits.retrySafe || NOT_SENT_ERRORS.has(code);
	const attempts = progress.attempts + 1;
	if (mayRetry && attempts < MAX_ATTEMPTS) {
		return { kind: 'retry', delayMs: backoffDelay(attempts, clock.random), attempts };
	}
	return fail({
		code: 'network',
		message: `Could not reach AIRudder: ${NETWORK_TEXT[code] ?? 'the connection failed'}`,
		plain: true,
		note: mayRetry ? `Tried ${attempts} times.` : MAY_HAVE_REACHED,
	});
}

function decideAnswer(
	answer: ReadAnswer,
	traits: RequestTraits,
	progress: Progress,
	clock: Clock,
): Decision {
	const { status, envelope } = answer;
	if (status >= 300 && status < 400) {
		return fail({
			httpStatus: status,
			code: 'redirect',
			message: redirectMessage(answer),
			plain: true,
		});
	}
	const code = bodyCode(envelope);
	const message =
		typeof envelope?.message === 'string'
			? envelope.message
			: answer.excerpt !== ''
				? answer.excerpt
				: undefined;
	const requestId = typeof envelope?.request_id === 'string' ? envelope.request_id : undefined;
	const refusal: Failure = { httpStatus: status, code: code ?? status, message, requestId };

	const tokenRejected = status === 401 || (code !== undefined && TOKEN_REJECTED_CODES.has(code));
	if (traits.usesToken && tokenRejected) {
		return progress.tokenRefreshed ? fail(refusal) : { kind: 'refreshToken' };
	}
	if (status === 429 || code === QUERY_LIMIT_CODE) {
		const throttledAttempts = progress.throttledAttempts + 1;
		if (throttledAttempts < MAX_THROTTLED_ATTEMPTS) {
			const delayMs = retryAfterMs(answer.headers, clock.now()) ?? throttleDelay(throttledAttempts);
			return { kind: 'slowDown', delayMs, throttledAttempts };
		}
		return fail({ ...refusal, note: `Still limited after ${throttledAttempts} attempts.` });
	}
	if (status >= 500 || status === 408) {
		if (!traits.retrySafe) return fail({ ...refusal, note: MAY_HAVE_REACHED });
		const attempts = progress.attempts + 1;
		if (attempts < MAX_ATTEMPTS) {
			const delayMs =
				retryAfterMs(answer.headers, clock.now()) ?? backoffDelay(attempts, clock.random);
			return { kind: 'retry', delayMs, attempts };
		}
		return fail({ ...refusal, note: `Tried ${attempts} times.` });
	}
	if (status < 200 || status >= 300 || (code !== undefined && code !== 200)) return fail(refusal);
	if (envelope || traits.acceptText) return { kind: 'ok', answer };
	// Not retried: a create or send behind it may have gone through.
	return fail({
		httpStatus: status,
		code: 'notJson',
		message: notJsonMessage(answer),
		plain: true,
		note: traits.retrySafe ? undefined : MAY_HAVE_REACHED,
	});
}

/** The one decision for each outcome of a request. */
export function decide(
	outcome: Outcome,
	traits: RequestTraits,
	progress: Progress,
	clock: Clock = SYSTEM_CLOCK,
): Decision {
	return outcome.answered
		? decideAnswer(outcome.answer, traits, progress, clock)
		: decideNoAnswer(outcome, traits, progress, clock);
}
