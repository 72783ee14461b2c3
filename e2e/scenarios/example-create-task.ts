/**
 * Example (a), examples/create-task-from-contacts.json: contacts normalised and mapped into one createinstance.
 */
import type { LoggedRequest } from '../../tools/simulator/server';
import { EXAMPLES, type WorkflowJson } from '../lib/workflows';
import type { ScenarioContext } from './context';
import { CREATE_PATH, accepted, bodyOf, details, lastSeq, since } from './request-log';

const EXAMPLE_A_CONTACTS = [
	['+6281234567001', 'LN-1001', 'Budi Santoso'],
	['+6281234567002', 'LN-1002', 'Siti Rahma'],
	['+6281322227003', 'LN-1003', 'Agus Wijaya'],
	['+6281322227004', 'LN-1004', 'Dewi Lestari'],
	['+6281922227005', 'LN-1005', 'Rizky Pratama'],
];

export async function scenarioExampleCreateTask(
	ctx: ScenarioContext,
	workflow: WorkflowJson,
): Promise<void> {
	const { checks } = ctx;
	const name = `Example (a) ${EXAMPLES.createTask}`;
	checks.in(name);
	const mark = lastSeq(ctx.sim);
	const result = await ctx.run(name, workflow.id);
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
	const output = result.output(nodeName);
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
