/**
 * The AIRudder Trigger across webhook processes. n8n's webhook processes each run the trigger's webhook() and queue
 * the execution; the trigger's record of events it has seen lives in the process's memory and in the workflow's
 * static data, which n8n loads from PostgreSQL on every request and saves back whole after it (last writer wins).
 *
 * - Alternating: many distinct callbacks, each delivered 5 times, the deliveries alternating between the two
 *   webhook processes 1-3 s apart (AIRudder's once-a-minute retries, compressed). Exactly one execution per event.
 * - Simultaneous: the first two deliveries of an event reach both webhook processes at the same moment, then 3 more
 *   alternate. Measured: how many events ran twice.
 */
import type { Checks } from '../lib/checks';
import type { QueueCluster } from './cluster';
import {
	between,
	distinctCallback,
	runSchedules,
	tagIn,
	type Callback,
	type Delivery,
} from './deliveries';
import type { N8nDatabase, QueueExecution } from './pg';
import type { TriggerStarted } from './queueWorkflows';

/** AIRudder gives up on an answer after 10 s. */
export const ANSWER_LIMIT_MS = 10_000;

export interface TriggerReport {
	label: string;
	events: number;
	deliveries: number;
	/** Deliveries not answered 200 {} within 10 s. */
	badAnswers: number;
	slowestMs: number;
	p95Ms: number;
	ms: number;
	executions: number;
	/** Events that started no execution / more than one. */
	missing: number;
	duplicated: number;
	/** Executions beyond one per event. */
	extraExecutions: number;
	/** Events by number of executions (1 → n events, 2 → m events ...). */
	histogram: Record<number, number>;
	staticDataBytes: number;
	workers: Record<string, number>;
}

export function percentile(values: number[], p: number): number {
	if (values.length === 0) return 0;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function triggerItem(execution: QueueExecution): Record<string, unknown> | undefined {
	return execution.runData?.['AIRudder Trigger']?.[0]?.[0]?.json;
}

function isEmptyObject(text: string): boolean {
	try {
		return JSON.stringify(JSON.parse(text)) === '{}';
	} catch {
		return false;
	}
}

async function countPerEvent(
	checks: Checks,
	cluster: QueueCluster,
	db: N8nDatabase,
	started: TriggerStarted,
	callbacks: Callback[],
	prefix: string,
	deliveries: Delivery[],
	ms: number,
): Promise<{ report: TriggerReport; perEvent: Map<string, QueueExecution[]> }> {
	const executions = await db.waitForExecutions([started.workflow.id], {
		atLeast: callbacks.length,
		timeoutMs: 180_000,
		quietMs: 3_000,
	});
	const perEvent = new Map<string, QueueExecution[]>(callbacks.map((c) => [c.tag, []]));
	const strays: QueueExecution[] = [];
	for (const execution of executions) {
		const list = perEvent.get(tagIn(triggerItem(execution), prefix) ?? '');
		if (list) list.push(execution);
		else strays.push(execution);
	}
	const bad = deliveries.filter(
		(d) => d.status !== 200 || !isEmptyObject(d.body) || d.ms >= ANSWER_LIMIT_MS,
	);
	checks.ok(
		`every delivery answered 200 {} within ${ANSWER_LIMIT_MS / 1000} s (${deliveries.length})`,
		bad.length === 0,
		`${bad.length} not: ${bad
			.slice(0, 5)
			.map((d) => `${d.tag}#${d.attempt}@${d.target} ${d.status} ${d.body.slice(0, 60)} ${d.ms} ms`)
			.join('; ')}`,
	);
	checks.ok(
		'all executions succeeded (mode webhook)',
		executions.every((e) => e.status === 'success' && e.mode === 'webhook'),
		executions
			.filter((e) => e.status !== 'success' || e.mode !== 'webhook')
			.slice(0, 5)
			.map((e) => `${e.id}:${e.status}:${e.mode}${e.error ? `:${e.error}` : ''}`)
			.join(', '),
	);
	checks.eq('executions whose trigger item names none of the events sent', strays.length, 0);
	const histogram: Record<number, number> = {};
	for (const list of perEvent.values()) histogram[list.length] = (histogram[list.length] ?? 0) + 1;
	const workers: Record<string, number> = {};
	const byWorker = cluster.executionWorkers();
	for (const execution of executions) {
		const worker = byWorker.get(execution.id) ?? 'unknown';
		workers[worker] = (workers[worker] ?? 0) + 1;
	}
	const staticData = await db.staticData(started.workflow.id);
	const counts = [...perEvent.values()].map((l) => l.length);
	return {
		perEvent,
		report: {
			label: started.label,
			events: callbacks.length,
			deliveries: deliveries.length,
			badAnswers: bad.length,
			slowestMs: Math.max(0, ...deliveries.map((d) => d.ms)),
			p95Ms: percentile(
				deliveries.map((d) => d.ms),
				95,
			),
			ms,
			executions: executions.length,
			missing: counts.filter((n) => n === 0).length,
			duplicated: counts.filter((n) => n > 1).length,
			extraExecutions: counts.reduce((sum, n) => sum + Math.max(0, n - 1), 0),
			histogram,
			staticDataBytes: JSON.stringify(staticData ?? {}).length,
			workers,
		},
	};
}

function targetsOf(cluster: QueueCluster, started: TriggerStarted, webhookPath: string) {
	return (name: string) => ({
		name,
		url: cluster.url(name, `${started.webhookId}/${webhookPath}`),
	});
}

/** Which delivery of an event started each of its executions: the one whose send time is closest before it. */
function describeDuplicates(
	perEvent: Map<string, QueueExecution[]>,
	deliveries: Delivery[],
	limit: number,
): string {
	const lines: string[] = [];
	for (const [tag, list] of perEvent) {
		if (list.length <= 1) continue;
		const mine = deliveries.filter((d) => d.tag === tag).sort((a, b) => a.sentAt - b.sentAt);
		const pattern = mine.map((d) => `#${d.attempt}@${d.target}+${d.sentAt - mine[0].sentAt}ms`);
		lines.push(`${tag}: ${list.length} executions; deliveries ${pattern.join(' ')}`);
		if (lines.length >= limit) break;
	}
	return lines.join('\n    ');
}

