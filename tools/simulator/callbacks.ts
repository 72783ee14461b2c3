/**
 * Sends AIRudder-style callbacks (webhook deliveries) built from the documented example payloads in ./examples.
 * Dev-only; Node built-ins only.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

/** Event name -> example file (in tools/simulator/examples). */
export const CALLBACK_EVENTS: Record<string, string> = {
	'workflow.statusChanged': 'workflow-status-change-notification.webhook.json',
	'workflow.contactCompleted': 'workflow-list-completion-notification.webhook.json',
	'workflow.apiNodePush': 'workflow-custom-api-node-data-push.webhook.json',
	'chatbot.sessionEnded': 'workflow-chatbot-session-end-notification.webhook.json',
	'chatbot.transferRequested': 'chatbot-callback-agent-transfer-request.webhook.json',
};

export const EXAMPLES_DIR = path.join(__dirname, 'examples');

/** Reads and parses tools/simulator/examples/<fileName>; a fresh object on every call. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function loadExample(fileName: string): any {
	return JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, fileName), 'utf8'));
}

export interface SendResult {
	event: string;
	/** 1-based delivery number for this event. */
	attempt: number;
	/** HTTP status answered; 0 on a network error or timeout. */
	status: number;
	/** Answer body as text (the error message when status is 0). */
	body: string;
	/** Time taken, in milliseconds. */
	ms: number;
}

export interface SendCallbacksOptions {
	url: string;
	/** Event names (keys of CALLBACK_EVENTS); default all. */
	events?: string[];
	/** Deliveries per event; default 1. */
	times?: number;
	/** Extra headers, added after (and overriding) the default ones. */
	headers?: Record<string, string>;
	/** For chatbot.sessionEnded: bump `timestamp` by 60 s on each retry, as AIRudder does. */
	changeTimestamp?: boolean;
	/** Pause between retries of one event; default 0. */
	intervalMs?: number;
	/** Per-delivery timeout; default 10000 (AIRudder's documented answer window). */
	timeoutMs?: number;
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * POSTs each selected example body `times` times to `url`. Never throws on a non-2xx answer or a network error
 * (those are recorded); throws only for an unknown event name.
 */
export async function sendCallbacks(opts: SendCallbacksOptions): Promise<SendResult[]> {
	const events = opts.events ?? Object.keys(CALLBACK_EVENTS);
	const unknown = events.filter((e) => !(e in CALLBACK_EVENTS));
	if (unknown.length > 0) {
		throw new Error(
			`unknown callback event(s): ${unknown.join(', ')}; known: ${Object.keys(CALLBACK_EVENTS).join(', ')}`,
		);
	}
	const times = Math.max(1, Math.floor(opts.times ?? 1));
	const timeoutMs = opts.timeoutMs ?? 10000;
	const results: SendResult[] = [];

	for (const event of events) {
		for (let attempt = 1; attempt <= times; attempt++) {
			if (attempt > 1 && (opts.intervalMs ?? 0) > 0) await sleep(opts.intervalMs ?? 0);
			const body = loadExample(CALLBACK_EVENTS[event]);
			if (
				opts.changeTimestamp &&
				event === 'chatbot.sessionEnded' &&
				typeof body.timestamp === 'number'
			) {
				body.timestamp += (attempt - 1) * 60;
			}
			const headers: Record<string, string> = {
				'Content-Type': 'application/json',
				'User-Agent': 'Airudder',
			};
			if (event.startsWith('chatbot.'))
				headers['X-AIRudder-Sign'] = `sim-${randomBytes(16).toString('hex')}`;
			Object.assign(headers, opts.headers ?? {});

			const started = performance.now();
			let status = 0;
			let text = '';
			try {
				const response = await fetch(opts.url, {
					method: 'POST',
					headers,
					body: JSON.stringify(body),
					signal: AbortSignal.timeout(timeoutMs),
				});
				status = response.status;
				text = await response.text();
			} catch (error) {
				status = 0;
				const e = error as Error & { cause?: { message?: string; code?: string } };
				text = e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error);
				if (e?.name === 'TimeoutError') text = `timeout after ${timeoutMs} ms`;
			}
			results.push({
				event,
				attempt,
				status,
				body: text,
				ms: Math.round(performance.now() - started),
			});
		}
	}
	return results;
}
