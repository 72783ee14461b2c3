/**
 * AIRudder Trigger: reading the body of a callback (trigger/webhookRequest.ts): what it refuses, through n8n-core's
 * WebhookContext behind a real HTTP server, and the reading itself.
 */
import { EXAMPLES, example, triggerStartedInTest } from '../harness/webhook';
import {
	headerValue,
	isJsonContentType,
	readJsonBody,
} from '../../nodes/Airudder/trigger/webhookRequest';

describe('AIRudder Trigger — request body', () => {
	const { harness, start } = triggerStartedInTest();

	describe('body', () => {
		beforeEach(async () => start());

		it.each([
			[
				'malformed JSON',
				'{"workflow_id": "w1", "status": ',
				'application/json',
				'Malformed JSON body',
			],
			['truncated JSON', '{"a":', 'application/json; charset=utf-8', 'Malformed JSON body'],
			['an empty body', '', 'application/json', 'Empty body'],
			['a whitespace body', '   \n', 'application/json', 'Empty body'],
			[
				'text/plain',
				'{"workflow_id":"w1","status":"finished"}',
				'text/plain',
				'Content-Type must be application/json',
			],
			[
				'form data',
				'workflow_id=w1&status=finished',
				'application/x-www-form-urlencoded',
				'Content-Type must be application/json',
			],
			[
				'no content type',
				'{"workflow_id":"w1","status":"finished"}',
				null,
				'Content-Type must be application/json',
			],
		])(
			'%s -> 400 with a short reason and no execution',
			async (_name, body, contentType, reason) => {
				const reply = await harness().post(body, { contentType });
				expect(reply.status).toBe(400);
				expect(reply.json).toEqual({ error: reason });
				expect(harness().executions).toHaveLength(0);
			},
		);

		it('accepts application/json with parameters and +json types', async () => {
			const body = JSON.stringify(example(EXAMPLES['workflow.statusChanged']));
			expect(
				(await harness().post(body, { contentType: 'Application/JSON; charset=UTF-8' })).status,
			).toBe(200);
			const other = JSON.stringify({
				...example(EXAMPLES['workflow.statusChanged']),
				status: 'cancelled',
			});
			expect(
				(await harness().post(other, { contentType: 'application/vnd.airudder+json' })).status,
			).toBe(200);
			expect(harness().executions).toHaveLength(2);
		});

		it("a malformed body never reaches the workflow when n8n itself refuses it (422 from n8n's body parser)", async () => {
			await harness().stop();
			await start({ strictBodyParser: true });
			const reply = await harness().post('{"nope', {});
			expect(reply.status).toBe(422);
			expect(harness().executions).toHaveLength(0);
		});

		it('only POST is registered', () => {
			expect(harness().nodeType.description.webhooks).toEqual([
				expect.objectContaining({
					name: 'default',
					httpMethod: 'POST',
					path: 'airudder',
					responseMode: 'onReceived',
				}),
			]);
		});
	});
});

describe('body reading (pure)', () => {
	it('body reading without raw bytes (older n8n): the parsed body is used', () => {
		const json = { 'content-type': 'application/json' };
		expect(readJsonBody({ headers: json, body: { a: 1 } })).toEqual({ ok: true, value: { a: 1 } });
		expect(readJsonBody({ headers: json, body: undefined })).toEqual({
			ok: false,
			reason: 'Empty body',
		});
		expect(readJsonBody({ headers: { ...json, 'content-length': '0' }, body: {} })).toEqual({
			ok: false,
			reason: 'Empty body',
		});
		expect(readJsonBody({ headers: { ...json, 'content-length': '2' }, body: {} })).toEqual({
			ok: true,
			value: {},
		});
		expect(readJsonBody({ headers: json, body: '{"a":1}' })).toEqual({ ok: true, value: { a: 1 } });
		expect(readJsonBody({ headers: json, body: '{"a":' })).toEqual({
			ok: false,
			reason: 'Malformed JSON body',
		});
		expect(
			readJsonBody({ headers: json, rawBody: Buffer.from('\uFEFF{"b":2}'), body: {} }),
		).toEqual({ ok: true, value: { b: 2 } });
		expect(readJsonBody({ headers: json, rawBody: Buffer.from('{"b":'), body: {} })).toEqual({
			ok: false,
			reason: 'Malformed JSON body',
		});
		expect(readJsonBody({ headers: {}, body: { a: 1 } })).toEqual({
			ok: false,
			reason: 'Content-Type must be application/json',
		});
	});
});