/**
 * Each event's 5 deliveries alternate between the two webhook processes, 1-3 s apart. Steady: new events arrive at
 * an even rate, and exactly one execution per event is asserted. Burst: every event's first delivery arrives within
 * 2 s (all lanes at once), which makes concurrent static-data saves of different events likely; measured only.
 */
export async function scenarioAlternating(
	checks: Checks,
	cluster: QueueCluster,
	db: N8nDatabase,
	started: TriggerStarted,
	options: {
		webhookPath: string;
		events: number;
		parallel: number;
		webhooks: [string, string];
		burst?: boolean;
		log: (m: string) => void;
	},
): Promise<TriggerReport> {
	const name = options.burst
		? `Trigger, burst: ${options.events} new events within 2 s, each then retried 4 times alternating between the webhook processes, 1-3 s apart`
		: `Trigger: ${options.events} events × 5 deliveries alternating between the webhook processes, 1-3 s apart`;
	checks.in(name);
	const prefix = options.burst ? 'qmBurst' : 'qmAlt';
	const callbacks = Array.from({ length: options.events }, (_, i) => distinctCallback(prefix, i));
	const target = targetsOf(cluster, started, options.webhookPath);
	const began = Date.now();
	const deliveries = await runSchedules(
		callbacks,
		(_callback, i) => ({
			// Half the events start on each process; then every retry goes to the other one.
			steps: [0, 1, 2, 3, 4].map((d) => ({
				pauseMs: d === 0 ? 0 : between(1_000, 3_000),
				targets: [target(options.webhooks[(i + d) % 2])],
			})),
		}),
		{
			parallel: options.parallel,
			timeoutMs: ANSWER_LIMIT_MS + 5_000,
			// One event's 5 deliveries take about 8 s: starting the lanes over that long keeps new events steady.
			rampMs: options.burst ? 2_000 : 8_000,
			onProgress: (done) => {
				if (done % 250 === 0)
					options.log(`alternating deliveries: ${done}/${options.events} events done`);
			},
		},
	);
	const ms = Date.now() - began;
	checks.in(name);
	const { report, perEvent } = await countPerEvent(
		checks,
		cluster,
		db,
		started,
		callbacks,
		prefix,
		deliveries,
		ms,
	);
	checks.eq(
		'every delivery alternated: 5 per event, never twice in a row to the same process',
		callbacks.filter((c) => {
			const mine = deliveries.filter((d) => d.tag === c.tag).sort((a, b) => a.attempt - b.attempt);
			return mine.length !== 5 || mine.some((d, k) => k > 0 && d.target === mine[k - 1].target);
		}).length,
		0,
	);
	checks.eq('events that started no execution', report.missing, 0);
	if (options.burst) {
		if (report.duplicated > 0)
			options.log(
				`burst: ${report.duplicated} events ran more than once:\n    ${describeDuplicates(perEvent, deliveries, 5)}`,
			);
		return report;
	}
	// n8n saves static data last-writer-wins with no lock; a key a concurrent save drops is written back by the
	// next request its process handles, before the retry (1-3 s later) reaches the other process.
	checks.ok(
		'exactly one execution per event',
		report.duplicated === 0 && report.missing === 0 && report.executions === options.events,
		`${report.executions} executions for ${options.events} events; ${report.duplicated} events ran more than once:\n    ${describeDuplicates(perEvent, deliveries, 5)}`,
	);
	return report;
}

