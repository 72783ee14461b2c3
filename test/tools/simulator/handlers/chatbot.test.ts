/**
 * Tests of the simulator's chatbot area (tools/simulator/handlers/chatbot.ts), over real HTTP.
 */
import { loadExample } from '../../../../tools/simulator/callbacks';
import { startSimulator, type Simulator } from '../../../../tools/simulator/server';
import { HEX32, simulatorClient } from '../sim-client';

describe('AIRudder simulator', () => {
	let sim: Simulator;
	const { post } = simulatorClient(() => sim);

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
});
