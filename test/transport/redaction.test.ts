/**
 * The APP Secret, the current token and the chatbot key are replaced by *** in every error message,
 * description and output item made from an AIRudder answer, even when AIRudder echoes them.
 */
import { contactsItems, createParameters, fixture, type Fixture } from '../actions/setup';

const SECRET = 'app-secret/with+chars=';
const CHATBOT = 'chatbot key & more';
const TASK_DETAIL = '/service/cloud/workflow/taskdetail';
const CREATE = '/service/cloud/workflow/createinstance';
const SEND = '/api/v1/template/send';
const AUTH = '/service/cloud/auth';

let f: Fixture;
let token: string;
beforeEach(async () => {
	f = await fixture({ appSecret: SECRET, chatbotApiKey: CHATBOT });
	await f.run(createParameters(), contactsItems(1));
	token = f.store.get('cred-airudder-1').token as string;
});
afterEach(async () => await f.close());

/** Everything a user can see of an error or an output. */
function visible(value: unknown): string {
	const e = value as { message?: string; description?: string; stack?: string };
	return [JSON.stringify(value), e?.message, e?.description, e?.stack].join('\n');
}

function expectNoSecret(text: string, ...secrets: string[]) {
	for (const secret of [SECRET, CHATBOT, token, ...secrets]) {
		expect(text).not.toContain(secret);
		expect(text).not.toContain(encodeURIComponent(secret));
	}
}

const apiRequest = (path: string, extra: Record<string, unknown> = {}) => ({
	resource: 'apiRequest',
	operation: 'request',
	method: 'POST',
	path,
	body: '{"task_id":"x"}',
	...extra,
});

test('an AIRudder error echoing the token is shown with ***', async () => {
	f.sim.inject({ kind: 'echoSecrets', path: TASK_DETAIL });
	const error = await f.run(apiRequest(TASK_DETAIL)).catch((e) => e);
	expect(error.message).toMatch(
		/^AIRudder error 10201: request rejected: Authorization=Token \*\*\*;/,
	);
	expectNoSecret(visible(error));
});

test('a chatbot error echoing the key is shown with ***', async () => {
	f.sim.inject({ kind: 'echoSecrets', path: SEND, code: 400 });
	const error = await f
		.run({
			resource: 'whatsAppTemplate',
			operation: 'send',
			templateId: 28,
			channelId: '62895422536400',
			receivers: '+6281234567890',
			chatbotMode: 'fields',
			robotId: 3927,
		})
		.catch((e) => e);
	expect(error.message).toContain('X-AIRudder-Sign-Key=***;');
	expectNoSecret(visible(error));
});

test('an HTML error page echoing the token is shown as text with ***', async () => {
	f.sim.inject({ kind: 'echoSecrets', path: CREATE, format: 'html' });
	const error = await f.run(createParameters(), contactsItems(1)).catch((e) => e);
	expect(error.message).toMatch(
		/^AIRudder error 500: Error Request failed Authorization=Token \*\*\*;/,
	);
	expectNoSecret(visible(error));
});

test('output items made from an answer that echoes secrets carry *** instead', async () => {
	f.sim.inject({ kind: 'echoSecrets', path: TASK_DETAIL, code: 200 });
	const out = await f.run(apiRequest(TASK_DETAIL, { options: { fullResponse: true } }));
	expect((out[0].json.data as { echoed: { authorization: string } }).echoed.authorization).toBe(
		'Token ***',
	);
	f.sim.inject({ kind: 'echoSecrets', path: SEND, code: 200 });
	const chatbot = await f.run(apiRequest(SEND));
	expect((chatbot[0].json.echoed as Record<string, string>)['x-airudder-sign-key']).toBe('***');
	f.sim.inject({ kind: 'echoSecrets', path: TASK_DETAIL, format: 'html', status: 200 });
	const raw = await f.run(apiRequest(TASK_DETAIL, { options: { rawResponse: true } }));
	expect(raw[0].json.body).toContain('Authorization=Token ***;');
	expectNoSecret(visible([out, chatbot, raw]));
});

test('a token request answered with the APP Secret echoed fails with ***', async () => {
	f.sim.expireToken('http401');
	f.sim.inject({ kind: 'echoSecrets', path: AUTH });
	const error = await f.run(createParameters(), contactsItems(1)).catch((e) => e);
	expect(error.message).toContain('"APPSecret":"***"');
	expectNoSecret(visible(error));
});

test('a token fetched during the run is redacted too', async () => {
	f.sim.expireToken('http401');
	f.sim.inject({ kind: 'delay', ms: 0, path: TASK_DETAIL });
	f.sim.inject({ kind: 'echoSecrets', path: TASK_DETAIL });
	const out = await f.run(apiRequest(TASK_DETAIL), [{ json: {} }], { continueOnFail: true });
	const fresh = f.store.get('cred-airudder-1').token as string;
	expect(fresh).not.toBe(token);
	expect(out[0].json.error).toMatch(/Authorization=Token \*\*\*;/);
	expectNoSecret(visible(out), fresh);
});
