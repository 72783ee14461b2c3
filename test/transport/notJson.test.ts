/**
 * Every 2xx answer must be AIRudder's JSON object: anything else is an error with a short text excerpt,
 * for creates and sends with the "may have reached AIRudder" note and never retried. API Request passes a
 * non-JSON body through only with Raw Response on. Errors built from HTML or text are text only.
 */
import { NodeApiError } from 'n8n-workflow';

import { contactsItems, createParameters, fixture, type Fixture } from '../actions/setup';

const TASK_DETAIL = '/service/cloud/workflow/taskdetail';
const CREATE = '/service/cloud/workflow/createinstance';
const SEND = '/api/v1/template/send';
const MAINTENANCE = `<!DOCTYPE html>
<html><head><title>Maintenance</title><style>body { color: red }</style>
<script>var x = "<b>";</script></head>
<body><h1>Down   for maintenance</h1>
<p>We&amp;ll be back   soon.</p>${'<div>filler text</div>'.repeat(40)}</body></html>`;

let f: Fixture;
let taskId: string;
beforeEach(async () => {
	f = await fixture();
	await f.run(createParameters(), contactsItems(3));
	taskId = [...f.sim.tasks.values()][0].call_task_id;
});
afterEach(async () => await f.close());

const details = () => ({
	resource: 'call',
	operation: 'getOutboundTaskDetails',
	taskId,
	returnAll: true,
});

test.each([
	['an HTML page', MAINTENANCE, 'Maintenance Down for maintenance We&ll be back soon. filler text'],
	[
		'JSON cut short',
		'{"code":200,"data":{"list":[{"call_id":"a"',
		'{"code":200,"data":{"list":[{"call_id":"a"',
	],
	['an empty body', '', '(empty answer)'],
	['a JSON array', '[{"call_id":"a"}]', '[{"call_id":"a"}]'],
	['a JSON string', '"ok"', '"ok"'],
	['plain text', 'OK', 'OK'],
])('a 200 with %s is an error, not an output item', async (_, body, excerpt) => {
	f.sim.inject({ kind: 'raw', path: TASK_DETAIL, body });
	const error = await f.run(details()).catch((e) => e);
	expect(error).toBeInstanceOf(NodeApiError);
	expect(
		error.message.startsWith(`AIRudder's answer could not be read (not JSON): ${excerpt}`),
	).toBe(true);
	expect(error.message).not.toMatch(/[<>]/);
	const shown = error.message.slice("AIRudder's answer could not be read (not JSON): ".length);
	expect(shown.length).toBeLessThanOrEqual(160);
	expect(error.description).not.toMatch(/may have reached AIRudder/);
	// not retried
	expect(f.sim.requestsTo(TASK_DETAIL)).toHaveLength(1);
});

test('an HTML 200 after a create went through: error with the note, never sent again', async () => {
	f.sim.inject({ kind: 'raw', path: CREATE, body: MAINTENANCE, afterCommit: true });
	const error = await f.run(createParameters(), contactsItems(2)).catch((e) => e);
	expect(error.message).toMatch(/^AIRudder's answer could not be read \(not JSON\): Maintenance/);
	expect(error.description).toMatch(/may have reached AIRudder/);
	expect(f.sim.requestsTo(CREATE)).toHaveLength(2); // the setup's create and this one
	expect(f.sim.tasks.size).toBe(2);
});

test('a WhatsApp send answered with text: error with the note, never sent again', async () => {
	f.sim.inject({ kind: 'raw', path: SEND, body: 'accepted', afterCommit: true });
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
	expect(error.message).toBe("AIRudder's answer could not be read (not JSON): accepted");
	expect(error.description).toMatch(/may have reached AIRudder/);
	expect(f.sim.requestsTo(SEND)).toHaveLength(1);
	expect(f.sim.sentTemplates).toHaveLength(1);
});

test('API Request: a non-JSON answer fails by default and passes as text only with Raw Response', async () => {
	const request = {
		resource: 'apiRequest',
		operation: 'request',
		method: 'POST',
		path: TASK_DETAIL,
		body: JSON.stringify({ task_id: taskId }),
	};
	f.sim.inject({ kind: 'raw', path: TASK_DETAIL, body: MAINTENANCE });
	const error = await f.run(request).catch((e) => e);
	expect(error.message).toMatch(/^AIRudder's answer could not be read \(not JSON\)/);
	f.sim.inject({ kind: 'raw', path: TASK_DETAIL, body: MAINTENANCE });
	const raw = await f.run({ ...request, options: { rawResponse: true } });
	expect(raw).toEqual([{ json: { body: MAINTENANCE }, pairedItem: { item: 0 } }]);
	// JSON answers are unchanged with the option on
	const json = await f.run({ ...request, options: { rawResponse: true } });
	expect(json).toHaveLength(3);
	expect(json[0].json.task_id).toBe(taskId);
});

test('with Continue On Fail, a non-JSON answer becomes a paired error item', async () => {
	f.sim.inject({ kind: 'raw', path: TASK_DETAIL, body: MAINTENANCE });
	const out = await f.run(
		{ ...details(), taskId: '={{ $json.taskId }}', options: { concurrency: 1 } },
		[{ json: { taskId } }, { json: { taskId } }],
		{ continueOnFail: true },
	);
	expect(out[0]).toMatchObject({ pairedItem: { item: 0 } });
	expect(out[0].json.error).toMatch(/^AIRudder's answer could not be read \(not JSON\)/);
	expect(out.slice(1).every((o) => (o.pairedItem as { item: number }).item === 1)).toBe(true);
	expect(out).toHaveLength(4);
});

test('errors built from an HTML or text body are text only: no tags, whitespace collapsed, at most 160 characters', async () => {
	f.sim.inject({
		kind: 'raw',
		status: 502,
		path: CREATE,
		body: `<html><body><center><h1>502   Bad Gateway</h1></center>\n<hr><center>nginx</center>${'<p>more text</p>'.repeat(50)}</body></html>`,
	});
	const error = await f.run(createParameters(), contactsItems(1)).catch((e) => e);
	expect(error.message).toMatch(/^AIRudder error 502: 502 Bad Gateway nginx more text/);
	const text = error.message.slice('AIRudder error 502: '.length);
	expect(text.length).toBeLessThanOrEqual(160);
	expect(text).not.toMatch(/[<>]|\s{2}/);
	f.sim.inject({
		kind: 'raw',
		status: 503,
		path: TASK_DETAIL,
		times: 4,
		body: 'Service\n\n  Unavailable',
	});
	const plain = await f.run(details()).catch((e) => e);
	expect(plain.message).toBe('AIRudder error 503: Service Unavailable');
});
