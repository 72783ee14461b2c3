/**
 * Fault injection: queued faults taken by the next matching requests, and the answers they produce.
 */
import { ERROR_MESSAGES, apiFail, cloudFail, type Answer } from './envelopes';
import { hex32 } from './ids';
import { AUTH_PATH } from './handlers/auth';

export type Fault =
	| {
			kind: 'status';
			status: number;
			times?: number;
			path?: string;
			retryAfterSeconds?: number;
			body?: unknown;
	  }
	| { kind: 'code'; code: number; message?: string; times?: number; path?: string }
	| { kind: 'drop'; times?: number; path?: string }
	| { kind: 'delay'; ms: number; times?: number; path?: string }
	| {
			kind: 'statusAfterCommit';
			status: number;
			times?: number;
			path?: string;
			retryAfterSeconds?: number;
			body?: unknown;
	  };

export type Injection = Fault & { remaining: number };

export class FaultQueue {
	private injections: Injection[] = [];

	add(fault: Fault): void {
		const times = fault.times ?? 1;
		if (times > 0) this.injections.push({ ...fault, remaining: times });
	}

	/** The first fault for this request, counted as used; a fault without a path never hits auth. */
	take(method: string, path: string): Injection | undefined {
		const isAuth = method === 'POST' && path === AUTH_PATH;
		const idx = this.injections.findIndex((inj) =>
			inj.path !== undefined ? inj.path === path : !isAuth,
		);
		if (idx < 0) return undefined;
		const inj = this.injections[idx];
		inj.remaining -= 1;
		if (inj.remaining <= 0) this.injections.splice(idx, 1);
		return inj;
	}

	clear(): void {
		this.injections = [];
	}
}

export function injectedStatusAnswer(
	path: string,
	fault: { status: number; retryAfterSeconds?: number; body?: unknown },
): Answer {
	const headers: Record<string, string> = {};
	if (fault.retryAfterSeconds !== undefined)
		headers['Retry-After'] = String(fault.retryAfterSeconds);
	let body: unknown = fault.body;
	if (body === undefined) {
		const message = `simulated HTTP ${fault.status}`;
		body = path.startsWith('/api/')
			? { request_id: hex32(), code: fault.status, message, data: null }
			: { code: fault.status, status: 'FAIL', message, data: null };
	}
	return { status: fault.status, body, headers };
}

export function injectedCodeAnswer(
	path: string,
	fault: { code: number; message?: string },
): Answer {
	const message = fault.message ?? ERROR_MESSAGES[fault.code] ?? 'error';
	return path.startsWith('/api/') ? apiFail(fault.code, message) : cloudFail(fault.code, message);
}
