/**
 * S5 and examples (b) and (c): AIRudder callbacks delivered to published workflows in a running n8n; one execution
 * per event, answers within AIRudder's 10 s, the shared secret, example (b)'s routing and example (c)'s template.
 */
import * as fs from 'node:fs';

import {
	CALLBACK_EVENTS,
	loadExample as loadCallback,
	sendCallbacks,
	type SendResult,
} from '../../tools/simulator/callbacks';
import type { Checks } from '../lib/checks';
import { waitForExecutions, type StoredExecution } from '../lib/db';
import type { N8n } from '../lib/n8nProcess';
import { EXAMPLES, webhookIdOf, type WorkflowJson } from '../lib/workflows';
import type { ScenarioContext } from './context';
import { SHARED_SECRET } from './suite-workflows';

const ALL_EVENTS = Object.keys(CALLBACK_EVENTS);
/** AIRudder gives up on an answer after 10 s. */
const ANSWER_LIMIT_MS = 10_000;

function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)} s`;
}

export interface CallbackBatch {
	label: string;
	results: SendResult[];
	expectStatus: number;
	expectBody: unknown;
}

function triggerItem(execution: StoredExecution): Record<string, unknown> | undefined {
	return execution.runData?.['AIRudder Trigger']?.[0]?.[0]?.json;
}

function checkOneExecutionPerEvent(
	checks: Checks,
	executions: StoredExecution[],
	events: string[],
): void {
	checks.eq('executions', executions.length, events.length);
	checks.ok(
		'all executions succeeded (mode webhook)',
		executions.every((e) => e.status === 'success' && e.mode === 'webhook'),
		executions
			.map((e) => `${e.id}:${e.status}:${e.mode}${e.error ? `:${e.error}` : ''}`)
			.join(', '),
	);
	checks.eq(
		'exactly one execution per event',
		executions.map((e) => String(triggerItem(e)?.event)).sort(),
		[...events].sort(),
	);
	checks.ok(
		'every item has an eventId and receivedAt',
		executions.every(
			(e) =>
				/^[0-9a-f]{16}$/.test(String(triggerItem(e)?.eventId)) &&
				typeof triggerItem(e)?.receivedAt === 'string',
		),
	);
}

/**
 * S5: starts n8n (stopped until now) with the published workflows, sends 80 callbacks to their production URLs,
 * checks the answers and the executions, runs `whileRunning` (other checks that need n8n up), stops n8n.
 */
export async function scenarioTrigger(
	ctx: ScenarioContext,
	n8n: N8n,
	/** The trigger's webhook path, from the built node description. */
	webhookPath: string,
	workflows: { secret: WorkflowJson; route: WorkflowJson; whatsApp: WorkflowJson },
	whileRunning?: () => Promise<void>,
): Promise<{ batches: CallbackBatch[]; executions: number }> {
	const { checks, sim } = ctx;
	const name = 'S5 AIRudder Trigger, published workflows';
	checks.in(name);
	const startMs = await ctx.timed('n8n start (until the editor is accessible)', () => n8n.start());
	ctx.log(`n8n started in ${seconds(startMs)} on ${n8n.baseUrl}`);
	const secretUrl = n8n.webhookUrl(webhookIdOf(workflows.secret), webhookPath);
	const routeUrl = n8n.webhookUrl(webhookIdOf(workflows.route), webhookPath);
	const whatsAppUrl = n8n.webhookUrl(webhookIdOf(workflows.whatsApp), webhookPath);
	await ctx.timed('waiting for the production webhooks', async () => {
		for (const url of [secretUrl, routeUrl, whatsAppUrl]) await n8n.waitForWebhook(url);
	});
	const log1 = fs.readFileSync(n8n.logFile, 'utf8');
	for (const wf of Object.values(workflows)) {
		// the trigger logs the production URL to hand over to AIRudder when its workflow is activated
		checks.ok(
			`activated, URL logged: ${wf.name}`,
			log1.includes(`/webhook/${webhookIdOf(wf)}/${webhookPath}`),
			'the production URL is not in the n8n log',
		);
	}

	const templatesBefore = sim.sentTemplates.length;
	const batches: CallbackBatch[] = [];
	await ctx.timed('callbacks (80 deliveries)', async () => {
		const send = (url: string, times: number) =>
			sendCallbacks({ url, times, changeTimestamp: true, timeoutMs: ANSWER_LIMIT_MS });
		batches.push({
			label: 'secret trigger, right secret, 5 × each event',
			results: await send(`${secretUrl}?secret=${SHARED_SECRET}`, 5),
			expectStatus: 200,
			expectBody: {},
		});
		batches.push({
			label: 'secret trigger, wrong secret, 1 × each event',
			results: await send(`${secretUrl}?secret=wrong-${SHARED_SECRET}`, 1),
			expectStatus: 401,
			expectBody: { error: 'Invalid secret' },
		});
		batches.push({
			label: `example (b), 5 × each event`,
			results: await send(routeUrl, 5),
			expectStatus: 200,
			expectBody: {},
		});
		batches.push({
			label: `example (c), 5 × each event`,
			results: await send(whatsAppUrl, 5),
			expectStatus: 200,
			expectBody: {},
		});
	});
	for (const batch of batches) {
		const wrong = batch.results.filter(
			(r) =>
				r.status !== batch.expectStatus ||
				r.ms >= ANSWER_LIMIT_MS ||
				!bodyIs(r.body, batch.expectBody),
		);
		checks.ok(
			`${batch.label}: every answer ${batch.expectStatus} ${JSON.stringify(batch.expectBody)} within 10 s`,
			wrong.length === 0,
			wrong
				.map((r) => `${r.event}#${r.attempt} ${r.status} ${r.body.slice(0, 80)} ${r.ms} ms`)
				.join('; '),
		);
	}

	const ids = [workflows.secret.id, workflows.route.id, workflows.whatsApp.id];
	const executions = await ctx.timed('waiting for the webhook executions', () =>
		waitForExecutions(n8n.dbFile, ids, { atLeast: 11, timeoutMs: 60_000, quietMs: 3_000 }),
	);
	const of = (wf: WorkflowJson) => executions.filter((e) => e.workflowId === wf.id);

	checks.in('S5 trigger with shared secret (5 × each event, then a wrong secret)');
	checkOneExecutionPerEvent(checks, of(workflows.secret), ALL_EVENTS);
	checks.ok(
		'the shared secret appears in no trigger output',
		of(workflows.secret).every(
			(e) => !JSON.stringify(e.runData?.['AIRudder Trigger'] ?? null).includes(SHARED_SECRET),
		),
	);
	// AIRudder changes `timestamp` on each retry of a session end; the first delivery (timestamp unchanged) must be the one that ran
	const sessionEnded = of(workflows.secret).filter(
		(e) => triggerItem(e)?.event === 'chatbot.sessionEnded',
	);
	const firstTimestamp = new Date(
		Number(loadCallback(CALLBACK_EVENTS['chatbot.sessionEnded']).timestamp) * 1000,
	)
		.toISOString()
		.replace('.000Z', 'Z');
	checks.eq(
		'chatbot.sessionEnded ran once, from the first delivery, although its timestamp changed on each retry',
		sessionEnded.map((e) => triggerItem(e)?.sentAt),
		[firstTimestamp],
	);

	checks.in(`Example (b) ${EXAMPLES.routeCallbacks}`);
	const routed = of(workflows.route);
	checkOneExecutionPerEvent(checks, routed, ALL_EVENTS);
	const switchNode = workflows.route.nodes.find((n) => n.type === 'n8n-nodes-base.switch');
	const rules = (
		(
			switchNode?.parameters.rules as {
				values?: Array<{
					outputKey: string;
					conditions: { conditions: Array<{ rightValue: string }> };
				}>;
			}
		)?.values ?? []
	).map((r) => ({ event: r.conditions.conditions[0].rightValue, branch: r.outputKey }));
	const branches =
		workflows.route.connections[switchNode?.name ?? '']?.main.map((out) => out[0]?.node) ?? [];
	for (const execution of routed) {
		const event = String(triggerItem(execution)?.event);
		const ruleIndex = rules.findIndex((r) => r.event === event);
		const expectedBranch = branches[ruleIndex];
		const ran = branches.filter((b) => b !== undefined && execution.runData?.[b] !== undefined);
		checks.eq(`${event} went to exactly its branch`, ran, [expectedBranch]);
	}
	const callResult = routed.find((e) => triggerItem(e)?.event === 'workflow.apiNodePush');
	const callBranch = branches[rules.findIndex((r) => r.event === 'workflow.apiNodePush')];
	const callFields = callResult?.runData?.[callBranch ?? '']?.[0]?.[0]?.json ?? {};
	checks.eq(
		'call result branch fields',
		[
			callFields.dialedNumber,
			callFields.intention,
			callFields.callDurationSeconds,
			callFields.caseId,
		],
		['+8618717905721', 'E', 46, '12345.0'],
	);

	checks.in(`Example (c) ${EXAMPLES.whatsAppAfterCall}`);
	const whatsAppRuns = of(workflows.whatsApp);
	checkOneExecutionPerEvent(checks, whatsAppRuns, ['workflow.apiNodePush']);
	const sendNode = workflows.whatsApp.nodes.find((n) => n.type.endsWith('.airudder'))?.name ?? '';
	const sentItems = whatsAppRuns[0]?.runData?.[sendNode]?.[0] ?? [];
	checks.eq('the WhatsApp template node sent one message', sentItems.length, 1);
	const newTemplates = sim.sentTemplates.slice(templatesBefore) as Array<Record<string, unknown>>;
	checks.eq(
		'the simulator received one template send, to the called number',
		newTemplates.map((t) => [t.receivers, t.template]),
		[[[{ id: '8618717905721' }], [{ variable: { name: 'WILL SMITH', due_date: '2024-03-07' } }]]],
	);

	checks.in(name);
	const n8nLog = fs.readFileSync(n8n.logFile, 'utf8');
	const problems = n8nLog
		.split('\n')
		.filter((line) => /airudder/i.test(line) && /error|fail|problem/i.test(line));
	checks.ok(
		'no AIRudder errors in the n8n log',
		problems.length === 0,
		problems.slice(0, 5).join(' | '),
	);
	if (whileRunning) await whileRunning();
	await ctx.timed('n8n stop', () => n8n.stop());
	return { batches, executions: executions.length };
}

function bodyIs(text: string, expected: unknown): boolean {
	try {
		return JSON.stringify(JSON.parse(text)) === JSON.stringify(expected);
	} catch {
		return false;
	}
}
