/**
 * Chatbot calls stand alone: /api/v1 calls carry only the chatbot key and never fetch a token; a credential
 * with only the Chatbot API Key works for WhatsApp; workflow operations without APP Key/Secret fail before
 * any request; the credential test checks whichever keys are filled in.
 */
import { NodeOperationError } from 'n8n-workflow';

import { AirudderApi } from '../../credentials/AirudderApi.credentials';
import { testCredential } from '../harness/credentialTest';
import { credentialData } from '../harness/n8n';
import { contactsItems, createParameters, fixture, type Fixture } from './setup';

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

let f: Fixture;
afterEach(async () => await f.close());

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

describe('the credential test checks whichever keys are filled in', () => {
	const credential = new AirudderApi();
	const check = async (overrides: Record<string, string>) =>
		await testCredential('airudderApi', credential.test, credentialData(f.sim, overrides));

	beforeEach(async () => (f = await fixture()));

	test('all keys right: the token is fetched and the chatbot key checked, nothing is sent', async () => {
		expect(await check({})).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(f.sim.authCount()).toBe(1);
		expect(f.sim.requestsTo(SEND)).toHaveLength(1);
		expect(f.sim.requestsTo(SEND)[0].body).toEqual({ receivers: [] });
		expect(f.sim.requestsTo(SEND)[0].headers.authorization).toBeUndefined();
		expect(f.sim.sentTemplates).toHaveLength(0);
	});

	test('only APP Key and APP Secret: checked through the token, no chatbot call', async () => {
		expect((await check({ chatbotApiKey: '' })).status).toBe('OK');
		expect(f.sim.requestsTo(SEND)).toHaveLength(0);
		expect(f.sim.authCount()).toBeGreaterThanOrEqual(1);
	});

	test('only the Chatbot API Key: checked without any token request', async () => {
		expect((await check({ appKey: '', appSecret: '' })).status).toBe('OK');
		expect(f.sim.authCount()).toBe(0);
		expect(f.sim.requestsTo(SEND)).toHaveLength(1);
	});

	test('a wrong key is named, whichever it is', async () => {
		// only the chatbot check remains after preAuthentication accepted APP Key and APP Secret
		expect(await check({ chatbotApiKey: 'wrong-key' })).toEqual({
			status: 'Error',
			message: 'Authorization failed - please check your credentials',
		});
		expect(f.sim.requestsTo(SEND).every((r) => r.status === 401)).toBe(true);
		expect((await check({ appSecret: 'wrong' })).message).toMatch(
			/^The APP Secret does not match the APP Key/,
		);
		expect((await check({ appKey: 'wrong', chatbotApiKey: '' })).message).toMatch(
			/^AIRudder does not know this APP Key/,
		);
	});

	test('one of APP Key / APP Secret alone, or no key at all, fails before any request', async () => {
		expect((await check({ appSecret: '' })).message).toBe(
			'The APP Secret is empty in the AIRudder API credential: workflow operations need the APP Key and the APP Secret',
		);
		expect((await check({ appKey: '', appSecret: '', chatbotApiKey: '' })).message).toMatch(
			/^The credential has no keys/,
		);
		expect(f.sim.requests).toHaveLength(0);
	});
});
