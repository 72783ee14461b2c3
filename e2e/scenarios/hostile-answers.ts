/**
 * S6 and S7: answers a careless or hostile server could give, in a real n8n.
 * S6 redirect: the Base URL answers 302 (API Request, token) and 307 (WhatsApp send, chatbot key) with a Location
 * on a second listener; the node must not follow, each item fails with the status and host, and the second
 * listener receives nothing.
 * S7 not JSON: a create answered with an HTML page after AIRudder carried it out fails with the excerpt and the
 * "may have reached AIRudder" note and is not sent again; API Request with Raw Response passes the page through.
 * Both AIRudder nodes run with "On Error: Continue", so the workflow succeeds and the errors are output items.
 */
import { startOtherHost } from '../../tools/simulator/server';
import { airudderNode, codeNode, linearWorkflow, type WorkflowJson } from '../lib/workflows';
import type { ScenarioContext } from './context';
import { CREATE_PATH, TEMPLATE_PATH, lastSeq, pairedItems, since, to } from './request-log';

const TASK_DETAIL_PATH = '/service/cloud/workflow/taskdetail';
const REDIRECT_WORKFLOW = 'e2eRedirectxxxx1';
const NOT_JSON_WORKFLOW = 'e2eNotJsonxxxxx1';
const NOT_JSON_TASK = 'e2e_not_json';
const MAINTENANCE_PAGE =
	'<!DOCTYPE html><html><head><title>Maintenance</title><style>h1 { color: red }</style></head>' +
	'<body><h1>Down for   maintenance</h1><p>Back soon.</p></body></html>';
const CONTINUE = { onError: 'continueRegularOutput' };

export const HOSTILE_ANSWER_SCENARIOS = {
	redirect: 'S6 redirect to another host',
	notJson: 'S7 answer that is not JSON',
};

/** The workflows of S6 and S7 (not yet prepared for the load mode). */
export function hostileAnswerWorkflows(): WorkflowJson[] {
	return [
		linearWorkflow(REDIRECT_WORKFLOW, 'e2e: redirect to another host', [
			codeNode('One item', "return [{ json: { phone: '+6281234567890' } }];"),
			airudderNode(
				'API request',
				{
					resource: 'apiRequest',
					operation: 'request',
					method: 'POST',
					path: TASK_DETAIL_PATH,
					body: '{"task_id": "e2e-redirect"}',
				},
				CONTINUE,
			),
			airudderNode(
				'WhatsApp template',
				{
					resource: 'whatsAppTemplate',
					operation: 'send',
					templateId: 2001,
					channelId: '62895422536400',
					receivers: '+6281234567890',
					chatbotMode: 'fields',
					robotId: 3927,
				},
				CONTINUE,
			),
		]),
		linearWorkflow(NOT_JSON_WORKFLOW, 'e2e: answers that are not JSON', [
			codeNode(
				'Contacts',
				"return [{ json: { phone: '+628110000001' } }, { json: { phone: '+628110000002' } }];",
			),
			airudderNode(
				'Create task',
				{
					resource: 'workflowTask',
					operation: 'create',
					workflowTemplateId: 101,
					name: NOT_JSON_TASK,
					endTime: '={{ $now.plus({ days: 2 }).toISO() }}',
					phone: '={{ $json.phone }}',
				},
				CONTINUE,
			),
			airudderNode(
				'Raw API request',
				{
					resource: 'apiRequest',
					operation: 'request',
					method: 'POST',
					path: TASK_DETAIL_PATH,
					body: '{"task_id": "e2e-raw"}',
					options: { rawResponse: true, concurrency: 1 },
				},
				CONTINUE,
			),
		]),
	];
}

function errorText(json: Record<string, unknown> | undefined): string {
	return typeof json?.error === 'string' ? json.error : '';
}

