/**
 * End-to-end suite: a real n8n (the pinned install in e2e/n8n-server) runs real workflows with the AIRudder nodes
 * against the local AIRudder simulator.
 *
 *   node_modules/.bin/ts-node --transpile-only e2e/run.ts [--custom] [--n8n2] [--keep] [--verbose]
 *
 * Default: the package is built, packed with `npm pack` and installed into the n8n user folder the way n8n's
 * Community Nodes installer does (type prefix `n8n-nodes-airudder.`). --custom loads dist/ through
 * N8N_CUSTOM_EXTENSIONS instead (type prefix `CUSTOM.`). --keep keeps the temp folder (n8n user folder and logs);
 * it is kept anyway when a check fails. --n8n2 uses the pinned n8n 2.x in e2e/n8n2-server on Node 24 (e2e/node24)
 * instead of n8n 1.123.50 in e2e/n8n-server. Exit code 0 only when every check passed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import {
	CALLBACK_EVENTS,
	loadExample as loadCallback,
	sendCallbacks,
	type SendResult,
} from '../tools/simulator/callbacks';
import {
	AUTH_PATH,
	startSimulator,
	type ExpireMode,
	type LoggedRequest,
	type Simulator,
} from '../tools/simulator/server';
import { Checks } from './lib/checks';
import { readExecutions, waitForExecutions, type StoredExecution } from './lib/db';
import { checkWorkflowParameters, packageDescriptions } from './lib/describe';
import { ensureN8nInstalled, n8nNodeVersion, pinnedN8nVersion } from './lib/install';
import { N8n, nodeOutput, type ExecuteResult, type N8nItem } from './lib/n8n';
import { selectN8nServer } from './lib/paths';
import { freePort } from './lib/ports';
import { preparePackage, type LoadMode, type PreparedPackage } from './lib/prepare';
import { exitOnSignals, onCleanup, runCleanups } from './lib/proc';
import {
	EXAMPLES,
	airudderNode,
	codeNode,
	linearWorkflow,
	loadExample,
	prepareWorkflow,
	simulatorCredential,
	triggerWorkflow,
	webhookIdOf,
	type CredentialRef,
	type WorkflowJson,
} from './lib/workflows';

const CREATE_PATH = '/service/cloud/workflow/createinstance';
const UPLOAD_PATH = '/service/cloud/workflow/uploaddetails';
const LOOKUP_PATH = '/service/cloud/workflow/detailinstances';
const TEMPLATE_PATH = '/api/v1/template/send';
const ALL_EVENTS = Object.keys(CALLBACK_EVENTS);
/** AIRudder gives up on an answer after 10 s. */
const ANSWER_LIMIT_MS = 10_000;
const SHARED_SECRET = 'e2e-shared-secret-7c41d2';
const CREDENTIAL: CredentialRef = { id: 'e2eAirudderCred1', name: 'AIRudder simulator (e2e)' };

const args = new Set(process.argv.slice(2));
for (const arg of args) {
	if (!['--custom', '--n8n2', '--keep', '--verbose', '--help', '-h'].includes(arg)) {
		console.error(`unknown option ${arg}`);
		process.exit(2);
	}
}
if (args.has('--help') || args.has('-h')) {
	console.log('usage: e2e/run.ts [--custom] [--n8n2] [--keep] [--verbose]');
	process.exit(0);
}
const MODE: LoadMode = args.has('--custom') ? 'custom' : 'community';
const SERVER = selectN8nServer(args.has('--n8n2') ? 'n8n2' : 'default');

const suiteStarted = Date.now();
function log(message: string): void {
	const s = ((Date.now() - suiteStarted) / 1000).toFixed(1).padStart(6);
	console.log(`[e2e ${s}s] ${message}`);
}

