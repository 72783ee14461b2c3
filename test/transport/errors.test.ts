import { NodeApiError, type INode } from 'n8n-workflow';

import {
	CREDENTIAL_CODES,
	airudderError,
	credentialCodeMessage,
	hintFor,
} from '../../nodes/Airudder/transport/errors';

const node: INode = {
	id: '1',
	name: 'AIRudder',
	type: 'n8n-nodes-airudder.airudder',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

describe('credential codes, worded once', () => {
	test.each(Object.keys(CREDENTIAL_CODES).map(Number))(
		'code %i: the credential message and the hint say the same',
		(code) => {
			const { problem, fix } = CREDENTIAL_CODES[code];
			expect(credentialCodeMessage(code)).toBe(`${problem} (code ${code}). ${fix}`);
			expect(hintFor(code)).toBe(`${problem}. ${fix}`);
		},
	);

	test('other codes have no credential message', () => {
		expect(credentialCodeMessage(10508)).toBeUndefined();
	});
});

describe('hintFor', () => {
	test('AIRudder code first, then HTTP status, then the kind of failure', () => {
		expect(hintFor(10508)).toMatch(/unique Task Name/);
		expect(hintFor(404, 404)).toMatch(/does not know this path/);
		expect(hintFor(599, 599)).toMatch(/having trouble/);
		expect(hintFor('network')).toMatch(/Base URL/);
		expect(hintFor('redirect', 302)).toMatch(/never follows redirects/);
		expect(hintFor('notJson', 200)).toMatch(/did not answer with AIRudder's JSON/);
		expect(hintFor('token')).toMatch(/APP Key and APP Secret/);
		expect(hintFor(12345, 200)).toBe('See the message from AIRudder above.');
	});
});

describe('airudderError', () => {
	test("AIRudder's code and message, the hint and the note, the item", () => {
		const error = airudderError(node, {
			endpoint: 'POST /x',
			httpStatus: 200,
			code: 10508,
			message: ' task name duplicated ',
			requestId: 'r1',
			itemIndex: 3,
			note: 'A note.',
		});
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('AIRudder error 10508: task name duplicated');
		expect(error.description).toBe(`${hintFor(10508)} A note.`);
		expect(error.httpCode).toBe('200');
		expect(error.context.itemIndex).toBe(3);
	});

	test('plain messages keep their text; a missing message says so', () => {
		expect(
			airudderError(node, {
				endpoint: 'x',
				code: 'network',
				message: 'Could not reach',
				plain: true,
			}).message,
		).toBe('Could not reach');
		expect(airudderError(node, { endpoint: 'x', httpStatus: 502 }).message).toBe(
			'AIRudder error 502: no message',
		);
	});
});

describe('every AIRudder code has its own hint', () => {
	// The codes of AIRudder's error table (shared API notes, "Error codes").
	const TABLE = [
		10201, 10301, 10302, 10501, 10502, 10503, 10504, 10505, 10506, 10507, 10508, 10509, 10510,
		10511, 10513, 10514, 10515, 10516, 10518, 10527, 10605, 10608, 10609, 10611, 10702, 10704,
		10705, 10801, 10810, 10811, 10812, 10813, 10814, 10820,
	];
	const fallback = hintFor(undefined);

	test('a sentence of its own for each code, also when AIRudder sends it as text', () => {
		const hints = TABLE.map((code) => hintFor(code, 200));
		for (const hint of hints) expect(hint).toMatch(/^[A-Z].{10,}\.$/);
		expect(hints).not.toContain(fallback);
		expect(new Set(hints).size).toBe(TABLE.length);
		expect(TABLE.map((code) => hintFor(String(code), 200))).toEqual(hints);
	});

	test('the HTTP statuses AIRudder uses get their own hint when the body has no code', () => {
		const statuses = [400, 401, 403, 404, 429];
		const hints = statuses.map((status) => hintFor(status, status));
		for (const hint of hints) expect(hint).toMatch(/^AIRudder|^This account/);
		expect(new Set(hints).size).toBe(statuses.length);
		expect(hintFor(undefined, 429)).toBe(hintFor(429, 429));
	});

	test('5xx from 500 up is AIRudder having trouble; below, the message is all there is', () => {
		expect(hintFor(500, 500)).toMatch(/having trouble/);
		expect(hintFor(499, 499)).toBe(fallback);
		expect(hintFor(undefined, 503)).toMatch(/having trouble/);
	});

	test('a failure before any answer points to the credential', () => {
		expect(hintFor('request')).toBe(hintFor('token'));
		expect(hintFor('request')).toMatch(/Base URL, APP Key and APP Secret/);
		expect(hintFor('network')).not.toBe(hintFor('request'));
		expect(hintFor('something else')).toBe(fallback);
	});
});

describe('airudderError details', () => {
	test("AIRudder's numeric code, message, status and request id are the error's details", () => {
		const error = airudderError(node, {
			endpoint: 'POST /x',
			httpStatus: 200,
			code: 10506,
			message: 'task not found',
			requestId: 'r-9',
		});
		expect(error.errorResponse).toEqual({
			endpoint: 'POST /x',
			code: 10506,
			message: 'task not found',
			httpStatus: 200,
			request_id: 'r-9',
		});
	});

	test('a failure without a numeric code is named as a reason, never as a system code', () => {
		const error = airudderError(node, {
			endpoint: 'POST /x',
			code: 'network',
			message: 'Could not reach AIRudder: no answer in time',
			plain: true,
		});
		expect(error.errorResponse).toEqual({
			endpoint: 'POST /x',
			reason: 'network',
			detail: 'Could not reach AIRudder: no answer in time',
		});
		expect(error.message).toBe('Could not reach AIRudder: no answer in time');
		expect(error.httpCode).toBeNull();
		expect(error.description).toBe(hintFor('network'));
	});

	test('without code or status the failure counts as a network one; a blank message says so', () => {
		const error = airudderError(node, { endpoint: 'GET /y', message: '   ' });
		expect(error.message).toBe('AIRudder error network: no message');
		expect(error.errorResponse).toEqual({
			endpoint: 'GET /y',
			reason: 'network',
			detail: 'no message',
		});
	});

	test('the HTTP status stands in for a missing body code', () => {
		const error = airudderError(node, {
			endpoint: 'POST /x',
			httpStatus: 404,
			message: 'Not Found',
		});
		expect(error.message).toBe('AIRudder error 404: Not Found');
		expect(error.errorResponse).toMatchObject({ code: 404, httpStatus: 404 });
		expect(error.description).toBe(hintFor(undefined, 404));
	});
});
