import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { fixture, type Fixture } from '../setup';

const SEND = '/api/v1/template/send';
const base = {
	resource: 'whatsAppTemplate',
	operation: 'send',
	templateId: 28,
	channelId: '62895422536400',
	receivers: '={{ $json.phone }}',
	templateVariables: {
		variable: [
			{ name: 'name', value: '={{ $json.name }}' },
			{ name: 'date', value: '2024-01-17' },
		],
	},
	chatbotMode: 'fields',
	robotId: 3927,
	robotVersionId: 2612,
};

let f: Fixture;
beforeEach(async () => (f = await fixture()));
afterEach(async () => await f.close());

test('sends a template message with the documented body and the chatbot key header', async () => {
	const out = await f.run(base, [{ json: { phone: '+86 131-1234-5678', name: 'tttt001' } }]);
	const request = f.sim.requestsTo(SEND)[0];
	const body = request.body as Record<string, unknown>;
	expect(body).toMatchObject({
		template_id: 28,
		channel: 'WhatsApp',
		channel_id: '62895422536400',
		receivers: [{ id: '8613112345678' }],
		template: [{ variable: { name: 'tttt001', date: '2024-01-17' } }],
		custom: '{"robot_id":3927,"robot_version_id":2612}',
	});
	expect(Math.abs((body.timestamp as number) - Date.now() / 1000)).toBeLessThan(5);
	expect(request.headers['x-airudder-sign-key']).toBe(f.sim.credentials.chatbotApiKey);
	expect(request.headers.authorization).toBeUndefined();
	expect(out).toHaveLength(1);
	expect(out[0].json.task_id).toMatch(/^[0-9a-f]{32}$/);
	expect(out[0].json.receivers).toEqual(['8613112345678']);
	expect(out[0].pairedItem).toEqual({ item: 0 });
	expect(f.sim.sentTemplates).toHaveLength(1);
});

test('raw JSON mode sends custom as a JSON string; invalid JSON fails before sending', async () => {
	await f.run({ ...base, chatbotMode: 'json', customJson: '{"robot_id": 1, "extra": "x"}' }, [
		{ json: { phone: '6281234567890' } },
	]);
	expect((f.sim.requestsTo(SEND)[0].body as { custom: string }).custom).toBe(
		'{"robot_id":1,"extra":"x"}',
	);
	const bad = await f
		.run({ ...base, chatbotMode: 'json', customJson: '{robot_id: 1' }, [
			{ json: { phone: '6281234567890' } },
		])
		.catch((e) => e);
	expect(bad).toBeInstanceOf(NodeOperationError);
	expect(bad.message).toBe('Custom (JSON) in item 0 is not valid JSON');
	const noRobot = await f
		.run({ ...base, chatbotMode: 'json', customJson: '{"a": 1}' }, [
			{ json: { phone: '6281234567890' } },
		])
		.catch((e) => e);
	expect(noRobot.message).toBe('Custom (JSON) in item 0 must be an object with robot_id');
	expect(f.sim.requestsTo(SEND)).toHaveLength(1);
});

test('several receivers, bad receiver named with its item; Continue On Fail keeps the others going', async () => {
	const out = await f.run(
		base,
		[
			{ json: { phone: '+6281234567890, +6289876543210' } },
			{ json: { phone: 'abc' } },
			{ json: { phone: '+6281111111111' } },
		],
		{ continueOnFail: true },
	);
	expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	expect(out[0].json.receivers).toEqual(['6281234567890', '6289876543210']);
	expect(out[1].json.error).toBe('Receiver "abc" in item 1 is not a valid WhatsApp number');
	expect(out[2].json.task_id).toBeDefined();
	expect(f.sim.sentTemplates).toHaveLength(2);
});

test('a wrong chatbot API key is a NodeApiError with a hint, and the key never shows', async () => {
	await f.close();
	f = await fixture({}, { chatbotApiKey: 'wrong-chatbot-key' });
	const error = await f.run(base, [{ json: { phone: '+6281234567890' } }]).catch((e) => e);
	expect(error).toBeInstanceOf(NodeApiError);
	expect(error.message).toMatch(/^AIRudder error 401/);
	expect(error.description).toMatch(/Chatbot API Key/);
	expect(JSON.stringify(error)).not.toContain('wrong-chatbot-key');
	expect(error.stack).not.toContain('wrong-chatbot-key');
	// a send is not retried after a 401 from the chatbot API, and no token is fetched at all
	expect(f.sim.requestsTo(SEND)).toHaveLength(1);
	expect(f.sim.authCount()).toBe(0);
});

test('a send is never repeated after a 5xx', async () => {
	f.sim.inject({ kind: 'statusAfterCommit', status: 500, path: SEND });
	const error = await f.run(base, [{ json: { phone: '+6281234567890' } }]).catch((e) => e);
	expect(error.description).toMatch(/may have reached AIRudder/);
	expect(f.sim.requestsTo(SEND)).toHaveLength(1);
	expect(f.sim.sentTemplates).toHaveLength(1);
});
