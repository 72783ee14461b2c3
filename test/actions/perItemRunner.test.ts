/**
 * Every item is checked before the first request, in every per-item operation. Without Continue On Fail
 * one bad item fails the run before anything is sent; with it, bad items become paired error items and
 * only the good ones are sent. When AIRudder stops a run after some items went out, the error lists them.
 */
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type INodeParameters,
} from 'n8n-workflow';

import { contactsItems, createParameters, fixture, futureEndTime, type Fixture } from './setup';

const SEND = '/api/v1/template/send';

let f: Fixture;
let taskId: string;
let workflowId: string;
beforeEach(async () => {
	f = await fixture();
	const out = await f.run(createParameters(), contactsItems(3));
	workflowId = out[0].json.workflow_id as string;
	taskId = [...f.sim.tasks.values()][0].call_task_id;
	f.sim.requests.length = 0;
});
afterEach(async () => await f.close());

interface Case {
	name: string;
	path: string;
	parameters: () => INodeParameters;
	good: () => IDataObject;
	bad: IDataObject;
	message: string;
}

const cases: Case[] = [
	{
		name: 'WhatsApp Template Send',
		path: SEND,
		parameters: () => ({
			resource: 'whatsAppTemplate',
			operation: 'send',
			templateId: '={{ $json.templateId }}',
			channelId: '62895422536400',
			receivers: '={{ $json.phone }}',
			chatbotMode: 'fields',
			robotId: 3927,
		}),
		good: () => ({ templateId: 28, phone: '+6281234567890' }),
		bad: { templateId: 'abc', phone: '+6281234567890' },
		message: 'Template ID in item 1 must be a positive whole number',
	},
	{
		name: 'Find by Case ID or Phone',
		path: '/service/cloud/workflow/detailinstances',
		parameters: () => ({
			resource: 'workflowTask',
			operation: 'findByCaseIdOrPhone',
			caseId: '={{ $json.caseId }}',
			phone: '={{ $json.phone }}',
			startTime: '2000-01-01T00:00:00',
			endTime: futureEndTime(),
		}),
		good: () => ({ caseId: 'case-0' }),
		bad: { caseId: '', phone: '' },
		message: 'Case ID and Phone are both empty in item 1',
	},
	{
		name: 'Get Outbound Task Details',
		path: '/service/cloud/workflow/taskdetail',
		parameters: () => ({
			resource: 'call',
			operation: 'getOutboundTaskDetails',
			taskId: '={{ $json.taskId }}',
			limit: 1,
		}),
		good: () => ({ taskId }),
		bad: { taskId: ' ' },
		message: 'Task ID is empty in item 1',
	},
	{
		name: 'Get API Node Data',
		path: '/service/cloud/workflow/apinoticeinfo',
		parameters: () => ({
			resource: 'call',
			operation: 'getApiNodeData',
			workflowId,
			nodeId: 'node-1',
			phone: '={{ $json.phone }}',
		}),
		good: () => ({ phone: '+628120000000' }),
		bad: { phone: '+0812 0000000' },
		message: 'Phone "+0812 0000000" in item 1 is not a valid phone number',
	},
	{
		name: 'API Request',
		path: '/service/cloud/workflow/taskdetail',
		parameters: () => ({
			resource: 'apiRequest',
			operation: 'request',
			method: 'POST',
			path: '/service/cloud/workflow/taskdetail',
			body: '={{ $json.body }}',
			options: { splitList: false },
		}),
		good: () => ({ body: JSON.stringify({ task_id: taskId, page_size: 1 }) }),
		bad: { body: '{"task_id": ' },
		message: 'Body (JSON) in item 1 is not valid JSON',
	},
];

describe.each(cases)('$name', ({ path, parameters, good, bad, message }) => {
	const items = () => [{ json: good() }, { json: bad }, { json: good() }];

	test('one bad item of three fails the run before anything is sent', async () => {
		const error = await f.run(parameters(), items()).catch((e) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(message);
		expect(error.description).toMatch(/Nothing was sent\.$/);
		expect(f.sim.requests).toHaveLength(0);
	});

	test('with Continue On Fail the bad item is a paired error item and only the good ones are sent', async () => {
		const out = await f.run(parameters(), items(), { continueOnFail: true });
		const byItem = (i: number) => out.filter((o) => (o.pairedItem as { item: number }).item === i);
		expect(byItem(1)).toHaveLength(1);
		expect(byItem(1)[0].json.error).toBe(message);
		expect(byItem(0).length).toBeGreaterThan(0);
		expect(byItem(2).length).toBeGreaterThan(0);
		expect([...byItem(0), ...byItem(2)].every((o) => o.json.error === undefined)).toBe(true);
		expect(f.sim.requestsTo(path)).toHaveLength(2);
	});
});

describe('an AIRudder error that stops a run lists the items that went out', () => {
	const send = {
		resource: 'whatsAppTemplate',
		operation: 'send',
		templateId: 28,
		channelId: '62895422536400',
		receivers: '={{ $json.phone }}',
		chatbotMode: 'fields',
		robotId: 3927,
		options: { concurrency: 1 },
	};
	const phones = (count: number) =>
		Array.from({ length: count }, (_, i) => ({ json: { phone: `+62812000000${i}` } }));

	test('a refusal on the third of six sends', async () => {
		f.sim.inject({ kind: 'delay', ms: 0, path: SEND, times: 2 });
		f.sim.inject({ kind: 'code', code: 400, message: 'template not approved', path: SEND });
		const error = await f.run(send, phones(6)).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('AIRudder error 400: template not approved');
		expect(error.description).toMatch(
			/Sent before the run stopped \(AIRudder accepted them\): items 0-1\. Not sent: items 3-5\.$/,
		);
		expect(f.sim.sentTemplates).toHaveLength(2);
		expect(f.sim.requestsTo(SEND)).toHaveLength(3);
	});

	test('a 5xx after the send went through: the note, the list, and no second send', async () => {
		f.sim.inject({ kind: 'delay', ms: 0, path: SEND, times: 1 });
		f.sim.inject({ kind: 'statusAfterCommit', status: 500, path: SEND });
		const error = await f.run(send, phones(3)).catch((e) => e);
		expect(error.description).toMatch(/may have reached AIRudder/);
		expect(error.description).toMatch(
			/Sent before the run stopped \(AIRudder accepted them\): item 0\. Not sent: item 2\.$/,
		);
		expect(f.sim.requestsTo(SEND)).toHaveLength(2);
		expect(f.sim.sentTemplates).toHaveLength(2);
	});

	test('with several at once, every item that went out is listed', async () => {
		f.sim.setLatency(20);
		f.sim.inject({ kind: 'delay', ms: 0, path: SEND, times: 3 });
		f.sim.inject({ kind: 'code', code: 400, message: 'template not approved', path: SEND });
		const error = await f
			.run({ ...send, options: { concurrency: 3 } }, phones(8))
			.catch((e: NodeApiError) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		const accepted = f.sim
			.requestsTo(SEND)
			.filter((r) => (r.responseBody as { code: number }).code === 200).length;
		expect(accepted).toBe(f.sim.sentTemplates.length);
		const listed =
			/accepted them\): items? ([\d\-, ]+)\./.exec(
				(error as NodeApiError).description ?? '',
			)?.[1] ?? '';
		const count = listed
			.split(', ')
			.map((part) => part.split('-').map(Number))
			.reduce((n, [a, b]) => n + (b === undefined ? 1 : b - a + 1), 0);
		expect(count).toBe(accepted);
	});
});
