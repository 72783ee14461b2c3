import { NodeApiError } from 'n8n-workflow';

import { contactsItems, createParameters, fixture, type Fixture } from '../setup';

const TASK_DETAIL = '/service/cloud/workflow/taskdetail';

let f: Fixture;
let callTaskId: string;
let workflowId: string;
beforeEach(async () => {
	f = await fixture();
	const out = await f.run(createParameters({ batchSize: 500 }), contactsItems(250));
	workflowId = out[0].json.workflow_id as string;
	callTaskId = [...f.sim.tasks.values()][0].call_task_id;
	f.sim.requests.length = 0;
});
afterEach(async () => await f.close());

describe('Call → Get Outbound Task Details', () => {
	test('Return All reads every page', async () => {
		const out = await f.run({
			resource: 'call',
			operation: 'getOutboundTaskDetails',
			taskId: callTaskId,
			returnAll: true,
		});
		expect(out).toHaveLength(250);
		expect(f.sim.requestsTo(TASK_DETAIL).map((r) => r.body)).toEqual([
			{ task_id: callTaskId, page: 1, page_size: 100 },
			{ task_id: callTaskId, page: 2, page_size: 100 },
			{ task_id: callTaskId, page: 3, page_size: 100 },
		]);
		expect(new Set(out.map((o) => o.json.call_id)).size).toBe(250);
		expect(out[0].json).toMatchObject({
			workflow_id: workflowId,
			task_id: callTaskId,
			callee_number: '+628120000000',
		});
		expect(out.every((o) => (o.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	test('Limit asks for no more than it needs', async () => {
		const out = await f.run({
			resource: 'call',
			operation: 'getOutboundTaskDetails',
			taskId: callTaskId,
			returnAll: false,
			limit: 30,
		});
		expect(out).toHaveLength(30);
		expect(f.sim.requestsTo(TASK_DETAIL)).toHaveLength(1);
		expect((f.sim.requestsTo(TASK_DETAIL)[0].body as { page_size: number }).page_size).toBe(30);
	});

	test('reads are retried after 5xx and a dropped connection', async () => {
		f.sim.inject({ kind: 'status', status: 503, path: TASK_DETAIL });
		f.sim.inject({ kind: 'drop', path: TASK_DETAIL });
		const out = await f.run({
			resource: 'call',
			operation: 'getOutboundTaskDetails',
			taskId: callTaskId,
			returnAll: false,
			limit: 5,
		});
		expect(out).toHaveLength(5);
		expect(f.sim.requestsTo(TASK_DETAIL).map((r) => r.status)).toEqual([503, 0, 200]);
	});

	test('reads give up after a bounded number of attempts', async () => {
		f.sim.inject({ kind: 'status', status: 500, path: TASK_DETAIL, times: 10 });
		const error = await f
			.run({ resource: 'call', operation: 'getOutboundTaskDetails', taskId: callTaskId })
			.catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.description).toMatch(/Tried 4 times/);
		expect(f.sim.requestsTo(TASK_DETAIL)).toHaveLength(4);
	});

	test('an unknown task id is AIRudder error 10702 with a hint, per item with Continue On Fail', async () => {
		const out = await f.run(
			{
				resource: 'call',
				operation: 'getOutboundTaskDetails',
				taskId: '={{ $json.taskId }}',
				returnAll: false,
				limit: 2,
			},
			[{ json: { taskId: callTaskId } }, { json: { taskId: 'nope' } }, { json: { taskId: '' } }],
			{ continueOnFail: true },
		);
		expect(out.map((o) => o.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(out[2].json.error).toBe('AIRudder error 10702: TaskID invalid');
		expect(out[2].json.description).toMatch(/call task ID/);
		expect(out[3].json.error).toBe('Task ID is empty in item 2');
	});
});
