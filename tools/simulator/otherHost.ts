/**
 * A second listener that stands for "another host" (another origin than the simulator's). It logs every
 * request it receives, credential headers included, and answers like a successful AIRudder, so a client
 * that followed a redirect or a crafted path to it would believe it had succeeded. Tests assert that it
 * receives nothing.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import { hex32 } from './ids';

export interface OtherHostRequest {
	method: string;
	/** Path and query as received. */
	url: string;
	/** Header names lower-cased. */
	headers: Record<string, string>;
	body: string;
}

export interface OtherHost {
	/** http://127.0.0.1:<port>, another origin than the simulator's. */
	url: string;
	/** host:port, as a redirect error names it. */
	host: string;
	requests: OtherHostRequest[];
	close(): Promise<void>;
}

const LOOKS_LIKE_SUCCESS = {
	code: 200,
	status: 'OK',
	message: 'Success',
	data: { token: 'other-host-token', workflow_id: 'other-host', task_id: 'other-host', list: [] },
};

export async function startOtherHost(): Promise<OtherHost> {
	const requests: OtherHostRequest[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const headers: Record<string, string> = {};
			for (const [name, value] of Object.entries(req.headers)) {
				if (value !== undefined)
					headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
			}
			requests.push({
				method: (req.method ?? 'GET').toUpperCase(),
				url: req.url ?? '/',
				headers,
				body: Buffer.concat(chunks).toString('utf8'),
			});
			const payload = JSON.stringify({ ...LOOKS_LIKE_SUCCESS, request_id: hex32() });
			res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
			res.end(payload);
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		host: `127.0.0.1:${port}`,
		requests,
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