/**
 * The first two deliveries of each event at the same moment: to both webhook processes, or (sticky) both to one
 * webhook process, as when the load balancer routes the AIRudder callback path to one process.
 */
export async function scenarioSimultaneous(
	checks: Checks,
	cluster: QueueCluster,
	db: N8nDatabase,
	started: TriggerStarted,
	options: {
		webhookPath: string;
		events: number;
		parallel: number;
		/** The two processes the simultaneous pair goes to (the same one twice for sticky routing). */
		webhooks: [string, string];
	},
): Promise<TriggerReport> {
	const [a, b] = options.webhooks;
	const sticky = a === b;
	const name = sticky
		? `Trigger, sticky routing: ${options.events} events whose first two deliveries reach ${a} at the same moment`
		: `Trigger: ${options.events} events whose first two deliveries reach both webhook processes at the same moment`;
	checks.in(name);
	const prefix = sticky ? 'qmSticky' : 'qmSim';
	const callbacks = Array.from({ length: options.events }, (_, i) => distinctCallback(prefix, i));
	const target = targetsOf(cluster, started, options.webhookPath);
	const began = Date.now();
	const deliveries = await runSchedules(
		callbacks,
		() => ({
			steps: [
				{ pauseMs: 0, targets: [target(a), target(b)] },
				{ pauseMs: between(1_000, 3_000), targets: [target(a)] },
				{ pauseMs: between(1_000, 3_000), targets: [target(b)] },
				{ pauseMs: between(1_000, 3_000), targets: [target(a)] },
			],
		}),
		{ parallel: options.parallel, timeoutMs: ANSWER_LIMIT_MS + 5_000 },
	);
	const ms = Date.now() - began;
	checks.in(name);
	const { report } = await countPerEvent(
		checks,
		cluster,
		db,
		started,
		callbacks,
		prefix,
		deliveries,
		ms,
	);
	checks.eq('events that started no execution', report.missing, 0);
	if (sticky) {
		// One process: its memory record makes the check-and-record atomic.
		checks.eq('events that ran more than once', report.duplicated, 0);
	} else {
		// Only the two simultaneous first deliveries can both pass; the later retries must start nothing.
		checks.eq(
			'no event ran more than twice (the retries after the simultaneous pair started nothing)',
			Object.keys(report.histogram)
				.map(Number)
				.filter((n) => n > 2),
			[],
		);
	}
	return report;
}
