import { redactor } from '../../nodes/Airudder/helpers/redact';
import { readAnswer } from '../../nodes/Airudder/transport/answer';
import {
	MAY_HAVE_REACHED,
	backoffDelay,
	bodyCode,
	decide,
	networkCode,
	retryAfterMs,
	throttleDelay,
	type Clock,
	type Progress,
	type RequestTraits,
} from '../../nodes/Airudder/transport/decision';

const URL = 'https://api.airudder.com/service/cloud/workflow/taskdetail';
const clock: Clock = { now: () => Date.parse('2026-01-01T00:00:00Z'), random: () => 0.5 };
const read: RequestTraits = { retrySafe: true, usesToken: true, acceptText: false };
const create: RequestTraits = { retrySafe: false, usesToken: true, acceptText: false };
const chatbot: RequestTraits = { retrySafe: false, usesToken: false, acceptText: false };
const start: Progress = {
	attempts: 0,
	throttledAttempts: 0,
	tokenRefreshed: false,
	freshToken: false,
};

function answered(status: number, body: unknown, headers: Record<string, string> = {}) {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	return {
		answered: true as const,
		answer: readAnswer({ statusCode: status, headers, body: text }, URL, redactor([])),
	};
}

const noAnswer = (networkCode: string | undefined, message = 'boom') => ({
	answered: false as const,
	networkCode,
	message,
});

describe('decide: answers', () => {
	test('a 2xx JSON object with code 200, or without code, is ok', () => {
		for (const body of [{ code: 200, data: { a: 1 } }, { data: [] }]) {
			const decision = decide(answered(200, body), read, start, clock);
			expect(decision).toMatchObject({ kind: 'ok', answer: { envelope: body } });
		}
	});

	test('a 2xx that is not a JSON object fails, with the note for creates and sends', () => {
		expect(decide(answered(200, '<html>down</html>'), read, start, clock)).toEqual({
			kind: 'fail',
			failure: {
				httpStatus: 200,
				code: 'notJson',
				message: "AIRudder's answer could not be read (not JSON): down",
				plain: true,
				note: undefined,
			},
		});
		expect(decide(answered(201, '[1]'), create, start, clock)).toMatchObject({
			kind: 'fail',
			failure: { code: 'notJson', note: MAY_HAVE_REACHED },
		});
	});

	test('a 2xx that is not a JSON object is ok as text when accepted', () => {
		expect(
			decide(answered(200, 'plain'), { ...read, acceptText: true }, start, clock),
		).toMatchObject({
			kind: 'ok',
			answer: { text: 'plain' },
		});
		expect(
			decide(answered(200, 'plain'), { ...read, acceptText: true }, start, clock),
		).not.toHaveProperty('answer.envelope');
	});

	test('a 3xx fails naming status and Location host', () => {
		expect(
			decide(answered(307, '', { location: 'https://other.example/x' }), read, start, clock),
		).toEqual({
			kind: 'fail',
			failure: {
				httpStatus: 307,
				code: 'redirect',
				message:
					'AIRudder answered with a redirect (HTTP 307) to other.example: check the Base URL',
				plain: true,
			},
		});
	});

	test.each([
		['HTTP 401', 401, { code: 401, message: 'no' }],
		['code 10813 on HTTP 200', 200, { code: 10813, message: 'expired token' }],
		['code 10810 on HTTP 200', 200, { code: 10810 }],
	])('a rejected token (%s) is refreshed once, then fails', (_, status, body) => {
		expect(decide(answered(status, body), create, start, clock)).toEqual({ kind: 'refreshToken' });
		expect(
			decide(answered(status, body), create, { ...start, tokenRefreshed: true }, clock),
		).toMatchObject({ kind: 'fail', failure: { httpStatus: status, code: body.code } });
	});

	test('a 401 on a chatbot call is a plain failure: chatbot calls have no token', () => {
		expect(decide(answered(401, { code: 401, message: 'bad key' }), chatbot, start, clock)).toEqual(
			{
				kind: 'fail',
				failure: { httpStatus: 401, code: 401, message: 'bad key', requestId: undefined },
			},
		);
	});

	test('429 and 10705 slow down: Retry-After in seconds or as a date, else 0.25 s doubling', () => {
		expect(decide(answered(429, '', { 'retry-after': '2' }), create, start, clock)).toEqual({
			kind: 'slowDown',
			delayMs: 2000,
			throttledAttempts: 1,
		});
		expect(
			decide(
				answered(429, '', { 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }),
				create,
				start,
				clock,
			),
		).toMatchObject({ kind: 'slowDown', delayMs: 5000 });
		expect(
			decide(answered(200, { code: 10705 }), read, { ...start, throttledAttempts: 2 }, clock),
		).toEqual({ kind: 'slowDown', delayMs: 1000, throttledAttempts: 3 });
	});

	test('the eighth throttled attempt fails', () => {
		expect(
			decide(
				answered(429, { code: 429, message: 'slow' }),
				read,
				{ ...start, throttledAttempts: 7 },
				clock,
			),
		).toEqual({
			kind: 'fail',
			failure: {
				httpStatus: 429,
				code: 429,
				message: 'slow',
				requestId: undefined,
				note: 'Still limited after 8 attempts.',
			},
		});
	});

	test.each([500, 502, 503, 408])(
		'HTTP %i: a read is retried, then gives up after 4 attempts',
		(status) => {
			expect(decide(answered(status, ''), read, start, clock)).toEqual({
				kind: 'retry',
				delayMs: 375,
				attempts: 1,
			});
			expect(
				decide(
					answered(status, '', { 'retry-after': '1' }),
					read,
					{ ...start, attempts: 1 },
					clock,
				),
			).toEqual({ kind: 'retry', delayMs: 1000, attempts: 2 });
			expect(decide(answered(status, ''), read, { ...start, attempts: 3 }, clock)).toMatchObject({
				kind: 'fail',
				failure: { httpStatus: status, code: status, note: 'Tried 4 times.' },
			});
		},
	);

	test('a 5xx on a create or send fails at once with the note', () => {
		expect(decide(answered(502, '<h1>Bad   Gateway</h1>'), create, start, clock)).toEqual({
			kind: 'fail',
			failure: {
				httpStatus: 502,
				code: 502,
				message: 'Bad Gateway',
				requestId: undefined,
				note: MAY_HAVE_REACHED,
			},
		});
	});

	test('other refusals fail with AIRudder code, message and request id', () => {
		expect(
			decide(
				answered(200, { code: 10508, message: 'task name duplicated', request_id: 'r1' }),
				create,
				start,
				clock,
			),
		).toEqual({
			kind: 'fail',
			failure: { httpStatus: 200, code: 10508, message: 'task name duplicated', requestId: 'r1' },
		});
		expect(decide(answered(404, ''), read, start, clock)).toEqual({
			kind: 'fail',
			failure: { httpStatus: 404, code: 404, message: undefined, requestId: undefined },
		});
		expect(decide(answered(400, 'Bad <b>input</b>'), read, start, clock)).toMatchObject({
			failure: { code: 400, message: 'Bad input' },
		});
	});
});

