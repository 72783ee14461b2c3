/**
 * Many distinct AIRudder callbacks, each delivered several times to chosen webhook processes on a schedule: the
 * retries AIRudder sends when it does not get a quick 200 (once a minute, here compressed to 1-3 s).
 */
import { randomBytes } from 'node:crypto';

import { CALLBACK_EVENTS, loadExample } from '../../tools/simulator/callbacks';

export const EVENT_NAMES = Object.keys(CALLBACK_EVENTS);

export interface Callback {
	/** Unique text inside the body; the execution it starts carries it in its trigger item's `raw`. */
	tag: string;
	event: string;
	body: Record<string, unknown>;
}

/**
 * Callback number i of a run: the event type cycles through the five documented callbacks, and the field(s) that
 * identify an event get the tag, so every callback is a new event to the trigger.
 */
export function distinctCallback(prefix: string, i: number): Callback {
	const event = EVENT_NAMES[i % EVENT_NAMES.length];
	const tag = `${prefix}-${i}`;
	const body = loadExample(CALLBACK_EVENTS[event]) as Record<string, unknown>;
	const sub = (key: string) => body[key] as Record<string, unknown>;
	switch (event) {
		case 'workflow.statusChanged':
			body.workflow_id = `wf-${tag}`;
			break;
		case 'workflow.contactCompleted':
			body.case_id = `case-${tag}`;
			break;
		case 'workflow.apiNodePush':
			sub('call').call_id = `call-${tag}`;
			break;
		case 'chatbot.sessionEnded':
			body.call_id = `session-${tag}`;
			break;
		case 'chatbot.transferRequested':
			sub('user').id = `user-${tag}`;
			sub('transfer').call_id = `transfer-${tag}`;
			break;
		default:
			throw new Error(`no distinct form for ${event}`);
	}
	return { tag, event, body };
}

/** The tag a stored trigger item carries (inside `raw`), or undefined. */
export function tagIn(
	item: Record<string, unknown> | undefined,
	prefix: string,
): string | undefined {
	if (!item) return undefined;
	const match = new RegExp(`${prefix}-\\d+`).exec(JSON.stringify(item.raw ?? item));
	return match?.[0];
}

export interface Delivery {
	tag: string;
	event: string;
	/** 1-based delivery number of this event. */
	attempt: number;
	target: string;
	status: number;
	body: string;
	/** When the request was sent (epoch ms) and how long the answer took. */
	sentAt: number;
	ms: number;
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One delivery of a callback body (a fresh copy: AIRudder changes a session end's `timestamp` on each retry). */
export async function deliver(
	callback: Callback,
	attempt: number,
	target: { name: string; url: string },
	timeoutMs: number,
): Promise<Delivery> {
	const body = JSON.parse(JSON.stringify(callback.body)) as Record<string, unknown>;
	if (callback.event === 'chatbot.sessionEnded' && typeof body.timestamp === 'number')
		body.timestamp += (attempt - 1) * 60;
	const headers: Record<string, string> = {
		'Content-Type': 'application/json',
		'User-Agent': 'Airudder',
	};
	if (callback.event.startsWith('chatbot.'))
		headers['X-AIRudder-Sign'] = `sim-${randomBytes(16).toString('hex')}`;
	const sentAt = Date.now();
	const started = performance.now();
	let status = 0;
	let text = '';
	try {
		const response = await fetch(target.url, {
			method: 'POST',
			headers,
			body: JSON.stringify(body),
			signal: AbortSignal.timeout(timeoutMs),
		});
		status = response.status;
		text = await response.text();
	} catch (error) {
		const e = error as Error & { cause?: { code?: string; message?: string } };
		text =
			e?.name === 'TimeoutError'
				? `timeout after ${timeoutMs} ms`
				: (e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error));
	}
	return {
		tag: callback.tag,
		event: callback.event,
		attempt,
		target: target.name,
		status,
		body: text,
		sentAt,
		ms: Math.round(performance.now() - started),
	};
}

export interface Schedule {
	/**
	 * The deliveries of one event, in order: each step sends to one or more targets at the same moment, after a
	 * pause (ms) from the previous step's answers.
	 */
	steps: Array<{ pauseMs: number; targets: Array<{ name: string; url: string }> }>;
}

/** Runs every callback's schedule, `parallel` events at a time. Returns every delivery. */
export async function runSchedules(
	callbacks: Callback[],
	scheduleOf: (callback: Callback, index: number) => Schedule,
	options: {
		parallel: number;
		timeoutMs: number;
		/** Lane i starts after i × rampMs / parallel; default 2 s. */
		rampMs?: number;
		onProgress?: (done: number) => void;
	},
): Promise<Delivery[]> {
	const deliveries: Delivery[] = [];
	let next = 0;
	let done = 0;
	// Lanes start spread over rampMs, so new events arrive at a steady rate rather than in one burst at the start.
	const lane = async (laneIndex: number) => {
		await sleep(
			Math.round((laneIndex * (options.rampMs ?? 2_000)) / Math.max(1, options.parallel)),
		);
		for (;;) {
			const index = next++;
			if (index >= callbacks.length) return;
			const callback = callbacks[index];
			let attempt = 0;
			for (const step of scheduleOf(callback, index).steps) {
				if (step.pauseMs > 0) await sleep(step.pauseMs);
				const answers = await Promise.all(
					step.targets.map((target) => deliver(callback, ++attempt, target, options.timeoutMs)),
				);
				deliveries.push(...answers);
			}
			done++;
			options.onProgress?.(done);
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, options.parallel) }, (_, i) => lane(i)));
	return deliveries;
}

/** A pause between `minMs` and `maxMs`, uniformly. */
export function between(minMs: number, maxMs: number): number {
	return Math.round(minMs + Math.random() * (maxMs - minMs));
}
