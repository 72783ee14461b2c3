/**
 * Shared client of the simulator tests: JSON over real HTTP to a running simulator, and request builders.
 */
import type { Simulator } from '../../../tools/simulator/server';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Reply {
	status: number;
	headers: Headers;
	json: Json;
}

export const HEX32 = /^[0-9a-f]{32}$/;
export const FUTURE = '2099-12-31 23:59:59+08:00';

function pad(n: number): string {
	return String(n).padStart(2, '0');
}

/** 'YYYY-MM-DD HH:mm:ss' in UTC. */
export function utc(ms: number): string {
	const d = new Date(ms);
	return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(
		d.getUTCMinutes(),
	)}:${pad(d.getUTCSeconds())}`;
}

export function contacts(n: number, prefix = '+62811', from = 0): Json[] {
	return Array.from({ length: n }, (_, i) => ({
		callee: `${prefix}${String(from + i).padStart(6, '0')}`,
		case_id: `case-${from + i}`,
		variables: { name: `n${from + i}` },
	}));
}

export function createBody(over: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		workflow_template_id: 42,
		name: 'task_1',
		end_time: FUTURE,
		details: contacts(2),
		...over,
	};
}

/** Request helpers bound to the simulator a test file starts (read lazily: it starts in beforeAll). */
export function simulatorClient(getSim: () => Simulator): {
	post: (path: string, body: unknown, headers?: Record<string, string>) => Promise<Reply>;
	auth: () => Promise<string>;
	cloud: (path: string, body: unknown, token?: string) => Promise<Reply>;
} {
	async function post(
		path: string,
		body: unknown,
		headers: Record<string, string> = {},
	): Promise<Reply> {
		const res = await fetch(getSim().url + path, {
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

	return { post, auth, cloud };
}
