import { NodeApiError, NodeOperationError, type INodeExecutionData } from 'n8n-workflow';

import { contactsItems, createParameters, fixture, type Fixture } from '../setup';

const CREATE = '/service/cloud/workflow/createinstance';
const UPLOAD = '/service/cloud/workflow/uploaddetails';

let f: Fixture;
beforeEach(async () => (f = await fixture()));
afterEach(async () => await f.close());

function onlyTask() {
	const tasks = [...f.sim.tasks.values()];
	expect(tasks).toHaveLength(1);
	return tasks[0];
}

describe('Workflow Task → Create', () => {
	test('creates one task from all items, mapping contact fields and variables', async () => {
		const out = await f.run(
			createParameters({
				name: 'collection_batch_1',
				endTime: '2099-01-31T18:00:00',
				contactFields: {
					caseId: '={{ $json.case_id }}',
					customerName: '={{ $json.name }}',
					totalOwingAmount: '={{ $json.owing }}',
					currencyUnit: 'IDR',
				},
				variables: {
					variable: [
						{ name: 'product', value: '={{ $json.product }}' },
						{ name: 'empty', value: '' },
					],
				},
				additionalFields: { autoFinish: 1, timezone: 'Asia/Shanghai', workflowName: 'wf name' },
			}),
			[
				{
					json: {
						phone: '+62 (812) 3456-7890',
						case_id: 'A1',
						name: 'Budi',
						owing: 120.5,
						product: 'loan',
					},
				},
				{
					json: { phone: '+8613112345678', case_id: 'A2', name: 'Li', owing: 99, product: 'card' },
				},
			],
			{ timezone: 'Europe/Berlin' },
		);
		const body = f.sim.requestsTo(CREATE)[0].body as Record<string, unknown>;
		expect(body).toMatchObject({
			workflow_template_id: 42,
			name: 'collection_batch_1',
			end_time: '2099-01-31 18:00:00+08:00',
			auto_finish: 1,
			workflow_name: 'wf name',
		});
		expect(body.details).toEqual([
			{
				callee: '+6281234567890',
				case_id: 'A1',
				customer_name: 'Budi',
				total_owing_amount: '120.5',
				currency_unit: 'IDR',
				variables: { product: 'loan' },
			},
			{
				callee: '+8613112345678',
				case_id: 'A2',
				customer_name: 'Li',
				total_owing_amount: '99',
				currency_unit: 'IDR',
				variables: { product: 'card' },
			},
		]);
		const task = onlyTask();
		expect(out).toHaveLength(1);
		expect(out[0].json).toMatchObject({
			workflow_id: task.workflow_id,
			name: 'collection_batch_1',
			contacts_sent: 2,
			requests: 1,
		});
		expect(out[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
	});

	test('End Time without an offset is read in the workflow timezone by default', async () => {
		await f.run(createParameters({ endTime: '2099-06-01T09:30:00' }), contactsItems(1), {
			timezone: 'America/New_York',
		});
		expect((f.sim.requestsTo(CREATE)[0].body as { end_time: string }).end_time).toBe(
			'2099-06-01 09:30:00-04:00',
		);
	});

	test('2,500 contacts with batch size 500: one create and four uploads, every contact once', async () => {
		const out = await f.run(createParameters({ batchSize: 500 }), contactsItems(2500));
		expect(
			f.sim.requestsTo(CREATE).map((r) => (r.body as { details: unknown[] }).details.length),
		).toEqual([500]);
		expect(
			f.sim.requestsTo(UPLOAD).map((r) => (r.body as { details: unknown[] }).details.length),
		).toEqual([500, 500, 500, 500]);
		const task = onlyTask();
		for (const r of f.sim.requestsTo(UPLOAD))
			expect((r.body as { workflow_id: string }).workflow_id).toBe(task.workflow_id);
		const callees = task.contacts.map((c) => c.callee);
		expect(new Set(callees).size).toBe(2500);
		expect(callees[0]).toBe('+628120000000');
		expect(out[0].json).toMatchObject({ contacts_sent: 2500, requests: 5 });
		expect(out[0].pairedItem).toHaveLength(2500);
		expect(f.sim.authCount()).toBe(1);
	});

	test('more than 10,000 contacts fails before any request and says so', async () => {
		const error = await f
			.run(createParameters({ batchSize: 1000 }), contactsItems(10_001))
			.catch((e) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toContain(
			'10,001 contacts is more than one AIRudder workflow task holds (10,000)',
		);
		expect(f.sim.requests).toHaveLength(0);
	});

	test('a bad phone number stops the run before any request, naming the item', async () => {
		const items = contactsItems(3);
		items[1].json.phone = '0812-345';
		const error = await f.run(createParameters(), items).catch((e) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Phone "0812-345" in item 1 is not a valid phone number');
		expect(error.context.itemIndex).toBe(1);
		expect(f.sim.requests).toHaveLength(0);
	});

	test('an empty phone is named as empty', async () => {
		const error = await f.run(createParameters(), [{ json: { phone: '' } }]).catch((e) => e);
		expect(error.message).toBe('Phone is empty in item 0');
	});

	test('with Continue On Fail, bad contacts become paired error items and the good ones are sent', async () => {
		const items = contactsItems(5);
		items[1].json.phone = 'not a phone';
		items[3].json.phone = '+12';
		const out = await f.run(createParameters({ batchSize: 2 }), items, { continueOnFail: true });
		expect(onlyTask().contacts.map((c) => c.case_id)).toEqual(['case-0', 'case-2', 'case-4']);
		expect(out[0].json.contacts_sent).toBe(3);
		expect(out[0].pairedItem).toEqual([{ item: 0 }, { item: 2 }, { item: 4 }]);
		const errors = out.slice(1);
		expect(errors.map((e) => e.pairedItem)).toEqual([{ item: 1 }, { item: 3 }]);
		expect(errors[0].json.error).toBe('Phone "not a phone" in item 1 is not a valid phone number');
	});

	test('End Time in the past, a bad timezone and a missing template id fail before any request', async () => {
		const past = await f
			.run(createParameters({ endTime: '2001-01-01T00:00:00' }), contactsItems(1))
			.catch((e) => e);
		expect(past.message).toMatch(/End Time .* is in the past/);
		const zone = await f
			.run(createParameters({ additionalFields: { timezone: 'Mars/Base' } }), contactsItems(1))
			.catch((e) => e);
		expect(zone.message).toBe('Timezone "Mars/Base" is not a valid IANA timezone');
		const template = await f
			.run(createParameters({ workflowTemplateId: 0 }), contactsItems(1))
			.catch((e) => e);
		expect(template.message).toBe('Workflow Template ID must be a positive whole number');
		expect(f.sim.requests).toHaveLength(0);
	});

	test('AIRudder refusals become NodeApiError with code, message and hint', async () => {
		await f.run(createParameters({ name: 'same_name' }), contactsItems(1));
		const duplicate = await f
			.run(createParameters({ name: 'same_name' }), contactsItems(1))
			.catch((e) => e);
		expect(duplicate).toBeInstanceOf(NodeApiError);
		expect(duplicate.message).toBe('AIRudder error 10508: task name duplicated');
		expect(duplicate.description).toMatch(/unique Task Name/);
		const badName = await f
			.run(createParameters({ name: 'has space' }), contactsItems(1))
			.catch((e) => e);
		expect(badName.message).toMatch(/^AIRudder error 10518/);
		expect(badName.description).toMatch(/letters, digits and underscores/);
		// a 15-digit number passes the node's check but AIRudder allows 14
		const long = await f
			.run(createParameters(), [{ json: { phone: '+123456789012345' } }])
			.catch((e) => e);
		expect(long.message).toMatch(/^AIRudder error 10510/);
	});

	test('a create is never sent twice when the first attempt may have reached AIRudder', async () => {
		f.sim.inject({ kind: 'statusAfterCommit', status: 502, path: CREATE });
		const error = await f.run(createParameters(), contactsItems(2)).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.description).toMatch(/may have reached AIRudder/);
		expect(f.sim.requestsTo(CREATE)).toHaveLength(1);
		expect(f.sim.tasks.size).toBe(1);

		f.sim.inject({ kind: 'drop', path: CREATE });
		const dropped = await f.run(createParameters(), contactsItems(2)).catch((e) => e);
		expect(dropped.message).toMatch(/Could not reach AIRudder/);
		expect(f.sim.requestsTo(CREATE)).toHaveLength(2);
	});

	test('a 429 on create is waited out (Retry-After) and the task is created once', async () => {
		f.sim.inject({ kind: 'status', status: 429, path: CREATE, retryAfterSeconds: 1 });
		const started = Date.now();
		const out = await f.run(createParameters(), contactsItems(2));
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
		expect(f.sim.requestsTo(CREATE).map((r) => r.status)).toEqual([429, 200]);
		expect(out[0].json.contacts_sent).toBe(2);
		expect(f.sim.tasks.size).toBe(1);
	});

	test('a failed upload batch stops the rest and says how many contacts the task has', async () => {
		f.sim.inject({ kind: 'code', code: 10527, path: UPLOAD });
		const error = await f.run(createParameters({ batchSize: 2 }), contactsItems(6)).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/^AIRudder error 10527/);
		expect(error.description).toMatch(
			/was created with 2 of 6 contacts; add the others, from input item 2 on, with Add Contacts/,
		);
		expect(f.sim.requestsTo(UPLOAD)).toHaveLength(1);
	});

	test('with Continue On Fail a failed upload batch yields error items for its contacts and those not sent', async () => {
		f.sim.inject({ kind: 'code', code: 10527, path: UPLOAD });
		const out = await f.run(createParameters({ batchSize: 2 }), contactsItems(6), {
			continueOnFail: true,
		});
		expect(out[0].json.contacts_sent).toBe(2);
		expect(out.slice(1).map((o: INodeExecutionData) => o.pairedItem)).toEqual([
			{ item: 2 },
			{ item: 3 },
			{ item: 4 },
			{ item: 5 },
		]);
		expect(out[1].json.error).toMatch(/10527/);
		expect(out[3].json.error).toBe('Not sent: an earlier batch failed');
	});
});
