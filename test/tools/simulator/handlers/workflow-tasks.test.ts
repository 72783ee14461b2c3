/**
 * Tests of the simulator's workflow task endpoints (tools/simulator/handlers/workflow-tasks.ts), over real HTTP.
 */
import { startSimulator, type Simulator } from '../../../../tools/simulator/server';
import { FUTURE, HEX32, contacts, createBody, simulatorClient, type Json } from '../sim-client';

describe('AIRudder simulator', () => {
	let sim: Simulator;
	const { auth, cloud } = simulatorClient(() => sim);

	beforeAll(async () => {
		sim = await startSimulator();
	});
	afterAll(async () => {
		await sim.close();
	});
	beforeEach(() => {
		sim.reset();
		sim.setLatency(0);
	});

	describe('createinstance', () => {
		it('creates a task and stores it', async () => {
			const r = await cloud(
				'createinstance',
				createBody({ workflow_name: 'wf', workflow_template_name: 'tpl' }),
			);
			expect(r.json).toMatchObject({ code: 200, status: 'OK', message: 'success' });
			expect(r.json.data.workflow_id).toMatch(HEX32);
			expect(r.json.data.call_task_id).toMatch(HEX32);
			expect(r.json.data).toMatchObject({ name: 'task_1', contact_count: 2 });
			const task = sim.tasks.get(r.json.data.workflow_id);
			expect(task).toBeDefined();
			expect(task?.auto_finish).toBe(2);
			expect(task?.workflow_template_id).toBe(42);
			expect(task?.end_time).toBe(FUTURE);
			expect(task?.call_task_id).toBe(r.json.data.call_task_id);
			expect(task?.contacts[1]).toEqual({
				callee: '+62811000001',
				case_id: 'case-1',
				variables: { name: 'n1' },
			});
		});

		const cases: Array<[string, Record<string, unknown>, number, RegExp]> = [
			[
				'missing template id',
				{ workflow_template_id: undefined },
				10501,
				/workflow_template_id required/,
			],
			[
				'template id not a positive integer',
				{ workflow_template_id: 0 },
				10501,
				/workflow_template_id/,
			],
			['missing name', { name: undefined }, 10501, /name/],
			['bad name', { name: 'has space' }, 10518, /^invalid task name \(letters, digits, _\)$/],
			['bad auto_finish', { auto_finish: 3 }, 10501, /auto_finish/],
			['missing end_time', { end_time: undefined }, 10501, /end_time/],
			['malformed end_time', { end_time: '2099-12-31T23:59:59Z' }, 10501, /end_time/],
			['impossible end_time', { end_time: '2099-02-30 10:00:00+08:00' }, 10501, /end_time/],
			[
				'past end_time',
				{ end_time: '2020-01-01 00:00:00+00:00' },
				10509,
				/scheduled time earlier than now/,
			],
			['no details', { details: undefined }, 10505, /^contact list is null$/],
			['empty details', { details: [] }, 10505, /^contact list is null$/],
			[
				'callee without +',
				{ details: [{ callee: '+628111' }, { callee: '628111' }] },
				10510,
				/incorrect phone number.*details\[1\]/,
			],
			['callee too long', { details: [{ callee: '+123456789012345' }] }, 10510, /details\[0\]/],
			[
				'non-string variable',
				{ details: [{ callee: '+628111', variables: { a: 1 } }] },
				10501,
				/variables/,
			],
		];
		it.each(cases)('rejects %s', async (_label, over, code, message) => {
			const token = await auth();
			const r = await cloud('createinstance', createBody(over), token);
			expect(r.status).toBe(200);
			expect(r.json.code).toBe(code);
			expect(r.json.status).toBe('FAIL');
			expect(r.json.data).toBeNull();
			expect(r.json.message).toMatch(message);
			expect(sim.tasks.size).toBe(0);
		});

		it('rejects a duplicated name', async () => {
			const token = await auth();
			expect((await cloud('createinstance', createBody(), token)).json.code).toBe(200);
			const r = await cloud('createinstance', createBody(), token);
			expect(r.json).toMatchObject({ code: 10508, message: 'task name duplicated' });
			expect(sim.tasks.size).toBe(1);
		});

		it('rejects more contacts than the limit', async () => {
			const small = await startSimulator({ maxContactsPerTask: 3 });
			try {
				const t = await fetch(`${small.url}/service/cloud/auth`, {
					method: 'POST',
					body: JSON.stringify({ APPKey: 'sim-app-key', APPSecret: 'sim-app-secret' }),
				});
				const token = ((await t.json()) as Json).data.token;
				const r = await fetch(`${small.url}/service/cloud/workflow/createinstance`, {
					method: 'POST',
					headers: { Authorization: `Token ${token}` },
					body: JSON.stringify(createBody({ details: contacts(4) })),
				});
				const json = (await r.json()) as Json;
				expect(json.code).toBe(10527);
				expect(json.message).toBe('contacts cannot be added to this task (limit 3)');
				expect(small.tasks.size).toBe(0);
			} finally {
				await small.close();
			}
		});
	});

	describe('uploaddetails', () => {
		it('adds contacts, validates all-or-nothing and enforces the limit', async () => {
			const small = await startSimulator({ maxContactsPerTask: 5 });
			const call = async (path: string, body: unknown, token?: string): Promise<Json> => {
				const r = await fetch(small.url + path, {
					method: 'POST',
					headers: token ? { Authorization: `Token ${token}` } : {},
					body: JSON.stringify(body),
				});
				return r.json();
			};
			try {
				const token = (
					await call('/service/cloud/auth', { APPKey: 'sim-app-key', APPSecret: 'sim-app-secret' })
				).data.token;
				const up = (body: unknown): Promise<Json> =>
					call('/service/cloud/workflow/uploaddetails', body, token);
				const created = await call('/service/cloud/workflow/createinstance', createBody(), token);
				const id = created.data.workflow_id;

				expect(await up({ details: contacts(1) })).toMatchObject({
					code: 10502,
					message: 'TaskID is null',
				});
				expect(await up({ workflow_id: 'f'.repeat(32), details: contacts(1) })).toMatchObject({
					code: 10506,
					message: 'task not found',
				});
				expect((await up({ workflow_id: id, details: [] })).code).toBe(10505);
				const badPhone = await up({
					workflow_id: id,
					details: [...contacts(1, '+6299'), { callee: '+12ab' }],
				});
				expect(badPhone.code).toBe(10510);
				expect(badPhone.message).toContain('details[1]');
				expect(small.tasks.get(id)?.contacts).toHaveLength(2);

				const ok = await up({ workflow_id: id, details: contacts(3, '+6299') });
				expect(ok).toMatchObject({
					code: 200,
					data: { workflow_id: id, added: 3, contact_count: 5 },
				});
				const over = await up({ workflow_id: id, details: contacts(1, '+6277') });
				expect(over.code).toBe(10527);
				expect(over.message).toContain('limit 5');
				expect(small.tasks.get(id)?.contacts).toHaveLength(5);
			} finally {
				await small.close();
			}
		});

		it('handles 10,000 contacts in 20 requests quickly', async () => {
			const token = await auth();
			const started = Date.now();
			const created = await cloud('createinstance', createBody({ details: contacts(500) }), token);
			const id = created.json.data.workflow_id;
			for (let i = 1; i < 20; i++) {
				const r = await cloud(
					'uploaddetails',
					{ workflow_id: id, details: contacts(500, '+62811', i * 500) },
					token,
				);
				expect(r.json.code).toBe(200);
			}
			expect(sim.tasks.get(id)?.contacts).toHaveLength(10000);
			expect(Date.now() - started).toBeLessThan(3000);
			const over = await cloud(
				'uploaddetails',
				{ workflow_id: id, details: contacts(1, '+6255') },
				token,
			);
			expect(over.json.code).toBe(10527);
		});
	});
});
