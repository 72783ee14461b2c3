/**
 * Dev-only local HTTP simulator of the AIRudder API: the HTTP core (start/stop, request log, fault injection,
 * routing to the handlers of each area in ./handlers).
 *
 * Follows the contract in the shared AIRudder API README (hosts, envelopes, auth, error table, workflow and
 * chatbot endpoints). Everything is kept in memory; nothing here talks to the real AIRudder.
 * Only Node built-ins are used.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import { cloudFail, type Answer, type Parsed } from './envelopes';
import {
	FaultQueue,
	echoSecretsAnswer,
	injectedCodeAnswer,
	injectedStatusAnswer,
	rawAnswer,
	redirectAnswer,
	type Fault,
} from './faults';
import { AUTH_PATH, authRoutes, expireTokens } from './handlers/auth';
import { chatbotRoutes } from './handlers/chatbot';
import { workflowCallRoutes } from './handlers/workflow-calls';
import { workflowTaskRoutes } from './handlers/workflow-tasks';
import { dispatch, type Routes } from './routes';
import { createState, resetState, type ExpireMode, type SimState, type SimTask } from './state';

export { AUTH_PATH } from './handlers/auth';
export { ERROR_MESSAGES } from './envelopes';
export { formatLocal } from './timestamps';
export type { Fault } from './faults';
export { startOtherHost, type OtherHost, type OtherHostRequest } from './otherHost';
export type { Contact, ExpireMode, SimTask } from './state';

export interface SimulatorOptions {
	/** Port to listen on; default 0 (a random free port). The host is always 127.0.0.1. */
	port?: number;
	/** Default 'sim-app-key'. */
	appKey?: string;
	/** Default 'sim-app-secret'. */
	appSecret?: string;
	/** Value expected in the X-AIRudder-Sign-Key header of /api/v1 calls; default 'sim-chatbot-key'. */
	chatbotApiKey?: string;
	/** Added delay before every answer; default 0. */
	latencyMs?: number;
	/** Maximum number of contacts one workflow task may hold; default 10000. */
	maxContactsPerTask?: number;
	/** Called once per request after it has been answered (or dropped). Used by the CLI to print a log line. */
	onRequest?: (entry: LoggedRequest) => void;
}

export interface LoggedRequest {
	seq: number;
	method: string;
	path: string;
	query: Record<string, string>;
	/** Header names lower-cased; repeated headers joined with ', '. */
	headers: Record<string, string>;
	/** Parsed JSON body; the raw text when it is not JSON; undefined when empty. */
	body: unknown;
	/** HTTP status answered; 0 when the socket was dropped. */
	status: number;
	responseBody: unknown;
	receivedAt: number;
}

export interface Simulator {
	url: string;
	credentials: { appKey: string; appSecret: string; chatbotApiKey: string };
	requests: LoggedRequest[];
	requestsTo(path: string): LoggedRequest[];
	authCount(): number;
	reset(): void;
	tasks: Map<string, SimTask>;
	/** Bodies of accepted POST /api/v1/template/send requests, in order. */
	sentTemplates: unknown[];
	setLatency(ms: number): void;
	inject(fault: Fault): void;
	expireToken(mode: ExpireMode): void;
	close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** The handlers of every area; a new area adds its route table here. */
function allRoutes(state: SimState): Routes {
	return {
		...authRoutes(state),
		...workflowTaskRoutes(state),
		...workflowCallRoutes(state),
		...chatbotRoutes(state),
	};
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function headerRecord(raw: http.IncomingHttpHeaders): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(raw)) {
		if (value === undefined) continue;
		out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
	}
	return out;
}

function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let tooLarge = false;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				tooLarge = true;
				chunks.length = 0;
				return;
			}
			if (!tooLarge) chunks.push(chunk);
		});
		req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/**
 * Path and query of a request line as sent (origin form): "//other-host/x" stays a path here, it does not
 * name a host. Anything unreadable is logged under its raw text.
 */
function requestTarget(raw: string | undefined): URL {
	try {
		return new URL(`http://simulator${raw?.startsWith('/') ? raw : `/${raw ?? ''}`}`);
	} catch {
		return new URL(`http://simulator/${encodeURIComponent(raw ?? '')}`);
	}
}

