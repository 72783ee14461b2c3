/** Token refresh in transport/request.ts: one re-authentication per rejection, shared by parallel requests. */
import { NodeApiError } from 'n8n-workflow';

import { contactsItems, createParameters, fixture, type Fixture } from '../actions/setup';

const lookup = {
	resource: 'call',
	operation: 'getOutboundTaskDetails',
	taskId: 'unknown-task',
	returnAll: false,
	limit: 5,
};

describe('token refresh', () => {
	let f: Fixture;
	beforeEach(async () => (f = await fixture()));
	afterEach(async () => await f.close());

	test.each(['http401', 'code10813'] as const)(
		'a token rejected with %s leads to exactly one re-authentication and one retry',
		async (mode) => {
			await f.run(createParameters(), contactsItems(1));
			const oldToken = f.store.get('cred-airudder-1').token;
			f.sim.expireToken(mode);
			const out = await f.run(createParameters({ batchSize: 2 }), contactsItems(6));
			expect(out[0].json.contacts_sent).toBe(6);
			expect(f.sim.authCount()).toBe(2);
			const newToken = f.store.get('cred-airudder-1').token;
			expect(newToken).not.toBe(oldToken);
			// the rejected create, its retry, then two uploads with the new token
			const creates = f.sim.requestsTo('/service/cloud/workflow/createinstance');
			expect(creates).toHaveLength(3);
			expect(
				creates[1].status === 401 || (creates[1].responseBody as { code: number }).code === 10813,
			).toBe(true);
			expect(
				f.sim
					.requestsTo('/service/cloud/workflow/uploaddetails')
					.map((r) => r.headers.authorization),
			).toEqual([`Token ${newToken}`, `Token ${newToken}`]);
			expect([...f.sim.tasks.values()].map((t) => t.contacts.length)).toEqual([1, 6]);
			// the next execution reuses the stored token
			await f.run(createParameters(), contactsItems(1));
			expect(f.sim.authCount()).toBe(2);
		},
	);

	test.each(['http401', 'code10813'] as const)(
		'parallel requests that all meet an expired token (%s) share one re-authentication',
		async (mode) => {
			await f.run(createParameters(), contactsItems(1));
			f.sim.setLatency(30);
			f.sim.expireToken(mode);
			const out = await f.run(
				{ ...lookup, taskId: '={{ $json.taskId }}', options: { concurrency: 5 } },
				Array.from({ length: 10 }, () => ({
					json: { taskId: [...f.sim.tasks.values()][0].call_task_id },
				})),
			);
			expect(out).toHaveLength(10);
			expect(f.sim.authCount()).toBe(2);
		},
	);

	test('a token rejected again right after refreshing fails instead of looping', async () => {
		await f.run(createParameters(), contactsItems(1));
		f.sim.inject({
			kind: 'status',
			status: 401,
			times: 5,
			body: { code: 10812, message: 'invalid token' },
		});
		const error = await f.run(lookup).catch((e: Error) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).message).toContain('10812');
		expect(f.sim.authCount()).toBe(2);
		expect(f.sim.requestsTo('/service/cloud/workflow/taskdetail')).toHaveLength(2);
	});
});
