/**
 * The queue-mode suite's workflows. The action scenarios are the single-process suite's create-task workflows with a
 * production trigger (a Webhook node answering at once) instead of the Manual trigger, so a worker runs them; the
 * trigger scenarios use AIRudder Trigger → NoOp workflows, one per measurement.
 */
import {
	prepareWorkflow,
	triggerWorkflow,
	type CredentialRef,
	type WorkflowJson,
	type WorkflowNode,
} from '../lib/workflows';
import {
	CREATE_TASK_SPECS,
	createTaskWorkflow,
	type CreateTaskSpec,
} from '../scenarios/suite-workflows';

/** n8n's ids here are 16 characters. */
function id16(prefix: string, n: number | string): string {
	const text = `${prefix}${String(n)}`;
	if (text.length > 16) throw new Error(`id ${text} is longer than 16 characters`);
	return text.padEnd(16, 'x');
}

function uuidFor(n: number): string {
	return `9e0e0000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

let webhookCounter = 0;

/** A Webhook node (POST <path>) that answers 200 right away and starts the workflow. */
export function webhookTrigger(path: string): Omit<WorkflowNode, 'id' | 'position'> {
	webhookCounter++;
	return {
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: uuidFor(webhookCounter),
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
	};
}

/** A workflow started over HTTP at /webhook/<path>. */
export interface WebhookStarted {
	workflow: WorkflowJson;
	spec: CreateTaskSpec;
	path: string;
}

function createTaskByWebhook(
	spec: CreateTaskSpec,
	typePrefix: string,
	credential: CredentialRef,
): WebhookStarted {
	const path = `qm-${spec.id}`;
	const workflow = prepareWorkflow(
		createTaskWorkflow(spec, webhookTrigger(path)),
		typePrefix,
		credential,
	);
	workflow.name = `queue: ${workflow.name}`;
	return { workflow, spec, path };
}

/** An AIRudder Trigger → NoOp workflow; its production URL path is `<webhookId>/<trigger path>`. */
export interface TriggerStarted {
	workflow: WorkflowJson;
	webhookId: string;
	label: string;
}

function triggerOnly(n: number, label: string, typePrefix: string): TriggerStarted {
	const webhookId = `9e0f0000-0000-4000-8000-${String(n).padStart(12, '0')}`;
	const workflow = prepareWorkflow(
		triggerWorkflow(id16('qmTrigger', n), `queue: trigger, ${label}`, webhookId, {}),
		typePrefix,
		{ id: 'unused', name: 'unused' },
	);
	return { workflow, webhookId, label };
}

export interface ThroughputSetup {
	webhooks: number;
	workers: number;
}

/** The configurations measured, in order (workers are only ever stopped, never restarted). */
export const THROUGHPUT_SETUPS: ThroughputSetup[] = [
	{ webhooks: 2, workers: 2 },
	{ webhooks: 1, workers: 2 },
	{ webhooks: 2, workers: 1 },
	{ webhooks: 1, workers: 1 },
];

export interface QueueWorkflows {
	s1: WebhookStarted;
	s2http401: WebhookStarted;
	s2code10813: WebhookStarted;
	/** Pairs of workflows that create tasks at the same moment, each pair with its own fresh credential. */
	concurrentPairs: Array<{ credential: CredentialRef; pair: [WebhookStarted, WebhookStarted] }>;
	alternating: TriggerStarted;
	simultaneous: TriggerStarted;
	sticky: TriggerStarted;
	burst: TriggerStarted;
	throughput: TriggerStarted[];
	all: WorkflowJson[];
	/** Every credential to import (all with an empty stored token). */
	credentials: CredentialRef[];
}

export const CONCURRENT_CONTACTS = 1_000;
/** How many fresh pairs the concurrency scenario may use to get its two runs onto the two workers. */
export const CONCURRENT_ATTEMPTS = 3;

export function queueWorkflows(typePrefix: string, credential: CredentialRef): QueueWorkflows {
	const concurrentPairs: QueueWorkflows['concurrentPairs'] = [];
	for (let attempt = 1; attempt <= CONCURRENT_ATTEMPTS; attempt++) {
		const pairCredential: CredentialRef = {
			id: id16('qmConcCred', attempt),
			name: `AIRudder simulator (queue, concurrent ${attempt})`,
		};
		const side = (letter: 'a' | 'b'): WebhookStarted =>
			createTaskByWebhook(
				{
					id: id16(`qmConc${attempt}${letter}`, ''),
					taskName: `qm_concurrent_${attempt}_${letter}`,
					count: CONCURRENT_CONTACTS,
					casePrefix: `C${attempt}${letter}`,
				},
				typePrefix,
				pairCredential,
			);
		concurrentPairs.push({ credential: pairCredential, pair: [side('a'), side('b')] });
	}
	const s1 = createTaskByWebhook(
		{ ...CREATE_TASK_SPECS.s1, id: id16('qmCreate2500', '') },
		typePrefix,
		credential,
	);
	const s2http401 = createTaskByWebhook(
		{ ...CREATE_TASK_SPECS.s2http401, id: id16('qmExpire401', '') },
		typePrefix,
		credential,
	);
	const s2code10813 = createTaskByWebhook(
		{ ...CREATE_TASK_SPECS.s2code10813, id: id16('qmExpire10813', '') },
		typePrefix,
		credential,
	);
	const alternating = triggerOnly(1, 'alternating deliveries', typePrefix);
	const simultaneous = triggerOnly(2, 'simultaneous deliveries', typePrefix);
	const sticky = triggerOnly(3, 'simultaneous deliveries to one process', typePrefix);
	const burst = triggerOnly(4, 'burst of new events', typePrefix);
	const throughput = THROUGHPUT_SETUPS.map((setup, i) =>
		triggerOnly(
			10 + i,
			`throughput, ${setup.webhooks} webhook / ${setup.workers} worker`,
			typePrefix,
		),
	);
	return {
		s1,
		s2http401,
		s2code10813,
		concurrentPairs,
		alternating,
		simultaneous,
		sticky,
		burst,
		throughput,
		all: [
			s1.workflow,
			s2http401.workflow,
			s2code10813.workflow,
			...concurrentPairs.flatMap((p) => p.pair.map((s) => s.workflow)),
			alternating.workflow,
			simultaneous.workflow,
			sticky.workflow,
			burst.workflow,
			...throughput.map((t) => t.workflow),
		],
		credentials: [credential, ...concurrentPairs.map((p) => p.credential)],
	};
}