describe('decide: no answer', () => {
	test('an error without a network code fails as a request error, or a token error after a refresh', () => {
		expect(decide(noAnswer(undefined, 'bad credential'), read, start, clock)).toEqual({
			kind: 'fail',
			failure: { code: 'request', message: 'bad credential', plain: true },
		});
		expect(
			decide(noAnswer(undefined, 'code 10302'), read, { ...start, freshToken: true }, clock),
		).toEqual({
			kind: 'fail',
			failure: {
				code: 'token',
				message: 'AIRudder rejected the token, and getting a new one failed: code 10302',
				plain: true,
			},
		});
	});

	test('a read is retried after a network error, up to 4 attempts', () => {
		expect(decide(noAnswer('ECONNRESET'), read, start, clock)).toEqual({
			kind: 'retry',
			delayMs: 375,
			attempts: 1,
		});
		expect(decide(noAnswer('ETIMEDOUT'), read, { ...start, attempts: 3 }, clock)).toEqual({
			kind: 'fail',
			failure: {
				code: 'network',
				message: 'Could not reach AIRudder: no answer in time',
				plain: true,
				note: 'Tried 4 times.',
			},
		});
	});

	test.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'])(
		'%s: the connection was never made, so even a create is retried',
		(code) => {
			expect(decide(noAnswer(code), create, start, clock)).toEqual({
				kind: 'retry',
				delayMs: 375,
				attempts: 1,
			});
		},
	);

	test.each([
		'ECONNRESET',
		'ETIMEDOUT',
		'ECONNABORTED',
		'EPIPE',
		'ESOCKETTIMEDOUT',
		'EHOSTUNREACH',
		'ENETUNREACH',
	])('%s: a create may have reached AIRudder, so it is not retried', (code) => {
		expect(decide(noAnswer(code), create, start, clock)).toMatchObject({
			kind: 'fail',
			failure: { code: 'network', note: MAY_HAVE_REACHED },
		});
	});

	test('every network failure is told in plain words of its own, never with the system code', () => {
		const codes = [
			'ECONNREFUSED',
			'ENOTFOUND',
			'EAI_AGAIN',
			'ECONNRESET',
			'EPIPE',
			'EHOSTUNREACH',
			'ENETUNREACH',
		];
		const messages = codes.map((code) => {
			const decision = decide(noAnswer(code), read, { ...start, attempts: 3 }, clock);
			if (decision.kind !== 'fail') throw new Error(`${code}: ${decision.kind}`);
			return decision.failure.message ?? '';
		});
		messages.forEach((message, i) => {
			expect(message).toMatch(/^Could not reach AIRudder: [a-z]/);
			expect(message).not.toContain(codes[i]);
		});
		expect(new Set(messages).size).toBe(codes.length);
		expect(
			['ETIMEDOUT', 'ECONNABORTED', 'ESOCKETTIMEDOUT'].map((code) =>
				decide(noAnswer(code), create, start, clock),
			),
		).toEqual(
			Array(3).fill({
				kind: 'fail',
				failure: {
					code: 'network',
					message: 'Could not reach AIRudder: no answer in time',
					plain: true,
					note: MAY_HAVE_REACHED,
				},
			}),
		);
		expect(decide(noAnswer('EPROTO'), create, start, clock)).toMatchObject({
			failure: { message: 'Could not reach AIRudder: the connection failed' },
		});
	});

	test('a create is retried only when the connection was never made', () => {
		expect(decide(noAnswer('ECONNREFUSED'), create, start, clock)).toMatchObject({
			kind: 'retry',
			attempts: 1,
		});
		expect(decide(noAnswer('ECONNRESET'), create, start, clock)).toEqual({
			kind: 'fail',
			failure: {
				code: 'network',
				message: 'Could not reach AIRudder: the connection was closed before an answer came',
				plain: true,
				note: MAY_HAVE_REACHED,
			},
		});
	});
});