function send(res: http.ServerResponse, entry: LoggedRequest, answer: Answer): void {
	entry.status = answer.status;
	entry.responseBody = answer.body;
	const isText = typeof answer.body === 'string';
	const payload = isText ? (answer.body as string) : JSON.stringify(answer.body);
	if (!res.headersSent && !res.destroyed) {
		res.writeHead(answer.status, {
			'Content-Type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
			'Content-Length': String(Buffer.byteLength(payload)),
			...(answer.headers ?? {}),
		});
		res.end(payload);
	}
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
	const credentials = {
		appKey: options.appKey ?? 'sim-app-key',
		appSecret: options.appSecret ?? 'sim-app-secret',
		chatbotApiKey: options.chatbotApiKey ?? 'sim-chatbot-key',
	};
	const state = createState(credentials, options.maxContactsPerTask ?? 10000);
	const routes = allRoutes(state);
	const faults = new FaultQueue();
	let latencyMs = options.latencyMs ?? 0;
	const requests: LoggedRequest[] = [];
	let seq = 0;

	async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const receivedAt = Date.now();
		const method = (req.method ?? 'GET').toUpperCase();
		const url = requestTarget(req.url);
		const entry: LoggedRequest = {
			seq: ++seq,
			method,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams.entries()),
			headers: headerRecord(req.headers),
			body: undefined,
			status: 0,
			responseBody: undefined,
			receivedAt,
		};
		requests.push(entry);
		const finish = (): void => {
			if (options.onRequest) {
				try {
					options.onRequest(entry);
				} catch {
					// a logging hook must never break the simulator
				}
			}
		};
		try {
			const raw = await readBody(req);
			if (raw === undefined) {
				send(res, entry, { status: 413, body: { code: 413, message: 'request body too large' } });
				finish();
				return;
			}
			let parsed: Parsed = { ok: false };
			const text = raw.toString('utf8');
			if (text.length > 0) {
				try {
					parsed = { ok: true, value: JSON.parse(text) };
					entry.body = parsed.value;
				} catch {
					entry.body = text;
				}
			}

			const injection = faults.take(method, entry.path);
			if (latencyMs > 0) await sleep(latencyMs);
			if (injection?.kind === 'delay') await sleep(injection.ms);
			if (injection?.kind === 'drop') {
				entry.status = 0;
				entry.responseBody = null;
				req.socket.destroy();
				finish();
				return;
			}
			if (injection?.kind === 'status') {
				send(res, entry, injectedStatusAnswer(entry.path, injection));
				finish();
				return;
			}
			if (injection?.kind === 'code') {
				send(res, entry, injectedCodeAnswer(entry.path, injection));
				finish();
				return;
			}
			if (injection?.kind === 'redirect') {
				send(res, entry, redirectAnswer(injection));
				finish();
				return;
			}
			if (injection?.kind === 'echoSecrets') {
				send(
					res,
					entry,
					echoSecretsAnswer(entry.path, injection, { headers: entry.headers, text }),
				);
				finish();
				return;
			}
			if (injection?.kind === 'raw' && !injection.afterCommit) {
				send(res, entry, rawAnswer(injection));
				finish();
				return;
			}
			const answer = dispatch(routes, {
				method,
				path: entry.path,
				headers: entry.headers,
				parsed,
			});
			if (injection?.kind === 'statusAfterCommit') {
				send(res, entry, injectedStatusAnswer(entry.path, injection));
			} else if (injection?.kind === 'raw') {
				send(res, entry, rawAnswer(injection));
			} else {
				send(res, entry, answer);
			}
		} catch (error) {
			send(
				res,
				entry,
				cloudFail(10201, `internal error: ${(error as Error)?.message ?? String(error)}`, 500),
			);
		}
		finish();
	}

	const server = http.createServer((req, res) => {
		void handle(req, res);
	});
	server.keepAliveTimeout = 5000;

	await new Promise<void>((resolve, reject) => {
		const onError = (error: Error): void => reject(error);
		server.once('error', onError);
		server.listen(options.port ?? 0, '127.0.0.1', () => {
			server.off('error', onError);
			resolve();
		});
	});
	const address = server.address() as AddressInfo;

	return {
		url: `http://127.0.0.1:${address.port}`,
		credentials,
		requests,
		tasks: state.tasks,
		sentTemplates: state.sentTemplates,
		requestsTo(path: string): LoggedRequest[] {
			return requests.filter((r) => r.path === path);
		},
		authCount(): number {
			return requests.filter((r) => r.method === 'POST' && r.path === AUTH_PATH).length;
		},
		reset(): void {
			requests.length = 0;
			resetState(state);
			faults.clear();
			seq = 0;
		},
		setLatency(ms: number): void {
			latencyMs = Math.max(0, ms);
		},
		inject(fault: Fault): void {
			faults.add(fault);
		},
		expireToken(mode: ExpireMode): void {
			expireTokens(state, mode);
		},
		close(): Promise<void> {
			return new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
}
