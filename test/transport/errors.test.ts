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