describe('decision helpers', () => {
	test('backoffDelay doubles with jitter and is capped at 30 s', () => {
		expect([1, 2, 3].map((a) => backoffDelay(a, () => 0))).toEqual([250, 500, 1000]);
		expect(backoffDelay(1, () => 1)).toBe(500);
		expect(backoffDelay(20, () => 1)).toBe(30_000);
	});

	test('throttleDelay doubles from 0.25 s up to 8 s', () => {
		expect([1, 2, 3, 6, 7, 10].map(throttleDelay)).toEqual([250, 500, 1000, 8000, 8000, 8000]);
	});

	test('retryAfterMs reads seconds and dates, capped between 0 and 30 s', () => {
		const now = Date.parse('2026-01-01T00:00:00Z');
		expect(retryAfterMs({ 'retry-after': '1.5' }, now)).toBe(1500);
		expect(retryAfterMs({ 'retry-after': '999' }, now)).toBe(30_000);
		expect(retryAfterMs({ 'retry-after': '-3' }, now)).toBe(0);
		expect(retryAfterMs({ 'retry-after': 'Wed, 31 Dec 2025 23:00:00 GMT' }, now)).toBe(0);
		expect(retryAfterMs({ 'retry-after': 'soon' }, now)).toBeUndefined();
		expect(retryAfterMs({ 'retry-after': '' }, now)).toBeUndefined();
		expect(retryAfterMs({ 'retry-after': null }, now)).toBeUndefined();
		expect(retryAfterMs({ 'retry-after': 'Thu, 01 Jan 2026 00:00:01 GMT' }, now)).toBe(1000);
		expect(retryAfterMs({ 'retry-after': 'Thu, 01 Jan 2026 01:00:00 GMT' }, now)).toBe(30_000);
		expect(retryAfterMs(undefined, now)).toBeUndefined();
	});

	test('networkCode finds the system code wherever n8n put it', () => {
		expect(networkCode({ code: 'ECONNREFUSED' })).toBe('ECONNREFUSED');
		expect(networkCode({ httpCode: 'ETIMEDOUT' })).toBe('ETIMEDOUT');
		expect(networkCode({ message: 'x', messages: ['read ECONNRESET'] })).toBe('ECONNRESET');
		expect(networkCode({ message: 'outer', cause: { message: 'getaddrinfo ENOTFOUND h' } })).toBe(
			'ENOTFOUND',
		);
		expect(networkCode({ message: 'timeout of 60000ms exceeded' })).toBe('ECONNRESET');
		expect(networkCode({ message: 'socket hang up' })).toBe('ECONNRESET');
		expect(networkCode({ message: 'Timeout of 500ms exceeded' })).toBe('ECONNRESET');
		expect(networkCode({ message: 'wrapped', context: { code: 'EPIPE' } })).toBe('EPIPE');
		expect(networkCode({ code: 'E_OTHER', message: 'x' })).toBeUndefined();
		expect(
			networkCode({ code: 42, httpCode: '502', message: '', messages: 'ECONNRESET' }),
		).toBeUndefined();
		expect(networkCode('read ECONNRESET')).toBeUndefined();
		const loop: Record<string, unknown> = { message: 'x' };
		loop.cause = loop;
		expect(networkCode(loop)).toBeUndefined();
		expect(networkCode(new Error('AIRudder did not issue a token'))).toBeUndefined();
		expect(networkCode(undefined)).toBeUndefined();
	});

	test('bodyCode reads numbers and numeric strings only', () => {
		expect(bodyCode({ code: 200 })).toBe(200);
		expect(bodyCode({ code: '10813' })).toBe(10813);
		expect(bodyCode({ code: 'x' })).toBeUndefined();
		expect(bodyCode({ code: '' })).toBeUndefined();
		expect(bodyCode({ code: null })).toBeUndefined();
		expect(bodyCode({ code: 0 })).toBe(0);
		expect(bodyCode({})).toBeUndefined();
		expect(bodyCode(undefined)).toBeUndefined();
	});
});
