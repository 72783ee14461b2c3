/**
 * Chatbot calls stand alone: /api/v1 calls carry only the chatbot key and never fetch a token; a credential
 * with only the Chatbot API Key works for WhatsApp; workflow operations without APP Key/Secret fail before
 * any request. (The credential test: test/credentials.)
 */
import { NodeOperationError } from 'n8n-workflow';

import {
	credentialText,
	missingKey,
	missingKeyMessage,
} from '../../nodes/Airudder/transport/credentialKeys';
import { contactsItems, createParameters, fixture, type Fixture } from '../actions/setup';

const SEND = '/api/v1/template/send';
const send = {
	resource: 'whatsAppTemplate',
	operation: 'send',
	templateId: 28,
	channelId: '62895422536400',
	receivers: '+6281234567890',
	chatbotMode: 'fields',
	robotId: 3927,
};

let f: Fixture | undefined;
afterEach(async () => {
	await f?.close();
	f = undefined;
});

test('a credential with only the Chatbot API Key sends WhatsApp templates, with that key alone', async () => {
	f = await fixture({}, { appKey: '', appSecret: '' });
	const out = await f.run(send);
	expect(out[0].json.task_id).toMatch(/^[0-9a-f]{32}$/);
	const request = f.sim.requestsTo(SEND)[0];
	expect(request.headers['x-airudder-sign-key']).toBe(f.sim.credentials.chatbotApiKey);
	expect(request.headers.authorization).toBeUndefined();
	expect(f.sim.authCount()).toBe(0);
	const viaApiRequest = await f.run({
		resource: 'apiRequest',
		operation: 'request',
		method: 'POST',
		path: SEND,
		body: JSON.stringify({ ...f.sim.sentTemplates[0]!, timestamp: Math.floor(Date.now() / 1000) }),
	});
	expect(viaApiRequest[0].json.task_id).toMatch(/^[0-9a-f]{32}$/);
	expect(f.sim.authCount()).toBe(0);
});

test('WhatsApp sends never fetch a token, even when the credential has APP Key and APP Secret', async () => {
	f = await fixture({}, { appSecret: 'wrong-secret' });
	const out = await f.run(send, [{ json: {} }, { json: {} }]);
	expect(out).toHaveLength(2);
	expect(f.sim.authCount()).toBe(0);
	expect(f.store.get('cred-airudder-1').token).toBe('');
	expect(f.store.writes).toBe(0);
});

test.each([
	['appKey', 'APP Key'],
	['appSecret', 'APP Secret'],
])(
	'an empty %s fails every workflow operation before any request, naming it',
	async (field, name) => {
		f = await fixture({}, { [field]: '' });
		const runs = [
			f.run(createParameters(), contactsItems(1)),
			f.run({ resource: 'call', operation: 'getOutboundTaskDetails', taskId: 'x' }),
			f.run({
				resource: 'apiRequest',
				operation: 'request',
				method: 'POST',
				path: '/service/cloud/workflow/taskdetail',
			}),
		];
		for (const run of runs) {
			const error = await run.catch((e) => e);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error.message).toBe(
				`The ${name} is empty in the AIRudder API credential: workflow operations need the APP Key and the APP Secret`,
			);
		}
		expect(f.sim.requests).toHaveLength(0);
	},
);

test('WhatsApp operations with an empty Chatbot API Key fail before any request, naming it', async () => {
	f = await fixture({}, { chatbotApiKey: '' });
	const error = await f.run(send).catch((e) => e);
	expect(error.message).toBe(
		'The Chatbot API Key is empty in the AIRudder API credential: WhatsApp operations need it',
	);
	expect(f.sim.requests).toHaveLength(0);
});

describe('which key a request lacks', () => {
	const full = { appKey: 'k', appSecret: 's', chatbotApiKey: 'c' };

	test('a field is its trimmed text; missing, blank or not text is empty', () => {
		expect(credentialText({ appKey: '  k 1 ' }, 'appKey')).toBe('k 1');
		for (const value of [undefined, '   ', 42, true])
			expect(credentialText({ appKey: value as string }, 'appKey')).toBe('');
	});

	test('workflow calls need the APP Key, then the APP Secret; the chatbot key does not matter', () => {
		expect(missingKey(full, false)).toBeUndefined();
		expect(missingKey({ ...full, chatbotApiKey: '' }, false)).toBeUndefined();
		expect(missingKey({ ...full, appKey: ' ' }, false)).toBe('APP Key');
		expect(missingKey({ ...full, appKey: '', appSecret: '' }, false)).toBe('APP Key');
		expect(missingKey({ ...full, appSecret: '\t' }, false)).toBe('APP Secret');
	});

	test('chatbot calls need only the Chatbot API Key', () => {
		expect(missingKey(full, true)).toBeUndefined();
		expect(missingKey({ chatbotApiKey: 'c' }, true)).toBeUndefined();
		expect(missingKey({ ...full, chatbotApiKey: ' ' }, true)).toBe('Chatbot API Key');
	});

	test('the message names the key and what needs it', () => {
		expect(missingKeyMessage('APP Secret')).toBe(
			'The APP Secret is empty in the AIRudder API credential: workflow operations need the APP Key and the APP Secret',
		);
		expect(missingKeyMessage('Chatbot API Key')).toMatch(/^The Chatbot API Key is empty.*WhatsApp/);
	});
});
