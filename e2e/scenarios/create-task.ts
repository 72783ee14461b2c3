/**
 * Create-task scenarios: S1 (2,500 contacts in batches of 500), S3 (one bad phone with Continue On Fail), and the
 * checks they share with S2: batches, every contact once and in order, the node's output.
 */
import type { LoggedRequest } from '../../tools/simulator/server';
import type { N8nItem } from '../lib/n8nProcess';
import type { ScenarioContext } from './context';
import {
	AUTH_PATH,
	CREATE_PATH,
	UPLOAD_PATH,
	accepted,
	auths,
	bodyOf,
	details,
	lastSeq,
	pairedItems,
	range,
	since,
	to,
} from './request-log';
import { CREATE_TASK_SPECS, phoneOf, type CreateTaskSpec } from './suite-workflows';

/** Checks shared by the create-task scenarios: batches, every contact once, the node's output. */
export function checkCreatedTask(
	ctx: ScenarioContext,
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
	const { checks } = ctx;
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

/**
 * S1: a fresh credential (no stored token) creates a 2,500-contact task: one auth, createinstance with the first
 * 500, then 4 uploads. `authTotal` is the simulator's auth count expected after the run.
 */
export async function scenarioCreate2500(
	ctx: ScenarioContext,
	spec: CreateTaskSpec = CREATE_TASK_SPECS.s1,
	authTotal = 1,
): Promise<void> {
	const { checks } = ctx;
	const name = 'S1 create task, 2,500 contacts';
	checks.in(name);
	const mark = lastSeq(ctx.sim);
	const result = await ctx.run(name, spec.id);
	const requests = since(ctx.sim, mark);
	checks.eq(
		'auth requests in this run (fresh credential, no stored token)',
		auths(requests).length,
		1,
	);
	checks.eq('simulator auth count so far', ctx.sim.authCount(), authTotal);
	checks.eq(
		'requests in this run: auth, createinstance, 4 × uploaddetails',
		requests.map((r) => r.path),
		[AUTH_PATH, CREATE_PATH, UPLOAD_PATH, UPLOAD_PATH, UPLOAD_PATH, UPLOAD_PATH],
	);
	const output = result.output('AIRudder');
	checks.eq('node output: exactly one item', output?.length, 1);
	checkCreatedTask(ctx, requests, output, {
		taskName: spec.taskName,
		count: spec.count,
		casePrefix: spec.casePrefix,
		batch: 500,
		rejectedUploads: 0,
	});
}

/** S3: 10 contacts, item 3 has a bad phone; Continue On Fail gives a paired error item, the others go on. */
export async function scenarioBadPhone(
	ctx: ScenarioContext,
	spec: CreateTaskSpec = CREATE_TASK_SPECS.s3,
): Promise<void> {
	const { checks } = ctx;
	const name = 'S3 one bad phone, Continue On Fail';
	checks.in(name);
	const mark = lastSeq(ctx.sim);
	const result = await ctx.run(name, spec.id);
	const requests = since(ctx.sim, mark);
	checks.eq('auth requests in this run (stored token valid)', auths(requests).length, 0);
	const output = result.output('AIRudder');
	checks.eq('node output: summary + one error item', output?.length, 2);
	const errorItem = output?.[1];
	checks.eq('error item paired to the bad input item', pairedItems(errorItem), [3]);
	checks.ok(
		'error item names the phone and the item',
		/Phone "not-a-phone" in item 3/.test(String(errorItem?.json.error)),
		String(errorItem?.json.error),
	);
	checkCreatedTask(ctx, requests, output, {
		taskName: spec.taskName,
		count: spec.count,
		casePrefix: spec.casePrefix,
		skip: [3],
		batch: 500,
		rejectedUploads: 0,
	});
}
