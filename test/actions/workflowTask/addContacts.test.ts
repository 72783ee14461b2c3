import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { contactsItems, createParameters, fixture, type Fixture } from '../setup';

const UPLOAD = '/service/cloud/workflow/uploaddetails';

let f: Fixture;
beforeEach(async () => (f = await fixture()));
afterEach(async () => await f.close());

function onlyTask() {
	const tasks = [...f.sim.tasks.values()];
	expect(tasks).toHaveLength(1);
	return tasks[0];
}

describe('Workflow Task → Add Contacts', () => {
	test('adds contacts in batches to an existing task', async () => {
		const created = await f.run(createParameters(), contactsItems(1));
		const workflowId = created[0].json.workflow_id as string;
		const out = await f.run(
			{
				resource: 'workflowTask',
				operation: 'addContacts',
				workflowId,
				phone: '={{ $json.phone }}',
				batchSize: 3,
			},
			contactsItems(7, 100),
		);
		expect(
			f.sim.requestsTo(UPLOAD).map((r) => (r.body as { details: unknown[] }).details.length),
		).toEqual([3, 3, 1]);
		expect(onlyTask().contacts).toHaveLength(8);
		expect(out[0].json).toEqual({ workflow_id: workflowId, contacts_sent: 7, requests: 3 });
		expect(out[0].pairedItem).toHaveLength(7);
	});

	test('an unknown task is AIRudder error 10506 with a hint; an empty id fails before sending', async () => {
		const unknown = await f
			.run(
				{
					resource: 'workflowTask',
					operation: 'addContacts',
					workflowId: 'nope',
					phone: '={{ $json.phone }}',
				},
				contactsItems(1),
			)
			.catch((e) => e);
		expect(unknown).toBeInstanceOf(NodeApiError);
		expect(unknown.message).toBe('AIRudder error 10506: task not found');
		expect(unknown.description).toMatch(/does not know this workflow task/);
		const empty = await f
			.run(
				{
					resource: 'workflowTask',
					operation: 'addContacts',
					workflowId: ' ',
					phone: '={{ $json.phone }}',
				},
				contactsItems(1),
			)
			.catch((e) => e);
		expect(empty).toBeInstanceOf(NodeOperationError);
		expect(empty.message).toBe('Workflow Task ID is empty');
	});

	test('the task limit is enforced by AIRudder too (10527)', async () => {
		await f.close();
		f = await fixture({ maxContactsPerTask: 5 });
		const created = await f.run(createParameters(), contactsItems(4));
		const error = await f
			.run(
				{
					resource: 'workflowTask',
					operation: 'addContacts',
					workflowId: created[0].json.workflow_id as string,
					phone: '={{ $json.phone }}',
				},
				contactsItems(2, 50),
			)
			.catch((e) => e);
		expect(error.message).toMatch(/^AIRudder error 10527/);
	});
});