describe('body reading: each source and content type (pure)', () => {
	const json = { 'content-type': 'application/json' };

	it('header values: by lower-case name, the first of a list, strings only', () => {
		expect(headerValue({ 'content-type': 'a/b' }, 'Content-Type')).toBe('a/b');
		expect(headerValue({ 'x-a': ['one', 'two'] }, 'X-A')).toBe('one');
		expect(headerValue({ 'x-a': [] }, 'x-a')).toBeNull();
		expect(headerValue({ 'x-a': undefined }, 'x-a')).toBeNull();
		expect(headerValue({}, 'x-a')).toBeNull();
		expect(headerValue({ 'X-A': 'upper' }, 'x-a')).toBeNull();
	});

	it('JSON content types: application/json or application/*+json, parameters and case ignored', () => {
		for (const type of [
			'application/json',
			' APPLICATION/JSON ; charset=utf-8',
			'application/vnd.airudder+json',
			'application/problem+JSON;x=1',
		]) {
			expect(isJsonContentType(type)).toBe(true);
		}
		for (const type of [
			'',
			'text/json',
			'text/plain',
			'application/jsonx',
			'application/json-patch',
			'text/vnd.a+json',
			'application/x-www-form-urlencoded',
			'json',
		]) {
			expect(isJsonContentType(type)).toBe(false);
		}
		expect(isJsonContentType(null)).toBe(false);
	});

	it('the raw bytes come first: a Buffer, other bytes, or a string', () => {
		expect(
			readJsonBody({ headers: json, rawBody: Buffer.from(' [1,2] '), body: { x: 1 } }),
		).toEqual({ ok: true, value: [1, 2] });
		const bytes = new TextEncoder().encode('{"ü":"é"}');
		expect(Buffer.isBuffer(bytes)).toBe(false);
		expect(readJsonBody({ headers: json, rawBody: bytes })).toEqual({
			ok: true,
			value: { ü: 'é' },
		});
		expect(readJsonBody({ headers: json, rawBody: '{"s":1}', body: {} })).toEqual({
			ok: true,
			value: { s: 1 },
		});
		// Empty raw bytes are an empty body even when n8n handed over a parsed object.
		for (const rawBody of [Buffer.alloc(0), '', ' \n\t', '\uFEFF']) {
			expect(readJsonBody({ headers: json, rawBody, body: { a: 1 } })).toEqual({
				ok: false,
				reason: 'Empty body',
			});
		}
		// A byte-order mark is dropped only at the start.
		expect(readJsonBody({ headers: json, rawBody: '{"a":\uFEFF1}' })).toEqual({
			ok: false,
			reason: 'Malformed JSON body',
		});
		expect(readJsonBody({ headers: json, rawBody: 'null' })).toEqual({ ok: true, value: null });
	});

	it('without raw bytes: the parsed body, bytes, or text', () => {
		for (const body of [null, '']) {
			expect(readJsonBody({ headers: json, body })).toEqual({ ok: false, reason: 'Empty body' });
		}
		expect(readJsonBody({ headers: json, body: Buffer.from('{"c":3}') })).toEqual({
			ok: true,
			value: { c: 3 },
		});
		expect(readJsonBody({ headers: json, body: '  ' })).toEqual({
			ok: false,
			reason: 'Empty body',
		});
		expect(readJsonBody({ headers: json, body: 42 })).toEqual({ ok: true, value: 42 });
		expect(readJsonBody({ headers: json, body: false })).toEqual({ ok: true, value: false });
		// An empty array is content ("[]"), an empty object without a length is not.
		expect(readJsonBody({ headers: json, body: [] })).toEqual({ ok: true, value: [] });
		expect(readJsonBody({ headers: json, body: {} })).toEqual({ ok: false, reason: 'Empty body' });
		expect(readJsonBody({ headers: json, body: { a: undefined } })).toEqual({
			ok: true,
			value: { a: undefined },
		});
		expect(
			readJsonBody({ headers: { 'content-type': ['application/json'] }, body: { a: 1 } }),
		).toEqual({ ok: true, value: { a: 1 } });
		expect(readJsonBody({ headers: { 'content-type': 'text/plain' }, rawBody: '{}' })).toEqual({
			ok: false,
			reason: 'Content-Type must be application/json',
		});
	});
});
