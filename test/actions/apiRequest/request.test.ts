import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { contactsItems, createParameters, fixture, type Fixture } from '../setup';

let f: Fixture;
beforeEach(async () => (f = await fixture()));
afterEach(async () => await f.close());

const request = { resource: 'apiRequest', operation: 'request' };

test('POST to a documented path with the token and the envelope unwrapped; lists split into items', async () => {
	await f.run(createParameters({ name: 'via_api' }), contactsItems(3));
	const callTaskId = [...f.sim.tasks.values()][0].call_task_id;
	const out = await f.run({
		...request,
		method: 'POST',
		path: '/service/cloud/workflow/taskdetail',
		body: JSON.stringify({ task_id: callTaskId, page: 1, page_size: 2 }),
	});
	expect(out).toHaveLength(2);
	expect(out[0].json.task_id).toBe(callTaskId);
	const sent = f.sim.requestsTo('/service/cloud/workflow/taskdetail')[0];
	expect(sent.headers.authorization).toMatch(/^Token /);
	expect(sent.body).toEqual({ task_id: callTaskId, page: 1, page_size: 2 });
});

test('Full Response returns the whole envelope; query parameters are sent', async () => {
	const out = await f.run({
		...request,
		method: 'POST',
		path: '/api/v1/template/send',
		queryParameters: { parameter: [{ name: 'trace', value: 'abc' }] },
		body: {
			template_id: 1,
			timestamp: Math.floor(Date.now() / 1000),
			channel: 'WhatsApp',
			channel_id: '1',
			receivers: [{ id: '6281234567890' }],
			custom: '{"robot_id":1}',
		},
		options: { fullResponse: true },
	});
	expect(out[0].json).toMatchObject({ code: 200, message: 'Success' });
	expect(out[0].json.request_id).toMatch(/^[0-9a-f]{32}$/);
	expect(f.sim.requestsTo('/api/v1/template/send')[0].query).toEqual({ trace: 'abc' });
	expect(f.sim.requestsTo('/api/v1/template/send')[0].headers['x-airudder-sign-key']).toBe(
		f.sim.credentials.chatbotApiKey,
	);
});

test('an unknown path is a NodeApiError 404 with a hint; AIRudder codes become NodeApiError', async () => {
	const notFound = await f
		.run({ ...request, method: 'GET', path: '/service/cloud/nothing' })
		.catch((e) => e);
	expect(notFound).toBeInstanceOf(NodeApiError);
	expect(notFound.message).toMatch(/^AIRudder error 404/);
	expect(notFound.description).toMatch(/does not know this path/);
	const code = await f
		.run({
			...request,
			method: 'POST',
			path: '/service/cloud/workflow/uploaddetails',
			body: '{"workflow_id": "x", "details": []}',
		})
		.catch((e) => e);
	expect(code.message).toBe('AIRudder error 10506: task not found');
});

test('bad JSON body and a path that is not a path fail before sending', async () => {
	const json = await f
		.run({ ...request, method: 'POST', path: '/service/cloud/x', body: '{nope' })
		.catch((e) => e);
	expect(json).toBeInstanceOf(NodeOperationError);
	expect(json.message).toBe('Body (JSON) in item 0 is not valid JSON');
	const url = await f
		.run({ ...request, method: 'GET', path: 'https://evil.example/x' })
		.catch((e) => e);
	expect(url.message).toMatch(/must start with \//);
	expect(f.sim.requests).toHaveLength(0);
});

test('a POST is not retried after a 5xx unless marked Safe to Retry', async () => {
	f.sim.inject({
		kind: 'status',
		status: 502,
		path: '/service/cloud/workflow/detailinstances',
		times: 1,
	});
	const error = await f
		.run({
			...request,
			method: 'POST',
			path: '/service/cloud/workflow/detailinstances',
			body: '{"case_id":"a","start_time":"2000-01-01 00:00:00","end_time":"2100-01-01 00:00:00"}',
		})
		.catch((e) => e);
	expect(error.description).toMatch(/may have reached AIRudder/);
	f.sim.inject({
		kind: 'status',
		status: 502,
		path: '/service/cloud/workflow/detailinstances',
		times: 1,
	});
	const out = await f.run({
		...request,
		method: 'POST',
		path: '/service/cloud/workflow/detailinstances',
		body: '{"case_id":"a","start_time":"2000-01-01 00:00:00","end_time":"2100-01-01 00:00:00"}',
		options: { safeToRetry: true, splitList: false },
	});
	expect(out).toEqual([{ json: { list: [] }, pairedItem: { item: 0 } }]);
	expect(f.sim.requestsTo('/service/cloud/workflow/detailinstances').map((r) => r.status)).toEqual([
		502, 502, 200,
	]);
});
