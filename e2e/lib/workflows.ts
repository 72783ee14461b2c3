/**
 * Workflow JSON for n8n's CLI import: the examples in examples/*.json (rewritten for the load mode and the imported
 * credential) and the suite's own test workflows.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { EXAMPLES_DIR, PACKAGE_TYPE_PREFIX } from './paths';

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
	onError?: string;
}

export interface WorkflowJson {
	id: string;
	name: string;
	active: boolean;
	nodes: WorkflowNode[];
	connections: Record<
		string,
		{ main: Array<Array<{ node: string; type: string; index: number }>> }
	>;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

export interface CredentialRef {
	id: string;
	name: string;
}

export const EXAMPLES = {
	createTask: 'create-task-from-contacts.json',
	routeCallbacks: 'route-callbacks-by-event.json',
	whatsAppAfterCall: 'whatsapp-after-call-intention.json',
} as const;

export function loadExample(file: string): WorkflowJson {
	return JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as WorkflowJson;
}

/** All examples/*.json files. */
export function exampleFiles(): string[] {
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort();
}

/**
 * A copy of a workflow for this n8n: the package's node types get the load mode's prefix (`n8n-nodes-airudder.` for
 * an installed package, `CUSTOM.` for N8N_CUSTOM_EXTENSIONS) and every AIRudder credential reference points at the
 * imported credential. Fails when the workflow uses a node type of the package under another prefix.
 */
export function prepareWorkflow(
	workflow: WorkflowJson,
	typePrefix: string,
	credential: CredentialRef,
): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(workflow)) as WorkflowJson;
	for (const node of copy.nodes) {
		if (node.type.startsWith(PACKAGE_TYPE_PREFIX))
			node.type = typePrefix + node.type.slice(PACKAGE_TYPE_PREFIX.length);
		else if (/\.airudder(Trigger)?$/.test(node.type))
			throw new Error(
				`${workflow.name}: node "${node.name}" has type ${node.type}; examples must use ${PACKAGE_TYPE_PREFIX}*`,
			);
		if (node.credentials?.airudderApi) node.credentials.airudderApi = { ...credential };
	}
	return copy;
}

export function webhookIdOf(workflow: WorkflowJson): string {
	const trigger = workflow.nodes.find((n) => /\.airudderTrigger$/.test(n.type));
	if (!trigger?.webhookId)
		throw new Error(`${workflow.name} has no AIRudder Trigger with a webhookId`);
	return trigger.webhookId;
}

/** The AIRudder credential as n8n's import:credentials reads it (data in clear text; n8n encrypts it on import). */
export function simulatorCredential(
	credential: CredentialRef,
	baseUrl: string,
	keys: { appKey: string; appSecret: string; chatbotApiKey: string },
) {
	return {
		id: credential.id,
		name: credential.name,
		type: 'airudderApi',
		data: {
			baseUrl,
			appKey: keys.appKey,
			appSecret: keys.appSecret,
			chatbotApiKey: keys.chatbotApiKey,
			token: '',
		},
	};
}

// ---------------------------------------------------------------------------------------------------------------
// the suite's own workflows

let nodeCounter = 0;
function nodeId(): string {
	nodeCounter++;
	return `e2e00000-0000-4000-8000-${String(nodeCounter).padStart(12, '0')}`;
}

export const MANUAL_TRIGGER: Omit<WorkflowNode, 'id' | 'position'> = {
	name: 'Manual',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	parameters: {},
};

/** A linear workflow: a trigger (default Manual) → nodes..., each connected to the next. */
export function linearWorkflow(
	id: string,
	name: string,
	nodes: Array<Omit<WorkflowNode, 'id' | 'position'>>,
	trigger: Omit<WorkflowNode, 'id' | 'position'> = MANUAL_TRIGGER,
): WorkflowJson {
	const all: WorkflowNode[] = [
		{ id: nodeId(), ...trigger, position: [0, 0] },
		...nodes.map((node, i) => ({
			...node,
			id: nodeId(),
			position: [220 * (i + 1), 0] as [number, number],
		})),
	];
	const connections: WorkflowJson['connections'] = {};
	for (let i = 0; i < all.length - 1; i++)
		connections[all[i].name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
	return { id, name, active: false, settings: { executionOrder: 'v1' }, nodes: all, connections };
}

/** A Code node returning the given JavaScript's items. */
export function codeNode(name: string, jsCode: string): Omit<WorkflowNode, 'id' | 'position'> {
	return { name, type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode } };
}

/** An AIRudder action node (type prefix as in the examples; prepareWorkflow rewrites it). */
export function airudderNode(
	name: string,
	parameters: Record<string, unknown>,
	extra: Partial<WorkflowNode> = {},
): Omit<WorkflowNode, 'id' | 'position'> {
	return {
		name,
		type: `${PACKAGE_TYPE_PREFIX}airudder`,
		typeVersion: 1,
		parameters,
		credentials: { airudderApi: { id: 'placeholder', name: 'placeholder' } },
		...extra,
	};
}

/** Trigger → NoOp, for counting executions. */
export function triggerWorkflow(
	id: string,
	name: string,
	webhookId: string,
	parameters: Record<string, unknown>,
): WorkflowJson {
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: nodeId(),
				name: 'AIRudder Trigger',
				type: `${PACKAGE_TYPE_PREFIX}airudderTrigger`,
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters,
			},
			{
				id: nodeId(),
				name: 'Received',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [220, 0],
				parameters: {},
			},
		],
		connections: { 'AIRudder Trigger': { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
	};
}