export async function scenarioRedirect(ctx: ScenarioContext): Promise<void> {
	const { checks, sim } = ctx;
	const name = HOSTILE_ANSWER_SCENARIOS.redirect;
	checks.in(name);
	const other = await startOtherHost();
	try {
		sim.inject({
			kind: 'redirect',
			status: 302,
			path: TASK_DETAIL_PATH,
			location: `${other.url}${TASK_DETAIL_PATH}`,
		});
		sim.inject({
			kind: 'redirect',
			status: 307,
			path: TEMPLATE_PATH,
			location: `${other.url}${TEMPLATE_PATH}`,
		});
		const mark = lastSeq(sim);
		const result = await ctx.run(name, REDIRECT_WORKFLOW);
		const requests = since(sim, mark);
		checks.in(name);
		checks.eq(
			'the Base URL answered the redirects',
			[to(requests, TASK_DETAIL_PATH), to(requests, TEMPLATE_PATH)].map((list) =>
				list.map((r) => r.status),
			),
			[[302], [307]],
		);
		checks.eq(
			'the other host received nothing (no token, no chatbot key, no body)',
			other.requests,
			[],
		);
		const api = result.output('API request')?.[0];
		checks.ok(
			'API Request item: error naming HTTP 302 and the other host',
			errorText(api?.json).includes(
				`AIRudder answered with a redirect (HTTP 302) to ${other.host}: check the Base URL`,
			),
			JSON.stringify(api?.json),
		);
		const send = result.output('WhatsApp template')?.[0];
		checks.ok(
			'WhatsApp item: error naming HTTP 307 and the other host',
			errorText(send?.json).includes(
				`AIRudder answered with a redirect (HTTP 307) to ${other.host}: check the Base URL`,
			),
			JSON.stringify(send?.json),
		);
		checks.eq(
			'error items paired to their input',
			[pairedItems(api), pairedItems(send)],
			[[0], [0]],
		);
		const shown = JSON.stringify([api, send]);
		checks.ok(
			'no key in the output',
			![sim.credentials.appSecret, sim.credentials.chatbotApiKey].some((k) => shown.includes(k)),
		);
	} finally {
		await other.close();
	}
}

export async function scenarioNotJson(ctx: ScenarioContext): Promise<void> {
	const { checks, sim } = ctx;
	const name = HOSTILE_ANSWER_SCENARIOS.notJson;
	checks.in(name);
	sim.inject({ kind: 'raw', path: CREATE_PATH, body: MAINTENANCE_PAGE, afterCommit: true });
	sim.inject({ kind: 'raw', path: TASK_DETAIL_PATH, body: MAINTENANCE_PAGE });
	const mark = lastSeq(sim);
	const result = await ctx.run(name, NOT_JSON_WORKFLOW);
	const requests = since(sim, mark);
	checks.in(name);
	checks.eq('the create was sent once (not retried)', to(requests, CREATE_PATH).length, 1);
	checks.eq(
		'AIRudder holds the task once',
		[...sim.tasks.values()].filter((t) => t.name === NOT_JSON_TASK).length,
		1,
	);
	const created = result.output('Create task') ?? [];
	const expected =
		"AIRudder's answer could not be read (not JSON): Maintenance Down for maintenance Back soon.";
	checks.eq(
		'Create: one error item per contact, with the text excerpt',
		created.map((item) => [errorText(item.json), pairedItems(item)]),
		[
			[expected, [0]],
			[expected, [1]],
		],
	);
	checks.ok(
		'Create: the error says the task may have been created',
		String(created[0]?.json.description ?? '').includes('may have reached AIRudder'),
		String(created[0]?.json.description),
	);
	const raw = result.output('Raw API request') ?? [];
	checks.eq('API Request with Raw Response: the page as text for the first item', raw[0]?.json, {
		body: MAINTENANCE_PAGE,
	});
	checks.eq('API Request: one request per item', to(requests, TASK_DETAIL_PATH).length, 2);
}
