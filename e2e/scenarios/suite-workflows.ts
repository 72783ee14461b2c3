/**
 * The suite's workflows: its own test workflows (S1-S4, S6-S7, the shared-secret trigger) and the examples, prepared for
 * the load mode's type prefix and the imported credential.
 */
import {
	EXAMPLES,
	airudderNode,
	codeNode,
	linearWorkflow,
	loadExample,
	prepareWorkflow,
	triggerWorkflow,
	type CredentialRef,
	type WorkflowJson,
	type WorkflowNode,
} from '../lib/workflows';
import { hostileAnswerWorkflows } from './hostile-answers';
import { LOOKUP_PATH } from './request-log';

export const SHARED_SECRET = 'e2e-shared-secret-7c41d2';
export const CREDENTIAL: CredentialRef = {
	id: 'e2eAirudderCred1',
	name: 'AIRudder simulator (e2e)',
};

/** A create-task workflow: a Code node makes `count` contacts, the AIRudder node creates the task from them. */
export interface CreateTaskSpec {
	/** Workflow id. */
	id: string;
	taskName: string;
	count: number;
	/** Case ids are `<casePrefix>-<index>`. */
	casePrefix: string;
	/** Index of the one contact with an invalid phone (the node then runs with Continue On Fail). */
	badIndex?: number;
}

export const CREATE_TASK_SPECS = {
	s1: { id: 'e2eCreate2500xx1', taskName: 'e2e_create_2500', count: 2500, casePrefix: 'S1' },
	s2http401: {
		id: 'e2eExpire401xxx1',
		taskName: 'e2e_expire_http401',
		count: 2500,
		casePrefix: 'S2a',
	},
	s2code10813: {
		id: 'e2eExpire10813x1',
		taskName: 'e2e_expire_code10813',
		count: 2500,
		casePrefix: 'S2b',
	},
	s3: {
		id: 'e2eBadPhone00001',
		taskName: 'e2e_bad_phone',
		count: 10,
		casePrefix: 'S3',
		badIndex: 3,
	},
} satisfies Record<string, CreateTaskSpec>;

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

export function phoneOf(i: number): string {
	return `+62811${String(i).padStart(7, '0')}`;
}

/** The workflow of a CreateTaskSpec; `trigger` replaces the Manual trigger (for example a Webhook node). */
export function createTaskWorkflow(
	spec: CreateTaskSpec,
	trigger?: Omit<WorkflowNode, 'id' | 'position'>,
): WorkflowJson {
	const { id, taskName, count, casePrefix, badIndex } = spec;
	return linearWorkflow(
		id,
		`e2e: create task ${taskName}`,
		[
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
		],
		trigger,
	);
}

export const LOOKUP_CALLEE = phoneOf(7);

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

export interface SuiteWorkflows {
	exampleA: WorkflowJson;
	exampleB: WorkflowJson;
	exampleC: WorkflowJson;
	secretTrigger: WorkflowJson;
	/** Every workflow to import. */
	all: WorkflowJson[];
	/** The published ones (activated before n8n starts). */
	published: WorkflowJson[];
}

export function suiteWorkflows(typePrefix: string, credential = CREDENTIAL): SuiteWorkflows {
	const prepare = (wf: WorkflowJson) => prepareWorkflow(wf, typePrefix, credential);
	const exampleA = prepare(loadExample(EXAMPLES.createTask));
	const exampleB = prepare(loadExample(EXAMPLES.routeCallbacks));
	const exampleC = prepare(loadExample(EXAMPLES.whatsAppAfterCall));
	const secretTrigger = prepare(
		triggerWorkflow(
			'e2eTriggerSecret',
			'e2e: trigger with shared secret',
			'e2e0aaaa-5ec2-4e7a-9b1c-0123456789ab',
			{ options: { sharedSecret: SHARED_SECRET } },
		),
	);
	const own = [
		createTaskWorkflow(CREATE_TASK_SPECS.s1),
		createTaskWorkflow(CREATE_TASK_SPECS.s2http401),
		createTaskWorkflow(CREATE_TASK_SPECS.s2code10813),
		createTaskWorkflow(CREATE_TASK_SPECS.s3),
		whatsAppAndApiRequestWorkflow(),
		...hostileAnswerWorkflows(),
	].map(prepare);
	return {
		exampleA,
		exampleB,
		exampleC,
		secretTrigger,
		all: [...own, exampleA, exampleB, exampleC, secretTrigger],
		published: [secretTrigger, exampleB, exampleC],
	};
}