function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)} s`;
}

const checks = new Checks(args.has('--verbose'));
const timings: Array<[string, number]> = [];
async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
	const started = Date.now();
	try {
		return await fn();
	} finally {
		timings.push([label, Date.now() - started]);
	}
}

// ---------------------------------------------------------------------------------------------------------------
// simulator request log helpers

function since(sim: Simulator, mark: number): LoggedRequest[] {
	return sim.requests.filter((r) => r.seq > mark);
}

function lastSeq(sim: Simulator): number {
	return sim.requests.length ? sim.requests[sim.requests.length - 1].seq : 0;
}

function auths(requests: LoggedRequest[]): LoggedRequest[] {
	return requests.filter((r) => r.method === 'POST' && r.path === AUTH_PATH);
}

function to(requests: LoggedRequest[], p: string): LoggedRequest[] {
	return requests.filter((r) => r.path === p);
}

function bodyOf(r: LoggedRequest): Record<string, unknown> {
	return (r.body && typeof r.body === 'object' ? r.body : {}) as Record<string, unknown>;
}

function answerCode(r: LoggedRequest): unknown {
	return (r.responseBody as { code?: unknown } | undefined)?.code;
}

function accepted(r: LoggedRequest): boolean {
	return r.status === 200 && answerCode(r) === 200;
}

function details(r: LoggedRequest): Array<Record<string, unknown>> {
	const d = bodyOf(r).details;
	return Array.isArray(d) ? (d as Array<Record<string, unknown>>) : [];
}

function pairedItems(item: N8nItem | undefined): number[] {
	const p = item?.pairedItem;
	if (p === undefined) return [];
	return (Array.isArray(p) ? p : [p]).map((x) => x.item);
}

function range(n: number, skip: number[] = []): number[] {
	return Array.from({ length: n }, (_, i) => i).filter((i) => !skip.includes(i));
}

// ---------------------------------------------------------------------------------------------------------------
// the suite's workflows

function contactsCode(count: number, casePrefix: string, badIndex?: number): string {
	return [
		'const items = [];',
		`for (let i = 0; i < ${count}; i++) {`,
		`  const phone = ${badIndex === undefined ? '' : `i === ${badIndex} ? 'not-a-phone' : `}'+62811' + String(i).padStart(7, '0');`,
		`  items.push({ json: { phone, caseId: '${casePrefix}-' + i } });`,
		'}',
		'return items;',
	].join('\n');
}

function phoneOf(i: number): string {
	return `+62811${String(i).padStart(7, '0')}`;
}

function createTaskWorkflow(
	id: string,
	taskName: string,
	count: number,
	casePrefix: string,
	badIndex?: number,
): WorkflowJson {
	return linearWorkflow(id, `e2e: create task ${taskName}`, [
		codeNode('Contacts', contactsCode(count, casePrefix, badIndex)),
		airudderNode(
			'AIRudder',
			{
				resource: 'workflowTask',
				operation: 'create',
				workflowTemplateId: 101,
				name: taskName,
				endTime: '={{ $now.plus({ days: 2 }).toISO() }}',
				phone: '={{ $json.phone }}',
				contactFields: { caseId: '={{ $json.caseId }}' },
				batchSize: 500,
			},
			badIndex === undefined ? {} : { onError: 'continueRegularOutput' },
		),
	]);
}

const LOOKUP_CALLEE = phoneOf(7);

function whatsAppAndApiRequestWorkflow(): WorkflowJson {
	const window = (sign: 'minus' | 'plus') =>
		`{{ $now.${sign}({ hours: 1 }).toUTC().toFormat('yyyy-MM-dd HH:mm:ss') }}`;
	return linearWorkflow('e2eWhatsAppApiRq', 'e2e: WhatsApp template send and API request', [
		codeNode('Customer', "return [{ json: { phone: '+62 812 3456 7890', name: 'Budi' } }];"),
		airudderNode('WhatsApp template', {
			resource: 'whatsAppTemplate',
			operation: 'send',
			templateId: 2001,
			channelId: '62895422536400',
			receivers: '={{ $json.phone }}',
			templateVariables: { variable: [{ name: 'name', value: '={{ $json.name }}' }] },
			chatbotMode: 'fields',
			robotId: 3927,
			robotVersionId: 2612,
		}),
		airudderNode('API request', {
			resource: 'apiRequest',
			operation: 'request',
			method: 'POST',
			path: LOOKUP_PATH,
			body: `={"start_time": "${window('minus')}", "end_time": "${window('plus')}", "callee": "${LOOKUP_CALLEE}"}`,
		}),
	]);
}

// ---------------------------------------------------------------------------------------------------------------
// scenarios run with `n8n execute`

interface Context {
	sim: Simulator;
	n8n: N8n;
	prepared: PreparedPackage;
	/** The trigger's webhook path, from the built node description. */
	webhookPath: string;
	/** Set by a scenario: the simulator rejects the token right after the next accepted createinstance. */
	expireAfterCreate?: ExpireMode;
	manualRuns: number;
}

async function execute(ctx: Context, scenario: string, workflowId: string): Promise<ExecuteResult> {
	const result = await ctx.n8n.execute(workflowId);
	checks
		.in(scenario)
		.ok(
			'n8n execute exited 0 and printed a finished run without error',
			result.ok && result.run?.finished === true && !result.run?.data.resultData.error,
			result.diagnostics.slice(-3000) || JSON.stringify(result.run?.data.resultData.error ?? null),
		);
	// The stored execution is the authority (n8n 2.4's `execute --rawOutput` prints status "running" for a finished run).
	const stored = (await readExecutions(ctx.n8n.dbFile, [workflowId])).filter(
		(e) => e.mode === 'cli',
	);
	checks.eq(
		'n8n stored exactly one execution, status success',
		stored.map((e) => e.status),
		['success'],
	);
	ctx.manualRuns += stored.length;
	return result;
}

/** Checks shared by the create-task scenarios: batches, every contact once, the node's output. */
function checkCreatedTask(
	ctx: Context,
	requests: LoggedRequest[],
	output: N8nItem[] | undefined,
	expected: {
		taskName: string;
		count: number;
		casePrefix: string;
		skip?: number[];
		batch: number;
		rejectedUploads: number;
	},
): string | undefined {
	const skip = expected.skip ?? [];
	const sent = range(expected.count, skip);
	const creates = to(requests, CREATE_PATH);
	const uploads = to(requests, UPLOAD_PATH);
	const batches = Math.ceil(sent.length / expected.batch);
	checks.eq('one createinstance request', creates.length, 1);
	checks.ok(
		'createinstance accepted',
		creates.length === 1 && accepted(creates[0]),
		JSON.stringify(creates[0]?.responseBody),
	);
	checks.eq(
		'createinstance carries the first batch',
		details(creates[0] ?? ({} as LoggedRequest)).length,
		Math.min(expected.batch, sent.length),
	);
	const workflowId = String(
		(creates[0]?.responseBody as { data?: { workflow_id?: string } } | undefined)?.data
			?.workflow_id ?? '',
	);
	const acceptedUploads = uploads.filter(accepted);
	checks.eq(
		'uploaddetails requests (batches after the first + rejected ones)',
		uploads.length,
		batches - 1 + expected.rejectedUploads,
	);
	checks.eq(
		`accepted uploaddetails batches of ${expected.batch}`,
		acceptedUploads.map((r) => details(r).length),
		range(batches - 1).map((b) => Math.min(expected.batch, sent.length - (b + 1) * expected.batch)),
	);
	checks.ok(
		'every upload names the created task',
		uploads.every((r) => bodyOf(r).workflow_id === workflowId),
		`task ${workflowId}`,
	);

	// every contact arrived exactly once, in order, with its case id
	const arrived = [creates[0], ...acceptedUploads].filter(Boolean).flatMap((r) => details(r));
	checks.eq(
		'contacts accepted by AIRudder (in input order)',
		arrived.map((c) => c.callee),
		sent.map(phoneOf),
	);
	checks.eq(
		'case ids arrived with their contacts',
		arrived.map((c) => c.case_id),
		sent.map((i) => `${expected.casePrefix}-${i}`),
	);
	const task = ctx.sim.tasks.get(workflowId);
	checks.eq(
		'the simulator task holds every contact once',
		task
			? new Set(task.contacts.map((c) => c.callee)).size === task.contacts.length &&
					task.contacts.length
			: -1,
		sent.length,
	);

	// the node's output as the README describes it
	const summary = output?.[0];
	const json = summary?.json ?? {};
	checks.eq('summary: workflow_id', json.workflow_id, workflowId);
	checks.eq('summary: name', json.name, expected.taskName);
	checks.ok(
		'summary: end_time as sent (YYYY-MM-DD HH:mm:ss±hh:mm)',
		typeof json.end_time === 'string' &&
			json.end_time === bodyOf(creates[0] ?? ({} as LoggedRequest)).end_time &&
			/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[+-]\d\d:\d\d$/.test(json.end_time),
		String(json.end_time),
	);
	checks.eq('summary: contacts_sent', json.contacts_sent, sent.length);
	checks.eq('summary: requests (create + upload batches)', json.requests, batches);
	checks.eq('summary: paired to every sent contact item', pairedItems(summary), sent);
	return workflowId;
}

async function scenarioCreate2500(ctx: Context): Promise<void> {
	const name = 'S1 create task, 2,500 contacts';
	checks.in(name);
	const mark = lastSeq(ctx.sim);
	const result = await execute(ctx, name, 'e2eCreate2500xx1');
	const requests = since(ctx.sim, mark);
	checks.eq(
		'auth requests in this run (fresh credential, no stored token)',
		auths(requests).length,
		1,
	);
	checks.eq('simulator auth count so far', ctx.sim.authCount(), 1);
	checks.eq(
		'requests in this run: auth, createinstance, 4 × uploaddetails',
		requests.map((r) => r.path),
		[AUTH_PATH, CREATE_PATH, UPLOAD_PATH, UPLOAD_PATH, UPLOAD_PATH, UPLOAD_PATH],
	);
	const output = nodeOutput(result.run, 'AIRudder');
	checks.eq('node output: exactly one item', output?.length, 1);
	checkCreatedTask(ctx, requests, output, {
		taskName: 'e2e_create_2500',
		count: 2500,
		casePrefix: 'S1',
		batch: 500,
		rejectedUploads: 0,
	});
}

async function scenarioTokenRejected(
	ctx: Context,
	mode: ExpireMode,
	workflowId: string,
	taskName: string,
	casePrefix: string,
	authTotal: number,
): Promise<void> {
	const name = `S2 token rejected mid-run (${mode === 'http401' ? 'HTTP 401' : 'HTTP 200, code 10813'})`;
	checks.in(name);
	const mark = lastSeq(ctx.sim);
	ctx.expireAfterCreate = mode;
	const result = await execute(ctx, name, workflowId);
	ctx.expireAfterCreate = undefined;
	const requests = since(ctx.sim, mark);
	// The credential already holds the token n8n stored in the previous run, so the create goes out without an
	// auth request; the simulator then revokes that token, and the only auth request is the one refresh.
	checks.eq(
		'auth requests in this run (stored token reused, one refresh)',
		auths(requests).length,
		1,
	);
	checks.eq('simulator auth count so far', ctx.sim.authCount(), authTotal);
	checks.eq(
		'request order: create with the stored token, rejected upload, auth, the same upload again, the rest',
		requests.map((r) => r.path),
		[CREATE_PATH, UPLOAD_PATH, AUTH_PATH, UPLOAD_PATH, UPLOAD_PATH, UPLOAD_PATH, UPLOAD_PATH],
	);
	const uploads = to(requests, UPLOAD_PATH);
	const rejected = uploads[0];
	const retried = uploads[1];
	if (mode === 'http401') checks.eq('the rejected upload got HTTP 401', rejected?.status, 401);
	else
		checks.eq(
			'the rejected upload got HTTP 200 with code 10813',
			[rejected?.status, answerCode(rejected ?? ({} as LoggedRequest))],
			[200, 10813],
		);
	checks.eq(
		'the same batch was sent again',
		details(retried ?? ({} as LoggedRequest)).map((c) => c.callee),
		details(rejected ?? ({} as LoggedRequest)).map((c) => c.callee),
	);
	const tokenOf = (r?: LoggedRequest) => r?.headers.authorization;
	const newToken = `Token ${String((auths(requests)[0]?.responseBody as { data?: { token?: string } } | undefined)?.data?.token)}`;
	checks.ok(
		'the repeat and the later uploads carry the new token',
		uploads.slice(1).every((r) => tokenOf(r) === newToken) && tokenOf(rejected) !== newToken,
		`rejected ${tokenOf(rejected)?.slice(0, 16)}..., new ${newToken.slice(0, 16)}...`,
	);
	const output = nodeOutput(result.run, 'AIRudder');
	checks.eq('node output: exactly one item', output?.length, 1);
	checkCreatedTask(ctx, requests, output, {
		taskName,
		count: 2500,
		casePrefix,
		batch: 500,
		rejectedUploads: 1,
	});
}

async function scenarioBadPhone(ctx: Context): Promise<void> {
	const name = 'S3 one bad phone, Continue On Fail';
	checks.in(name);
	const mark = lastSeq(ctx.sim);
	const result = await execute(ctx, name, 'e2eBadPhone00001');
	const requests = since(ctx.sim, mark);
	checks.eq('auth requests in this run (stored token valid)', auths(requests).length, 0);
	const output = nodeOutput(result.run, 'AIRudder');
	checks.eq('node output: summary + one error item', output?.length, 2);
	const errorItem = output?.[1];
	checks.eq('error item paired to the bad input item', pairedItems(errorItem), [3]);
	checks.ok(
		'error item names the phone and the item',
		/Phone "not-a-phone" in item 3/.test(String(errorItem?.json.error)),
		String(errorItem?.json.error),
	);
	checkCreatedTask(ctx, requests, output, {
		taskName: 'e2e_bad_phone',
		count: 10,
		casePrefix: 'S3',
		skip: [3],
		batch: 500,
		rejectedUploads: 0,
	});
}

async function scenarioWhatsAppAndApiRequest(ctx: Context): Promise<void> {
	const name = 'S4 WhatsApp Template Send + API Request';
	checks.in(name);
	const mark = lastSeq(ctx.sim);
	const templatesBefore = ctx.sim.sentTemplates.length;
	const result = await execute(ctx, name, 'e2eWhatsAppApiRq');
	const requests = since(ctx.sim, mark);
	checks.eq(
		'requests: template send, then the lookup (no auth: stored token valid)',
		requests.map((r) => r.path),
		[TEMPLATE_PATH, LOOKUP_PATH],
	);

	const send = to(requests, TEMPLATE_PATH)[0];
	checks.eq(
		'template send answered 200',
		[send?.status, answerCode(send ?? ({} as LoggedRequest))],
		[200, 200],
	);
	checks.eq(
		'template send carries the chatbot key, not the token',
		[send?.headers['x-airudder-sign-key'], send?.headers.authorization],
		['sim-chatbot-key', undefined],
	);
	const body = bodyOf(send ?? ({} as LoggedRequest));
	checks.eq(
		'template send body',
		{
			template_id: body.template_id,
			channel: body.channel,
			channel_id: body.channel_id,
			receivers: body.receivers,
			template: body.template,
			custom: body.custom,
		},
		{
			template_id: 2001,
			channel: 'WhatsApp',
			channel_id: '62895422536400',
			receivers: [{ id: '6281234567890' }],
			template: [{ variable: { name: 'Budi' } }],
			custom: JSON.stringify({ robot_id: 3927, robot_version_id: 2612 }),
		},
	);
	checks.eq('simulator accepted one template', ctx.sim.sentTemplates.length - templatesBefore, 1);
	const sent = nodeOutput(result.run, 'WhatsApp template');
	checks.eq(
		'WhatsApp output: one item paired to the input',
		[sent?.length, pairedItems(sent?.[0])],
		[1, [0]],
	);
	const sentJson = sent?.[0]?.json ?? {};
	const answer = (send?.responseBody ?? {}) as { request_id?: string; data?: { task_id?: string } };
	checks.eq(
		'WhatsApp output: task_id, request_id, receivers',
		[sentJson.task_id, sentJson.request_id, sentJson.receivers],
		[answer.data?.task_id, answer.request_id, ['6281234567890']],
	);

	const lookup = to(requests, LOOKUP_PATH)[0];
	checks.ok(
		'API request used the stored token',
		typeof lookup?.headers.authorization === 'string' &&
			lookup.headers.authorization.startsWith('Token '),
		lookup?.headers.authorization,
	);
	checks.eq('API request body', bodyOf(lookup ?? ({} as LoggedRequest)).callee, LOOKUP_CALLEE);
	const expectedTasks = [...ctx.sim.tasks.values()]
		.filter((t) => t.contacts.some((c) => c.callee === LOOKUP_CALLEE))
		.map((t) => t.workflow_id);
	const found = nodeOutput(result.run, 'API request') ?? [];
	checks.ok(
		'lookup matches several tasks (S1, S2, S3)',
		expectedTasks.length >= 4,
		`${expectedTasks.length} tasks`,
	);
	checks.eq(
		'API request output: one item per task holding the phone',
		found.map((i) => i.json.workflow_id).sort(),
		[...expectedTasks].sort(),
	);
	checks.ok(
		'API request items carry the callee',
		found.every((i) => i.json.callee === LOOKUP_CALLEE),
	);
}

const EXAMPLE_A_CONTACTS = [
	['+6281234567001', 'LN-1001', 'Budi Santoso'],
	['+6281234567002', 'LN-1002', 'Siti Rahma'],
	['+6281322227003', 'LN-1003', 'Agus Wijaya'],
	['+6281322227004', 'LN-1004', 'Dewi Lestari'],
	['+6281922227005', 'LN-1005', 'Rizky Pratama'],
];

async function scenarioExampleCreateTask(ctx: Context, workflow: WorkflowJson): Promise<void> {
	const name = `Example (a) ${EXAMPLES.createTask}`;
	checks.in(name);
	const mark = lastSeq(ctx.sim);
	const result = await execute(ctx, name, workflow.id);
	const requests = since(ctx.sim, mark);
	checks.eq(
		'requests: one createinstance (no auth: stored token valid)',
		requests.map((r) => r.path),
		[CREATE_PATH],
	);
	const create = requests[0];
	checks.ok(
		'createinstance accepted',
		create !== undefined && accepted(create),
		JSON.stringify(create?.responseBody),
	);
	const contacts = details(create ?? ({} as LoggedRequest));
	checks.eq(
		'contacts normalised and mapped (callee, case_id, customer_name, variables)',
		contacts.map((c) => [
			c.callee,
			c.case_id,
			c.customer_name,
			c.currency_unit,
			JSON.stringify(c.variables),
		]),
		EXAMPLE_A_CONTACTS.map(([phone, caseId, customer]) => [
			phone,
			caseId,
			customer,
			'IDR',
			JSON.stringify({ product: 'Kredit Cepat' }),
		]),
	);
	const nodeName = workflow.nodes.find((n) => n.type.endsWith('.airudder'))?.name ?? '';
	const output = nodeOutput(result.run, nodeName);
	const json = output?.[0]?.json ?? {};
	checks.eq(
		'output: one item with contacts_sent 5, requests 1',
		[output?.length, json.contacts_sent, json.requests],
		[1, 5, 1],
	);
	checks.ok(
		'output: the task name from the expression',
		/^n8n_example_\d{8}_\d{6}$/.test(String(json.name)) &&
			json.name === bodyOf(create ?? ({} as LoggedRequest)).name,
		String(json.name),
	);
}

// ---------------------------------------------------------------------------------------------------------------
// the trigger: callbacks against active workflows

interface CallbackBatch {
	label: string;
	results: SendResult[];
	expectStatus: number;
	expectBody: unknown;
}

function triggerItem(execution: StoredExecution): Record<string, unknown> | undefined {
	return execution.runData?.['AIRudder Trigger']?.[0]?.[0]?.json;
}

function checkOneExecutionPerEvent(executions: StoredExecution[], events: string[]): void {
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

async function scenarioTrigger(
	ctx: Context,
	workflows: { secret: WorkflowJson; route: WorkflowJson; whatsApp: WorkflowJson },
): Promise<{ batches: CallbackBatch[]; executions: number }> {
	const name = 'S5 AIRudder Trigger, published workflows';
	checks.in(name);
	const { n8n, sim } = ctx;
	const startMs = await timed('n8n start (until the editor is accessible)', () => n8n.start());
	log(`n8n started in ${seconds(startMs)} on ${n8n.baseUrl}`);
	const secretUrl = n8n.webhookUrl(webhookIdOf(workflows.secret), ctx.webhookPath);
	const routeUrl = n8n.webhookUrl(webhookIdOf(workflows.route), ctx.webhookPath);
	const whatsAppUrl = n8n.webhookUrl(webhookIdOf(workflows.whatsApp), ctx.webhookPath);
	await timed('waiting for the production webhooks', async () => {
		for (const url of [secretUrl, routeUrl, whatsAppUrl]) await n8n.waitForWebhook(url);
	});
	const log1 = fs.readFileSync(n8n.logFile, 'utf8');
	for (const wf of Object.values(workflows)) {
		// the trigger logs the production URL to hand over to AIRudder when its workflow is activated
		checks.ok(
			`activated, URL logged: ${wf.name}`,
			log1.includes(`/webhook/${webhookIdOf(wf)}/${ctx.webhookPath}`),
			'the production URL is not in the n8n log',
		);
	}

	const templatesBefore = sim.sentTemplates.length;
	const batches: CallbackBatch[] = [];
	await timed('callbacks (80 deliveries)', async () => {
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
	const executions = await timed('waiting for the webhook executions', () =>
		waitForExecutions(n8n.dbFile, ids, { atLeast: 11, timeoutMs: 60_000, quietMs: 3_000 }),
	);
	const of = (wf: WorkflowJson) => executions.filter((e) => e.workflowId === wf.id);

	checks.in('S5 trigger with shared secret (5 × each event, then a wrong secret)');
	checkOneExecutionPerEvent(of(workflows.secret), ALL_EVENTS);
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
	checkOneExecutionPerEvent(routed, ALL_EVENTS);
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
	checkOneExecutionPerEvent(whatsAppRuns, ['workflow.apiNodePush']);
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
	await timed('n8n stop', () => n8n.stop());
	return { batches, executions: executions.length };
}

function bodyIs(text: string, expected: unknown): boolean {
	try {
		return JSON.stringify(JSON.parse(text)) === JSON.stringify(expected);
	} catch {
		return false;
	}
}

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'airudder-e2e-'));
	exitOnSignals({
		onSignal: (signal) =>
			log(`${signal}: stopping everything the suite started; temp folder left at ${work}`),
	});
	const userFolder = path.join(work, 'n8n-user');
	const logDir = path.join(work, 'logs');
	fs.mkdirSync(logDir, { recursive: true });
	const stepsLog = path.join(logDir, 'steps.log');
	log(
		`mode: ${MODE === 'community' ? 'community package (npm pack, installed into .n8n/nodes)' : 'custom extensions (N8N_CUSTOM_EXTENSIONS=dist, CUSTOM. prefix)'}; n8n from ${SERVER.dir}; temp folder ${work}`,
	);

	let n8n: N8n | undefined;
	let failed = false;
	const counts = { manual: 0, webhook: 0, workflows: 0 };
	let batches: CallbackBatch[] = [];
	try {
		const install = await timed('pinned n8n install', () =>
			ensureN8nInstalled(log, path.join(logDir, 'npm-ci.log')),
		);
		log(`pinned n8n ${pinnedN8nVersion()}: ${install.how} (${seconds(install.ms)})`);

		const prepared = await timed('build + pack + install the package', () =>
			preparePackage({
				mode: MODE,
				userFolder,
				workDir: path.join(work, 'pack'),
				logFile: stepsLog,
			}),
		);
		log(
			`package ${prepared.version} built in ${seconds(prepared.buildMs)}${prepared.mode === 'community' ? `, packed (${prepared.tarballFiles} files) and installed in ${seconds(prepared.installMs)} at ${prepared.packageDir}` : ''}`,
		);
		if (prepared.check) {
			checks.in('tarball');
			checks.ok(
				'files and imports of the published tarball',
				prepared.check.problems.length === 0,
				prepared.check.problems.join('; '),
			);
			for (const u of prepared.check.undeclared) {
				log(
					`warning: the tarball requires "${u.module}" (${u.from.join(', ')}) without declaring it in dependencies or peerDependencies; it resolves only through n8n's own node_modules`,
				);
			}
		}

		let sim: Simulator | undefined;
		const ctx = {} as Context;
		sim = await startSimulator({
			onRequest: (entry) => {
				if (ctx.expireAfterCreate && entry.path === CREATE_PATH && entry.status === 200) {
					sim?.expireToken(ctx.expireAfterCreate);
					ctx.expireAfterCreate = undefined;
				}
			},
		});
		const simulator = sim;
		onCleanup(() => simulator.close());
		log(`simulator on ${sim.url}`);

		n8n = new N8n({
			userFolder,
			port: await freePort(),
			logDir,
			customExtensions: prepared.customExtensions,
			env: { GENERIC_TIMEZONE: 'UTC' },
		});
		const instance = n8n;
		onCleanup(() => instance.stop());
		const descriptions = packageDescriptions();
		Object.assign(ctx, {
			sim,
			n8n,
			prepared,
			manualRuns: 0,
			webhookPath: descriptions.webhookPath,
		});

		// Workflows: the suite's own and the examples, for this load mode and credential.
		const exampleA = prepareWorkflow(
			loadExample(EXAMPLES.createTask),
			prepared.typePrefix,
			CREDENTIAL,
		);
		const exampleB = prepareWorkflow(
			loadExample(EXAMPLES.routeCallbacks),
			prepared.typePrefix,
			CREDENTIAL,
		);
		const exampleC = prepareWorkflow(
			loadExample(EXAMPLES.whatsAppAfterCall),
			prepared.typePrefix,
			CREDENTIAL,
		);
		const secretTrigger = prepareWorkflow(
			triggerWorkflow(
				'e2eTriggerSecret',
				'e2e: trigger with shared secret',
				'e2e0aaaa-5ec2-4e7a-9b1c-0123456789ab',
				{ options: { sharedSecret: SHARED_SECRET } },
			),
			prepared.typePrefix,
			CREDENTIAL,
		);
		const own = [
			createTaskWorkflow('e2eCreate2500xx1', 'e2e_create_2500', 2500, 'S1'),
			createTaskWorkflow('e2eExpire401xxx1', 'e2e_expire_http401', 2500, 'S2a'),
			createTaskWorkflow('e2eExpire10813x1', 'e2e_expire_code10813', 2500, 'S2b'),
			createTaskWorkflow('e2eBadPhone00001', 'e2e_bad_phone', 10, 'S3', 3),
			whatsAppAndApiRequestWorkflow(),
		].map((wf) => prepareWorkflow(wf, prepared.typePrefix, CREDENTIAL));
		const all = [...own, exampleA, exampleB, exampleC, secretTrigger];
		counts.workflows = all.length;
		checks
			.in('workflow JSON')
			.eq(
				'every parameter the AIRudder nodes set exists in the built node descriptions',
				checkWorkflowParameters(all, descriptions),
				[],
			);

		await timed('import credential + workflows, activate triggers (n8n CLI)', async () => {
			await instance.importCredentials([
				simulatorCredential(CREDENTIAL, simulator.url, simulator.credentials),
			]);
			await instance.importWorkflows(all);
			for (const wf of [secretTrigger, exampleB, exampleC]) await instance.activate(wf.id);
		});
		log(
			`imported 1 credential and ${all.length} workflows, published 3 (${instance.cliCalls} CLI calls, ${seconds(instance.cliMs)})`,
		);

		const step = async (label: string, fn: () => Promise<void>) => {
			const failedBefore = checks.failed.length;
			const checksBefore = checks.results.length;
			try {
				await timed(label, fn);
			} catch (error) {
				checks.in(label).error('scenario ran to the end', error);
			}
			const failedNow = checks.failed.length - failedBefore;
			log(
				`${failedNow ? `FAILED (${failedNow} checks)` : 'passed'}: ${label} (${checks.results.length - checksBefore} checks)`,
			);
		};
		await step('S1 create task, 2,500 contacts', () => scenarioCreate2500(ctx));
		await step('S2 token rejected mid-run (HTTP 401)', () =>
			scenarioTokenRejected(ctx, 'http401', 'e2eExpire401xxx1', 'e2e_expire_http401', 'S2a', 2),
		);
		await step('S2 token rejected mid-run (HTTP 200, code 10813)', () =>
			scenarioTokenRejected(ctx, 'code10813', 'e2eExpire10813x1', 'e2e_expire_code10813', 'S2b', 3),
		);
		await step('S3 one bad phone, Continue On Fail', () => scenarioBadPhone(ctx));
		await step('S4 WhatsApp Template Send + API Request', () => scenarioWhatsAppAndApiRequest(ctx));
		await step(`Example (a) ${EXAMPLES.createTask}`, () =>
			scenarioExampleCreateTask(ctx, exampleA),
		);
		counts.manual = ctx.manualRuns;
		await step('S5 AIRudder Trigger, published workflows', async () => {
			const result = await scenarioTrigger(ctx, {
				secret: secretTrigger,
				route: exampleB,
				whatsApp: exampleC,
			});
			batches = result.batches;
			counts.webhook = result.executions;
		});
	} catch (error) {
		checks.in('setup').error('setup', error);
	} finally {
		failed = checks.failed.length > 0 || checks.results.length === 0;
		if (failed && n8n) {
			console.log(`\n---- n8n log (tail of ${n8n.logFile}) ----\n${n8n.logTail(60)}`);
			console.log(`\n---- n8n CLI log (tail of ${n8n.cliLogFile}) ----\n${n8n.cliLogTail(40)}\n`);
		}
		await runCleanups();
	}

	// ---- summary
	let versions = '';
	try {
		versions = `n8n ${pinnedN8nVersion()}, Node ${await n8nNodeVersion()}`;
	} catch {
		versions = `n8n from ${SERVER.dir} (not installed)`;
	}
	const answers = batches.flatMap((b) => b.results.map((r) => ({ ...r, label: b.label })));
	const slowest = answers.reduce<(typeof answers)[number] | undefined>(
		(a, b) => (a === undefined || b.ms > a.ms ? b : a),
		undefined,
	);
	const byStatus = new Map<number, number>();
	for (const a of answers) byStatus.set(a.status, (byStatus.get(a.status) ?? 0) + 1);
	console.log('');
	console.log(
		`== AIRudder e2e summary: ${versions}, ${MODE === 'community' ? 'package installed from npm pack into .n8n/nodes (n8n-nodes-airudder.*)' : 'N8N_CUSTOM_EXTENSIONS (CUSTOM.*)'}`,
	);
	console.log(
		`workflows run:       ${counts.manual} with n8n execute + 3 published trigger workflows (${counts.workflows} imported)`,
	);
	console.log(
		`executions counted:  ${counts.manual} manual + ${counts.webhook} webhook (expected 6 + 11)`,
	);
	console.log(
		`webhook answers:     ${answers.length} (${[...byStatus].map(([s, n]) => `${n} × ${s}`).join(', ')})${slowest ? `, slowest ${slowest.ms} ms (${slowest.event} #${slowest.attempt}, ${slowest.label})` : ''}`,
	);
	console.log(`checks:              ${checks.passed} passed, ${checks.failed.length} failed`);
	console.log(
		`wall time:           ${seconds(Date.now() - suiteStarted)} (${timings.map(([l, ms]) => `${l} ${seconds(ms)}`).join('; ')})`,
	);
	if (failed) {
		console.log('\nFAILED checks:');
		for (const f of checks.failed)
			console.log(`  [${f.scenario}] ${f.name}${f.detail ? `: ${f.detail}` : ''}`);
		console.log(`\nkept for inspection: ${work}`);
		process.exitCode = 1;
	} else if (args.has('--keep')) {
		console.log(`kept: ${work}`);
	} else {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

main().catch(async (error: unknown) => {
	console.error(error);
	await runCleanups();
	process.exit(1);
});
