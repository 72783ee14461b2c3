/**
 * Throughput of the trigger in queue mode: a burst of distinct callbacks (each a new event, so each starts one
 * execution) sent by a fixed number of concurrent senders to 1 or 2 webhook processes, with 1 or 2 workers running
 * the executions. Figures, not assertions (they depend on the machine); the checks only make sure every callback
 * was answered and started exactly one execution.
 */
import type { Checks } from '../lib/checks';
import type { QueueCluster } from './cluster';
import { deliver, distinctCallback, type Delivery } from './deliveries';
import type { N8nDatabase } from './pg';
import { ANSWER_LIMIT_MS, percentile } from './trigger';
import type { ThroughputSetup, TriggerStarted } from './queueWorkflows';

export interface ThroughputRow extends ThroughputSetup {
	callbacks: number;
	senders: number;
	/** Callbacks answered per second: from the first send to the last answer. */
	answeredPerSecond: number;
	/** Executions finished per second: from the first send to the last execution's stoppedAt. */
	finishedPerSecond: number;
	p50Ms: number;
	p95Ms: number;
	/** How long the workers still ran after the last answer. */
	drainMs: number;
	executions: number;
}

export async function measureThroughput(
	checks: Checks,
	cluster: QueueCluster,
	db: N8nDatabase,
	started: TriggerStarted,
	setup: ThroughputSetup,
	options: { webhookPath: string; callbacks: number; senders: number; webhooks: string[] },
): Promise<ThroughputRow> {
	const name = `Throughput: ${setup.webhooks} webhook process(es), ${setup.workers} worker(s)`;
	checks.in(name);
	const prefix = `qmTp${setup.webhooks}${setup.workers}`;
	const callbacks = Array.from({ length: options.callbacks }, (_, i) =>
		distinctCallback(prefix, i),
	);
	const targets = options.webhooks.slice(0, setup.webhooks).map((n) => ({
		name: n,
		url: cluster.url(n, `${started.webhookId}/${options.webhookPath}`),
	}));
	const deliveries: Delivery[] = [];
	let next = 0;
	const began = Date.now();
	await Promise.all(
		Array.from({ length: options.senders }, async () => {
			for (;;) {
				const i = next++;
				if (i >= callbacks.length) return;
				deliveries.push(
					await deliver(callbacks[i], 1, targets[i % targets.length], ANSWER_LIMIT_MS + 5_000),
				);
			}
		}),
	);
	const lastAnswer = Math.max(...deliveries.map((d) => d.sentAt + d.ms));
	const executions = await db.waitForExecutions([started.workflow.id], {
		atLeast: callbacks.length,
		timeoutMs: 300_000,
		quietMs: 1_000,
		withData: false,
	});
	const lastStopped = Math.max(0, ...executions.map((e) => e.stoppedMs ?? 0));
	const bad = deliveries.filter((d) => d.status !== 200 || d.ms >= ANSWER_LIMIT_MS);
	checks.ok(
		`every callback answered 200 within ${ANSWER_LIMIT_MS / 1000} s`,
		bad.length === 0,
		`${bad.length} not, e.g. ${bad
			.slice(0, 3)
			.map((d) => `${d.status} ${d.body.slice(0, 60)} ${d.ms} ms`)
			.join('; ')}`,
	);
	checks.eq(
		'one execution per callback, all succeeded',
		[executions.length, executions.filter((e) => e.status === 'success').length],
		[callbacks.length, callbacks.length],
	);
	const used = new Set(deliveries.map((d) => d.target));
	checks.eq('callbacks went to the webhook processes of this setup', used.size, setup.webhooks);
	const ms = (to: number) => Math.max(1, to - began);
	return {
		...setup,
		callbacks: callbacks.length,
		senders: options.senders,
		answeredPerSecond: (callbacks.length * 1000) / ms(lastAnswer),
		finishedPerSecond: (callbacks.length * 1000) / ms(lastStopped),
		p50Ms: percentile(
			deliveries.map((d) => d.ms),
			50,
		),
		p95Ms: percentile(
			deliveries.map((d) => d.ms),
			95,
		),
		drainMs: Math.max(0, lastStopped - lastAnswer),
		executions: executions.length,
	};
}
