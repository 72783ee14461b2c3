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
	  }
	/** A redirect (default 302) to `location`, e.g. the other host of startOtherHost(). */
	| { kind: 'redirect'; location: string; status?: number; times?: number; path?: string }
	/**
	 * A body sent as it is (default HTTP 200, text/html): a maintenance page, plain text, JSON cut short,
	 * an empty body. With afterCommit the request is carried out first, as when a proxy mangles the answer.
	 */
	| {
			kind: 'raw';
			body: string;
			status?: number;
			contentType?: string;
			afterCommit?: boolean;
			times?: number;
			path?: string;
	  }
	/**
	 * An answer that repeats the request's secrets (Authorization, X-AIRudder-Sign-Key, the body with its
	 * APPSecret): as an AIRudder error (default code 10201), as a success (code 200) whose data holds them,
	 * or as an HTML error page (format 'html', default HTTP 500).
	 */
	| {
			kind: 'echoSecrets';
			code?: number;
			status?: number;
			format?: 'json' | 'html';
			times?: number;
			path?: string;
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

export function redirectAnswer(fault: { location: string; status?: number }): Answer {
	return {
		status: fault.status ?? 302,
		body: '',
		headers: { Location: fault.location, 'Content-Type': 'text/plain; charset=utf-8' },
	};
}

export function rawAnswer(fault: { body: string; status?: number; contentType?: string }): Answer {
	return {
		status: fault.status ?? 200,
		body: fault.body,
		headers: { 'Content-Type': fault.contentType ?? 'text/html; charset=utf-8' },
	};
}

/** What a careless server repeats of a request: its credential headers and its body as received. */
export function echoSecretsAnswer(
	path: string,
	fault: { code?: number; status?: number; format?: 'json' | 'html' },
	request: { headers: Record<string, string>; text: string },
): Answer {
	const echoed = {
		authorization: request.headers.authorization ?? '',
		'x-airudder-sign-key': request.headers['x-airudder-sign-key'] ?? '',
		body: request.text,
	};
	const summary = `Authorization=${echoed.authorization}; X-AIRudder-Sign-Key=${echoed['x-airudder-sign-key']}; body=${echoed.body}`;
	if (fault.format === 'html') {
		return {
			status: fault.status ?? 500,
			body: `<html><head><title>Error</title></head><body><h1>Request failed</h1><pre>${summary}</pre></body></html>`,
			headers: { 'Content-Type': 'text/html; charset=utf-8' },
		};
	}
	const code = fault.code ?? 10201;
	const message = code === 200 ? 'Success' : `request rejected: ${summary}`;
	const body: Record<string, unknown> = path.startsWith('/api/')
		? { request_id: hex32(), code, message, data: { echoed } }
		: { code, status: code === 200 ? 'OK' : 'FAIL', message, data: { echoed } };
	if (code === 200 && path === AUTH_PATH) body.data = { token: 'echo-token', echoed };
	return { status: fault.status ?? 200, body, headers: {} };
}
