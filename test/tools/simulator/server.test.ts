/**
 * Tests of the simulator's HTTP core (tools/simulator/server.ts): routing, request log, faults, latency, reset.
 */
import { startSimulator, type Simulator } from '../../../tools/simulator/server';
import { createBody, utc, simulatorClient } from './sim-client';

describe('AIRudder simulator', () => {
	let sim: Simulator;
	const { post, auth, cloud } = simulatorClient(() => sim);

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

	describe('misc and fault injection', () => {
		it('answers 404 and 400 and logs malformed requests', async () => {
			const nf = await fetch(`${sim.url}/service/cloud/nope?x=1`);
			expect(nf.status).toBe(404);
			expect(await nf.json()).toEqual({ code: 404, message: 'not found: GET /service/cloud/nope' });
			const token = await auth();
			const bad = await post('/service/cloud/workflow/createinstance', '{not json', {
				Authorization: `Token ${token}`,
			});
			expect(bad.status).toBe(400);
			expect(bad.json).toEqual({ code: 400, message: 'invalid JSON body' });
			expect(sim.requests.map((r) => r.path)).toEqual([
				'/service/cloud/nope',
				'/service/cloud/auth',
				'/service/cloud/workflow/createinstance',
			]);
			expect(sim.requests[0].query).toEqual({ x: '1' });
			expect(sim.requests[2].body).toBe('{not json');
			expect(sim.requests[2].status).toBe(400);
			expect(sim.requests[2].headers.authorization).toBe(`Token ${token}`);
			expect(sim.requestsTo('/service/cloud/workflow/createinstance')).toHaveLength(1);
		});

		it('injects an HTTP status without performing the operation', async () => {
			const token = await auth();
			sim.inject({ kind: 'status', status: 503, times: 2 });
			const r1 = await cloud('createinstance', createBody(), token);
			const r2 = await cloud('createinstance', createBody(), token);
			expect([r1.status, r2.status]).toEqual([503, 503]);
			expect(sim.tasks.size).toBe(0);
			const r3 = await cloud('createinstance', createBody(), token);
			expect(r3.status).toBe(200);
			expect(sim.tasks.size).toBe(1);
			expect(sim.requestsTo('/service/cloud/workflow/createinstance').map((r) => r.status)).toEqual(
				[503, 503, 200],
			);
		});

		it('injects 429 with Retry-After, only on the given path, never on auth by default', async () => {
			sim.inject({
				kind: 'status',
				status: 429,
				retryAfterSeconds: 7,
				path: '/service/cloud/workflow/taskdetail',
			});
			const token = await auth(); // not affected
			const created = await cloud('createinstance', createBody(), token); // other path: not affected
			expect(created.status).toBe(200);
			const r = await cloud('taskdetail', { task_id: created.json.data.call_task_id }, token);
			expect(r.status).toBe(429);
			expect(r.headers.get('retry-after')).toBe('7');
			const again = await cloud('taskdetail', { task_id: created.json.data.call_task_id }, token);
			expect(again.json.data.total).toBe(2);
		});

		it('injects an AIRudder body code, including on auth when the path says so', async () => {
			sim.inject({ kind: 'code', code: 10705, path: '/service/cloud/workflow/detailinstances' });
			const token = await auth();
			const window = {
				start_time: utc(Date.now() - 60_000),
				end_time: utc(Date.now() + 60_000),
				callee: '+1',
			};
			const r = await cloud('detailinstances', window, token);
			expect(r.status).toBe(200);
			expect(r.json).toMatchObject({
				code: 10705,
				status: 'FAIL',
				message: 'number of queries exceeds the limit',
			});
			expect((await cloud('detailinstances', window, token)).json.code).toBe(200);

			sim.inject({ kind: 'code', code: 10201, message: 'boom', path: '/service/cloud/auth' });
			const a = await post('/service/cloud/auth', {
				APPKey: 'sim-app-key',
				APPSecret: 'sim-app-secret',
			});
			expect(a.json).toMatchObject({ code: 10201, message: 'boom' });
		});

		it('drops the connection', async () => {
			const token = await auth();
			sim.inject({ kind: 'drop' });
			await expect(cloud('createinstance', createBody(), token)).rejects.toThrow();
			expect(sim.tasks.size).toBe(0);
			const logged = sim.requestsTo('/service/cloud/workflow/createinstance');
			expect(logged).toHaveLength(1);
			expect(logged[0].status).toBe(0);
			expect((await cloud('createinstance', createBody(), token)).json.code).toBe(200);
		});

		it('statusAfterCommit performs the operation, then fails the answer', async () => {
			const token = await auth();
			sim.inject({
				kind: 'statusAfterCommit',
				status: 500,
				path: '/service/cloud/workflow/createinstance',
			});
			const r = await cloud('createinstance', createBody(), token);
			expect(r.status).toBe(500);
			expect(sim.tasks.size).toBe(1);
			const retry = await cloud('createinstance', createBody(), token);
			expect(retry.json.code).toBe(10508);
			expect(sim.tasks.size).toBe(1);
		});

		it('applies latency and delay faults', async () => {
			sim.setLatency(120);
			let t = Date.now();
			await auth();
			expect(Date.now() - t).toBeGreaterThanOrEqual(110);
			sim.setLatency(0);
			sim.inject({ kind: 'delay', ms: 150, path: '/nowhere' });
			t = Date.now();
			const r = await fetch(`${sim.url}/nowhere`);
			expect(r.status).toBe(404);
			expect(Date.now() - t).toBeGreaterThanOrEqual(140);
		});

		it('reset clears log, tasks, injections and tokens', async () => {
			const token = await auth();
			await cloud('createinstance', createBody(), token);
			sim.inject({ kind: 'status', status: 500 });
			sim.reset();
			expect(sim.requests).toHaveLength(0);
			expect(sim.tasks.size).toBe(0);
			expect((await cloud('createinstance', createBody(), token)).json.code).toBe(10812);
			expect(sim.requests[0].status).toBe(401);
		});
	});
});
