/** The AIRudder API credential: token exchange, field-naming errors, and its test as n8n runs it. */
import { AirudderApi } from '../../credentials/AirudderApi.credentials';
import { testCredential } from '../harness/credentialTest';
import { credentialData } from '../harness/executeContext';
import { contactsItems, createParameters, fixture, type Fixture } from '../actions/setup';

describe('AIRudder API credential', () => {
	let f: Fixture;
	beforeEach(async () => (f = await fixture()));
	afterEach(async () => await f.close());

	test('exchanges APP Key and APP Secret for a token once, stores it, and sends it as "Token <t>"', async () => {
		await f.run(createParameters(), contactsItems(2));
		await f.run(createParameters(), contactsItems(2));
		expect(f.sim.authCount()).toBe(1);
		expect(f.sim.requestsTo('/service/cloud/auth')[0].body).toEqual({
			APPKey: f.sim.credentials.appKey,
			APPSecret: f.sim.credentials.appSecret,
		});
		const token = f.store.get('cred-airudder-1').token as string;
		expect(token).toMatch(/.{20,}/);
		const calls = f.sim.requestsTo('/service/cloud/workflow/createinstance');
		expect(calls).toHaveLength(2);
		for (const call of calls) expect(call.headers.authorization).toBe(`Token ${token}`);
		expect(f.store.writes).toBe(1);
	});

	test.each([
		['appKey', 'not-a-key', /APP Key/],
		['appSecret', 'wrong-secret', /APP Secret does not match/],
	])('a wrong %s fails with a message saying which field', async (field, value, message) => {
		await f.close();
		f = await fixture({}, { [field]: value });
		const error = await f.run(createParameters(), contactsItems(1)).catch((e: Error) => e);
		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toMatch(message);
		expect(JSON.stringify(error)).not.toContain('wrong-secret');
		expect(f.sim.requestsTo('/service/cloud/workflow/createinstance')).toHaveLength(0);
	});

	test('the credential test, run as n8n runs it, names a wrong APP Key or APP Secret', async () => {
		const test = new AirudderApi().test;
		expect(await testCredential('airudderApi', test, credentialData(f.sim))).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		const wrongKey = await testCredential(
			'airudderApi',
			test,
			credentialData(f.sim, { appKey: 'not-a-key' }),
		);
		expect(wrongKey.message).toMatch(/APP Key/);
		const wrongSecret = await testCredential(
			'airudderApi',
			test,
			credentialData(f.sim, { appSecret: 'wrong-secret' }),
		);
		expect(wrongSecret.message).toMatch(/APP Secret/);
		expect(wrongSecret.message).not.toContain('wrong-secret');
	});
});

const SEND = '/api/v1/template/send';

describe('the credential test checks whichever keys are filled in', () => {
	const credential = new AirudderApi();
	const check = async (overrides: Record<string, string>) =>
		await testCredential('airudderApi', credential.test, credentialData(f.sim, overrides));

	let f: Fixture;
	beforeEach(async () => (f = await fixture()));
	afterEach(async () => await f.close());

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
