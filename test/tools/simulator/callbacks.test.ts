/**
 * Tests of the simulator's callback sender (tools/simulator/callbacks.ts), over real HTTP.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import { CALLBACK_EVENTS, loadExample, sendCallbacks } from '../../../tools/simulator/callbacks';
import type { Json } from './sim-client';

describe('AIRudder simulator', () => {
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
