import { contactsItems, createParameters, fixture, futureEndTime, type Fixture } from '../setup';

let f: Fixture;
beforeEach(async () => (f = await fixture()));
afterEach(async () => await f.close());

describe('Workflow Task → Find by Case ID or Phone', () => {
	test('finds tasks by case id and by phone, per item, paired', async () => {
		await f.run(createParameters({ name: 'first' }), contactsItems(3));
		await f.run(createParameters({ name: 'second' }), contactsItems(2, 1));
		const out = await f.run(
			{
				resource: 'workflowTask',
				operation: 'findByCaseIdOrPhone',
				caseId: '={{ $json.caseId }}',
				phone: '={{ $json.phone }}',
				startTime: '2000-01-01T00:00:00',
				endTime: futureEndTime(),
				returnAll: true,
			},
			[
				{ json: { caseId: 'case-1' } },
				{ json: { phone: '+62 812 0000002' } },
				{ json: { caseId: 'missing' } },
			],
		);
		const byItem = (i: number) =>
			out
				.filter((o) => (o.pairedItem as { item: number }).item === i)
				.map((o) => o.json.workflow_name);
		expect(byItem(0).sort()).toEqual(['first', 'second']);
		expect(byItem(1).sort()).toEqual(['first', 'second']);
		expect(byItem(2)).toEqual([]);
		const body = f.sim.requestsTo('/service/cloud/workflow/detailinstances')[0].body as Record<
			string,
			string
		>;
		expect(body.start_time).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
	});

	test('Limit caps the results; neither case id nor phone is an error naming the item', async () => {
		await f.run(createParameters({ name: 'a1' }), contactsItems(1));
		await f.run(createParameters({ name: 'a2' }), contactsItems(1));
		const params = {
			resource: 'workflowTask',
			operation: 'findByCaseIdOrPhone',
			caseId: 'case-0',
			startTime: '2000-01-01T00:00:00',
			endTime: futureEndTime(),
			returnAll: false,
			limit: 1,
		};
		expect(await f.run(params)).toHaveLength(1);
		const error = await f.run({ ...params, caseId: '' }).catch((e) => e);
		expect(error.message).toBe('Case ID and Phone are both empty in item 0');
		const out = await f.run({ ...params, caseId: '' }, [{ json: {} }], { continueOnFail: true });
		expect(out).toEqual([
			{
				json: {
					error: 'Case ID and Phone are both empty in item 0',
					description: 'Fill in at least one of them.',
				},
				pairedItem: { item: 0 },
			},
		]);
	});
});
