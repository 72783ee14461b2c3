import { redactor } from '../../nodes/Airudder/helpers/redact';
import { notJsonMessage, readAnswer, redirectMessage } from '../../nodes/Airudder/transport/answer';

const URL = 'https://api.airudder.com/service/cloud/x';
const none = redactor([]);

describe('readAnswer', () => {
	test('parses a JSON object body itself, secrets redacted', () => {
		const answer = readAnswer(
			{ statusCode: 200, headers: {}, body: '{"code":200,"data":{"t":"tok"}}' },
			URL,
			redactor(['tok']),
		);
		expect(answer.envelope).toEqual({ code: 200, data: { t: '***' } });
		expect(answer.text).toBe('{"code":200,"data":{"t":"***"}}');
	});

	test.each(['', '[]', '"x"', '12', 'null', '{"a":', '<html>'])('%j has no envelope', (body) => {
		expect(readAnswer({ statusCode: 200, body }, URL, none).envelope).toBeUndefined();
	});

	test('an already parsed body (a client that ignored the text request) is read the same way', () => {
		expect(readAnswer({ statusCode: 200, body: { code: 200 } }, URL, none).envelope).toEqual({
			code: 200,
		});
	});

	test('a 3xx carries the host of its Location', () => {
		const answer = readAnswer(
			{ statusCode: 302, headers: { location: 'http://other.example:81/x' }, body: '' },
			URL,
			none,
		);
		expect(answer.redirectHost).toBe('other.example:81');
		expect(redirectMessage(answer)).toBe(
			'AIRudder answered with a redirect (HTTP 302) to other.example:81: check the Base URL',
		);
		expect(redirectMessage(readAnswer({ statusCode: 301, body: '' }, URL, none))).toBe(
			'AIRudder answered with a redirect (HTTP 301) to an address it did not give: check the Base URL',
		);
	});

	test('the not-JSON message shows a short text excerpt', () => {
		expect(notJsonMessage(readAnswer({ statusCode: 200, body: '<b>Down</b>' }, URL, none))).toBe(
			"AIRudder's answer could not be read (not JSON): Down",
		);
		expect(notJsonMessage(readAnswer({ statusCode: 200, body: '' }, URL, none))).toBe(
			"AIRudder's answer could not be read (not JSON): (empty answer)",
		);
	});

	test('no body at all reads as empty text', () => {
		for (const body of [undefined, null]) {
			const answer = readAnswer({ statusCode: 204, body }, URL, none);
			expect(answer).toEqual({ status: 204, headers: {}, text: '', excerpt: '' });
		}
	});

	test('the text and the excerpt are redacted too, and the excerpt is plain text', () => {
		const answer = readAnswer(
			{ statusCode: 500, body: '<p>bad   secret tok</p>' },
			URL,
			redactor(['tok']),
		);
		expect(answer.text).toBe('<p>bad   secret ***</p>');
		expect(answer.excerpt).toBe('bad secret ***');
	});

	test.each([
		[299, undefined],
		[300, 'other.example'],
		[399, 'other.example'],
		[400, undefined],
	])('HTTP %i: redirect host %s', (statusCode, host) => {
		const answer = readAnswer(
			{ statusCode, headers: { location: 'https://other.example/x' }, body: '' },
			URL,
			none,
		);
		expect(answer.redirectHost).toBe(host);
		expect('redirectHost' in answer).toBe(host !== undefined);
	});
});
