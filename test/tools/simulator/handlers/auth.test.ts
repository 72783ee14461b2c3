/**
 * Tests of the simulator's auth area (tools/simulator/handlers/auth.ts), over real HTTP.
 */
import { startSimulator, type Simulator } from '../../../../tools/simulator/server';
import { createBody, simulatorClient } from '../sim-client';

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

	describe('auth', () => {
		it('issues a token, returns the same one while valid, and logs the call', async () => {
			const r = await post('/service/cloud/auth', {
				APPKey: 'sim-app-key',
				APPSecret: 'sim-app-secret',
			});
			expect(r.status).toBe(200);
			expect(r.json).toEqual({ data: { token: expect.any(String) }, status: 'OK', code: 200 });
			expect(r.json.data.token.length).toBeGreaterThanOrEqual(40);
			expect(await auth()).toBe(r.json.data.token);
			expect(sim.authCount()).toBe(2);
			expect(sim.requests[0].seq).toBe(1);
			expect(sim.requests[0].headers['content-type']).toBe('application/json');
			expect(sim.requests[0].body).toEqual({ APPKey: 'sim-app-key', APPSecret: 'sim-app-secret' });
		});

		it('rejects an unknown key, a wrong secret and missing fields', async () => {
			const wrongKey = await post('/service/cloud/auth', {
				APPKey: 'nope',
				APPSecret: 'sim-app-secret',
			});
			expect(wrongKey.status).toBe(200);
			expect(wrongKey.json).toMatchObject({
				code: 10301,
				status: 'FAIL',
				message: 'invalid app key',
				data: null,
			});
			const wrongSecret = await post('/service/cloud/auth', {
				APPKey: 'sim-app-key',
				APPSecret: 'nope',
			});
			expect(wrongSecret.json).toMatchObject({
				code: 10302,
				message: 'account verification failed',
			});
			const missing = await post('/service/cloud/auth', { APPKey: 'sim-app-key' });
			expect(missing.json).toMatchObject({ code: 10801, message: 'invalid username or password' });
		});

		it('requires "Authorization: Token <token>"', async () => {
			const none = await post('/service/cloud/workflow/createinstance', createBody());
			expect(none.status).toBe(401);
			expect(none.json).toMatchObject({ code: 10810, message: 'token is empty' });
			const token = await auth();
			const bearer = await post('/service/cloud/workflow/createinstance', createBody(), {
				Authorization: `Bearer ${token}`,
			});
			expect(bearer.status).toBe(401);
			expect(bearer.json).toMatchObject({ code: 10812, message: 'invalid token' });
			const unknown = await cloud('createinstance', createBody(), 'not-a-token');
			expect(unknown.status).toBe(401);
			expect(unknown.json.code).toBe(10812);
			expect(sim.tasks.size).toBe(0);
			const ok = await cloud('createinstance', createBody(), token);
			expect(ok.status).toBe(200);
			expect(ok.json.code).toBe(200);
		});

		it('expireToken(http401) answers HTTP 401 / 10813 and re-auth gives a new token', async () => {
			const old = await auth();
			sim.expireToken('http401');
			const r = await cloud('createinstance', createBody(), old);
			expect(r.status).toBe(401);
			expect(r.json).toMatchObject({ code: 10813, message: 'expired token' });
			expect(sim.tasks.size).toBe(0);
			const fresh = await auth();
			expect(fresh).not.toBe(old);
			expect((await cloud('createinstance', createBody(), fresh)).json.code).toBe(200);
			// the old token stays expired
			expect((await cloud('createinstance', createBody({ name: 'x2' }), old)).status).toBe(401);
		});

		it('expireToken(code10813) answers HTTP 200 with code 10813', async () => {
			const old = await auth();
			sim.expireToken('code10813');
			const r = await cloud('createinstance', createBody(), old);
			expect(r.status).toBe(200);
			expect(r.json).toMatchObject({ code: 10813, message: 'expired token', data: null });
			const fresh = await auth();
			expect(fresh).not.toBe(old);
			expect((await cloud('createinstance', createBody(), fresh)).json.data.contact_count).toBe(2);
		});
	});
});
