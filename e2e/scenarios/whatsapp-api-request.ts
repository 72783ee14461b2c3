/**
 * S4: a WhatsApp template send (chatbot key, not the token) followed by an API Request looking up the tasks that
 * hold one phone (stored token). Runs after S1-S3, whose tasks the lookup finds.
 */
import type { LoggedRequest } from '../../tools/simulator/server';
import type { ScenarioContext } from './context';
import {
	LOOKUP_PATH,
	TEMPLATE_PATH,
	answerCode,
	bodyOf,
	lastSeq,
	pairedItems,
	since,
	to,
} from './request-log';
import { LOOKUP_CALLEE } from './suite-workflows';

export async function scenarioWhatsAppAndApiRequest(ctx: ScenarioContext): Promise<void> {
	const { checks } = ctx;
	const name = 'S4 WhatsApp Template Send + API Request';
	checks.in(name);
	const mark = lastSeq(ctx.sim);
	const templatesBefore = ctx.sim.sentTemplates.length;
	const result = await ctx.run(name, 'e2eWhatsAppApiRq');
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
	const sent = result.output('WhatsApp template');
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
	const found = result.output('API request') ?? [];
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
