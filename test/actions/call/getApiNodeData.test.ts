import { contactsItems, createParameters, fixture, type Fixture } from '../setup';

let f: Fixture;
let workflowId: string;
beforeEach(async () => {
	f = await fixture();
	const out = await f.run(createParameters({ batchSize: 500 }), contactsItems(250));
	workflowId = out[0].json.workflow_id as string;
	f.sim.requests.length = 0;
});
afterEach(async () => await f.close());

describe('Call → Get API Node Data', () => {
	test('re-reads the API node push for a contact', async () => {
		const out = await f.run({
			resource: 'call',
			operation: 'getApiNodeData',
			workflowId,
			nodeId: 'node-1',
			phone: '+62 812 0000007',
			caseId: 'case-7',
			returnAll: true,
		});
		expect(f.sim.requestsTo('/service/cloud/workflow/apinoticeinfo')[0].body).toEqual({
			workflow_id: workflowId,
			node_id: 'node-1',
			callee: '+628120000007',
			case_id: 'case-7',
		});
		expect(out).toHaveLength(1);
		expect(out[0].json).toMatchObject({ workflow_id: workflowId, node_id: 'node-1' });
		expect((out[0].json.callee as { callee_number: string }).callee_number).toBe('+628120000007');
	});

	test('missing node id and bad phone fail before sending, naming parameter and item', async () => {
		const missing = await f
			.run({
				resource: 'call',
				operation: 'getApiNodeData',
				workflowId,
				nodeId: '',
				phone: '+628120000007',
			})
			.catch((e) => e);
		expect(missing.message).toBe('API Node ID is empty in item 0');
		const phone = await f
			.run({ resource: 'call', operation: 'getApiNodeData', workflowId, nodeId: 'n', phone: '12' })
			.catch((e) => e);
		expect(phone.message).toBe('Phone "12" in item 0 is not a valid phone number');
		expect(f.sim.requests).toHaveLength(0);
	});
});
