/**
 * Tests of the simulator's workflow call endpoints (tools/simulator/handlers/workflow-calls.ts), over real HTTP.
 */
import { CALLBACK_EVENTS, loadExample } from '../../../../tools/simulator/callbacks';
import { startSimulator, type Simulator } from '../../../../tools/simulator/server';
import { HEX32, contacts, createBody, utc, simulatorClient, type Json } from '../sim-client';

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

	describe('queries', () => {
		it('detailinstances finds workflows by callee / case id inside the time window', async () => {
			const token = await auth();
			const a = await cloud('createinstance', createBody({ name: 'a' }), token);
			const b = await cloud(
				'createinstance',
				createBody({ name: 'b', details: contacts(1) }),
				token,
			);
			const now = Date.now();
			const window = { start_time: utc(now - 60_000), end_time: utc(now + 60_000) };

			const byCallee = await cloud('detailinstances', { ...window, callee: '+62811000000' }, token);
			expect(byCallee.json.code).toBe(200);
			const ids = byCallee.json.data.list.map((x: Json) => x.workflow_id).sort();
			expect(ids).toEqual([a.json.data.workflow_id, b.json.data.workflow_id].sort());
			expect(byCallee.json.data.list[0]).toMatchObject({
				workflow_name: 'a',
				case_id: 'case-0',
				callee: '+62811000000',
				create_time: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
			});

			const byCase = await cloud('detailinstances', { ...window, case_id: 'case-1' }, token);
			expect(byCase.json.data.list).toEqual([
				expect.objectContaining({ workflow_id: a.json.data.workflow_id, callee: '+62811000001' }),
			]);
			const both = await cloud(
				'detailinstances',
				{ ...window, case_id: 'case-1', callee: '+62811000000' },
				token,
			);
			expect(both.json.data.list).toEqual([]);

			const earlier = { start_time: utc(now - 7200_000), end_time: utc(now - 3600_000) };
			expect(
				(await cloud('detailinstances', { ...earlier, callee: '+62811000000' }, token)).json.data
					.list,
			).toEqual([]);

			const noTimes = await cloud('detailinstances', { callee: '+62811000000' }, token);
			expect(noTimes.json).toMatchObject({
				code: 10501,
				message: 'start_time and end_time are required (YYYY-MM-DD HH:mm:ss)',
			});
			const badTime = await cloud(
				'detailinstances',
				{ ...window, start_time: '2024-01-01', callee: '+1' },
				token,
			);
			expect(badTime.json.code).toBe(10501);
			const neither = await cloud('detailinstances', window, token);
			expect(neither.json.code).toBe(10501);
		});

		it('taskdetail pages deterministic call records', async () => {
			const token = await auth();
			const created = await cloud('createinstance', createBody({ details: contacts(5) }), token);
			const { workflow_id: wf, call_task_id: taskId } = created.json.data;

			const first = await cloud('taskdetail', { task_id: taskId }, token);
			expect(first.json.data).toMatchObject({ total: 5, page: 1, page_size: 100 });
			expect(first.json.data.list).toHaveLength(5);
			const rec = first.json.data.list[2];
			expect(rec).toMatchObject({
				workflow_id: wf,
				workflow_name: 'task_1',
				nodetask_name: 'Voicebot Call1_sim',
				case_id: 'case-2',
				task_id: taskId,
				callee_number: '+62811000002',
				call_times: 1,
				ring_type: 'normal',
				hangup_type: 'ByCallee',
				intention: 'A',
				talk_round: 2,
				ring_time: 3,
			});
			expect(rec.call_id).toMatch(HEX32);
			expect(rec.nodetask_id).toMatch(HEX32);
			expect(rec.call_start_time).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
			expect(rec.call_end_time > rec.call_start_time).toBe(true);
			expect(rec.asr_result.length).toBeGreaterThan(0);
			expect(new Set(first.json.data.list.map((x: Json) => x.call_id)).size).toBe(5);

			const page3 = await cloud('taskdetail', { task_id: taskId, page: 3, page_size: 2 }, token);
			expect(page3.json.data).toMatchObject({ total: 5, page: 3, page_size: 2 });
			expect(page3.json.data.list).toEqual([first.json.data.list[4]]);
			const page4 = await cloud('taskdetail', { task_id: taskId, page: 4, page_size: 2 }, token);
			expect(page4.json.data.list).toEqual([]);

			expect(
				(await cloud('taskdetail', { task_id: taskId, page_size: 501 }, token)).json.code,
			).toBe(10501);
			expect((await cloud('taskdetail', { task_id: taskId, page: 0 }, token)).json.code).toBe(
				10501,
			);
			expect((await cloud('taskdetail', {}, token)).json).toMatchObject({
				code: 10502,
				message: 'TaskID is null',
			});
			expect((await cloud('taskdetail', { task_id: wf }, token)).json).toMatchObject({
				code: 10702,
				message: 'TaskID invalid',
			});
		});

		it('apinoticeinfo rebuilds the API node push for a contact', async () => {
			const token = await auth();
			const details = [
				{
					callee: '+6281111',
					case_id: 'c-9',
					customer_name: 'Ann',
					extra_a: 'x',
					variables: { due: '2025-01-01' },
				},
			];
			const created = await cloud('createinstance', createBody({ details }), token);
			const { workflow_id: wf, call_task_id: taskId } = created.json.data;

			const r = await cloud(
				'apinoticeinfo',
				{ workflow_id: wf, node_id: 'node-7', callee: '+6281111' },
				token,
			);
			expect(r.json.code).toBe(200);
			expect(r.json.data).toHaveLength(1);
			const push = r.json.data[0];
			const example = loadExample(CALLBACK_EVENTS['workflow.apiNodePush']);
			expect(Object.keys(push).sort()).toEqual(Object.keys(example).sort());
			expect(push).toMatchObject({ workflow_id: wf, workflow_name: 'task_1', node_id: 'node-7' });
			expect(push.callee).toMatchObject({
				callee_number: '+6281111',
				case_id: 'c-9',
				callee_name: 'Ann',
				extra_a: 'x',
				extend: { variables: { due: '2025-01-01' } },
			});
			expect(push.call.task_id).toBe(taskId);
			expect(push.call.callee_number).toBe('+6281111');
			const records = await cloud('taskdetail', { task_id: taskId }, token);
			expect(push.call.call_id).toBe(records.json.data.list[0].call_id);

			expect(
				(await cloud('apinoticeinfo', { workflow_id: wf, node_id: 'n', callee: '+6299999' }, token))
					.json.code,
			).toBe(10506);
			expect(
				(await cloud('apinoticeinfo', { workflow_id: wf, callee: '+6281111' }, token)).json.code,
			).toBe(10501);
			expect(
				(await cloud('apinoticeinfo', { workflow_id: wf, node_id: 'n' }, token)).json.code,
			).toBe(10501);
			expect(
				(await cloud('apinoticeinfo', { node_id: 'n', callee: '+6281111' }, token)).json.code,
			).toBe(10502);
			expect(
				(
					await cloud(
						'apinoticeinfo',
						{ workflow_id: 'nope', node_id: 'n', callee: '+6281111' },
						token,
					)
				).json.code,
			).toBe(10506);
		});
	});
});
