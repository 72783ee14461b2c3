/**
 * Tests of the simulator's hostile answers (tools/simulator/faults.ts, otherHost.ts): redirects to a
 * second listener, non-JSON bodies, and errors that echo the request's secrets.
 */
import * as http from 'node:http';

import {
	startOtherHost,
	startSimulator,
	type OtherHost,
	type Simulator,
} from '../../../tools/simulator/server';
import { createBody, simulatorClient } from './sim-client';

describe('AIRudder simulator: hostile answers', () => {
	let sim: Simulator;
	let other: OtherHost;
	const { post, auth, cloud } = simulatorClient(() => sim);

	beforeAll(async () => {
		sim = await startSimulator();
		other = await startOtherHost();
	});
	afterAll(async () => {
		await sim.close();
		await other.close();
	});
	beforeEach(() => {
		sim.reset();
		other.requests.length = 0;
	});

	it('redirects with the given status and Location, without carrying out the request', async () => {
		const token = await auth();
		sim.inject({
			kind: 'redirect',
			status: 307,
			path: '/service/cloud/workflow/createinstance',
			location: `${other.url}/steal`,
		});
		const res = await fetch(`${sim.url}/service/cloud/workflow/createinstance`, {
			method: 'POST',
			redirect: 'manual',
			headers: { Authorization: `Token ${token}`, 'Content-Type': 'application/json' },
			body: JSON.stringify(createBody()),
		});
		expect(res.status).toBe(307);
		expect(res.headers.get('location')).toBe(`${other.url}/steal`);
		expect(sim.tasks.size).toBe(0);
		expect(other.requests).toHaveLength(0);
	});

	it('has a second listener that logs what reaches it and answers like a successful AIRudder', async () => {
		const res = await fetch(`${other.url}/service/cloud/auth?x=1`, {
			method: 'POST',
			headers: { Authorization: 'Token t', 'X-AIRudder-Sign-Key': 'k' },
			body: '{"APPSecret":"s"}',
		});
		expect(await res.json()).toMatchObject({ code: 200, data: { token: 'other-host-token' } });
		expect(other.requests).toEqual([
			expect.objectContaining({
				method: 'POST',
				url: '/service/cloud/auth?x=1',
				body: '{"APPSecret":"s"}',
				headers: expect.objectContaining({ authorization: 'Token t', 'x-airudder-sign-key': 'k' }),
			}),
		]);
		expect(other.host).toBe(new URL(other.url).host);
		expect(other.url).not.toBe(sim.url);
	});

	it('answers a raw body as it is, before or after carrying out the request', async () => {
		const token = await auth();
		sim.inject({
			kind: 'raw',
			path: '/service/cloud/workflow/createinstance',
			body: '<html>x</html>',
		});
		const before = await cloud('createinstance', createBody({ name: 'raw_1' }), token);
		expect(before.status).toBe(200);
		expect(before.headers.get('content-type')).toBe('text/html; charset=utf-8');
		expect(before.json).toBe('<html>x</html>');
		expect(sim.tasks.size).toBe(0);
		sim.inject({
			kind: 'raw',
			path: '/service/cloud/workflow/createinstance',
			body: '{"code":200,"da',
			contentType: 'application/json',
			afterCommit: true,
		});
		const after = await cloud('createinstance', createBody({ name: 'raw_2' }), token);
		expect(after.json).toBe('{"code":200,"da');
		expect(sim.tasks.size).toBe(1);
		sim.inject({ kind: 'raw', status: 204, body: '' });
		const empty = await cloud('taskdetail', { task_id: 'x' }, token);
		expect(empty.status).toBe(204);
		expect(empty.json).toBe('');
	});

	it("echoes the request's credential headers and body, as an error, a success or an HTML page", async () => {
		const token = await auth();
		sim.inject({ kind: 'echoSecrets', path: '/service/cloud/workflow/taskdetail' });
		const error = await cloud('taskdetail', { task_id: 'x' }, token);
		expect(error.json).toMatchObject({ code: 10201, status: 'FAIL' });
		expect(error.json.message).toBe(
			`request rejected: Authorization=Token ${token}; X-AIRudder-Sign-Key=; body={"task_id":"x"}`,
		);
		sim.inject({ kind: 'echoSecrets', path: '/api/v1/template/send', code: 200 });
		const ok = await post('/api/v1/template/send', {}, { 'X-AIRudder-Sign-Key': 'the-key' });
		expect(ok.json).toMatchObject({ code: 200, message: 'Success' });
		expect(ok.json.data.echoed['x-airudder-sign-key']).toBe('the-key');
		expect(ok.json.request_id).toMatch(/^[0-9a-f]{32}$/);
		sim.inject({ kind: 'echoSecrets', path: '/service/cloud/auth', format: 'html' });
		const page = await post('/service/cloud/auth', { APPKey: 'k', APPSecret: 'the-secret' });
		expect(page.status).toBe(500);
		expect(page.json).toContain('"APPSecret":"the-secret"');
	});

	it('logs a request line that looks like another host as a path, and answers it', async () => {
		const status = await new Promise<number>((resolve, reject) => {
			const { port } = new URL(sim.url);
			const req = http.request(
				{ host: '127.0.0.1', port, method: 'GET', path: `//${other.host}%2Fx` },
				(res) => {
					res.resume();
					resolve(res.statusCode ?? 0);
				},
			);
			req.on('error', reject);
			req.end();
		});
		expect(status).toBe(404);
		expect(sim.requests[0].path).toBe(`//${other.host}%2Fx`);
	});
});
