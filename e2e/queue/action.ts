/**
 * The AIRudder action node in a worker: workflows started by a production trigger (a Webhook node) over HTTP on a
 * webhook process, so n8n queues them and a worker runs them. The single-process suite's S1 and S2 scenarios run
 * unchanged through QueueRunner; the concurrency scenario starts two task creations at the same moment on the two
 * workers with an empty stored token.
 */
import type { LoggedRequest } from '../../tools/simulator/server';
import type { Checks } from '../lib/checks';
import { checkCreatedTask } from '../scenarios/create-task';
import type { ScenarioContext, WorkflowRun } from '../scenarios/context';
import {
	AUTH_PATH,
	CREATE_PATH,
	UPLOAD_PATH,
	accepted,
	auths,
	bodyOf,
	lastSeq,
	since,
	to,
} from '../scenarios/request-log';
import type { QueueCluster } from './cluster';
import type { N8nDatabase, QueueExecution } from './pg';
import { CONCURRENT_CONTACTS, type QueueWorkflows, type WebhookStarted } from './queueWorkflows';

/** n8n's answer when a Webhook node with "Respond: Immediately" started its workflow. */
const STARTED = { message: 'Workflow was started' };
const RUN_TIMEOUT_MS = 300_000;
/**
 * The simulator answers the token requests of the concurrency scenario after this long, so both workers are inside
 * their token request at the same time (both refresh) rather than one finding the token the other just stored.
 */
export const AUTH_DELAY_MS = 1_500;

export interface StartAnswer {
	status: number;
	body: string;
}

export async function startByWebhook(url: string): Promise<StartAnswer> {
	try {
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: '{}',
			signal: AbortSignal.timeout(30_000),
		});
		return { status: response.status, body: await response.text() };
	} catch (error) {
		return { status: 0, body: (error as Error).message };
	}
}

function isStarted(answer: StartAnswer): boolean {
	try {
		return (
			answer.status === 200 && JSON.stringify(JSON.parse(answer.body)) === JSON.stringify(STARTED)
		);
	} catch {
		return false;
	}
}

function outputOf(execution: QueueExecution | undefined): WorkflowRun {
	return { output: (nodeName) => execution?.runData?.[nodeName]?.[0] ?? undefined };
}

/**
 * ScenarioContext.run for queue mode: POSTs to the workflow's production webhook on a webhook process, waits for the
 * execution n8n stores in PostgreSQL, and checks that a worker ran it to success.
 */
export class QueueRunner {
	/** Execution id -> the worker that ran it, for the summary. */
	readonly ranOn = new Map<string, string>();
	/** Which webhook process receives the next start (alternates). */
	private turn = 0;

	constructor(
		private readonly checks: Checks,
		private readonly cluster: QueueCluster,
		private readonly db: N8nDatabase,
		private readonly started: Map<string, WebhookStarted>,
		private readonly webhookProcesses: string[],
	) {}

	readonly run: ScenarioContext['run'] = async (scenario, workflowId): Promise<WorkflowRun> => {
		const { checks, cluster, db } = this;
		const entry = this.started.get(workflowId);
		if (!entry) throw new Error(`workflow ${workflowId} has no production webhook in this suite`);
		const target = this.webhookProcesses[this.turn++ % this.webhookProcesses.length];
		const before = (await db.counts([workflowId])).total;
		const answer = await startByWebhook(cluster.url(target, entry.path));
		checks
			.in(scenario)
			.ok(
				`${target} answered 200 "Workflow was started" to the production webhook`,
				isStarted(answer),
				`${answer.status} ${answer.body.slice(0, 200)}`,
			);
		const executions = await db.waitForExecutions([workflowId], {
			atLeast: before + 1,
			timeoutMs: RUN_TIMEOUT_MS,
			quietMs: 1_000,
		});
		const mine = executions.slice(before);
		checks.eq(
			'n8n stored exactly one execution, mode webhook, status success',
			mine.map((e) => `${e.mode}:${e.status}`),
			['webhook:success'],
		);
		const execution = mine[0];
		const worker = execution ? cluster.executionWorkers().get(execution.id) : undefined;
		checks.ok(
			'a worker ran it (its log names the execution)',
			worker !== undefined,
			`execution ${execution?.id}: no "Worker started execution" line`,
		);
		if (execution && worker) this.ranOn.set(`${scenario}`, `${worker} (execution ${execution.id})`);
		if (execution?.error) checks.ok('no execution error', false, execution.error);
		return outputOf(execution);
	};
}

// -------------------------------------------------------------------------------------------------------------

export interface ConcurrencyReport {
	attempts: number;
	workers: string[];
	tokenRequests: number;
	distinctTokens: number;
	rejectedRequests: number;
}

/** Requests of one task: its createinstance (by name) and the uploads naming the task it created. */
function requestsOfTask(requests: LoggedRequest[], taskName: string): LoggedRequest[] {
	const creates = to(requests, CREATE_PATH).filter((r) => bodyOf(r).name === taskName);
	const ids = new Set(
		creates.map((r) =>
			String(
				(r.responseBody as { data?: { workflow_id?: string } } | undefined)?.data?.workflow_id ??
					'',
			),
		),
	);
	return requests.filter(
		(r) =>
			creates.includes(r) ||
			(r.path === UPLOAD_PATH && ids.has(String(bodyOf(r).workflow_id ?? ''))),
	);
}

