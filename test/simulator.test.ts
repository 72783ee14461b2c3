/**
 * Tests of the dev-only AIRudder simulator itself (tools/simulator), over real HTTP.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import { CALLBACK_EVENTS, loadExample, sendCallbacks } from '../tools/simulator/callbacks';
import { startSimulator, type Simulator } from '../tools/simulator/server';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

interface Reply {
	status: number;
	headers: Headers;
	json: Json;
}

const HEX32 = /^[0-9a-f]{32}$/;
const FUTURE = '2099-12-31 23:59:59+08:00';

function pad(n: number): string {
	return String(n).padStart(2, '0');
}

/** 'YYYY-MM-DD HH:mm:ss' in UTC. */
function utc(ms: number): string {
	const d = new Date(ms);
	return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(
		d.getUTCMinutes(),
	)}:${pad(d.getUTCSeconds())}`;
}

describe('AIRudder simulator', () => {
	let sim: Simulator;

	async function post(
		path: string,
		body: unknown,
		headers: Record<string, string> = {},
	): Promise<Reply> {
		const res = await fetch(sim.url + path, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', ...headers },
			body: typeof body === 'string' ? body : JSON.stringify(body),
		});
		const text = await res.text();
		let json: Json;
		try {
			json = JSON.parse(text);
		} catch {
			json = text;
		}
		return { status: res.status, headers: res.headers, json };
	}

	async function auth(): Promise<string> {
		const r = await post('/service/cloud/auth', {
			APPKey: 'sim-app-key',
			APPSecret: 'sim-app-secret',
		});
		expect(r.json.code).toBe(200);
		return r.json.data.token as string;
	}

	async function cloud(path: string, body: unknown, token?: string): Promise<Reply> {
		return post(`/service/cloud/workflow/${path}`, body, {
			Authorization: `Token ${token ?? (await auth())}`,
		});
	}

	function contacts(n: number, prefix = '+62811', from = 0): Json[] {
		return Array.from({ length: n }, (_, i) => ({
			callee: `${prefix}${String(from + i).padStart(6, '0')}`,
			case_id: `case-${from + i}`,
			variables: { name: `n${from + i}` },
		}));
	}

	function createBody(over: Record<string, unknown> = {}): Record<string, unknown> {
		return {
			workflow_template_id: 42,
			name: 'task_1',
			end_time: FUTURE,
			details: contacts(2),
			...over,
		};
	}

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

	describe('template send', () => {
		function templateBody(over: Record<string, unknown> = {}): Record<string, unknown> {
			return {
				...loadExample('chatbot-template-send.request.json'),
				timestamp: Math.floor(Date.now() / 1000),
				...over,
			};
		}
		const signed = { 'X-AIRudder-Sign-Key': 'sim-chatbot-key' };

		it('accepts a valid message and stores it', async () => {
			const body = templateBody();
			const r = await post('/api/v1/template/send', body, signed);
			expect(r.status).toBe(200);
			expect(r.json).toMatchObject({ code: 200, message: 'Success' });
			expect(r.json.request_id).toMatch(HEX32);
			expect(r.json.data.task_id).toMatch(HEX32);
			expect(sim.sentTemplates).toEqual([body]);
		});

		it('rejects a missing or wrong sign key', async () => {
			const none = await post('/api/v1/template/send', templateBody());
			expect(none.status).toBe(401);
			expect(none.json).toMatchObject({ code: 401, message: 'invalid X-AIRudder-Sign-Key' });
			expect(none.json.request_id).toMatch(HEX32);
			const wrong = await post('/api/v1/template/send', templateBody(), {
				'X-AIRudder-Sign-Key': 'x',
			});
			expect(wrong.status).toBe(401);
			expect(sim.sentTemplates).toHaveLength(0);
		});

		const bad: Array<[string, Record<string, unknown>, RegExp]> = [
			[
				'custom as an object',
				{ custom: { robot_id: 1 } },
				/^custom must be a JSON string with robot_id$/,
			],
			[
				'custom without robot_id',
				{ custom: '{"robot_version_id":1}' },
				/^custom must be a JSON string with robot_id$/,
			],
			['custom not JSON', { custom: 'robot 1' }, /^custom must be a JSON string with robot_id$/],
			[
				'old timestamp',
				{ timestamp: Math.floor(Date.now() / 1000) - 3600 },
				/^timestamp out of range$/,
			],
			['wrong channel', { channel: 'SMS' }, /channel/],
			['missing channel_id', { channel_id: undefined }, /channel_id/],
			['empty receivers', { receivers: [] }, /receivers/],
			['receiver id not digits', { receivers: [{ id: 'abc' }] }, /receivers\[0\]/],
			['missing template_id', { template_id: undefined }, /template_id/],
		];
		it.each(bad)('rejects %s with code 400', async (_label, over, message) => {
			const r = await post('/api/v1/template/send', templateBody(over), signed);
			expect(r.json.code).toBe(400);
			expect(r.json.data).toBeNull();
			expect(r.json.message).toMatch(message);
			expect(sim.sentTemplates).toHaveLength(0);
		});
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

	describe('sendCallbacks', () => {
		interface Received {
			path: string;
			headers: http.IncomingHttpHeaders;
			body: Json;
		}
		let receiver: http.Server;
		let receiverUrl: string;
		const received: Received[] = [];

		beforeAll(async () => {
			receiver = http.createServer((req, res) => {
				let data = '';
				req.on('data', (c) => (data += c));
				req.on('end', () => {
					received.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(data) });
					const fail = req.url === '/fail';
					res.writeHead(fail ? 500 : 200, { 'Content-Type': 'application/json' });
					res.end(fail ? '{"error":"nope"}' : '{}');
				});
			});
			await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
			receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
		});
		afterAll(async () => {
			receiver.closeAllConnections();
			await new Promise<void>((resolve) => receiver.close(() => resolve()));
		});
		beforeEach(() => {
			received.length = 0;
		});

		it('delivers every example event with AIRudder headers', async () => {
			const results = await sendCallbacks({
				url: `${receiverUrl}/hook`,
				headers: { 'X-Test': 'yes' },
			});
			expect(results.map((r) => r.event)).toEqual(Object.keys(CALLBACK_EVENTS));
			expect(results.every((r) => r.status === 200 && r.body === '{}' && r.attempt === 1)).toBe(
				true,
			);
			expect(received).toHaveLength(5);
			for (const [i, event] of Object.keys(CALLBACK_EVENTS).entries()) {
				const got = received[i];
				expect(got.body).toEqual(loadExample(CALLBACK_EVENTS[event]));
				expect(got.headers['user-agent']).toBe('Airudder');
				expect(got.headers['content-type']).toBe('application/json');
				expect(got.headers['x-test']).toBe('yes');
				if (event.startsWith('chatbot.'))
					expect(got.headers['x-airudder-sign']).toMatch(/^sim-[0-9a-f]+$/);
				else expect(got.headers['x-airudder-sign']).toBeUndefined();
			}
		});

		it('retries with a changed timestamp and records failures without throwing', async () => {
			const results = await sendCallbacks({
				url: `${receiverUrl}/fail`,
				events: ['chatbot.sessionEnded'],
				times: 3,
				changeTimestamp: true,
			});
			expect(results.map((r) => [r.attempt, r.status])).toEqual([
				[1, 500],
				[2, 500],
				[3, 500],
			]);
			expect(results[0].body).toBe('{"error":"nope"}');
			const base = loadExample(CALLBACK_EVENTS['chatbot.sessionEnded']).timestamp;
			expect(received.map((r) => r.body.timestamp)).toEqual([base, base + 60, base + 120]);
			expect(new Set(received.map((r) => r.body.call_id)).size).toBe(1);
		});

		it('records a network error as status 0', async () => {
			const closed = http.createServer();
			await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
			const port = (closed.address() as AddressInfo).port;
			await new Promise<void>((resolve) => closed.close(() => resolve()));
			const results = await sendCallbacks({
				url: `http://127.0.0.1:${port}/`,
				events: ['workflow.statusChanged'],
			});
			expect(results).toHaveLength(1);
			expect(results[0].status).toBe(0);
			expect(results[0].body).toMatch(/ECONNREFUSED/);
		});

		it('rejects an unknown event name', async () => {
			await expect(sendCallbacks({ url: receiverUrl, events: ['nope'] })).rejects.toThrow(
				/unknown callback event/,
			);
		});
	});
});