/**
 * Two workflows with the same fresh credential (no stored token) start at the same moment, one through each webhook
 * process; n8n hands them to the workers. When both land on the same worker the next pair (with its own fresh
 * credential) is tried. Each task must be created once with every contact once; the token requests are counted.
 */
export async function scenarioConcurrentTokens(
	ctx: ScenarioContext,
	cluster: QueueCluster,
	db: N8nDatabase,
	workflows: QueueWorkflows,
	webhookProcesses: [string, string],
): Promise<ConcurrencyReport> {
	const { checks, sim } = ctx;
	const name = 'Two task creations at the same moment on two workers, empty stored token';
	let report: ConcurrencyReport = {
		attempts: 0,
		workers: [],
		tokenRequests: 0,
		distinctTokens: 0,
		rejectedRequests: 0,
	};
	for (const { pair } of workflows.concurrentPairs) {
		report = { ...report, attempts: report.attempts + 1 };
		const last = report.attempts === workflows.concurrentPairs.length;
		const mark = lastSeq(sim);
		const ids = pair.map((p) => p.workflow.id);
		sim.inject({ kind: 'delay', ms: AUTH_DELAY_MS, path: AUTH_PATH, times: 2 });
		const answers = await Promise.all(
			pair.map((p, i) => startByWebhook(cluster.url(webhookProcesses[i], p.path))),
		);
		const executions = await db.waitForExecutions(ids, {
			atLeast: 2,
			timeoutMs: RUN_TIMEOUT_MS,
			quietMs: 1_500,
		});
		const byWorker = cluster.executionWorkers();
		const workers = pair.map((p) => {
			const execution = executions.find((e) => e.workflowId === p.workflow.id);
			return execution ? (byWorker.get(execution.id) ?? '?') : 'none';
		});
		report.workers = workers;
		const split =
			new Set(workers).size === 2 && !workers.includes('?') && !workers.includes('none');
		const requests = since(sim, mark);
		if (!split && !last) {
			ctx.log(
				`concurrency attempt ${report.attempts}: both runs went to ${workers.join(' and ')}; trying the next pair`,
			);
			// Let the tasks of this attempt finish before the next pair starts (they are complete by now).
			continue;
		}
		checks.in(name);
		checks.ok(
			'both webhook processes answered 200 "Workflow was started"',
			answers.every(isStarted),
			answers.map((a) => `${a.status} ${a.body.slice(0, 80)}`).join('; '),
		);
		checks.ok(
			`the two runs went to the two workers (attempt ${report.attempts})`,
			split,
			workers.join(', '),
		);
		checks.eq(
			'two executions, both mode webhook, status success',
			executions.map((e) => `${e.mode}:${e.status}`),
			['webhook:success', 'webhook:success'],
		);
		for (const p of pair) {
			const execution = executions.find((e) => e.workflowId === p.workflow.id);
			const output = outputOf(execution).output('AIRudder');
			checks.in(`${name}: ${p.spec.taskName}`);
			checks.eq(
				'simulator tasks with this name',
				[...sim.tasks.values()].filter((t) => t.name === p.spec.taskName).length,
				1,
			);
			checkCreatedTask(ctx, requestsOfTask(requests, p.spec.taskName), output, {
				taskName: p.spec.taskName,
				count: CONCURRENT_CONTACTS,
				casePrefix: p.spec.casePrefix,
				batch: 500,
				rejectedUploads: 0,
			});
		}
		checks.in(name);
		const tokenRequests = auths(requests);
		const tokens = new Set(
			tokenRequests.map((r) =>
				String((r.responseBody as { data?: { token?: string } } | undefined)?.data?.token),
			),
		);
		const workRequests = requests.filter((r) => r.path === CREATE_PATH || r.path === UPLOAD_PATH);
		const rejected = workRequests.filter((r) => !accepted(r));
		report.tokenRequests = tokenRequests.length;
		report.distinctTokens = tokens.size;
		report.rejectedRequests = rejected.length;
		checks.ok(
			'token requests: at least one, at most one per worker (no refresh loop)',
			tokenRequests.length >= 1 && tokenRequests.length <= 2,
			`${tokenRequests.length} token requests`,
		);
		checks.eq(
			'every createinstance / uploaddetails was accepted (no request with a rejected token)',
			rejected.map((r) => `${r.path} ${r.status} ${JSON.stringify(r.responseBody).slice(0, 80)}`),
			[],
		);
		checks.eq(
			'requests in this run: 2 createinstance, uploads for the rest, nothing else but auth',
			requests
				.filter((r) => r.path !== AUTH_PATH)
				.map((r) => r.path)
				.sort(),
			[
				CREATE_PATH,
				CREATE_PATH,
				...Array<string>(2 * (Math.ceil(CONCURRENT_CONTACTS / 500) - 1)).fill(UPLOAD_PATH),
			].sort(),
		);
		return report;
	}
	return report;
}
